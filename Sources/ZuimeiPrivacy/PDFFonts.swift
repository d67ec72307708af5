import Foundation

/// A font's `/ToUnicode` map (ISO 32000-1, 9.10.3): the text each code of a string stands
/// for, as a viewer copies it. How a page's Chinese is read: a Type0 font with Identity-H
/// encoding draws glyph numbers (`<0A3F0B12> Tj`), which mean nothing without the map; and
/// some programs number even a Latin font's glyphs in the order they are used.
struct ToUnicode {
    /// The code space: byte strings from `low` to `high`, byte by byte.
    var spaces: [(low: [UInt8], high: [UInt8])] = []
    /// Text by code (its length in bytes, then its bytes, as one number).
    var texts: [UInt64: String] = [:]
    /// Codes of this many bytes when the code space says nothing.
    var defaultLength = 1
    /// A simple font's: a one-byte code the map does not have is read as the byte (its encoding's
    /// character, as viewers fall back to it).
    var simple: Bool { defaultLength == 1 }

    /// At most this many codes from one map, and from all of a file's: a range over a whole
    /// code space is not expanded without end.
    static let maximumCodes = 1 << 17
    static let maximumCodesInAFile = 1 << 19

    /// A code of `length` bytes as one number, with its length: `<0A3F>` and `<000A3F>` differ.
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> UInt64 {
        var value: UInt64 = 0
        for offset in 0..<length { value = value << 8 | UInt64(bytes[index + offset]) }
        return UInt64(length) << 32 | value
    }

