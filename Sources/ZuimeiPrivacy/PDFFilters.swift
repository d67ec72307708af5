import CZlib
import Foundation

/// Why a PDF's text cannot be read, said so that whoever made the file knows what it holds.
public struct PDFRefusal: Error, Sendable, Equatable {
    public var reason: String
}

/// How many decoded bytes one file may still produce: a stream that inflates past it (a
/// decompression bomb, or just more than Zuimei reads) refuses the file before memory or
/// time run out.
struct PDFBudget {
    let limit: Int
    var left: Int

    init(limit: Int) {
        self.limit = limit
        left = limit
    }

    mutating func spend(_ count: Int) throws(PDFRefusal) {
        left -= count
        if left < 0 {
            throw PDFRefusal(reason: "its compressed streams hold more than \(Self.megabytes(limit)) of data, more than Zuimei reads")
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(max(1, bytes >> 10)) KB"
    }
}

/// The stream filters that can hold text (ISO 32000-1, 7.4), decoded; images are never
/// decoded (a page's picture is not its text). FlateDecode, ASCIIHexDecode, ASCII85Decode
/// and RunLengthDecode are read; LZWDecode (the compression of PDF 1.0 and 1.1, which
/// no program writes since Flate came in 1996) and encryption are not, and refuse the file.
enum PDFFilters {
    /// Filters whose output is an image's pixels: a stream that goes through one is a picture.
    static let images: Set<String> = ["DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"]

    /// `data` through `filters` in order, each with its parameters (a dictionary or null).
    static func decode(_ data: [UInt8], filters: [String], parameters: [PDFObject],
                       budget: inout PDFBudget) throws(PDFRefusal) -> [UInt8] {
        var data = data
        for (index, filter) in filters.enumerated() {
            let parameters = index < parameters.count ? parameters[index] : .null
            switch filter {
            case "FlateDecode", "Fl":
                data = try inflate(data, budget: &budget)
                data = try unpredict(data, parameters: parameters, budget: &budget)
            case "ASCIIHexDecode", "AHx":
                data = asciiHex(data)
                try budget.spend(data.count)
            case "ASCII85Decode", "A85":
                data = ascii85(data)
                try budget.spend(data.count)
            case "RunLengthDecode", "RL":
                data = try runLength(data, budget: &budget)
            case "LZWDecode", "LZW":
                throw PDFRefusal(reason: "a stream is compressed with LZWDecode, which Zuimei does not read")
            case "Crypt":
                throw PDFRefusal(reason: "a stream is encrypted")
            default:
                throw PDFRefusal(reason: "a stream is encoded with /\(filter.prefix(40)), which Zuimei does not read")
            }
        }
        return data
    }

    /// zlib's format, as far as it decodes: data cut short or damaged is read up to the damage,
    /// as a viewer reads it. A stream without zlib's header is read as raw deflate.
    static func inflate(_ input: [UInt8], budget: inout PDFBudget) throws(PDFRefusal) -> [UInt8] {
        let raw = input.count >= 2 && (UInt16(input[0]) << 8 | UInt16(input[1])) % 31 != 0 || (input.first ?? 0) & 0x0F != 8
        var stream = z_stream()
        guard inflateInit2_(&stream, raw ? -15 : 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var refusal: PDFRefusal?
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                do throws(PDFRefusal) { try budget.spend(produced) } catch {
                    refusal = error
                    return
                }
                out += chunk[0..<produced]
                if status != Z_OK || (stream.avail_in == 0 && produced < chunk.count) { return }
            }
        }
        if let refusal { throw refusal }
        return out
    }

