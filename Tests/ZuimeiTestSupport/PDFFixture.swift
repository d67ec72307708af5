import CZlib
import Foundation

/// A PDF file made object by object, for tests: objects numbered from 1 in the order they
/// are added, then either a cross-reference table and a trailer, or (with `compressed`) a
/// cross-reference stream that finds the objects kept in object streams. Object 1 is the
/// catalog unless a test says otherwise.
public struct PDFFixture: Sendable {
    public enum Entry: Sendable {
        case object(Data)
        /// An object kept in object stream `stream` at `index`.
        case inStream(stream: Int, index: Int)
    }

    public var entries: [Entry] = []
    /// Extra entries of the trailer (or of the cross-reference stream's dictionary): `/Info 6 0 R`.
    public var trailer = ""

    public init() {}

    /// Adds an object; returns its number.
    @discardableResult
    public mutating func add(_ body: String) -> Int {
        entries.append(.object(Data(body.utf8)))
        return entries.count
    }

    /// Adds a stream: its dictionary's entries (without `<<`, `>>` and `/Length`) and its bytes as stored.
    @discardableResult
    public mutating func addStream(_ dictionary: String, _ data: Data) -> Int {
        var body = Data("<< \(dictionary) /Length \(data.count) >>\nstream\n".utf8)
        body += data
        body += Data("\nendstream".utf8)
        entries.append(.object(body))
        return entries.count
    }

    /// Adds an object stream (FlateDecode) holding `objects`, numbered after it; returns their numbers.
    @discardableResult
    public mutating func addObjectStream(_ objects: [String]) -> [Int] {
        let streamNumber = entries.count + 1
        let numbers = objects.indices.map { streamNumber + 1 + $0 }
        var header = ""
        var body = ""
        for (number, object) in zip(numbers, objects) {
            header += "\(number) \(body.utf8.count) "
            body += object + "\n"
        }
        header += "\n"
        let data = Self.deflate(Data((header + body).utf8))
        addStream("/Type /ObjStm /N \(objects.count) /First \(header.utf8.count) /Filter /FlateDecode", data)
        for index in objects.indices { entries.append(.inStream(stream: streamNumber, index: index)) }
        return numbers
    }

    /// The file. With object streams, a cross-reference stream (PDF 1.5) instead of a table.
    public var data: Data {
        var out = Data("%PDF-1.7\n".utf8) + Data([0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
        var offsets: [Int] = []
        for (index, entry) in entries.enumerated() {
            offsets.append(out.count)
            if case .object(let body) = entry {
                out += Data("\(index + 1) 0 obj\n".utf8) + body + Data("\nendobj\n".utf8)
            }
        }
        let compressed = entries.contains { if case .inStream = $0 { true } else { false } }
        let start = out.count
        if compressed {
            let number = entries.count + 1
            var rows = Data([0, 0, 0, 0, 0, 0xFF, 0xFF])
            func row(_ type: UInt8, _ field: Int, _ last: Int) {
                rows += Data([type, UInt8(field >> 24 & 0xFF), UInt8(field >> 16 & 0xFF), UInt8(field >> 8 & 0xFF), UInt8(field & 0xFF),
                              UInt8(last >> 8 & 0xFF), UInt8(last & 0xFF)])
            }
            for (index, entry) in entries.enumerated() {
                switch entry {
                case .object: row(1, offsets[index], 0)
                case .inStream(let stream, let position): row(2, stream, position)
                }
            }
            row(1, start, 0)
            let packed = Self.deflate(rows)
            out += Data("\(number) 0 obj\n<< /Type /XRef /Size \(number + 1) /W [1 4 2] /Root 1 0 R \(trailer) /Filter /FlateDecode /Length \(packed.count) >>\nstream\n".utf8)
            out += packed + Data("\nendstream\nendobj\n".utf8)
        } else {
            var table = "xref\n0 \(entries.count + 1)\n0000000000 65535 f \n"
            for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
            table += "trailer\n<< /Size \(entries.count + 1) /Root 1 0 R \(trailer) >>\n"
            out += Data(table.utf8)
        }
        out += Data("startxref\n\(start)\n%%EOF\n".utf8)
        return out
    }

    /// zlib's format (what FlateDecode reads).
    public static func deflate(_ data: Data, level: Int32 = 9) -> Data {
        var bound = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let bytes = [UInt8](data)
        let status = bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &bound, source.baseAddress, uLong(source.count), level)
            }
        }
        precondition(status == Z_OK)
        return Data(out[0..<Int(bound)])
    }

    /// `count` zero bytes in zlib's format, compressed a megabyte at a time (never all in memory).
    public static func deflatedZeros(_ count: Int) -> Data {
        var stream = z_stream()
        precondition(deflateInit_(&stream, 9, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var zeros = [UInt8](repeating: 0, count: 1 << 20)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var out = Data()
        var left = count
        repeat {
            let take = min(left, zeros.count)
            left -= take
            zeros.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(take)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { target in
                        stream.next_out = target.baseAddress
                        stream.avail_out = uInt(target.count)
                        _ = CZlib.deflate(&stream, left == 0 ? Z_FINISH : Z_NO_FLUSH)
                        out += Data(target[0..<(target.count - Int(stream.avail_out))])
                    }
                } while stream.avail_out == 0
            }
        } while left > 0
        return out
    }

    /// A one-page document that draws `text` as a Chinese program writes it: glyph numbers
    /// (one per character, from 0x0101) in a Type0 font with Identity-H encoding, whose
    /// `ToUnicode` map (object 6) says which character each stands for.
    public static func glyphPage(_ text: String) -> PDFFixture {
        let characters = Array(text.unicodeScalars.filter { $0.value <= 0xFFFF })
        let codes = characters.indices.map { String(format: "%04X", 0x0101 + $0) }
        let map = zip(codes, characters).map { "<\($0)> <\(String(format: "%04X", $1.value))>" }.joined(separator: "\n")
        let cmap = """
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def /CMapType 2 def
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            \(characters.count) beginbfchar
            \(map)
            endbfchar
            endcmap CMapName currentdict /CMap defineresource pop end end
            """
        var pdf = PDFFixture()
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>")
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /C0 4 0 R >> >> /Contents 5 0 R >>")
        pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>")
        pdf.addStream("/Filter /FlateDecode", deflate(Data("BT /C0 12 Tf 72 700 Td <\(codes.joined())> Tj ET".utf8)))
        pdf.addStream("/Filter /FlateDecode", deflate(Data(cmap.utf8)))
        pdf.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
            + "/Supplement 0 >> /FontDescriptor 8 0 R /CIDToGIDMap /Identity >>")
        pdf.add("<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 "
            + "/Descent -141 /CapHeight 683 /StemV 80 >>")
        return pdf
    }

    /// A one-page document (catalog 1, pages 2, page 3, a Helvetica font 4) whose page draws
    /// `content`, stored through `filter` (FlateDecode unless told).
    public static func page(_ content: String, filter: String = "/FlateDecode", encode: (Data) -> Data = { deflate($0) }) -> PDFFixture {
        var pdf = PDFFixture()
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>")
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
        pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        pdf.addStream(filter.isEmpty ? "" : "/Filter \(filter)", encode(Data(content.utf8)))
        return pdf
    }
}
