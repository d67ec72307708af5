import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// Invisible control characters in a field (a YAML escape) or in the text never reach a page:
/// each is a `control-character` error where it is written.
@Suite struct BuildControlCharactersTests {
    @Test func controlCharactersInAFieldAndInTheTextAreErrorsWhereTheyAre() throws {
        let story = TempContent.story(replacing: ["name": "name: \"测试\\u001B人物\""], body: "正文。\n第二行\u{0B}有一个垂直制表符。\n")
        let temp = try TempContent(files: ["stories/2021/control/index.md": story])
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: day("2021-12-31")))
        let found = result.diagnostics.filter { $0.problem.rule == "control-character" }.map { ($0.line, $0.column, $0.problem) }
        #expect(found.count == 2, "\(result.diagnostics)")
        #expect(found.contains { $0.0 == 3 && $0.2 == .controlCharacter(code: "U+001B") })
        #expect(found.contains { $0.0 == 16 && $0.1 == 4 && $0.2 == .controlCharacter(code: "U+000B") })
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}

/// A name or title written right to left (Uyghur) inside a Chinese page is isolated, so its
/// direction cannot reorder the text around it: `dir="auto"` on the elements that hold a title
/// or a name, `<bdi>` where a name sits inside a line of other text.
@Suite struct BuildIsolationTests {
    @Test func namesAndTitlesAreIsolated() throws {
        let story = TempContent.story(replacing: ["name": "name: \"ئايگۈل\"", "title": "title: \"ئايگۈلنىڭ ھېكايىسى\""])
        let temp = try TempContent(files: ["stories/2021/rtl/index.md": story])
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: day("2021-12-31")))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let page = text(FileManager.default.contents(atPath: output + "/stories/2021/rtl/index.html"))
        #expect(page.contains(#"<h1 dir="auto">ئايگۈلنىڭ ھېكايىسى</h1>"#))
        #expect(page.contains(#"<dd dir="auto">ئايگۈل</dd>"#))
        let list = text(FileManager.default.contents(atPath: output + "/stories/index.html"))
        #expect(list.contains("<bdi>ئايگۈل</bdi> · "))
        #expect(list.contains(#"dir="auto">ئايگۈلنىڭ ھېكايىسى</a>"#))
    }
}
