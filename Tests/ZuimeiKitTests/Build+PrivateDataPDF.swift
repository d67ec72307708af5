import Foundation
import Testing
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// PDF files, end to end (issue 23): a private value in a compressed stream fails the build,
/// and so does a PDF whose text Zuimei cannot read; the previous site stays as it was.
extension BuildPrivateDataTests {
    @Test func aPhoneInAStorysCompressedPDFPageFailsTheBuild() throws {
        let pdf = PDFFixture.page("BT /F1 12 Tf 72 700 Td (Tel:) Tj [(139)-250(1234)-250(0003)] TJ ET")
        let outcome = try attempt(["stories/2021/a/index.md": Self.story(body: "见[附件](certificate.pdf)。\n")],
                                  binary: ["stories/2021/a/certificate.pdf": pdf.data])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a/index.md", line: 15, key: "private.phone")
        #expect(outcome.leaks.contains {
            $0.problem == .privateDataLeak(key: "private.phone", output: "stories/2021/a/certificate.pdf",
                                           source: .copiedFile(outcome.temp.display("stories/2021/a/certificate.pdf")))
        })
    }

    /// Chinese as a page stores it: glyph numbers, read through the font's ToUnicode map.
    @Test func anAddressInAStorysPDFInChineseGlyphsFailsTheBuild() throws {
        let outcome = try attempt(["stories/2021/a/index.md": Self.story(body: "见[附件](推荐表.pdf)。\n")],
                                  binary: ["stories/2021/a/推荐表.pdf": PDFFixture.glyphPage("住址：\(Self.address)").data])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a/index.md", line: 17, key: "private.address")
    }

    @Test func anAuthorInAStaticPDFsObjectStreamFailsTheBuild() throws {
        var pdf = PDFFixture.page("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
        // As office programs write it: UTF-16BE behind its byte-order mark, in hex.
        let author = "FEFF" + Self.address.utf16.map { String(format: "%04X", $0) }.joined()
        let info = pdf.addObjectStream(["<< /Author <\(author)> /Producer (Zuimei tests) >>"])
        pdf.trailer = "/Info \(info[0]) 0 R"
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n")], binary: ["static/forms/list.pdf": pdf.data])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 17, key: "private.address")
    }

    /// Refused whatever it holds: Zuimei cannot read it, so it is not published unread.
    @Test(arguments: ["encrypted", "lzw", "bomb"])
    func aPDFZuimeiCannotReadFailsTheBuild(_ kind: String) throws {
        var pdf = PDFFixture.page("BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
        switch kind {
        case "encrypted":
            let encrypt = pdf.add("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <00> /U <00> >>")
            pdf.trailer = "/Encrypt \(encrypt) 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]"
        case "lzw":
            pdf = PDFFixture.page("", filter: "/LZWDecode", encode: { _ in Data([0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01]) })
        default:
            pdf = PDFFixture.page("", encode: { _ in PDFFixture.deflatedZeros(64 << 20) })
        }
        for folder in ["stories/2021/a/form.pdf", "static/form.pdf"] {
            let body = folder.hasPrefix("stories/") ? "见[附件](form.pdf)。\n" : "见附件。\n"
            let outcome = try attempt(["stories/2021/a/index.md": Self.story(body: body)], binary: [folder: pdf.data])
            defer { outcome.temp.remove() }
            #expect(!outcome.result.succeeded, "\(kind) in \(folder)")
            #expect(outcome.after == outcome.before, "the previous site changed")
            let refused = outcome.result.diagnostics.filter { $0.rule == "pdf-unreadable" }
            #expect(refused.map { outcome.relative($0) } == [folder], "\(kind): \(outcome.result.diagnostics.map(\.message))")
            #expect(refused.allSatisfy { $0.severity == .error && ($0.hint ?? "").contains("export") })
        }
    }

    /// `zuimei check` refuses it as the build does, and a clean PDF is remembered clean, not a refused one.
    @Test func aRefusedPDFIsRefusedAgainNotRememberedClean() throws {
        let temp = try TempContent(files: ["stories/2021/a/index.md": Self.story(body: "见[附件](form.pdf)。\n")])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        try temp.write("stories/2021/a/form.pdf", PDFFixture.page("", filter: "/LZWDecode", encode: { _ in Data([0x80, 0x0B]) }).data)
        let output = temporaryDirectory().appendingPathComponent("site").path
        for _ in 1...2 {
            let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
            #expect(result.diagnostics.contains { $0.rule == "pdf-unreadable" })
            #expect(!result.succeeded)
        }
        let check = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date, write: false))
        #expect(check.diagnostics.contains { $0.rule == "pdf-unreadable" })
    }
}
