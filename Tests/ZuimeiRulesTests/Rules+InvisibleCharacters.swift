import Foundation
import Testing
import ZuimeiDiagnostics
@testable import ZuimeiRules

/// `control-character` and `bidi-control` read a text's bytes: each character they refuse is
/// found at its line and column, and the characters beside them in UTF-8 (U+FFFD, U+202F,
/// U+2065, U+206A, a Chinese text) are not.
@Suite struct RulesInvisibleCharactersTests {
    static func body(_ text: String) -> PublishedText {
        PublishedText(text: text, file: "Content/stories/2021/x/index.md", location: SourceLocation(file: "Content/stories/2021/x/index.md", line: 10, column: 1),
                      isBody: true, severity: .error)
    }

    @Test(arguments: [("第一行\n第二行x\u{FFFE}", "U+FFFE", 11, 5), ("正文\u{FFFF}", "U+FFFF", 10, 3), ("a\u{7F}", "U+007F", 10, 2),
                      ("一\n二\n三\u{1}", "U+0001", 12, 2)])
    func aControlCharacterIsFoundAtItsPlace(text: String, code: String, line: Int, column: Int) {
        let found = controlCharacters(in: Self.body(text))
        #expect(found.map(\.problem) == [.controlCharacter(code: code)])
        #expect(found.first?.line == line && found.first?.column == column)
    }

    @Test(arguments: ["第一行\n第二行", "a\tb", "\u{FFFD}\u{FFFC}\u{EFBF}\u{80}\u{9F}", "ئۇيغۇر"])
    func noControlCharacterInPlainText(text: String) {
        #expect(controlCharacters(in: Self.body(text)).isEmpty)
    }

    @Test(arguments: ["\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}"])
    func aBidiControlIsFoundAtItsPlace(control: String) {
        let found = bidiControls(in: Self.body("第一行\n第二" + control + "行"))
        #expect(found.map(\.problem) == [.bidiControl])
        #expect(found.first?.line == 11 && found.first?.column == 3)
    }

    @Test(arguments: ["\u{202F}", "\u{2029}", "\u{2065}", "\u{206A}", "\u{200F}", "\u{2067}\u{200D}"])
    func theCharactersBesideThemAreNotBidiControls(text: String) {
        let expected = text.unicodeScalars.contains { (0x2066...0x2069).contains($0.value) } ? 1 : 0
        #expect(bidiControls(in: Self.body("文字" + text)).count == expected)
    }
}
