import Foundation

/// The text of a PDF file as a reader meets it: the strings of its objects (the title and
/// author a viewer shows in its document properties, form fields, bookmarks, annotations),
/// the strings its pages draw, and what its streams hold as text (XMP metadata, XML forms).
///
/// Streams are decoded first (`PDFFilters`: Flate, ASCIIHex, ASCII85, RunLength, with PNG
/// and TIFF predictors), object streams (`/Type /ObjStm`, which hold the objects of a PDF
/// 1.5 file, its information dictionary among them) read as objects, and images skipped.
/// Strings are literals `(…)` with escapes (`\061` is `1`), hex `<3133…>`, or UTF-16 behind a
/// byte-order mark (`<FEFF…>`); a line of a page is often an array of pieces
/// (`[(139)-250(1234)-250(0003)] TJ`), so every string is read in the order it stands, one a
/// line, and the pieces read as one text. Then each page's text as a viewer copies it, font
/// by font (`PDFPageText`): through a font's `ToUnicode` map, how a page's Chinese is read.
///
/// What Zuimei cannot read refuses the file (`PDFRefusal`): encryption (any `/Encrypt`, even
/// with an empty password), a stream encoded with a filter it does not decode (LZW, Crypt, or
/// an unknown one), files attached to the PDF (`/EF`: a `.docx` inside is a nomination form
/// Zuimei cannot search), more decoded data than `budget(forFileOf:)` allows (a
/// decompression bomb), and a file larger than `maximumSize`.
enum PDFText {
    /// The largest PDF read (whole, in memory).
    static let maximumSize = 64 << 20
    /// Streams of a file decode to at most 64 times its size, and at most 256 MB (never less than 1 MB).
    static let ratio = 64
    static let maximumDecoded = 256 << 20

    static func budget(forFileOf size: Int) -> Int { max(1 << 20, min(size.multipliedReportingOverflow(by: ratio).partialValue, maximumDecoded)) }

    /// What a reader of the file can see as text.
    struct Reading {
        /// Every string, decoded, one a line, in the order they stand: in the file's objects,
        /// then in each stream.
        var text = Data()
        /// Each encoded stream's bytes once decoded (XMP metadata, an XML form are text as they are).
        var decoded: [[UInt8]] = []
    }

    struct Stream {
        var number: Int?
        var dictionary: PDFObject
        var data: Range<Int>
    }

    static let ID = PDFLexer.keyword("ID")

