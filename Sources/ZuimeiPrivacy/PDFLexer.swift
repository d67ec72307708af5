import Foundation

/// A PDF object, as much of one as reading a PDF's text needs.
indirect enum PDFObject: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// Without its slash, `#xx` escapes decoded.
    case name(String)
    case string([UInt8])
    case array([PDFObject])
    case dictionary([String: PDFObject])
    /// `12 0 R`: the object numbered 12.
    case reference(Int)

    subscript(key: String) -> PDFObject? {
        if case .dictionary(let entries) = self { return entries[key] }
        return nil
    }

    var name: String? { if case .name(let name) = self { name } else { nil } }
    var array: [PDFObject]? { if case .array(let items) = self { items } else { nil } }
    var dictionary: [String: PDFObject]? { if case .dictionary(let entries) = self { entries } else { nil } }
    var reference: Int? { if case .reference(let number) = self { number } else { nil } }
    var string: [UInt8]? { if case .string(let bytes) = self { bytes } else { nil } }

    /// A whole number that fits comfortably in an `Int`.
    var integer: Int? {
        guard case .number(let value) = self, value.isFinite, value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}

/// PDF's tokens (ISO 32000-1, 7.2 and 7.3), read from bytes that may be anything: every call
/// moves on, nothing is read past the end, and junk is skipped.
struct PDFLexer {
    enum Token: Equatable {
        case number(Double)
        case name(String)
        case string([UInt8])
        case arrayOpen, arrayClose, dictionaryOpen, dictionaryClose
        /// A keyword (`obj`, `Tj`, `beginbfchar`) by its hash (`PDFLexer.keyword`).
        case keyword(UInt64)
        case end
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    /// When set, where every string read is written, decoded, one a line: the strings in the
    /// order they stand, so the pieces of a line of text read as one.
    var sink: PDFTextSink?

    init(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0, sink: PDFTextSink? = nil) {
        self.bytes = bytes
        self.index = index
        self.sink = sink
    }

    /// FNV-1a over a keyword's bytes.
    static func keyword(_ text: String) -> UInt64 { hash(Array(text.utf8)[...]) }

    static func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return value
    }

    static let obj = keyword("obj"), endobj = keyword("endobj"), stream = keyword("stream"), endstream = keyword("endstream")
    static let R = keyword("R"), trailer = keyword("trailer"), xref = keyword("xref")
    static let `true` = keyword("true"), `false` = keyword("false"), null = keyword("null")

