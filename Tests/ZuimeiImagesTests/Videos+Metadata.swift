import Foundation
import Testing
@testable import ZuimeiImages

/// MP4 metadata (where a phone filmed, the device, XMP) blanked without moving a byte of
/// the picture or the sound; damaged files are errors in bounded time.
@Suite struct VideoMetadataTests {
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + payload.count)
        return [UInt8(size >> 24), UInt8(size >> 16 & 255), UInt8(size >> 8 & 255), UInt8(size & 255)] + Array(type.utf8) + payload
    }
    static let ftyp = box("ftyp", Array("isom".utf8) + [0, 0, 2, 0] + Array("isomiso2mp41".utf8))
    static let mdat = box("mdat", Array(repeating: 0x42, count: 3000))
    static let mvhd = box("mvhd", Array(repeating: 0, count: 100))
    static let location = Array("+39.9042+116.4074/".utf8)

    /// `©xyz` is the byte A9 then "xyz": built by hand, not from a Swift string.
    static func xyzBox(_ payload: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + payload.count)
        return [UInt8(size >> 24), UInt8(size >> 16 & 255), UInt8(size >> 8 & 255), UInt8(size & 255), 0xA9] + Array("xyz".utf8) + payload
    }

    /// A phone's video: the media first, the movie header last (as phones write it), the
    /// position in the movie's and a track's user data, Apple's metadata keys, and XMP.
    static func phoneVideo() -> [UInt8] {
        let udta = box("udta", xyzBox([0, 18, 0x15, 0xC7] + location))
        let appleMeta = box("meta", [0, 0, 0, 0] + box("keys", Array("mdtacom.apple.quicktime.location.ISO6709".utf8))
                            + box("ilst", location))
        let trak = box("trak", box("tkhd", Array(repeating: 0, count: 84)) + box("udta", box("name", Array("Phone of 王芳".utf8))))
        let moov = box("moov", mvhd + trak + udta + appleMeta)
        let xmp = box("uuid", VideoMetadata.xmpUUID + Array("<x:xmpmeta>GPSLatitude 39.9042</x:xmpmeta>".utf8))
        return ftyp + mdat + moov + xmp
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "zuimei-video-\(UUID().uuidString).mp4"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func metadataIsFoundAndBlankedWithoutMovingAByte() throws {
        let source = try write(Self.phoneVideo())
        defer { unlink(source) }
        let scan = try VideoMetadata.scan(path: source).get()
        #expect(scan.hasLocation)
        #expect(scan.boxes.map(\.type) == ["udta", "udta", "meta", "uuid"])
        let output = source + ".out"
        defer { unlink(output) }
        #expect(VideoMetadata.writeBlanked(source: source, destination: output, boxes: scan.boxes))
        let before = try Data(contentsOf: URL(fileURLWithPath: source))
        let after = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(after.count == before.count)
        for secret in ["+39.9042", "39.9042", "王芳", "location.ISO6709", "xmpmeta"] {
            #expect(after.range(of: Data(secret.utf8)) == nil, "\(secret) survived")
        }
        // The picture, the sound and every header but the metadata are the same bytes.
        let kept = Self.ftyp.count + Self.mdat.count + 8 + Self.mvhd.count
        #expect(after.prefix(kept) == before.prefix(kept))
        let again = try VideoMetadata.scan(path: output).get()
        #expect(again == VideoMetadata.Scan(boxes: [], hasLocation: false))
    }

    @Test func aVideoWithoutMetadataHasNothingToBlank() throws {
        let source = try write(Self.ftyp + Self.box("moov", Self.mvhd) + Self.mdat)
        defer { unlink(source) }
        #expect(try VideoMetadata.scan(path: source).get() == VideoMetadata.Scan(boxes: [], hasLocation: false))
    }

    @Test func aSixtyFourBitBoxKeepsItsSize() throws {
        // mdat with a 64-bit size, then a 64-bit-size udta in moov.
        let large = [0, 0, 0, 1] + Array("mdat".utf8) + [0, 0, 0, 0, 0, 0, 0, 24] + Array(repeating: UInt8(7), count: 8)
        let udta = [0, 0, 0, 1] + Array("udta".utf8) + [0, 0, 0, 0, 0, 0, 0, 40] + Self.xyzBox(Self.location.prefix(16).map { $0 })
        let source = try write(Self.ftyp + large + Self.box("moov", Self.mvhd + udta))
        defer { unlink(source) }
        let scan = try VideoMetadata.scan(path: source).get()
        #expect(scan.boxes.map(\.header) == [16])
        let output = source + ".out"
        defer { unlink(output) }
        #expect(VideoMetadata.writeBlanked(source: source, destination: output, boxes: scan.boxes))
        let after = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
        let at = scan.boxes[0].offset
        #expect(Array(after[at..<(at + 16)]) == [0, 0, 0, 1] + Array("free".utf8) + [0, 0, 0, 0, 0, 0, 0, 40])
        #expect(after[(at + 16)...].allSatisfy { $0 == 0 })
    }

    /// Damaged files by name (the bytes are built here: test arguments are printed in the log).
    static func damaged(_ name: String) -> [UInt8] {
        switch name {
        case "cut short": Array(phoneVideo().dropLast(30))
        case "not an MP4": Array("not a video at all, just text".utf8)
        case "no movie": ftyp + mdat
        case "a box inside the movie too long": ftyp + box("moov", [0, 0, 1, 0] + Array("udta".utf8))
        default: ftyp + [0, 0, 0]  // "header cut"
        }
    }

    @Test(arguments: [("cut short", "a box at byte"), ("not an MP4", "claims a size"), ("no movie", "no movie header"),
                      ("a box inside the movie too long", "inside the movie header"), ("header cut", "ends inside a box header")])
    func damagedFilesAreErrors(name: String, reason: String) throws {
        let source = try write(Self.damaged(name))
        defer { unlink(source) }
        guard case .failure(let error) = VideoMetadata.scan(path: source) else {
            Issue.record("\(name) was accepted")
            return
        }
        #expect(error.reason.contains(reason), "\(name): \(error.reason)")
    }

    @Test func aHugeMovieHeaderIsRefusedWithoutReadingIt() throws {
        // A moov that claims 100 MB in a sparse file: refused from its header alone.
        let size = 100 << 20
        let header: [UInt8] = [UInt8(size >> 24), UInt8(size >> 16 & 255), UInt8(size >> 8 & 255), UInt8(size & 255)] + Array("moov".utf8)
        let path = try write(Self.ftyp + header)
        defer { unlink(path) }
        truncate(path, off_t(Self.ftyp.count + size))
        guard case .failure(let error) = VideoMetadata.scan(path: path) else {
            Issue.record("accepted")
            return
        }
        #expect(error.reason == "its movie header is larger than 64 MB")
    }

    @Test func aFIFOIsRefusedNotWaitedFor() throws {
        let path = NSTemporaryDirectory() + "zuimei-fifo-\(UUID().uuidString).mp4"
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        guard case .failure(let error) = VideoMetadata.scan(path: path) else {
            Issue.record("a FIFO was read")
            return
        }
        #expect(error.reason == "it is not a regular file")
    }
}
