import Foundation
import Testing
@testable import ZuimeiOutput

/// The EPUB's container (issue 28): the same entries give the same bytes, and the archive reads
/// back as written; what is not a well-formed archive of ours reads back as nothing.
@Suite struct ZipArchiveTests {
    static let entries = [Zip.Entry(name: "mimetype", data: Data("application/epub+zip".utf8), compress: false),
                          Zip.Entry(name: "EPUB/第一章.xhtml", data: Data(String(repeating: "<p>伊宁县</p>\n", count: 500).utf8)),
                          Zip.Entry(name: "EPUB/images/1.jpg", data: Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }),
                                    compress: false),
                          Zip.Entry(name: "empty", data: Data())]

    @Test func theSameEntriesGiveTheSameBytesAndReadBack() throws {
        let one = Zip.archive(Self.entries.map(Zip.pack))
        let two = Zip.archive(Self.entries.reversed().reversed().map(Zip.pack))
        #expect(one == two)
        let back = try #require(Zip.entries(of: one))
        #expect(back.map(\.name) == Self.entries.map(\.name))
        #expect(back.map(\.data) == Self.entries.map(\.data))
        // mimetype first, stored, no extra field: its bytes at offset 38, as EPUB readers look for them.
        #expect(one.subdata(in: 30..<38) == Data("mimetype".utf8))
        #expect(one.subdata(in: 38..<58) == Data("application/epub+zip".utf8))
        // A text entry is deflated, a stored one is not.
        #expect(one.count < Self.entries.map(\.data.count).reduce(0, +))
    }

    @Test func anythingElseReadsBackAsNothing() {
        let archive = Zip.archive(Self.entries.map(Zip.pack))
        #expect(Zip.entries(of: Data()) == nil)
        #expect(Zip.entries(of: archive.dropLast()) == nil)
        var flipped = archive
        flipped[flipped.count - 6] ^= 0xFF  // the central directory's offset
        #expect(Zip.entries(of: flipped) == nil)
        #expect(Zip.entries(of: archive, limit: 100) == nil)  // would unpack to more than allowed
    }
}
