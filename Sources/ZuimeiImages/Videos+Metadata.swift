import Foundation
import ZuimeiParallel

#if canImport(Glibc)
import Glibc
#endif

/// The metadata a phone or camera writes into an MP4 (QuickTime) video: where it was
/// filmed (`©xyz`, `loci`, Apple's `com.apple.quicktime.location.ISO6709`), the device,
/// the owner's name, XMP. Videos are published as they are (no transcoding), so this is
/// removed without touching the picture or the sound: every `udta` and `meta` box of the
/// movie and its tracks, and every XMP `uuid` box, becomes a `free` box of the same size
/// with its bytes zeroed. No offset moves, so the file plays exactly as before.
public enum VideoMetadata {
    /// A box to blank: its type (at `offset + 4`) becomes `free` and the rest of it zeros.
    public struct Box: Sendable, Equatable {
        public var offset: Int
        public var length: Int
        /// The box's own header length (8, or 16 with a 64-bit size).
        public var header: Int
        public var type: String
    }

    public struct Scan: Sendable, Equatable {
        /// The boxes to blank, in file order; empty for a video without metadata.
        public var boxes: [Box]
        /// The metadata holds a position: `©xyz`, `loci` or an ISO 6709 location key.
        public var hasLocation: Bool
    }

    /// The largest movie header (`moov`) read: an hour of 1080p has a few megabytes.
    public static let maximumMovieHeader = 64 << 20
    /// XMP's box in ISO files: `uuid` BE7ACFCB-97A9-42E8-9C71-999491E3AFAC.
    static let xmpUUID: [UInt8] = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC]

    /// Walks the file's boxes (top level by seeking: the media data is never read) and its
    /// movie header. A box whose size does not fit its parent is an error: the file is not
    /// the MP4 its name says, or it is cut short.
    public static func scan(path: String) -> Result<Scan, ImageError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(ImageError(reason: "the file cannot be read")) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(ImageError(reason: "it is not a regular file"))
        }
        let size = Int(info.st_size)
        var boxes: [Box] = []
        var hasLocation = false
        var offset = 0
        var count = 0
        var sawMovie = false
        while offset < size {
            count += 1
            guard count <= 10_000 else { return .failure(ImageError(reason: "it has more than 10,000 top-level boxes")) }
            guard let head = read(descriptor, at: offset, count: min(16, size - offset)), head.count >= 8 else {
                return .failure(ImageError(reason: "it ends inside a box header (at byte \(offset)); the file is cut short"))
            }
            guard let box = header(head, at: offset, end: size) else {
                return .failure(ImageError(reason: "a box at byte \(offset) claims a size that does not fit the file; the file is cut short or not an MP4"))
            }
            let type = box.type
            if type == "moov" {
                sawMovie = true
                guard box.length <= maximumMovieHeader else {
                    return .failure(ImageError(reason: "its movie header is larger than \(maximumMovieHeader >> 20) MB"))
                }
                guard let movie = read(descriptor, at: offset, count: box.length), movie.count == box.length else {
                    return .failure(ImageError(reason: "its movie header cannot be read whole; the file is cut short"))
                }
                switch children(of: [UInt8](movie), from: box.header, base: offset, depth: 0) {
                case .failure(let error): return .failure(error)
                case .success(let found):
                    boxes += found.boxes
                    hasLocation = hasLocation || found.hasLocation
                }
            } else if isMetadata(type) || (type == "uuid" && isXMP(descriptor, box)) {
                boxes.append(box)
                if let bytes = read(descriptor, at: offset, count: min(box.length, maximumMovieHeader)) {
                    hasLocation = hasLocation || mentionsLocation([UInt8](bytes))
                }
            }
            offset += box.length
        }
        guard sawMovie else { return .failure(ImageError(reason: "it has no movie header ('moov'); it is not a playable MP4")) }
        return .success(Scan(boxes: boxes, hasLocation: hasLocation))
    }

    /// Copies `source` to `destination` with every box of `scan` blanked; false on any failure
    /// (nothing is left at `destination` then).
    public static func writeBlanked(source: String, destination: String, boxes: [Box]) -> Bool {
        let input = open(source, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard input >= 0 else { return false }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { return false }
        var ok = true
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var position = 0
        while ok {
            let got = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, $0.count, off_t(position)) }
            if got < 0 { if errno == EINTR { continue }; ok = false; break }
            if got == 0 { break }
            // Blank what of each box falls in this piece.
            for box in boxes where box.offset < position + got && box.offset + box.length > position {
                let start = max(box.offset + 4, position)  // the size field stays
                let end = box.offset + box.length
                for index in start..<min(end, position + got) {
                    let inBox = index - box.offset
                    buffer[index - position] = inBox < 8 ? Array("free".utf8)[inBox - 4] : 0
                }
                // A 64-bit size after the type stays as it is.
                if box.header == 16 {
                    for index in max(box.offset + 8, position)..<min(box.offset + 16, position + got) {
                        buffer[index - position] = largeSizeByte(box, index - box.offset - 8)
                    }
                }
            }
            let written = buffer.withUnsafeBytes { raw -> Bool in
                var done = 0
                while done < got {
                    let count = pwrite(output, raw.baseAddress! + done, got - done, off_t(position + done))
                    if count < 0 { if errno == EINTR { continue }; return false }
                    done += count
                }
                return true
            }
            ok = written
            position += got
        }
        ok = ok && fsync(output) == 0
        close(output)
        if !ok { unlink(destination) }
        return ok
    }

    // MARK: Boxes

    static func isMetadata(_ type: String) -> Bool { type == "udta" || type == "meta" }

    /// Byte `index` (0–7) of a box's 64-bit size.
    static func largeSizeByte(_ box: Box, _ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: UInt64(box.length) >> (UInt64(7 - index) * 8))
    }

    /// A box's header at `offset` from its first bytes; nil when its size does not fit before `end`.
    static func header(_ bytes: some Collection<UInt8>, at offset: Int, end: Int) -> Box? {
        let b = Array(bytes.prefix(16))
        guard b.count >= 8 else { return nil }
        let small = b[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let type = String(decoding: b[4..<8], as: UTF8.self)
        var length = small
        var header = 8
        if small == 1 {
            guard b.count >= 16 else { return nil }
            let large = b[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard large <= UInt64(Int.max) else { return nil }
            length = Int(large)
            header = 16
        } else if small == 0 {
            length = end - offset  // to the end
        }
        guard length >= header, offset + length <= end else { return nil }
        return Box(offset: offset, length: length, header: header, type: type)
    }

    /// The metadata boxes below a `moov` or `trak` held in `bytes` (whose first byte is at
    /// `base` in the file), from `start` on.
    static func children(of bytes: [UInt8], from start: Int, base: Int, depth: Int) -> Result<Scan, ImageError> {
        var boxes: [Box] = []
        var hasLocation = false
        var offset = start
        while offset + 8 <= bytes.count {
            guard let box = header(bytes[offset...], at: offset, end: bytes.count) else {
                return .failure(ImageError(reason: "a box inside the movie header at byte \(base + offset) claims a size that does not fit; the file is damaged"))
            }
            if isMetadata(box.type) || (box.type == "uuid" && box.length >= box.header + 16
                                         && Array(bytes[(offset + box.header)..<(offset + box.header + 16)]) == xmpUUID) {
                boxes.append(Box(offset: base + offset, length: box.length, header: box.header, type: box.type))
                hasLocation = hasLocation || mentionsLocation(Array(bytes[offset..<(offset + box.length)]))
            } else if box.type == "trak", depth < 4 {
                let inner = Array(bytes[offset..<(offset + box.length)])
                switch children(of: inner, from: box.header, base: base + offset, depth: depth + 1) {
                case .failure(let error): return .failure(error)
                case .success(let found):
                    boxes += found.boxes
                    hasLocation = hasLocation || found.hasLocation
                }
            }
            offset += box.length
        }
        return .success(Scan(boxes: boxes, hasLocation: hasLocation))
    }

    /// The box's bytes name a position: `©xyz` (QuickTime, Android), `loci` (3GPP),
    /// `location.ISO6709` (Apple's metadata keys).
    static func mentionsLocation(_ bytes: [UInt8]) -> Bool {
        let needles: [[UInt8]] = [[0xA9] + Array("xyz".utf8), Array("loci".utf8), Array("location.ISO6709".utf8)]
        return needles.contains { needle in
            guard bytes.count >= needle.count else { return false }
            return (0...(bytes.count - needle.count)).contains { start in bytes[start..<(start + needle.count)].elementsEqual(needle) }
        }
    }

    static func isXMP(_ descriptor: Int32, _ box: Box) -> Bool {
        guard box.length >= box.header + 16, let id = read(descriptor, at: box.offset + box.header, count: 16) else { return false }
        return [UInt8](id) == xmpUUID
    }

    static func read(_ descriptor: Int32, at offset: Int, count: Int) -> Data? {
        var data = Data()
        return readAt(descriptor, offset: offset, count: count, into: &data) ? data : nil
    }
}