    /// A predictor's differences undone (7.4.4.4): PNG's per row (Predictor 10–15), TIFF's
    /// Predictor 2 for 8-bit components. Parameters out of range are taken as the nearest
    /// sensible ones; a TIFF predictor on other sizes leaves the data as it is.
    static func unpredict(_ data: [UInt8], parameters: PDFObject, budget: inout PDFBudget) throws(PDFRefusal) -> [UInt8] {
        let predictor = parameters["Predictor"]?.integer ?? 1
        guard predictor >= 2 else { return data }
        let colors = min(max(parameters["Colors"]?.integer ?? 1, 1), 32)
        let bits = parameters["BitsPerComponent"]?.integer ?? 8
        let bitsPerComponent = [1, 2, 4, 8, 16].contains(bits) ? bits : 8
        let columns = min(max(parameters["Columns"]?.integer ?? 1, 1), 1 << 24)
        let pixel = max(1, colors * bitsPerComponent / 8)
        // A row longer than the data is the data: never more memory than that.
        let row = max(1, min((colors * bitsPerComponent * columns + 7) / 8, data.count))
        if predictor == 2 {
            guard bitsPerComponent == 8 else { return data }
            var out = data
            var start = 0
            while start < out.count {
                let end = min(out.count, start + row)
                if start + pixel < end {
                    for index in (start + pixel)..<end { out[index] = out[index] &+ out[index - pixel] }
                }
                start = end
            }
            return out
        }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var previous = [UInt8](repeating: 0, count: row)
        var current = [UInt8](repeating: 0, count: row)
        var start = 0
        while start < data.count {
            let type = data[start]
            let length = min(row, data.count - start - 1)
            for index in 0..<row {
                let raw = index < length ? data[start + 1 + index] : 0
                let left = index >= pixel ? current[index - pixel] : 0
                let up = previous[index]
                let upLeft = index >= pixel ? previous[index - pixel] : 0
                switch type {
                case 1: current[index] = raw &+ left
                case 2: current[index] = raw &+ up
                case 3: current[index] = raw &+ UInt8((Int(left) + Int(up)) / 2)
                case 4:
                    let estimate = Int(left) + Int(up) - Int(upLeft)
                    let (a, b, c) = (abs(estimate - Int(left)), abs(estimate - Int(up)), abs(estimate - Int(upLeft)))
                    current[index] = raw &+ (a <= b && a <= c ? left : b <= c ? up : upLeft)
                default: current[index] = raw
                }
            }
            out += current[0..<max(0, length)]
            swap(&previous, &current)
            start += 1 + row
        }
        try budget.spend(out.count)
        return out
    }

    /// Pairs of hex digits up to `>`; white space and anything else skipped; an odd last digit is followed by 0.
    static func asciiHex(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count / 2)
        var high: UInt8?
        for byte in data {
            if byte == 0x3E { break }
            guard let digit = PDFStrings.hexValue(byte) else { continue }
            if let h = high {
                out.append(h << 4 | digit)
                high = nil
            } else {
                high = digit
            }
        }
        if let h = high { out.append(h << 4) }
        return out
    }

    /// Groups of five characters `!`…`u` for four bytes, `z` for four zeros, up to `~>`; white space skipped.
    static func ascii85(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var group: [UInt32] = []
        func flush(_ count: Int) {
            var value: UInt64 = 0
            for index in 0..<5 { value = value * 85 + UInt64(index < group.count ? group[index] : 84) }
            let word = UInt32(truncatingIfNeeded: value)
            let bytes = [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
            out += bytes[0..<count]
            group.removeAll(keepingCapacity: true)
        }
        for byte in data {
            if byte == 0x7E { break }
            if byte == 0x7A, group.isEmpty {
                out += [0, 0, 0, 0]
                continue
            }
            guard byte >= 0x21, byte <= 0x75 else { continue }
            group.append(UInt32(byte - 0x21))
            if group.count == 5 { flush(4) }
        }
        if group.count > 1 { flush(group.count - 1) }
        return out
    }

    /// A length byte, then that many plus one bytes (0–127) or one byte repeated 257 minus it times (129–255); 128 ends.
    static func runLength(_ data: [UInt8], budget: inout PDFBudget) throws(PDFRefusal) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < data.count {
            let length = Int(data[index])
            if length == 128 { break }
            if length < 128 {
                let end = min(data.count, index + 2 + length)
                out += data[(index + 1)..<end]
                index = end
            } else {
                guard index + 1 < data.count else { break }
                out += [UInt8](repeating: data[index + 1], count: 257 - length)
                index += 2
            }
            if out.count > budget.left { try budget.spend(out.count) }  // refused before memory runs out
        }
        try budget.spend(out.count)
        return out
    }
}
