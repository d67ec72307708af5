import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTemplates
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// A site's template override that prints a field without escaping (`{{{title}}}`) published
/// unescaped text: a warning at the tag; the rendered Markdown, unescaped in the theme too, is fine.
@Suite struct ThemeUnescapedTests {
    @Test func aTripleMustacheOnAFieldIsAWarningAtItsPlace() throws {
        let card = """
        <article class="story-card">
          <h2><a href="{{href}}">{{{title}}}</a></h2> {{& summary }}
        </article>
        """
        let temp = try TempContent(files: ["templates/partials/story-card.mustache": card,
                                           "templates/page.mustache": "{{<base}}{{$content}}{{{body}}}{{/content}}{{/base}}"])
        defer { temp.remove() }
        let (set, diagnostics) = Theme.templates(overrides: temp.display + "/templates", overridesDisplay: "Content/templates")
        #expect(set != nil)
        let found = diagnostics.map { ($0.file.hasSuffix("story-card.mustache"), $0.line, $0.column, $0.severity, $0.problem) }
        #expect(found.count == 2, "\(diagnostics)")
        #expect(found.contains { $0.0 && $0.1 == 2 && $0.2 == 26 && $0.3 == .warning
            && $0.4 == .unescapedInTemplate(template: "partials/story-card", name: "title") })
        #expect(found.contains { $0.0 && $0.1 == 2 && $0.2 == 47 && $0.4 == .unescapedInTemplate(template: "partials/story-card", name: "summary") })
    }
}

/// Serve parses the templates once and keeps them while every file is the same, byte for byte:
/// an edit, a new override, or a change of bytes alone (a precomposed é for e and an accent)
/// gives a new set, with its own warnings.
@Suite struct ThemeTemplateMemoTests {
    @Test func aChangedTemplateIsParsedAgain() throws {
        let footer = "templates/partials/footer.mustache"
        let temp = try TempContent(files: [footer: "<footer>école</footer>\n"])
        defer { temp.remove() }
        let memo = TemplateMemo()
        func load() -> (TemplateSet?, [Diagnostic]) {
            Theme.templates(overrides: temp.display + "/templates", overridesDisplay: "Content/templates", memo: memo)
        }
        let first = try #require(load().0)
        #expect(try #require(load().0).sources == first.sources)
        try temp.write(footer, "<footer>e\u{301}cole</footer>\n")
        let decomposed = try #require(load().0)
        #expect(decomposed.sources["partials/footer"].map { Array($0.utf8) } == Array("<footer>e\u{301}cole</footer>\n".utf8))
        try temp.write(footer, "<footer>{{{siteTitle}}}</footer>\n")
        let (_, warnings) = load()
        #expect(warnings.contains { $0.problem == .unescapedInTemplate(template: "partials/footer", name: "siteTitle") })
    }
}