    @inline(__always)
    static func isWhite(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    @inline(__always)
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: true
        default: false
        }
    }

    /// The next token; `.end` at the end of the bytes.
    mutating func next() -> Token {
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if Self.isWhite(byte) {
                index += 1
                continue
            }
            switch byte {
            case 0x25:  // a comment, to the end of its line
                while index < count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            case 0x28:
                let string = literalString()
                sink?.append(string)
                return .string(string)
            case 0x3C:
                if index + 1 < count, bytes[index + 1] == 0x3C {
                    index += 2
                    return .dictionaryOpen
                }
                if let string = hexString() {
                    sink?.append(string)
                    return .string(string)
                }
                index += 1  // not a hex string: junk
            case 0x3E:
                if index + 1 < count, bytes[index + 1] == 0x3E {
                    index += 2
                    return .dictionaryClose
                }
                index += 1
            case 0x5B:
                index += 1
                return .arrayOpen
            case 0x5D:
                index += 1
                return .arrayClose
            case 0x2F:
                index += 1
                return .name(name())
            case 0x29, 0x7B, 0x7D:
                index += 1
            default:
                let start = index
                while index < count, !Self.isWhite(bytes[index]), !Self.isDelimiter(bytes[index]) { index += 1 }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if let number = Self.number(word) { return .number(number) }
                return .keyword(Self.hash(word))
            }
        }
        return .end
    }

    /// The token after this one, without moving on (and without writing its string anywhere).
    func peek() -> (Token, PDFLexer) {
        var copy = self
        copy.sink = nil
        return (copy.next(), copy)
    }

    /// `[+-]?digits[.digits]` (or `.5`); nil for anything else.
    static func number(_ word: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        var negative = false
        if index < word.count, word[index] == 0x2B || word[index] == 0x2D {
            negative = word[index] == 0x2D
            index += 1
        }
        var value = 0.0
        var digits = 0
        var scale = 0.0
        while index < word.count {
            let byte = word[index]
            if byte >= 0x30 && byte <= 0x39 {
                if scale == 0 {
                    value = value * 10 + Double(byte - 0x30)
                } else {
                    value += Double(byte - 0x30) * scale
                    scale /= 10
                }
                digits += 1
            } else if byte == 0x2E, scale == 0 {
                scale = 0.1
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// A name after its slash: regular characters, `#xx` decoded.
    mutating func name() -> String {
        var out: [UInt8] = []
        while index < bytes.count, !Self.isWhite(bytes[index]), !Self.isDelimiter(bytes[index]) {
            if bytes[index] == 0x23, index + 2 < bytes.count, let high = PDFStrings.hexValue(bytes[index + 1]),
               let low = PDFStrings.hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `(…)` from its `(`: nested parentheses kept, escapes decoded (`\n`, `\061`, a line continued).
    mutating func literalString() -> [UInt8] {
        let count = bytes.count
        var string: [UInt8] = []
        var depth = 1
        index += 1
        while index < count {
            let byte = bytes[index]
            if byte == 0x5C, index + 1 < count {
                let next = bytes[index + 1]
                switch next {
                case 0x6E: string.append(0x0A); index += 2
                case 0x72: string.append(0x0D); index += 2
                case 0x74: string.append(0x09); index += 2
                case 0x62: string.append(0x08); index += 2
                case 0x66: string.append(0x0C); index += 2
                case 0x30...0x37:
                    var value = 0
                    var length = 0
                    while length < 3, index + 1 + length < count, (0x30...0x37).contains(bytes[index + 1 + length]) {
                        value = value * 8 + Int(bytes[index + 1 + length] - 0x30)
                        length += 1
                    }
                    string.append(UInt8(value & 0xFF))
                    index += 1 + length
                case 0x0D:  // a line continued
                    index += index + 2 < count && bytes[index + 2] == 0x0A ? 3 : 2
                case 0x0A: index += 2
                default: string.append(next); index += 2
                }
                continue
            }
            index += 1
            if byte == 0x28 { depth += 1 }
            if byte == 0x29 {
                depth -= 1
                if depth == 0 { break }
            }
            string.append(byte)
        }
        return string
    }

    /// `<…>` from its `<`; nil (nothing read) when a byte before `>` is neither a hex digit nor white space.
    mutating func hexString() -> [UInt8]? {
        var string: [UInt8] = []
        var high: UInt8?
        var end = index + 1
        while end < bytes.count, bytes[end] != 0x3E {
            if let digit = PDFStrings.hexValue(bytes[end]) {
                if let h = high {
                    string.append(h << 4 | digit)
                    high = nil
                } else {
                    high = digit
                }
            } else if !Self.isWhite(bytes[end]) {
                return nil
            }
            end += 1
        }
        guard end < bytes.count else { return nil }
        if let h = high { string.append(h << 4) }
        index = end + 1
        return string
    }

    // MARK: Objects

    /// The object that starts with `token`: `N G R` read as a reference. Arrays and
    /// dictionaries deeper than `maximumDepth` are not read (their contents are then read as
    /// the enclosing one's); a keyword that ends an object (`endobj`, `stream`, `obj`) ends
    /// every array and dictionary still open, and is left to be read again.
    mutating func object(_ token: Token, depth: Int = 0) -> PDFObject {
        switch token {
        case .number(let value):
            if value >= 0, value.rounded() == value {
                let (generation, after) = peek()
                if case .number = generation {
                    var copy = after
                    if case .keyword(Self.R) = copy.next() {
                        index = copy.index
                        return .reference(Int(min(value, 1e15)))
                    }
                }
            }
            return .number(value)
        case .name(let name): return .name(name)
        case .string(let bytes): return .string(bytes)
        case .keyword(Self.true): return .bool(true)
        case .keyword(Self.false): return .bool(false)
        case .arrayOpen where depth < Self.maximumDepth:
            var items: [PDFObject] = []
            while true {
                let before = index
                let token = next()
                if token == .arrayClose || token == .end { break }
                if Self.endsObject(token) {
                    index = before
                    break
                }
                items.append(object(token, depth: depth + 1))
            }
            return .array(items)
        case .dictionaryOpen where depth < Self.maximumDepth:
            var entries: [String: PDFObject] = [:]
            while true {
                let before = index
                let token = next()
                if token == .dictionaryClose || token == .end { break }
                if Self.endsObject(token) {
                    index = before
                    break
                }
                guard case .name(let key) = token else { continue }  // junk where a key should be
                let valueStart = index
                let value = next()
                if value == .dictionaryClose || value == .end || Self.endsObject(value) {
                    index = valueStart
                    continue
                }
                entries[key] = object(value, depth: depth + 1)
            }
            return .dictionary(entries)
        default:
            return .null
        }
    }

    static let maximumDepth = 64

    static func endsObject(_ token: Token) -> Bool {
        guard case .keyword(let word) = token else { return false }
        return word == endobj || word == stream || word == obj || word == trailer || word == xref
    }
}

/// Where the strings of a PDF are written as text, one a line.
final class PDFTextSink {
    var text = Data()

    func append(_ string: [UInt8]) {
        text += PDFStrings.decode(string)
        text.append(0x0A)
    }

    func append(text more: String) {
        text += Data(more.utf8)
        text.append(0x0A)
    }
}
