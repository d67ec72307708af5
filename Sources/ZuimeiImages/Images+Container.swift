// Our own walk over the file's container structure (JPEG segments, PNG chunks, WebP RIFF
// chunks, GIF blocks), without decoding pixels. libvips 8.14 does not report everything
// that matters here: JPEG COM comments and JFIF thumbnails, GIF comments, APNG animation,
// whether a WebP is lossless. Bounded: it reads headers and skips over pixel data.
import Foundation

struct ContainerScan: Equatable {
    /// Comments, text chunks, EXIF, XMP, IPTC, ICC, thumbnails, ... found in the container.
    var hasMetadata = false
    /// More than one frame (APNG acTL, WebP ANIM, several GIF images).
    var isAnimated = false
    /// The first WebP image is VP8L (lossless).
    var webpLossless = false

    static func scan(_ handle: FileHandle, format: ImageFormat) -> ContainerScan {
        scan(ByteReader(handle), format: format)
    }

    static func scan(_ data: Data, format: ImageFormat) -> ContainerScan {
        scan(ByteReader(data), format: format)
    }

    private static func scan(_ reader: ByteReader, format: ImageFormat) -> ContainerScan {
        var result = ContainerScan()
        switch format {
        case .jpeg: result.scanJPEG(reader)
        case .png: result.scanPNG(reader)
        case .webp: result.scanWebP(reader)
        case .gif: result.scanGIF(reader)
        }
        return result
    }

    /// Segments up to the first scan: APP1–APP13 and APP15 (EXIF, XMP, ICC, MPF, IPTC, ...),
    /// COM, and APP0 other than a plain JFIF header without thumbnail, are metadata.
    mutating func scanJPEG(_ r: ByteReader) {
        r.seek(2)
        for _ in 0..<10_000 {
            guard var byte = r.byte() else { return }
            guard byte == 0xFF else { return }
            repeat { guard let next = r.byte() else { return }; byte = next } while byte == 0xFF
            let marker = byte
            if marker == 0xD9 || marker == 0xDA { return }  // EOI, SOS: no more metadata before pixels
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }  // no length
            guard let length = r.uint16BE(), length >= 2 else { return }
            let start = r.offset
            switch marker {
            case 0xE0:
                let id = r.bytes(14) ?? []
                let isJFIF = id.count == 14 && Array(id[0..<5]) == Array("JFIF\0".utf8)
                if !isJFIF || id[12] != 0 || id[13] != 0 { hasMetadata = true }
            case 0xEE:
                let id = r.bytes(5) ?? []
                if id != Array("Adobe".utf8) { hasMetadata = true }
            case 0xE1...0xEF, 0xFE:
                hasMetadata = true
            default:
                break
            }
            r.seek(start + Int(length) - 2)
        }
    }

    /// Chunks: tEXt, zTXt, iTXt, eXIf, iCCP, tIME are metadata; acTL means APNG.
    mutating func scanPNG(_ r: ByteReader) {
        let metadata: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "iCCP", "tIME"]
        r.seek(8)
        for _ in 0..<200_000 {
            guard let length = r.uint32BE(), let type = r.bytes(4) else { return }
            let name = String(decoding: type, as: UTF8.self)
            if metadata.contains(name) { hasMetadata = true }
            if name == "acTL" { isAnimated = true }
            if name == "IEND" { return }
            r.seek(r.offset + Int(length) + 4)  // data and CRC
        }
    }

    /// RIFF chunks: ICCP, EXIF, XMP are metadata; ANIM/ANMF mean animation; VP8L means lossless.
    mutating func scanWebP(_ r: ByteReader) {
        r.seek(12)
        var sawImage = false
        for _ in 0..<10_000 {
            guard let fourcc = r.bytes(4), let size = r.uint32LE() else { return }
            let name = String(decoding: fourcc, as: UTF8.self)
            let start = r.offset
            switch name {
            case "ICCP", "EXIF", "XMP ": hasMetadata = true
            case "ANIM", "ANMF": isAnimated = true
            case "VP8L" where !sawImage: webpLossless = true; sawImage = true
            case "VP8 " where !sawImage: sawImage = true
            case "VP8X":
                if let flags = r.byte() {
                    if flags & 0x2C != 0 { hasMetadata = true }  // ICC, EXIF, XMP
                    if flags & 0x02 != 0 { isAnimated = true }
                }
            default: break
            }
            r.seek(start + Int(size) + Int(size & 1))
        }
    }

    /// Blocks: comment extensions and application extensions other than the looping ones
    /// (NETSCAPE2.0, ANIMEXTS1.0), e.g. XMP or ICC, are metadata; two images mean animation.
    mutating func scanGIF(_ r: ByteReader) {
        r.seek(10)
        guard let packed = r.byte() else { return }
        var position = 13
        if packed & 0x80 != 0 { position += 3 << (Int(packed & 0x07) + 1) }
        r.seek(position)
        var images = 0
        func skipSubBlocks() -> Bool {
            for _ in 0..<10_000_000 {
                guard let size = r.byte() else { return false }
                if size == 0 { return true }
                r.seek(r.offset + Int(size))
            }
            return false
        }
        for _ in 0..<100_000 {
            guard let introducer = r.byte() else { return }
            switch introducer {
            case 0x2C:  // image descriptor
                images += 1
                if images > 1 { isAnimated = true; return }
                guard let descriptor = r.bytes(9) else { return }
                if descriptor[8] & 0x80 != 0 { r.seek(r.offset + (3 << (Int(descriptor[8] & 0x07) + 1))) }
                _ = r.byte()  // LZW minimum code size
                guard skipSubBlocks() else { return }
            case 0x21:  // extension
                guard let label = r.byte() else { return }
                if label == 0xFE { hasMetadata = true }
                if label == 0xFF {
                    let start = r.offset
                    if let size = r.byte(), size == 11, let id = r.bytes(11) {
                        let name = String(decoding: id, as: UTF8.self)
                        if name != "NETSCAPE2.0" && name != "ANIMEXTS1.0" { hasMetadata = true }
                    }
                    r.seek(start)
                }
                guard skipSubBlocks() else { return }
            default:  // 0x3B trailer, or garbage
                return
            }
        }
    }
}

