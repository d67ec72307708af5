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
        #expect(try Self.scan(pdf.data)?.unreadablePDF == "it is encrypted (protected by a password or by permissions)")
        // In a cross-reference stream's dictionary (PDF 1.5), too.
        var compressed = PDFFixture.page("BT (x) Tj ET")
        compressed.addObjectStream(["<< /Title (x) >>"])
        compressed.trailer = "/Encrypt << /Filter /Standard /V 4 /R 4 /O <00> /U <00> /P -4 >>"
        #expect(try Self.scan(compressed.data)?.unreadablePDF == "it is encrypted (protected by a password or by permissions)")
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