    /// The map in a CMap program's text: `begincodespacerange`, `beginbfchar`, `beginbfrange`;
    /// at most `limit` codes of it.
    init(cmap data: UnsafeBufferPointer<UInt8>, defaultLength: Int, limit: Int = maximumCodes) {
        self.defaultLength = defaultLength
        let limit = min(limit, Self.maximumCodes)
        var lexer = PDFLexer(data)
        var operands: [PDFObject] = []
        var section: UInt64 = 0
        var count = 0
        func text(_ utf16: [UInt8]) -> String {
            var units: [UInt16] = []
            var index = 0
            while index + 1 < utf16.count {
                units.append(UInt16(utf16[index]) << 8 | UInt16(utf16[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        func number(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }
        while count < limit {
            let token = lexer.next()
            if token == .end { break }
            switch token {
            case .keyword(Self.begincodespacerange), .keyword(Self.beginbfchar), .keyword(Self.beginbfrange):
                if case .keyword(let word) = token { section = word }
                operands = []
            case .keyword(Self.endcodespacerange), .keyword(Self.endbfchar), .keyword(Self.endbfrange):
                section = 0
            case .keyword:
                operands = []
            case .arrayOpen where section == Self.beginbfrange:
                operands.append(lexer.object(token))
            case .string(let bytes):
                operands.append(.string(bytes))
            default:
                continue
            }
            switch section {
            case Self.begincodespacerange where operands.count == 2:
                if let low = operands[0].string, let high = operands[1].string, low.count == high.count, (1...4).contains(low.count),
                   spaces.count < 64 {
                    spaces.append((low, high))
                }
                operands = []
            case Self.beginbfchar where operands.count == 2:
                if let code = operands[0].string, let target = operands[1].string, (1...4).contains(code.count) {
                    texts[UInt64(code.count) << 32 | number(code)] = text(target)
                    count += 1
                }
                operands = []
            case Self.beginbfrange where operands.count == 3:
                if let low = operands[0].string, let high = operands[1].string, low.count == high.count, (1...4).contains(low.count) {
                    let first = number(low), last = number(high)
                    if first <= last, last - first < UInt64(limit - count) {
                        for code in first...last {
                            let offset = Int(code - first)
                            let mapped: String?
                            if let start = operands[2].string, start.count >= 2 {
                                // The last UTF-16 unit counts up from the range's first code.
                                var units = start
                                let lastUnit = (Int(units[units.count - 2]) << 8 | Int(units[units.count - 1])) + offset
                                units[units.count - 2] = UInt8(lastUnit >> 8 & 0xFF)
                                units[units.count - 1] = UInt8(lastUnit & 0xFF)
                                mapped = text(units)
                            } else if let items = operands[2].array, offset < items.count, let item = items[offset].string {
                                mapped = text(item)
                            } else {
                                mapped = nil
                            }
                            if let mapped { texts[UInt64(low.count) << 32 | code] = mapped }
                        }
                        count += Int(last - first) + 1
                    }
                }
                operands = []
            default:
                if operands.count > 3 { operands.removeFirst(operands.count - 3) }
            }
        }
    }

    static let begincodespacerange = PDFLexer.keyword("begincodespacerange"), endcodespacerange = PDFLexer.keyword("endcodespacerange")
    static let beginbfchar = PDFLexer.keyword("beginbfchar"), endbfchar = PDFLexer.keyword("endbfchar")
    static let beginbfrange = PDFLexer.keyword("beginbfrange"), endbfrange = PDFLexer.keyword("endbfrange")

    /// A shown string's text: code by code, each as long as the code space says; a code the
    /// map does not have is left out (a simple font's one-byte code: read as the byte).
    func text(of string: [UInt8]) -> String {
        var out = ""
        string.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                let length = codeLength(bytes, at: index)
                guard index + length <= bytes.count else { break }
                if let text = texts[Self.key(bytes, at: index, length: length)] {
                    out += text
                } else if simple, length == 1 {
                    out.unicodeScalars.append(Unicode.Scalar(bytes[index]))
                }
                index += length
            }
        }
        return out
    }

    /// The length of the code at `index`: the shortest the code space holds (9.7.6.2).
    func codeLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        guard !spaces.isEmpty else { return defaultLength }
        for length in 1...4 where index + length <= bytes.count {
            for space in spaces where space.low.count == length {
                var inside = true
                for offset in 0..<length where bytes[index + offset] < space.low[offset] || bytes[index + offset] > space.high[offset] {
                    inside = false
                    break
                }
                if inside { return length }
            }
        }
        return spaces.map(\.low.count).min() ?? defaultLength
    }
}

/// The text a document's pages draw, font by font as a viewer copies it: through a font's map
/// to Unicode when it has one, through a predefined CMap whose codes are text (UCS-2, GBK)
/// when it has none, as the string's bytes when it is a simple font without one
/// (`(13912340003) Tj` in Times New Roman beside Chinese in SimSun, as Word writes it), and
/// not at all for glyph numbers without a map (Identity-H). Each page's content streams are read as one,
/// with the forms they draw (`Do`), then every other form (an annotation's appearance); each
/// stream is read once.
struct PDFPageText {
    enum FontReading {
        case map(ToUnicode)
        /// A simple font without a map: its codes are read as the string's bytes are.
        case bytes
        /// Glyph numbers without a map (a Type0 font with Identity-H): nothing to read.
        case glyphs
        /// A Type0 font without a map through a predefined CMap whose codes are text in an
        /// encoding of its own (9.7.5.2): UniGB-UCS2-H (as iText writes Chinese in STSong-Light),
        /// UniGB-UTF8-H, GBK-EUC-H and the other GB ones.
        case utf16, utf8, gb18030

        static func predefined(_ encoding: String?) -> FontReading? {
            guard let encoding else { return nil }
            if encoding.contains("UCS2") || encoding.contains("UTF16") { return .utf16 }
            if encoding.contains("UTF8") { return .utf8 }
            if encoding.hasPrefix("GB") { return .gb18030 }
            return nil
        }
    }

    let objects: [Int: PDFObject]
    let streams: [Int: [UInt8]]
    var fonts: [Int: FontReading] = [:]
    /// Maps by their stream and code length: each read once, however many fonts or `Tf` name it.
    var maps: [UInt64: ToUnicode] = [:]
    var read = Set<Int>()
    var codesLeft = ToUnicode.maximumCodesInAFile
    let sink: PDFTextSink

    init(objects: [Int: PDFObject], streams: [Int: [UInt8]], sink: PDFTextSink) {
        self.objects = objects
        self.streams = streams
        self.sink = sink
    }

    static let Tf = PDFLexer.keyword("Tf"), Tj = PDFLexer.keyword("Tj"), TJ = PDFLexer.keyword("TJ")
    static let quote = PDFLexer.keyword("'"), doubleQuote = PDFLexer.keyword("\""), Do = PDFLexer.keyword("Do")

    func resolved(_ object: PDFObject?) -> PDFObject? {
        var object = object
        for _ in 0..<8 {
            guard let number = object?.reference else { return object }
            object = objects[number]
        }
        return nil
    }

    mutating func readAll() {
        guard fontsWithMaps() else { return }
        for number in objects.keys.sorted() where objects[number]?["Type"]?.name == "Page" {
            let page = objects[number]!
            var resources = resolved(page["Resources"])
            var parent = page
            for _ in 0..<32 where resources == nil {  // inherited from the page tree
                guard let next = resolved(parent["Parent"]) else { break }
                resources = resolved(next["Resources"])
                parent = next
            }
            var contents: [UInt8] = []
            let references = page["Contents"].flatMap { $0.reference.map { [$0] } ?? $0.array?.compactMap(\.reference) }
                ?? resolved(page["Contents"])?.array?.compactMap(\.reference) ?? []
            for reference in references where read.insert(reference).inserted {
                contents += (streams[reference] ?? []) + [0x0A]
            }
            show(contents, resources: resources ?? .null, depth: 0)
        }
        for number in streams.keys.sorted() where objects[number]?["Subtype"]?.name == "Form" && !read.contains(number) {
            read.insert(number)
            show(streams[number]!, resources: resolved(objects[number]?["Resources"]) ?? .null, depth: 0)
        }
    }

    /// Whether any font has a map, or a predefined CMap that maps to text (else there is nothing to do).
    func fontsWithMaps() -> Bool {
        objects.values.contains { object in
            object["Type"]?.name == "Font" && (object["ToUnicode"] != nil
                || object["Subtype"]?.name == "Type0" && FontReading.predefined(resolved(object["Encoding"])?.name) != nil)
        }
    }

    mutating func font(_ reference: PDFObject?) -> FontReading {
        guard let reference else { return .bytes }
        guard let number = reference.reference else { return reading(of: reference) }
        if let known = fonts[number] { return known }
        let found = objects[number].map { reading(of: $0) } ?? .bytes
        fonts[number] = found
        return found
    }

    mutating func reading(of font: PDFObject) -> FontReading {
        let type0 = font["Subtype"]?.name == "Type0"
        guard let cmap = font["ToUnicode"]?.reference, let data = streams[cmap] else {
            return type0 ? FontReading.predefined(resolved(font["Encoding"])?.name) ?? .glyphs : .bytes
        }
        let key = UInt64(cmap) << 1 | (type0 ? 1 : 0)
        if let known = maps[key] { return .map(known) }
        let map = data.withUnsafeBufferPointer { ToUnicode(cmap: $0, defaultLength: type0 ? 2 : 1, limit: codesLeft) }
        codesLeft -= map.texts.count
        maps[key] = map
        return .map(map)
    }

    /// A content stream's text operators, through the font set by `Tf`.
    mutating func show(_ data: [UInt8], resources: PDFObject, depth: Int) {
        let fontResources = resolved(resources["Font"])
        let forms = resolved(resources["XObject"])
        var current = FontReading.bytes
        var name: String?
        var string: [UInt8]?
        var array: [PDFObject]?
        var pending: [(data: [UInt8], resources: PDFObject)] = []
        data.withUnsafeBufferPointer { bytes in
            var lexer = PDFLexer(bytes)
            while true {
                let token = lexer.next()
                switch token {
                case .end: return
                case .name(let value): name = value
                case .string(let value): string = value
                case .arrayOpen: array = lexer.object(token).array
                case .keyword(Self.Tf):
                    current = font(name.flatMap { fontResources?[$0] })
                case .keyword(Self.Tj), .keyword(Self.quote), .keyword(Self.doubleQuote):
                    if let string { show(string, current) }
                case .keyword(Self.TJ):
                    for item in array ?? [] { if let piece = item.string { show(piece, current) } }
                case .keyword(Self.Do):
                    if depth < 16, let reference = name.flatMap({ forms?[$0]?.reference }), read.insert(reference).inserted,
                       objects[reference]?["Subtype"]?.name == "Form", let form = streams[reference] {
                        pending.append((form, resolved(objects[reference]?["Resources"]) ?? resources))
                    }
                case .keyword(PDFText.ID):
                    lexer.index = PDFText.endOfInlineImage(bytes, from: lexer.index)
                default:
                    break
                }
                if case .keyword = token { (name, string, array) = (nil, nil, nil) }
            }
        }
        for form in pending { show(form.data, resources: form.resources, depth: depth + 1) }
    }

    func show(_ string: [UInt8], _ font: FontReading) {
        switch font {
        case .map(let map): sink.append(text: map.text(of: string))
        case .bytes: sink.append(string)
        case .glyphs: break
        case .utf16:
            let units = stride(from: 0, to: string.count - 1, by: 2).map { UInt16(string[$0]) << 8 | UInt16(string[$0 + 1]) }
            sink.append(text: String(decoding: units, as: UTF16.self))
        case .utf8: sink.append(text: String(decoding: string, as: UTF8.self))
        case .gb18030: sink.append(text: String(decoding: Transcode.iconvToUTF8(Data(string), from: "GB18030") ?? Data(), as: UTF8.self))
        }
    }
}
