import Foundation
import Testing
import ZuimeiTestSupport
@testable import ZuimeiPrivacy

/// A PDF's text where viewers find it: in compressed streams (a page's content, an object
/// stream's strings, XMP metadata), through any chain of filters Zuimei decodes.
@Suite("Private values in compressed PDF streams")
struct PDFStreamsTests {
    static let phone = "13912340003"
    static let address = "伊宁市解放路12号3单元"

    static func write(_ pdf: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-\(UUID().uuidString).pdf").path
        try pdf.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The ids of the values found in the file (1: the phone, 2: the address).
    static func found(in pdf: PDFFixture) throws -> Set<Int> {
        let path = try write(pdf.data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let matcher = Matcher([Needle(folded: Fold.fold(phone), id: 1), Needle(folded: Fold.fold(address), id: 2)])
        return Set((matcher.matches(inFile: path, kind: .binary) ?? []).map(\.id))
    }

    @Test(arguments: [
        "BT /F1 12 Tf 72 700 Td (13912340003) Tj ET",
        "BT /F1 12 Tf 72 700 Td [(139)-250(1234)-250(0003)] TJ ET",
        "BT /F1 12 Tf 72 700 Td <3133393132333430303033> Tj ET",
        "BT /F1 12 Tf 72 700 Td (\\061\\063\\071) Tj (1234) ' (0003) Tj ET",
    ])
    func aFlateDecodeContentStreamIsRead(_ content: String) throws {
        #expect(try Self.found(in: .page(content)) == [1])
    }

    @Test func theInformationDictionaryInAnObjectStreamIsRead() throws {
        var pdf = PDFFixture.page("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
        let info = pdf.addObjectStream(["<< /Author (\(Self.phone)) /Producer (Zuimei tests) >>"])
        pdf.trailer = "/Info \(info[0]) 0 R"
        #expect(try Self.found(in: pdf) == [1])
    }

    @Test func compressedXMPMetadataIsRead() throws {
        var pdf = PDFFixture.page("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
        let xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description><dc:creator><rdf:Seq><rdf:li>\(Self.address)</rdf:li>"
            + "</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        pdf.addStream("/Type /Metadata /Subtype /XML /Filter /FlateDecode", PDFFixture.deflate(Data(xmp.utf8)))
        #expect(try Self.found(in: pdf) == [2])
    }

    /// A page's content may be an array of streams, read as one: a line split between two.
    @Test func aLineSplitBetweenTwoContentStreamsIsRead() throws {
        var pdf = PDFFixture()
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>")
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents [4 0 R 5 0 R] >>")
        pdf.addStream("/Filter /FlateDecode", PDFFixture.deflate(Data("BT /F1 12 Tf 72 700 Td (139) Tj".utf8)))
        pdf.addStream("/Filter /FlateDecode", PDFFixture.deflate(Data("(12340003) Tj ET".utf8)))
        pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        #expect(try Self.found(in: pdf) == [1])
    }

    @Test func chainsOfFiltersAreDecoded() throws {
        let content = "BT /F1 12 Tf 72 700 Td (13912340003) Tj ET"
        let hex: (Data) -> Data = { data in Data((data.map { String(format: "%02X", $0) }.joined() + ">").utf8) }
        #expect(try Self.found(in: .page(content, filter: "/ASCIIHexDecode", encode: hex)) == [1])
        #expect(try Self.found(in: .page(content, filter: "[/ASCIIHexDecode /FlateDecode]", encode: { hex(PDFFixture.deflate($0)) })) == [1])
        #expect(try Self.found(in: .page(content, filter: "/ASCII85Decode", encode: ascii85)) == [1])
        #expect(try Self.found(in: .page(content, filter: "[/A85 /Fl]", encode: { ascii85(PDFFixture.deflate($0)) })) == [1])
        #expect(try Self.found(in: .page(content, filter: "/RunLengthDecode", encode: runLength)) == [1])
    }

    /// A PNG predictor (as an optimiser may leave on any stream): each row's bytes are
    /// differences from the row above, undone before the text is read.
    @Test func aPNGPredictorIsUndone() throws {
        let content = Array("BT /F1 12 Tf 72 700 Td (13912340003) Tj ET".utf8)
        let columns = 8
        var rows = Data()
        var previous = [UInt8](repeating: 0, count: columns)
        for start in stride(from: 0, to: content.count, by: columns) {
            var row = Array(content[start..<min(content.count, start + columns)])
            row += [UInt8](repeating: 0x20, count: columns - row.count)
            rows.append(2)  // Up
            rows += Data(zip(row, previous).map { $0 &- $1 })
            previous = row
        }
        let pdf = PDFFixture.page("", filter: "/FlateDecode /DecodeParms << /Predictor 12 /Columns \(columns) >>",
                                  encode: { _ in PDFFixture.deflate(rows) })
        #expect(try Self.found(in: pdf) == [1])
    }

    @Test func streamsThatDoNotDecodeAreReadAsFarAsTheyDo() throws {
        // Cut short, or with nonsense parameters: no crash, and what decodes is read.
        let drawing = (0..<400).map { "q 1 0 0 1 \($0) \($0 * 7 % 500) cm 0 0 m \($0 % 13) 5 l S Q\n" }.joined()
        let whole = PDFFixture.deflate(Data(("BT /F1 12 Tf 72 700 Td (13912340003) Tj ET\n" + drawing).utf8))
        #expect(try Self.found(in: .page("", encode: { _ in whole.prefix(whole.count / 2) })) == [1])
        for parameters in ["/Predictor 12 /Columns 0", "/Predictor 15 /Columns 99999999999 /Colors -3 /BitsPerComponent 7",
                           "/Predictor 2 /Columns 1", "/Predictor (x)", "/Predictor 10 /Columns 1 /Colors 4 /BitsPerComponent 16"] {
            _ = try Self.found(in: .page("", filter: "/FlateDecode /DecodeParms << \(parameters) >>", encode: { _ in whole }))
        }
        _ = try Self.found(in: .page("", encode: { _ in Data([0x78, 0x9C, 0xFF, 0xFF, 0xFF]) }))
    }
}

/// ASCII85 as PDF writes it, ending `~>`.
func ascii85(_ data: Data) -> Data {
    var out = ""
    let bytes = [UInt8](data)
    var index = 0
    while index < bytes.count {
        let chunk = Array(bytes[index..<min(bytes.count, index + 4)])
        var value: UInt32 = 0
        for position in 0..<4 { value = value << 8 | UInt32(position < chunk.count ? chunk[position] : 0) }
        if chunk.count == 4, value == 0 {
            out += "z"
        } else {
            var digits: [Character] = []
            for _ in 0..<5 {
                digits.append(Character(Unicode.Scalar(UInt8(value % 85) + 33)))
                value /= 85
            }
            out += String(digits.reversed().prefix(chunk.count + 1))
        }
        index += 4
    }
    return Data((out + "~>").utf8)
}

/// RunLengthDecode's format: runs of repeated bytes, literal runs, then 128.
func runLength(_ data: Data) -> Data {
    let bytes = [UInt8](data)
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
        var run = 1
        while index + run < bytes.count, bytes[index + run] == bytes[index], run < 128 { run += 1 }
        if run > 1 {
            out += [UInt8(257 - run), bytes[index]]
            index += run
        } else {
            let end = min(bytes.count, index + 128)
            var stop = index + 1
            while stop < end, !(stop + 1 < bytes.count && bytes[stop + 1] == bytes[stop]) { stop += 1 }
            out += [UInt8(stop - index - 1)] + bytes[index..<stop]
            index = stop
        }
    }
    return Data(out + [128])
}

/// What Zuimei cannot read, it does not publish: the file is said unreadable, with why.
@Suite("PDF files Zuimei cannot read")
struct PDFRefusalTests {
    static let matcher = Matcher([Needle(folded: Fold.fold(PDFStreamsTests.phone), id: 1)])

    static func scan(_ data: Data, name: String = "form.pdf", matcher: Matcher = matcher) throws -> FileScan? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return matcher.scan(inFile: path, kind: .binary)
    }

    static let lzw = PDFFixture.page("", filter: "/LZWDecode", encode: { _ in Data([0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01]) })

    @Test func aDecompressionBombIsRefusedBounded() throws {
        let pdf = PDFFixture.page("", encode: { _ in PDFFixture.deflatedZeros(256 << 20) }).data
        let clock = ContinuousClock()
        let start = clock.now
        let scan = try #require(try Self.scan(pdf))
        // 64 times a file of about 250 KB: 15 MB inflated at most, not 256 MB.
        #expect(PDFText.budget(forFileOf: pdf.count) == 64 * pdf.count && pdf.count < 256 << 10)
        #expect(scan.unreadablePDF == "its compressed streams hold more than 15 MB of data, more than Zuimei reads")
        #expect(clock.now - start < .seconds(5))
    }

    @Test func manyStreamsShareOneBound() throws {
        var pdf = PDFFixture.page("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
        let megabyte = PDFFixture.deflatedZeros(1 << 20)  // about 1 KB each
        for _ in 0..<100 { pdf.addStream("/Filter /FlateDecode", megabyte) }
        #expect(try Self.scan(pdf.data)?.unreadablePDF?.hasPrefix("its compressed streams hold more than") == true)
        // Half a megabyte of them is read (a small file may always inflate to 1 MB).
        var small = PDFFixture.page("BT /F1 12 Tf 72 700 Td (13912340003) Tj ET")
        small.addStream("/Filter /FlateDecode", PDFFixture.deflatedZeros(1 << 19))
        #expect(try Self.scan(small.data) == FileScan(matches: [Match(id: 1, offset: 0, last: 0)]))
    }

    @Test func anLZWStreamIsRefused() throws {
        #expect(try Self.scan(Self.lzw.data)?.unreadablePDF == "a stream is compressed with LZWDecode, which Zuimei does not read")
        // Named otherwise, by its first bytes; and with no values to look for at all.
        #expect(try Self.scan(Self.lzw.data, name: "form.bin")?.unreadablePDF != nil)
        #expect(try Self.scan(Self.lzw.data, matcher: Matcher([]))?.unreadablePDF != nil)
        #expect(try Self.scan(PDFFixture.page("BT (x) Tj ET", filter: "[/FlateDecode /LZW]").data)?.unreadablePDF != nil)
    }

    @Test func otherFiltersAreRefused() throws {
        for filter in ["/Crypt", "/BrotliDecode", "5", "[/FlateDecode 7]"] {
            let scan = try Self.scan(PDFFixture.page("BT (x) Tj ET", filter: filter).data)
            #expect(scan?.unreadablePDF != nil, "\(filter)")
        }
    }

    /// A picture's filters do not matter: its pixels are not text.
    @Test func imagesAreNotRefused() throws {
        var pdf = PDFFixture.page("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
        pdf.addStream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /LZWDecode",
                      Data([0x80, 0x0B, 0x60, 0x50]))
        pdf.addStream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter [/ASCII85Decode /DCTDecode]", Data("z~>".utf8))
        pdf.addStream("/Filter /JBIG2Decode", Data([0x97, 0x4A, 0x42, 0x32]))
        #expect(try Self.scan(pdf.data) == FileScan(matches: []))
    }

    @Test func anEncryptedPDFIsRefused() throws {
        // Permissions only (an empty password opens it), as "protect from editing" writes it: its strings are ciphertext.
        var pdf = PDFFixture.page("BT (x) Tj ET")
        let encrypt = pdf.add("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <00> /U <00> >>")
        pdf.trailer = "/Encrypt \(encrypt) 0 R"
        #expect(try Self.scan(pdf.data)?.unreadablePDF == "it is encrypted, by a password or by permissions only")
        // In a cross-reference stream's dictionary (PDF 1.5), too.
        var compressed = PDFFixture.page("BT (x) Tj ET")
        compressed.addObjectStream(["<< /Title (x) >>"])
        compressed.trailer = "/Encrypt << /Filter /Standard /V 4 /R 4 /O <00> /U <00> /P -4 >>"
        #expect(try Self.scan(compressed.data)?.unreadablePDF == "it is encrypted, by a password or by permissions only")
    }

    @Test func attachedFilesAreRefused() throws {
        var pdf = PDFFixture.page("BT (x) Tj ET")
        let file = pdf.addStream("/Type /EmbeddedFile /Subtype /application#2Fzip /Filter /FlateDecode", PDFFixture.deflate(Data("PK".utf8)))
        pdf.addObjectStream(["<< /Type /Filespec /F (推荐表.docx) /EF << /F \(file) 0 R >> >>"])
        #expect(try Self.scan(pdf.data)?.unreadablePDF == "files are attached to it, which Zuimei does not read")
    }

    @Test func aPDFLargerThanZuimeiReadsIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("large.pdf").path
        try PDFFixture.page("BT (x) Tj ET").data.write(to: URL(fileURLWithPath: path))
        #expect(truncate(path, off_t(PDFText.maximumSize + 1)) == 0)  // sparse: nothing written
        #expect(Self.matcher.scan(inFile: path, kind: .binary)?.unreadablePDF == "it is larger than 64 MB, more than Zuimei reads")
    }

    /// An object stream whose 100,000 objects all start at one unclosed dictionary is read in
    /// one pass, not once an object.
    @Test func anObjectStreamIsReadOnce() throws {
        let header = String(repeating: "1 0 ", count: 100_000)
        let body = "<< /Title (13912340003) " + String(repeating: "/K [1 2 3] ", count: 50_000)
        var pdf = PDFFixture.page("BT (x) Tj ET")
        pdf.addStream("/Type /ObjStm /N 100000 /First \(header.utf8.count) /Filter /FlateDecode", PDFFixture.deflate(Data((header + body).utf8)))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try Self.scan(pdf.data) == FileScan(matches: [Match(id: 1, offset: 0, last: 0)]))
        #expect(clock.now - start < .seconds(10))
    }

    /// Bytes a viewer would give up on are read as far as they go, never a crash.
    @Test func hostileBytesAreReadWithoutCrashing() throws {
        let pdf = [UInt8](PDFFixture.page("BT /F1 12 Tf 72 700 Td (13912340003) Tj ET").data)
        var random = SplitMix64(seed: 23)
        for _ in 0..<300 {
            var bytes = pdf
            for _ in 0..<Int(random.next() % 8 + 1) {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeSubrange(index..<min(bytes.count, index + Int(random.next() % 16)))
                default: bytes.insert(contentsOf: Array("<<[(/ 0 R stream\nendobj".utf8).shuffled(using: &random), at: index)
                }
            }
            _ = Self.matcher.scan(Data(bytes), kind: .binary, path: "x.pdf")
        }
        for text in ["%PDF-1.4 ((((((", "%PDF-1.4 " + String(repeating: "[", count: 100_000), "%PDF-1.4 " + String(repeating: "<<", count: 100_000),
                     "%PDF-1.4 1 0 obj << /Type /ObjStm /N 99999999999 /First -5 /Length 3 >> stream\nabc\nendstream",
                     "%PDF-1.4 stream\n", "%PDF-1.4 1 0 obj << /Length 99999999999999999999 >> stream\nendstream"] {
            _ = Self.matcher.scan(Data(text.utf8), kind: .binary, path: "x.pdf")
        }
    }
}

