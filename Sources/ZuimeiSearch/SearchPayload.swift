import CZlib
import Foundation

/// How the index's data travels inside a classic script: bytes compressed with zlib's
/// deflate (the format the browser's `DecompressionStream("deflate")` reads), then packed
/// seven bits to a character of a JavaScript string literal.
///
/// The packing: the bits of the bytes, most significant first, cut into groups of seven; a
/// group is the ASCII character of its value, except the five that cannot stand in a string
/// literal as they are (NUL, line feed, carriage return, `"` and `\`), which are U+0100 plus
/// the value (two bytes in UTF-8). The last group is padded with zeros; the decoder keeps
/// `floor(characters × 7 / 8)` bytes. About 1.19 bytes of file per byte of data, where
/// base64 takes 1.33.
public enum SearchPayload {
    /// zlib's format (RFC 1950) at `level`.
    public static func deflate(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let status = bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &bound, source.baseAddress, uLong(source.count), level)
            }
        }
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        out.removeSubrange(Int(bound)...)
        return out
    }

    /// The inverse of `deflate`, for tests and tools; nil for bytes that are not a zlib stream
    /// or hold more than `limit` bytes.
    public static func inflate(_ bytes: [UInt8], limit: Int = 1 << 30) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = bytes
        return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                out += chunk[0..<(chunk.count - Int(stream.avail_out))]
                if out.count > limit { return nil }
                if status == Z_STREAM_END { return stream.avail_in == 0 ? out : nil }
                if status != Z_OK { return nil }
                if stream.avail_in == 0 && stream.avail_out != 0 { return nil }  // cut short
            }
        }
    }

    /// The seven-bit packing of `bytes`, without the quotes.
    public static func pack(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 8 / 7 + bytes.count / 20 + 8)
        var accumulator: UInt32 = 0
        var bits = 0
        func emit(_ value: UInt8) {
            switch value {
            case 0x00, 0x0A, 0x0D, 0x22, 0x5C:
                // U+0100 + value in UTF-8: 0xC4, 0x80 | value (value < 0x40 here) or 0xC5 for 0x5C.
                let scalar = 0x100 + UInt32(value)
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            default:
                out.append(value)
            }
        }
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bits += 8
            while bits >= 7 {
                bits -= 7
                emit(UInt8(accumulator >> UInt32(bits) & 0x7F))
            }
            accumulator &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 { emit(UInt8(accumulator << UInt32(7 - bits) & 0x7F)) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The inverse of `pack`; nil for a character that packing never writes.
    public static func unpack(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count * 7 / 8
        out.reserveCapacity(count)
        var accumulator: UInt32 = 0
        var bits = 0
        for scalar in scalars {
            let value = scalar.value
            guard value < 0x80 || (0x100..<0x180).contains(value) else { return nil }
            accumulator = accumulator << 7 | (value & 0x7F)
            bits += 7
            if bits >= 8 {
                bits -= 8
                if out.count < count { out.append(UInt8(accumulator >> UInt32(bits) & 0xFF)) }
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }

    /// `pack(deflate(bytes))`.
    public static func encode(_ bytes: [UInt8], level: Int32 = 6) -> String { pack(deflate(bytes, level: level)) }

    /// `inflate(unpack(text))`.
    public static func decode(_ text: String) -> [UInt8]? { unpack(text).flatMap { inflate($0) } }
}