    static func read(_ data: Data) throws(PDFRefusal) -> Reading {
        guard data.count <= maximumSize else {
            throw PDFRefusal(reason: "it is larger than \(maximumSize >> 20) MB, more than Zuimei reads")
        }
        let bytes = [UInt8](data)
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(PDFRefusal) -> Reading in try read(buffer) }
        }
        return try result.get()
    }

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(PDFRefusal) -> Reading {
        let sink = PDFTextSink()
        var objects: [Int: PDFObject] = [:]
        var streams: [Stream] = []
        // The file's objects in the order they stand; their strings are written as they are read.
        var lexer = PDFLexer(bytes, sink: sink)
        var numbers: (Double?, Double?) = (nil, nil)  // the two before `obj`
        reading: while true {
            let token = lexer.next()
            defer { if case .number(let value) = token { numbers = (numbers.1, value) } else { numbers = (nil, nil) } }
            var value: PDFObject
            var number: Int?
            switch token {
            case .end:
                break reading
            case .keyword(PDFLexer.obj):
                number = numbers.0.flatMap { PDFObject.number($0).integer }
                value = lexer.object(lexer.next())
            case .dictionaryOpen:  // a trailer, or a dictionary outside any object
                value = lexer.object(token)
            case .keyword(PDFLexer.stream):  // a stream whose dictionary is lost
                lexer.index -= 6
                value = .null
            default:
                continue
            }
            try check(value)
            if let number { objects[number] = value }
            let (after, moved) = lexer.peek()
            if case .keyword(PDFLexer.stream) = after {
                let length = value["Length"]?.integer ?? value["Length"]?.reference.flatMap { objects[$0]?.integer }
                let (range, next) = streamData(bytes, from: moved.index, length: length)
                streams.append(Stream(number: number, dictionary: value, data: range))
                lexer.index = next
            }
        }
        // Each stream decoded, in the same order; an object stream's objects read as objects.
        var reading = Reading()
        var budget = PDFBudget(limit: budget(forFileOf: bytes.count))
        var byNumber: [Int: [UInt8]] = [:]
        for stream in streams {
            let dictionary = stream.dictionary
            guard let found = try filters(of: dictionary, objects: objects) else { continue }  // a picture
            let (names, parameters) = found
            let raw = UnsafeBufferPointer(rebasing: bytes[stream.data])
            let data = names.isEmpty ? [UInt8](raw) : try PDFFilters.decode([UInt8](raw), filters: names, parameters: parameters, budget: &budget)
            try data.withUnsafeBufferPointer { decoded throws(PDFRefusal) in
                if dictionary["Type"]?.name == "ObjStm" { try objectStream(decoded, dictionary: dictionary, objects: &objects) }
                strings(in: decoded, sink: sink)
            }
            if !names.isEmpty { reading.decoded.append(data) }
            if let number = stream.number { byNumber[number] = data }
        }
        // Then the pages' text through their fonts' maps to Unicode.
        let mapped = PDFTextSink()
        var pages = PDFPageText(objects: objects, streams: byNumber, sink: mapped)
        pages.readAll()
        reading.text = sink.text + mapped.text
        return reading
    }

    /// Encryption and attached files, anywhere in an object.
    static func check(_ object: PDFObject) throws(PDFRefusal) {
        switch object {
        case .dictionary(let entries):
            if entries["Encrypt"] != nil {
                throw PDFRefusal(reason: "it is encrypted, by a password or by permissions only")
            }
            if entries["EF"] != nil || entries["Type"]?.name == "EmbeddedFile" {
                throw PDFRefusal(reason: "files are attached to it, which Zuimei does not read")
            }
            for value in entries.values { try check(value) }
        case .array(let items):
            for item in items { try check(item) }
        default:
            break
        }
    }

    /// A stream's filters and their parameters; nil for a picture (an image, or a stream
    /// through an image's filter), which is not read.
    static func filters(of dictionary: PDFObject, objects: [Int: PDFObject]) throws(PDFRefusal) -> ([String], [PDFObject])? {
        func resolved(_ object: PDFObject?) -> PDFObject? {
            if let number = object?.reference { return objects[number] ?? .null }
            return object
        }
        if resolved(dictionary["Subtype"])?.name == "Image" { return nil }
        var names: [String] = []
        switch resolved(dictionary["Filter"]) {
        case nil, .null?: break
        case .name(let name)?: names = [name]
        case .array(let items)?:
            for item in items {
                guard let name = resolved(item)?.name else { throw PDFRefusal(reason: "a stream's /Filter is not a list of names") }
                names.append(name)
            }
        default:
            throw PDFRefusal(reason: "a stream's /Filter is not a name")
        }
        if names.contains(where: PDFFilters.images.contains) { return nil }
        let parameters: [PDFObject] = switch resolved(dictionary["DecodeParms"]) {
        case .array(let items)?: items.map { resolved($0) ?? .null }
        case let single?: [single]
        case nil: []
        }
        return (names, parameters)
    }

    /// A stream's data: from the end of the line after `stream`, `length` bytes when
    /// `endstream` follows them, else up to `endstream` (or the end of the file).
    static func streamData(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, length: Int?) -> (Range<Int>, next: Int) {
        let count = bytes.count
        var begin = start
        while begin < count, bytes[begin] == 0x20 || bytes[begin] == 0x09 { begin += 1 }
        if begin < count, bytes[begin] == 0x0D { begin += 1 }
        if begin < count, bytes[begin] == 0x0A { begin += 1 }
        func endstream(at index: Int) -> Bool {
            guard index + 9 <= count else { return false }
            for (offset, byte) in "endstream".utf8.enumerated() where bytes[index + offset] != byte { return false }
            return true
        }
        if let length, length >= 0, length <= count - begin {
            var after = begin + length
            while after < count, PDFLexer.isWhite(bytes[after]) { after += 1 }
            if endstream(at: after) { return (begin..<(begin + length), after + 9) }
        }
        var index = begin
        while index < count {
            if bytes[index] == 0x65, endstream(at: index) {
                var end = index
                if end > begin, bytes[end - 1] == 0x0A { end -= 1 }
                if end > begin, bytes[end - 1] == 0x0D { end -= 1 }
                return (begin..<end, index + 9)
            }
            index += 1
        }
        return (begin..<count, count)
    }

    /// An object stream's objects (7.5.7): pairs of numbers (object, offset from `/First`), then the objects.
    static func objectStream(_ data: UnsafeBufferPointer<UInt8>, dictionary: PDFObject,
                             objects: inout [Int: PDFObject]) throws(PDFRefusal) {
        guard let count = dictionary["N"]?.integer, let first = dictionary["First"]?.integer,
              count > 0, first >= 0, first < data.count else { return }
        var header = PDFLexer(data)
        var pairs: [(number: Int, offset: Int)] = []
        while pairs.count < count, header.index < first {
            guard case .number(let number) = header.next(), case .number(let offset) = header.next(),
                  let number = PDFObject.number(number).integer, let offset = PDFObject.number(offset).integer else { break }
            pairs.append((number, offset))
        }
        // Each object read up to where the next begins, once however many numbers name it: the
        // whole is read once, not once an object.
        let offsets = Set(pairs.map(\.offset).filter { $0 >= 0 && $0 < data.count - first }).sorted()
        var values: [Int: PDFObject] = [:]
        for (index, offset) in offsets.enumerated() {
            let end = index + 1 < offsets.count ? first + offsets[index + 1] : data.count
            var lexer = PDFLexer(UnsafeBufferPointer(rebasing: data[(first + offset)..<end]))
            let value = lexer.object(lexer.next())
            try check(value)
            values[offset] = value
        }
        for pair in pairs where objects[pair.number] == nil { objects[pair.number] = values[pair.offset] }
    }

    /// Every string in decoded stream data, in order; an inline image's bytes (`ID` … `EI`) skipped.
    static func strings(in data: UnsafeBufferPointer<UInt8>, sink: PDFTextSink) {
        var lexer = PDFLexer(data, sink: sink)
        while true {
            let token = lexer.next()
            if token == .end { break }
            if case .keyword(ID) = token { lexer.index = endOfInlineImage(data, from: lexer.index) }
        }
    }

    /// After an inline image's data: past `EI` between white space (or the end of the data).
    static func endOfInlineImage(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start + 1
        while index + 1 < bytes.count {
            if bytes[index] == 0x45, bytes[index + 1] == 0x49, PDFLexer.isWhite(bytes[index - 1]),
               index + 2 == bytes.count || PDFLexer.isWhite(bytes[index + 2]) || PDFLexer.isDelimiter(bytes[index + 2]) {
                return index + 2
            }
            index += 1
        }
        return bytes.count
    }
}

/// Strings as PDF writes them.
enum PDFStrings {
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

extension PDFText {
    /// A PDF by its name, or by `%PDF-` in its first kilobyte (where viewers look for it).
    static func isPDF(path: String, head: Data) -> Bool {
        path.lowercased().hasSuffix(".pdf") || head.prefix(1024).range(of: Data("%PDF-".utf8)) != nil
    }
}
