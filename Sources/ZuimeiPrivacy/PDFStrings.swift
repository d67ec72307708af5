import Foundation

/// The strings of a PDF file as text: what a viewer shows in its title bar
/// and document properties, and the text a page draws when its content
/// stream is not compressed.
///
/// PDF keeps strings as literals `(…)` with escapes (`\061` is `1`), as hex
/// `<3133…>`, and in UTF-16 behind a byte-order mark (`<FEFF…>`, as
/// Chromium's print to PDF writes a document's title); a line of text is
/// often an array of pieces (`[(139)-250(1234)-250(0003)] TJ`). Every string
/// outside a stream is decoded and the results are joined, so the pieces read
/// as one text. Compressed streams, and text drawn as glyph numbers (how
/// Chinese is almost always stored), are not readable this way.
enum PDFStrings {
    static func text(of data: Data) -> Data {
        var out = Data()
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            var index = 0
            func matches(_ word: String, at position: Int) -> Bool {
                let utf8 = Array(word.utf8)
                guard position + utf8.count <= count else { return false }
                for (offset, byte) in utf8.enumerated() where bytes[position + offset] != byte { return false }
                return true
            }
            while index < count {
                let byte = bytes[index]
                if byte == 0x73, matches("stream", at: index), index + 6 < count, bytes[index + 6] == 0x0A || bytes[index + 6] == 0x0D {
                    // Skip a stream's bytes: binary data is read by the binary pass.
                    var end = index + 6
                    while end < count, !(bytes[end] == 0x65 && matches("endstream", at: end)) { end += 1 }
                    index = end + 9
                    continue
                }
                if byte == 0x25 {  // a comment, to the end of its line
                    while index < count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
                    continue
                }
                if byte == 0x28 {  // (literal)
                    var string: [UInt8] = []
                    var depth = 1
                    index += 1
                    while index < count, depth > 0 {
                        let c = bytes[index]
                        if c == 0x5C, index + 1 < count {
                            let next = bytes[index + 1]
                            switch next {
                            case 0x6E: string.append(0x0A); index += 2
                            case 0x72: string.append(0x0D); index += 2
                            case 0x74: string.append(0x09); index += 2
                            case 0x62, 0x66: index += 2
                            case 0x30...0x37:
                                var value = 0
                                var length = 0
                                while length < 3, index + 1 + length < count, (0x30...0x37).contains(bytes[index + 1 + length]) {
                                    value = value * 8 + Int(bytes[index + 1 + length] - 0x30)
                                    length += 1
                                }
                                string.append(UInt8(value & 0xFF))
                                index += 1 + length
                            case 0x0A, 0x0D: index += 2  // a line continued
                            default: string.append(next); index += 2
                            }
                            continue
                        }
                        if c == 0x28 { depth += 1 }
                        if c == 0x29 { depth -= 1; if depth == 0 { index += 1; break } }
                        string.append(c)
                        index += 1
                    }
                    out += decode(string)
                    out.append(0x0A)
                    continue
                }
                if byte == 0x3C, index + 1 < count, bytes[index + 1] != 0x3C {  // <hex>
                    var string: [UInt8] = []
                    var high: UInt8?
                    var end = index + 1
                    while end < count, bytes[end] != 0x3E {
                        if let digit = hexValue(bytes[end]) {
                            if let h = high { string.append(h << 4 | digit); high = nil } else { high = digit }
                        } else if ![0x20, 0x0A, 0x0D, 0x09, 0x0C].contains(bytes[end]) {
                            break  // not a hex string
                        }
                        end += 1
                    }
                    if end < count, bytes[end] == 0x3E {
                        if let h = high { string.append(h << 4) }
                        out += decode(string)
                        out.append(0x0A)
                        index = end + 1
                        continue
                    }
                }
                index += 1
            }
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// UTF-16BE behind its mark, UTF-8 behind its mark or when valid, else PDFDocEncoding read as Latin-1.
    static func decode(_ bytes: [UInt8]) -> Data {
        if bytes.starts(with: [0xFE, 0xFF]) {
            var units: [UInt16] = []
            var index = 2
            while index + 1 < bytes.count {
                units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            return Data(String(decoding: units, as: UTF16.self).utf8)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) { return Data(text.utf8) }
        return Data(String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) })).utf8)
    }
}
