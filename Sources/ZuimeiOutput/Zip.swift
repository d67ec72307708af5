import CZlib
import Foundation

/// A ZIP archive made in memory, byte for byte the same for the same entries: the entries in
/// the order given, every time and date fixed (1980-01-01 00:00, the format's first day), no
/// extra fields, no comments, compression by zlib at one fixed level. For the study booklet's
/// EPUB (issue 28), whose first entry, `mimetype`, is stored (`compress: false`).
///
/// zlib, not a ZIP library: it is already a dependency (the search index), the container is
/// three small fixed records around each entry, and a library's writer sets times and extra
/// fields (Unix attributes, ZIP64 markers) a reproducible book must not have.
public enum Zip {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var data: Data
        /// Deflated (level 9); false to store it as it is (EPUB's `mimetype`; a JPEG gains nothing).
        public var compress: Bool

        public init(name: String, data: Data, compress: Bool = true) {
            self.name = name
            self.data = data
            self.compress = compress
        }
    }

    /// An entry as it goes into the archive: its CRC and its bytes, compressed or not.
    public struct Packed: Sendable, Equatable {
        public var name: String
        var crc: UInt32
        var size: Int
        var method: UInt16
        var bytes: Data
    }

    /// An entry compressed (on any thread; `archive` puts packed entries together in order).
    public static func pack(_ entry: Entry) -> Packed {
        let crc = entry.data.withUnsafeBytes { raw -> UInt32 in
            UInt32(crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count)))
        }
        if entry.compress, let deflated = deflateRaw(entry.data), deflated.count < entry.data.count {
            return Packed(name: entry.name, crc: crc, size: entry.data.count, method: 8, bytes: deflated)
        }
        return Packed(name: entry.name, crc: crc, size: entry.data.count, method: 0, bytes: entry.data)
    }

    /// The archive of the entries, in their order. Each entry and the whole must stay under
    /// 4 GiB (no ZIP64): a booklet is far smaller.
    public static func archive(_ entries: [Packed]) -> Data {
        var out = Data()
        var central = Data()
        for entry in entries {
            let name = Data(entry.name.utf8)
            let offset = UInt32(out.count)
            // Local file header.
            out.append(le32: 0x0403_4b50)
            out.append(le16: 20)  // version needed: 2.0
            out.append(le16: 0x0800)  // the name is UTF-8
            out.append(le16: entry.method)
            out.append(le16: 0)  // time 00:00
            out.append(le16: 0x21)  // date 1980-01-01
            out.append(le32: entry.crc)
            out.append(le32: UInt32(entry.bytes.count))
            out.append(le32: UInt32(entry.size))
            out.append(le16: UInt16(name.count))
            out.append(le16: 0)  // no extra field
            out.append(name)
            out.append(entry.bytes)
            // Its central directory record.
            central.append(le32: 0x0201_4b50)
            central.append(le16: 20)  // made by: MS-DOS, 2.0 (no Unix attributes)
            central.append(le16: 20)
            central.append(le16: 0x0800)
            central.append(le16: entry.method)
            central.append(le16: 0)
            central.append(le16: 0x21)
            central.append(le32: entry.crc)
            central.append(le32: UInt32(entry.bytes.count))
            central.append(le32: UInt32(entry.size))
            central.append(le16: UInt16(name.count))
            central.append(le16: 0)  // extra
            central.append(le16: 0)  // comment
            central.append(le16: 0)  // disk
            central.append(le16: 0)  // internal attributes
            central.append(le32: 0)  // external attributes
            central.append(le32: offset)
            central.append(name)
        }
        let start = UInt32(out.count)
        out.append(central)
        out.append(le32: 0x0605_4b50)
        out.append(le16: 0)
        out.append(le16: 0)
        out.append(le16: UInt16(entries.count))
        out.append(le16: UInt16(entries.count))
        out.append(le32: UInt32(central.count))
        out.append(le32: start)
        out.append(le16: 0)
        return out
    }

    /// The entries of an archive, decompressed, by reading its central directory: what the
    /// private-data guard searches in a book. Nil for anything that is not a well-formed archive
    /// of stored and deflated entries (then the guard refuses the file), or whose entries would
    /// unpack to more than `limit` bytes in all.
    public static func entries(of data: Data, limit: Int = 1 << 30) -> [(name: String, data: Data)]? {
        let bytes = [UInt8](data)
        func le16(_ at: Int) -> Int? { at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }
        func le32(_ at: Int) -> Int? {
            guard at + 4 <= bytes.count else { return nil }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        // The end record: at the end, with no comment (an archive of ours has none).
        let end = bytes.count - 22
        guard end >= 0, le32(end) == 0x0605_4b50, let count = le16(end + 10), let size = le32(end + 12),
              let start = le32(end + 16), start + size == end else { return nil }
        var result: [(name: String, data: Data)] = []
        var at = start
        var total = 0
        for _ in 0..<count {
            guard le32(at) == 0x0201_4b50, let method = le16(at + 10), let compressed = le32(at + 20), let size = le32(at + 24),
                  let nameLength = le16(at + 28), let extra = le16(at + 30), let comment = le16(at + 32),
                  let offset = le32(at + 42), at + 46 + nameLength <= bytes.count else { return nil }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard le32(offset) == 0x0403_4b50, let localName = le16(offset + 26), let localExtra = le16(offset + 28) else { return nil }
            let dataStart = offset + 30 + localName + localExtra
            guard dataStart + compressed <= start else { return nil }
            total += size
            guard total <= limit else { return nil }
            let stored = Data(bytes[dataStart..<(dataStart + compressed)])
            switch method {
            case 0 where compressed == size: result.append((name, stored))
            case 8:
                guard let inflated = inflateRaw(stored, size: size) else { return nil }
                result.append((name, inflated))
            default: return nil
            }
            at += 46 + nameLength + extra + comment
        }
        return result
    }

    static func deflateRaw(_ data: Data) -> Data? {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int32 in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        return Data(output[..<Int(stream.total_out)])
    }

    static func inflateRaw(_ data: Data, size: Int) -> Data? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: max(size, 1))
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int32 in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { return nil }
        return Data(output[..<size])
    }
}

extension Data {
    mutating func append(le16 value: UInt16) { append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    mutating func append(le32 value: UInt32) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)])
    }
}