/// Reads a file forward through a buffer, seeking over what it skips (or reads bytes in memory).
final class ByteReader {
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private(set) var offset = 0

    init(_ handle: FileHandle) { self.handle = handle }

    init(_ data: Data) {
        handle = nil
        buffer = [UInt8](data)
    }

    func seek(_ position: Int) { offset = max(0, position) }

    func byte() -> UInt8? { bytes(1)?.first }

    func bytes(_ count: Int) -> [UInt8]? {
        if offset < bufferStart || offset + count > bufferStart + buffer.count {
            guard let handle, (try? handle.seek(toOffset: UInt64(offset))) != nil else { return nil }
            let data = (try? handle.read(upToCount: max(count, 65_536))) ?? Data()
            buffer = [UInt8](data)
            bufferStart = offset
            guard buffer.count >= count else { return nil }
        }
        let from = offset - bufferStart
        offset += count
        return Array(buffer[from..<from + count])
    }

    func uint16BE() -> UInt16? {
        bytes(2).map { UInt16($0[0]) << 8 | UInt16($0[1]) }
    }

    func uint32BE() -> UInt32? {
        bytes(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    func uint32LE() -> UInt32? {
        bytes(4).map { $0.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    }
}

/// The raw EXIF block: does IFD0 point at a GPS directory (tag 0x8825)? A fallback for EXIF
/// that libexif does not parse into "exif-ifd3-…" fields.
enum ExifScan {
    static func hasGPSDirectory(_ exif: Data) -> Bool {
        var bytes = [UInt8](exif)
        if bytes.starts(with: Array("Exif\0\0".utf8)) { bytes.removeFirst(6) }
        guard bytes.count >= 8 else { return false }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return false
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return little ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard let ifd0 = u32(4), let count = u16(ifd0) else { return false }
        for index in 0..<min(count, 1000) {
            guard let tag = u16(ifd0 + 2 + 12 * index) else { return false }
            if tag == 0x8825 { return true }
        }
        return false
    }
}

/// libvips 8.14's webpsave ignores `strip` (libvips issue #3340): it writes an EXIF chunk
/// that it builds from the image's header (orientation, resolution) even when every field
/// was removed. This takes the ICCP, EXIF and XMP chunks out of an encoded WebP, clears
/// their flags in VP8X, and drops VP8X when nothing it announces is left (the simple format).
enum WebPMetadata {
    static func strip(_ data: Data) -> Data? {
        let b = [UInt8](data)
        guard b.count >= 20, b[0..<4].elementsEqual("RIFF".utf8), b[8..<12].elementsEqual("WEBP".utf8) else { return nil }
        func le32(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24 }
        let end = min(b.count, 8 + le32(4))
        var chunks: [(name: String, payload: [UInt8])] = []
        var i = 12
        while i + 8 <= end {
            let size = le32(i + 4)
            guard size >= 0, i + 8 + size <= end else { return nil }
            chunks.append((String(decoding: b[i..<i + 4], as: UTF8.self), Array(b[i + 8..<i + 8 + size])))
            i += 8 + size + (size & 1)
        }
        chunks.removeAll { ["ICCP", "EXIF", "XMP "].contains($0.name) }
        if let x = chunks.firstIndex(where: { $0.name == "VP8X" }), !chunks[x].payload.isEmpty {
            chunks[x].payload[0] &= ~UInt8(0x2C)  // ICC, EXIF, XMP
            if chunks[x].payload[0] == 0 && chunks.count == 2 && ["VP8 ", "VP8L"].contains(chunks[1 - x].name) {
                chunks.remove(at: x)
            }
        }
        guard chunks.contains(where: { ["VP8 ", "VP8L"].contains($0.name) }) else { return nil }
        var body: [UInt8] = Array("WEBP".utf8)
        for chunk in chunks {
            let n = chunk.payload.count
            body += Array(chunk.name.utf8) + [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24 & 0xFF)]
            body += chunk.payload
            if n & 1 == 1 { body.append(0) }
        }
        let total = body.count
        return Data(Array("RIFF".utf8) + [UInt8(total & 0xFF), UInt8(total >> 8 & 0xFF), UInt8(total >> 16 & 0xFF),
                                          UInt8(total >> 24 & 0xFF)] + body)
    }
}
