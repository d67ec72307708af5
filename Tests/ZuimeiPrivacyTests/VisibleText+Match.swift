import Foundation
import Testing
@testable import ZuimeiPrivacy

@Suite("Private values: folding and matching")
struct VisibleTextMatchTests {
    let phone = "13912340003"
    let address = "伊宁市解放路12号3单元"

    func found(_ value: String, in text: String, kind: ScanKind = .text) -> Bool {
        let matcher = Matcher([Needle(folded: Fold.fold(value), id: 7)])
        return !matcher.matches(in: Data(text.utf8), kind: kind).isEmpty
    }

    @Test func foldingDropsSpacesSeparatorsAndWidth() {
        #expect(Fold.fold("139 1234 0003") == Fold.fold(phone))
        #expect(Fold.fold("139-1234-0003\n") == Fold.fold(phone))
        #expect(Fold.fold("１３９．１２３４．０００３") == Fold.fold(phone))
        #expect(Fold.fold("\u{200B}139\u{3000}12340003") == Fold.fold(phone))
        #expect(Fold.fold("65999919900211003X") == Fold.fold("65999919900211003x"))
        #expect(Fold.fold("伊宁市，解放路 12 号\n3 单元") == Fold.fold(address))
        #expect(Fold.fold("١٣٩١٢٣٤٠٠٠٣") == Fold.fold(phone))  // Arabic-Indic digits
        #expect(Fold.fold("①③⑨") == Fold.fold("139"))
    }

    @Test(arguments: [
        "<p><strong>139</strong>12340003</p>",
        "<p>1391234<b></b>0003</p>",
        "<p>139\n1234\n0003</p>",
        "<p>&#49;&#51;&#57;12340003</p>",
        "<p>&#x31;39&nbsp;1234&nbsp;0003</p>",
        "<a href=\"https://map.example/?tel=139%2012340003\">地图</a>",
        "<img alt=\"139-1234-0003\" src=\"x.jpg\">",
        "<!-- 13912340003 -->",
        "<p>139一1234一0003</p>",
        "<p>139\u{3164}1234\u{FFA0}0003</p>",
        "<p>❶❸❾➀➁➂➃〇〇〇⓷</p>",
        "<p>1391&sup2340003</p>",
        "<p>&#0000000049;3912340003</p>",
        "<p>139\u{202E}1234\u{202C}0003</p>",
        "<img src=a.png alt=\"139\"><img src=b.png alt=\"1234\"><img alt='0003' src=c.png>",
    ])
    func phoneIsFoundHowever(_ disguised: String) {
        #expect(found(phone, in: disguised))
    }

    @Test func scriptsAndStylesHaveTheirEscapes() {
        #expect(found(phone, in: "{\"text\":\"\\u0031\\u00339 1234 0003\"}", kind: .script))
        #expect(found(phone, in: "var a = '\\61\\63\\71' + '12340003';", kind: .script))
        #expect(found(phone, in: "var a = '\\061\\063\\071' + '12340003';", kind: .script))
        #expect(found(phone, in: "p::after { content: \"\\31 \\33 \\39 12340003\" }", kind: .style))
    }

    @Test func decodingNeverHidesDigits() {
        // A reader sees these literally; decoding must not swallow the value's first digits.
        #expect(found(phone, in: "<p>电话%13912340003</p>"))
        #expect(found(phone, in: "<p>电话\\x13912340003</p>"))
        #expect(found(phone, in: "<p>电话\\u139123400031</p>"))
    }

    @Test func traditionalAndRadicalFormsAreTheSameCharacters() {
        #expect(found("于田县示例街道幸福巷21号", in: "<p>於田縣示例街道幸福巷21號</p>"))
        #expect(found("该同志医德医风好，业务能力强", in: "<p>该同志医德医⻛好，业务能⼒强</p>"))
    }

    @Test func aDashLikeIdeographIsALetterElsewhere() {
        #expect(Fold.fold("一二三") == Fold.fold("一二三"))
        #expect(Fold.fold("3一楼") != Fold.fold("3楼"))
        #expect(Fold.fold("3一4") == Fold.fold("34"))
    }

    @Test func percentEncodedChineseIsFound() {
        let encoded = address.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(found(address, in: "<a href=\"https://map.example/?q=\(encoded)\">地图</a>"))
        #expect(found(address, in: "{\"q\":\"\\u4f0a\\u5b81\\u5e02解放路12号3单元\"}", kind: .script))
    }

    @Test func otherTextIsNotAMatch() {
        #expect(!found(phone, in: "<p>13912340004</p>"))
        #expect(!found(phone, in: "<p>139a12340003</p>"))
        #expect(!found(address, in: "<p>伊宁市解放路13号</p>"))
    }

