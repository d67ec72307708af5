import Foundation
import Testing
@testable import ZuimeiPrivacy

/// A file is read once, from its start to its end: every search (the windows, UTF-16 at both
/// ends, a PDF's strings) is of bytes of that one read, and `reading` is handed each of them
/// once, so that a digest of them names exactly what was searched.
@Suite("Private values in files: one read")
struct MatcherFileTests {
    let phone = "13912340003"

    func write(_ data: Data, named name: String = "f.bin") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func utf16LE(_ text: String) -> Data { Data(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) }

    @Test(arguments: [0, 1, Matcher.overlap, Matcher.window - 1, Matcher.window, Matcher.window + 1,
                      2 * Matcher.window - Matcher.overlap, 2 * Matcher.window - Matcher.overlap + 1, 9_000_000])
    func everyByteIsHandedOverOnceInOrder(size: Int) throws {
        var data = Data(count: size)
        for index in 0..<size { data[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 13) }
        let path = try write(data)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let matcher = Matcher([Needle(folded: Fold.fold(phone), id: 1)])
        for kind in [ScanKind.binary, .text] {
            var read = Data()
            #expect(matcher.matches(inFile: path, kind: kind, reading: { read.append(contentsOf: $0) }) != nil)
            #expect(read == data, "\(kind): \(read.count) bytes handed over of \(size)")
        }
    }

    @Test func aLargeBinaryFileIsSearchedAcrossWindowsAndAtBothEnds() throws {
        var data = Data(repeating: 0x20, count: 9_000_000)
        // Across the first window's edge; as UTF-16 near the start and near the end.
        data.replaceSubrange(Matcher.window - 5..<Matcher.window + 6, with: Data(phone.utf8))
        data.replaceSubrange(500_000..<500_022, with: utf16LE(phone))
        data.replaceSubrange(8_900_000..<8_900_022, with: utf16LE(phone))
        let path = try write(data)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let matcher = Matcher([Needle(folded: Fold.fold(phone), id: 1)])
        var read = Data()
        let found = try #require(matcher.matches(inFile: path, kind: .binary, reading: { read.append(contentsOf: $0) }))
        #expect(read == data)
        let offsets = Set(found.map(\.offset))
        #expect(offsets.contains(Matcher.window - 5))
        #expect(offsets.contains(500_000))
        #expect(offsets.contains(8_900_000))
        // The same search over bytes read already.
        #expect(matcher.matches(inContents: data, path: path, kind: .binary) == found)
    }

    @Test(arguments: [("a.vtt", ScanKind.captions, "WEBVTT\n\n00:00.000 --> 00:01.000\n139123\n\n00:01.000 --> 00:02.000\n40003\n"),
                      ("a.txt", .text, "电话 139 1234 0003"),
                      ("a.pdf", .binary, "%PDF-1.4\nBT [(139)-250(1234)-250(0003)] TJ ET\n%%EOF\n")])
    func aFileReadAlreadyIsSearchedAsItWouldBeRead(name: String, kind: ScanKind, text: String) throws {
        let data = Data(text.utf8)
        let path = try write(data, named: name)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let matcher = Matcher([Needle(folded: Fold.fold(phone), id: 1)])
        let found = try #require(matcher.matches(inFile: path, kind: kind))
        #expect(!found.isEmpty)
        #expect(matcher.matches(inContents: data, path: path, kind: kind) == found)
    }
}