/// A page's text drawn as glyph numbers, read through its font's map to Unicode, as a viewer copies it.
@Suite("PDF text through fonts' ToUnicode maps")
struct PDFToUnicodeTests {
    /// A one-page document whose font (object 4) is `font` with the map `cmap`, inherited from the page tree.
    static func page(_ content: String, font: String, cmap: String) -> PDFFixture {
        var pdf = PDFFixture()
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>")
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /C0 4 0 R >> >> >>")
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>")
        pdf.add("<< /Type /Font \(font) /ToUnicode 6 0 R >>")
        pdf.addStream("/Filter /FlateDecode", PDFFixture.deflate(Data(content.utf8)))
        pdf.addStream("/Filter /FlateDecode", PDFFixture.deflate(Data(cmap.utf8)))
        pdf.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            + "/FontDescriptor 8 0 R /CIDToGIDMap /Identity /DW 1000 >>")
        pdf.add("<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 "
            + "/Descent -141 /CapHeight 683 /StemV 80 >>")
        return pdf
    }

    static func cmap(_ spaces: String, _ body: String) -> String {
        """
        /CIDInit /ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        /CMapName /Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange
        \(spaces)
        endcodespacerange
        \(body)
        endcmap
        CMapName currentdict /CMap defineresource pop
        end
        end
        """
    }

    static let type0 = "/Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [7 0 R]"
    /// 伊宁市解放单元 one by one, 路号 from an array, digits by a range from U+0030.
    static let chinese = cmap("<0000> <FFFF>", """
        7 beginbfchar
        <0101> <4F0A>
        <0102> <5B81>
        <0103> <5E02>
        <0104> <89E3>
        <0105> <653E>
        <0108> <5355>
        <0109> <5143>
        endbfchar
        2 beginbfrange
        <0106> <0107> [<8DEF> <53F7>]
        <0020> <0029> <0030>
        endbfrange
        """)

    @Test func chineseInAType0FontIsRead() throws {
        // 伊宁市解放路12号3单元, in three pieces, the last one a literal string of bytes.
        let content = "BT /C0 12 Tf 72 700 Td <0101010201030104> Tj [<0105> 120 <0106002100220107>] TJ <00230108> Tj (\\001\\011) Tj ET"
        #expect(try PDFStreamsTests.found(in: Self.page(content, font: Self.type0, cmap: Self.chinese)) == [2])
        // The map is what tells: without it the same numbers are no text.
        #expect(try PDFStreamsTests.found(in: Self.page(content, font: Self.type0, cmap: "")) == [])
    }

    /// As LibreOffice writes a subset: a one-byte font whose codes are numbered in the order its glyphs are first used.
    @Test func aSimpleFontNumberedInOrderOfUseIsRead() throws {
        let map = Self.cmap("<00> <FF>", """
            6 beginbfchar
            <01> <0031>
            <02> <0033>
            <03> <0039>
            <04> <0032>
            <05> <0034>
            <06> <0030>
            endbfchar
            """)
        let font = "/Subtype /TrueType /BaseFont /BAAAAA+LiberationSerif /FirstChar 0 /LastChar 6 /Widths [365 500 500 500 500 500 500]"
        let content = "BT /C0 12 Tf 72 700 Td <0102030104020506060602> Tj ET"
        #expect(try PDFStreamsTests.found(in: Self.page(content, font: font, cmap: map)) == [1])
    }

    /// As Word writes Chinese with digits: the Chinese in SimSun (glyph numbers and a map), the
    /// digits in Times New Roman (a simple font, no map), read in the order they are drawn.
    @Test func chineseAndDigitsInTwoFontsReadAsOne() throws {
        var pdf = Self.page("BT /C0 12 Tf 72 700 Td <010101020103010401050106> Tj /T1 12 Tf (12) Tj /C0 12 Tf <0107> Tj "
            + "/T1 12 Tf [(3)] TJ /C0 12 Tf <01080109> Tj ET", font: Self.type0, cmap: Self.chinese)
        pdf.entries[1] = .object(Data(("<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /C0 4 0 R "
            + "/T1 << /Type /Font /Subtype /TrueType /BaseFont /TimesNewRomanPSMT /Encoding /WinAnsiEncoding >> >> >> >>").utf8))
        #expect(try PDFStreamsTests.found(in: pdf) == [2])
    }

    /// No map, but a predefined CMap whose codes are text: UCS-2 as iText writes Chinese in
    /// STSong-Light, GBK as older Chinese programs do.
    @Test(arguments: ["UniGB-UCS2-H", "GBK-EUC-H"])
    func predefinedChineseCMapsAreRead(_ encoding: String) throws {
        // 伊宁市解放路12号3单元 in GBK (the digits one byte each), or UCS-2.
        let hex = encoding == "GBK-EUC-H" ? "D2C1C4FECAD0BDE2B7C5C2B73132BAC533B5A5D4AA"
            : PDFStreamsTests.address.utf16.map { String(format: "%04X", $0) }.joined()
        let font = "/Subtype /Type0 /BaseFont /STSong-Light /Encoding /\(encoding) /DescendantFonts [7 0 R]"
        var pdf = Self.page("BT /C0 12 Tf 72 700 Td <\(hex)> Tj ET", font: font, cmap: "")
        pdf.entries[3] = PDFFixture.Entry.object(Data("<< /Type /Font \(font) >>".utf8))  // no ToUnicode
        #expect(try PDFStreamsTests.found(in: pdf) == [2])
    }

    /// Maps that would expand without end (a range over all four-byte codes, in font after
    /// font) are read only so far: the file is read in bounded time and memory.
    @Test func hugeRangesAreBounded() throws {
        let map = PDFFixture.deflate(Data(Self.cmap("<00000000> <FFFFFFFF>", "1 beginbfrange\n<00000000> <FFFFFFFF> <0030>\nendbfrange\n"
            + "1 beginbfrange\n<00000000> <0001FFFF> <0030>\nendbfrange").utf8))
        var pdf = Self.page("BT /C0 12 Tf (13912340003) Tj ET", font: Self.type0, cmap: "")
        var fonts = ""
        for index in 0..<40 {
            let cmap = pdf.addStream("/Filter /FlateDecode", map)
            let font = pdf.add("<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode \(cmap) 0 R >>")
            fonts += "/F\(index) \(font) 0 R "
        }
        pdf.entries[1] = .object(Data("<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << \(fonts) >> >> >>".utf8))
        pdf.entries[4] = .object(Data(("<< >>\nstream\n" + (0..<40).map { "BT /F\($0) 9 Tf <00000001> Tj ET\n" }.joined()
            + "\nendstream").utf8))
        let clock = ContinuousClock()
        let start = clock.now
        _ = try PDFStreamsTests.found(in: pdf)
        #expect(clock.now - start < .seconds(10))
    }

    /// A form the page draws (`Do`), with fonts of its own.
    @Test func aFormsTextIsRead() throws {
        var pdf = Self.page("q /X1 Do Q", font: Self.type0, cmap: Self.chinese)
        let form = pdf.addStream("/Type /XObject /Subtype /Form /BBox [0 0 500 500] /Resources << /Font << /F9 4 0 R >> >> /Filter /FlateDecode",
                                 PDFFixture.deflate(Data("BT /F9 10 Tf <010101020103010401050106002100220107002301080109> Tj ET".utf8)))
        pdf.entries[2] = .object(Data("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /XObject << /X1 \(form) 0 R >> >> >>".utf8))
        #expect(try PDFStreamsTests.found(in: pdf) == [2])
    }
}