    @Test func textInsideATagIsNotJoinedToTheTextAround() {
        // "139" before a tag and "12340003" in its attribute are two runs.
        #expect(!found(phone, in: "<p>139<a href=\"12340003\">x</a></p>"))
    }

    @Test func binaryFilesAreReadAsUTF8AndUTF16() {
        var bytes = Data([0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10])
        bytes += Data("Owner 139 1234 0003".utf8) + Data([0x00, 0x01])
        #expect(!Matcher([Needle(folded: Fold.fold(phone), id: 1)]).matches(in: bytes, kind: .binary).isEmpty)
        var utf16 = Data([0x00, 0x00, 0x07])
        for unit in address.utf16 { utf16.append(UInt8(unit & 0xFF)); utf16.append(UInt8(unit >> 8)) }
        #expect(!Matcher([Needle(folded: Fold.fold(address), id: 1)]).matches(in: utf16, kind: .binary).isEmpty)
        var big = Data()
        for unit in address.utf16 { big.append(UInt8(unit >> 8)); big.append(UInt8(unit & 0xFF)) }
        #expect(!Matcher([Needle(folded: Fold.fold(address), id: 1)]).matches(in: big, kind: .binary).isEmpty)
    }

    @Test func binaryControlBytesSeparateRuns() {
        let bytes = Data("139".utf8) + Data([0x00]) + Data("12340003".utf8)
        #expect(Matcher([Needle(folded: Fold.fold(phone), id: 1)]).matches(in: bytes, kind: .binary).isEmpty)
    }

    @Test func offsetsPointAtTheOccurrence() {
        let text = "第一行\n他的电话是 139 1234 0003。\n"
        let matches = Matcher([Needle(folded: Fold.fold(phone), id: 3)]).matches(in: text)
        #expect(matches.count == 1)
        let position = text.lineAndColumn(ofUTF8Offset: matches[0].offset)
        #expect(position.line == 2)
        #expect(position.column == 7)
    }

    @Test func shortValuesAreNotGuardable() {
        #expect(!Guardable.isGuardable(Fold.fold("2019")))
        #expect(!Guardable.isGuardable(Fold.fold("张伟")))
        #expect(!Guardable.isGuardable(Fold.fold("3号楼")))
        #expect(!Guardable.isGuardable(Fold.fold("830000")))  // six digits: a postcode, and chance in any numeric data
        #expect(Guardable.isGuardable(Fold.fold("8561234")))  // a local landline
        #expect(Guardable.isGuardable(Fold.fold("AB1234")))
        #expect(Guardable.isGuardable(Fold.fold("阿依夏木")))
        #expect(Guardable.isGuardable(Fold.fold(phone)))
    }

    @Test func manyNeedlesOnePass() {
        let needles = (0..<2000).map { Needle(folded: Fold.fold(String(13_900_000_000 + $0 * 7)), id: $0) }
        let matcher = Matcher(needles)
        let text = "电话 139-0000-0700 与 13900013993"
        let ids = Set(matcher.matches(in: text).map(\.id))
        #expect(ids == [100, 1999])
    }
}

@Suite("Private values in PDF files")
struct PDFStringsTests {
    let phone = "13912340003"

    func foundInPDF(_ body: String) throws -> Bool {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(("%PDF-1.4\n" + body + "\n%%EOF\n").utf8).write(to: URL(fileURLWithPath: path))
        let matcher = Matcher([Needle(folded: Fold.fold(phone), id: 1)])
        return !(matcher.matches(inFile: path, kind: .binary) ?? []).isEmpty
    }

    @Test(arguments: [
        "1 0 obj << /Author (\\061\\063\\0711234\\060\\06003) >> endobj",
        "BT [(139)-250(1234)-250(0003)] TJ ET",
        "1 0 obj << /Title <3133393132333430303033> >> endobj",
        "1 0 obj << /Title <FEFF00310033003900310032003300340030003000300033> >> endobj",
    ])
    func stringsAreDecoded(_ body: String) throws {
        #expect(try foundInPDF(body))
    }

    @Test func imagesAreSkippedNotMisread() throws {
        // Were the picture's bytes read as strings, "139" in them would join "12340003" after them.
        #expect(try !foundInPDF("1 0 obj << /Subtype /Image /Length 5 >> stream\n(139)\nendstream endobj\n"
            + "2 0 obj << /Length 21 >> stream\nBT (12340003) Tj ET\nendstream endobj"))
        #expect(try foundInPDF("1 0 obj << /Length 5 >> stream\n(139)\nendstream endobj\n"
            + "2 0 obj << /Length 21 >> stream\nBT (12340003) Tj ET\nendstream endobj"))
    }
}
