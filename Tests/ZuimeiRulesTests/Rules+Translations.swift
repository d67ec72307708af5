import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiRules

/// A translation's text is published: it is held to the rules over published text at its
/// source, as its original's (a draft's problems are warnings).
@Suite struct RulesTranslationTests {
    static let site = TempContent.site + "languages:\n  - {code: ug, name: \"ئۇيغۇرچە\"}\n"

    func check(translation: String, original: String = TempContent.story(adding: ["private:", "  phone: \"13912345678\""]))
        throws -> [(rule: String, line: Int, severity: Diagnostic.Severity)] {
        let temp = try TempContent(files: ["site.yml": Self.site, "stories/2021/x.md": original, "stories/2021/x.ug.md": translation])
        defer { temp.remove() }
        let content = try #require(loadContent(from: temp.display).content)
        #expect(content.translations.count == 1)
        return (checkRules(content) + checkBodies(content, on: Day(year: 2021, month: 11, day: 20)!))
            .filter { $0.file.hasSuffix("x.ug.md") }.map { ($0.rule, $0.line, $0.severity) }
    }

    @Test func anOriginalsPrivateValueInItsTranslationIsAnError() throws {
        let found = try check(translation: "---\ntitle: \"ماۋزۇ\"\n---\nتېلېفون 139 1234 5678.\n")
        #expect(found.map(\.rule) == ["private-data"] && found.first?.line == 4 && found.first?.severity == .error)
    }

    @Test func aBidiControlOrADataURLInATranslationIsFound() throws {
        let found = try check(translation: "---\ntitle: \"ماۋزۇ\u{202E}\"\n---\n![x](data:image/png;base64,AAAA)\n")
        #expect(Set(found.map(\.rule)) == ["bidi-control", "data-url"])
    }

    @Test func aDraftTranslationsProblemsAreWarnings() throws {
        let found = try check(translation: "---\ndraft: true\ntitle: \"ماۋزۇ\"\n---\n[x](nowhere.md) 13912345678\n")
        #expect(!found.isEmpty && found.allSatisfy { $0.severity == .warning })
        #expect(Set(found.map(\.rule)) == ["private-data", "broken-link"])
    }
}
