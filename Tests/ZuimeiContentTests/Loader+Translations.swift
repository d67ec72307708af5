import Foundation
import Testing
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiContent

/// Translations (`x.ug.md`): read once the site's languages are known, text only, versioned.
@Suite struct LoaderTranslationTests {
    static let site = TempContent.site.replacingOccurrences(of: "prefectures:\n", with: """
        languages:
          - {code: ug, name: "ئۇيغۇرچە"}
          - {code: kk-Arab, name: "قازاقشا", prefix: kk}
        prefectures:

        """).replacingOccurrences(of: "{name: \"伊犁哈萨克自治州\", slug: ili}", with: "{name: \"伊犁哈萨克自治州\", slug: ili, ug: \"ئىلى\"}")

    func load(_ files: [String: String]) throws -> (Content?, [Diagnostic], TempContent) {
        var all = files
        all["site.yml"] = Self.site
        all["stories/2021/test-story.md"] = all["stories/2021/test-story.md"] ?? TempContent.story()
        let temp = try TempContent(files: all)
        let loaded = loadContent(from: temp.display)
        return (loaded.content, loaded.diagnostics, temp)
    }

    func translation(_ lines: [String], body: String = "تېكىست.\n") -> String {
        "---\n" + lines.joined(separator: "\n") + "\n---\n" + body
    }

    func version(_ content: Content?) -> String { content?.stories.first?.translationVersion ?? "" }

    @Test func theLanguagesAndTermNamesAreRead() throws {
        let (content, diagnostics, temp) = try load([:])
        defer { temp.remove() }
        #expect(diagnostics == [])
        let site = try #require(content?.site)
        #expect(site.languages.map(\.code) == ["zh-Hans", "ug", "kk-Arab"])
        #expect(site.languages.map(\.prefix) == ["", "ug/", "kk/"])
        #expect(site.languages.map(\.direction) == ["ltr", "rtl", "rtl"])
        #expect(site.prefectures.first?.names == ["ug": "ئىلى"])
    }

    @Test func aTranslationIsReadWithItsText() throws {
        let (probe, _, probeTemp) = try load([:])
        probeTemp.remove()
        let (content, diagnostics, temp) = try load([
            "stories/2021/test-story.ug.md": translation(["translated_from: \"\(version(probe))\"", "title: \"ماۋزۇ\"", "name: \"ئادەم\""]),
        ])
        defer { temp.remove() }
        #expect(diagnostics == [])
        let found = try #require(content?.translations.first)
        #expect(found.language == "ug" && found.kind == .story && found.original == "stories/2021/test-story.md")
        #expect(found.fields == ["title": "ماۋزۇ", "name": "ئادەم"])
        #expect(found.body == "تېكىست.\n" && !found.draft)
    }

    @Test func aFactCannotBeTranslated() throws {
        let (content, diagnostics, temp) = try load([
            "stories/2021/test-story.ug.md": translation(["title: \"ماۋزۇ\"", "prefecture: \"喀什地区\"", "private:", "  phone: \"13912345678\""]),
        ])
        defer { temp.remove() }
        #expect(diagnostics.filter { $0.severity == .error }.map(\.problem) == [
            .translationSetsFact(key: "prefecture"), .translationSetsFact(key: "private"),
        ])
        #expect(diagnostics.first { $0.problem == .translationSetsFact(key: "prefecture") }?.line == 3)
        #expect(content?.translations == [])
    }

    @Test func aChangedOriginalMakesItsTranslationOutdated() throws {
        let (content, diagnostics, temp) = try load([
            "stories/2021/test-story.ug.md": translation(["translated_from: \"000000000000\"", "title: \"ماۋزۇ\""]),
        ])
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.translationOutdated(language: "ug", recorded: "000000000000", current: version(content))])
        #expect(diagnostics.first?.severity == .warning && diagnostics.first?.line == 2)
        #expect(content?.translations.count == 1)
    }

    @Test func theVersionIsTheTextNotTheFacts() {
        var story = Story(year: 2021, slug: "x", title: "标题", name: "名", born: YearMonth(year: 1990, month: 5)!, university: "大学",
                          graduated: 2012, prefecture: "伊犁哈萨克自治州", workplace: "村", grassrootsSince: YearMonth(year: 2012, month: 8)!,
                          programs: [], fields: [], status: .draft, winner: false, date: Day(year: 2021, month: 8, day: 1)!,
                          body: "正文", files: [], source: SourceFile(display: "x.md", relative: "x.md"), locations: [:], privateValues: [])
        let before = story.translationVersion
        story.status = .approved
        story.date = Day(year: 2021, month: 9, day: 1)!
        #expect(story.translationVersion == before)
        story.body = "正文改了"
        #expect(story.translationVersion != before)
        #expect(before.count == 12)
    }

    @Test func anUnknownLanguageIsAWarningAndAnOrphanAnError() throws {
        let (content, diagnostics, temp) = try load([
            "stories/2021/test-story.en.md": translation(["title: \"Title\""]),
            "stories/2021/nobody.ug.md": translation(["title: \"ماۋزۇ\""]),
        ])
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem).contains(.unknownLanguage(language: "en", known: ["ug", "kk-Arab"])))
        #expect(diagnostics.map(\.problem).contains(.translationWithoutOriginal(
            language: "ug", original: temp.display + "/stories/2021/nobody.md")))
        #expect(diagnostics.first { $0.problem.rule == "translation-language" }?.severity == .warning)
        #expect(diagnostics.first { $0.problem.rule == "translation-original" }?.severity == .error)
        #expect(content?.translations == [])
    }

    @Test func aDraftTranslationBlocksNobody() throws {
        let (content, diagnostics, temp) = try load([
            "stories/2021/test-story.ug.md": translation(["draft: true", "title: \"\"", "prefecture: \"喀什地区\""]),
        ])
        defer { temp.remove() }
        #expect(!diagnostics.isEmpty && diagnostics.allSatisfy { $0.severity == .warning })
        // Not published, not even in a preview, until it has no problems.
        #expect(content?.translations == [])
    }

    @Test func aLanguagePrefixCannotTakeASectionsName() throws {
        let temp = try TempContent(files: ["site.yml": TempContent.site + "languages:\n  - {code: ug, name: \"ئۇيغۇرچە\", prefix: stories}\n"])
        defer { temp.remove() }
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.map(\.problem) == [.badSlug(slug: "stories")])
    }

    @Test func anEditionsTitleTranslates() throws {
        let (content, diagnostics, temp) = try load(["editions/2021.ug.yml": "title: \"2021-يىلى\"\n"])
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.translationUnversioned(language: "ug", current: content?.editions[2021]?.translationVersion ?? "")])
        #expect(content?.translations.first?.kind == .edition)
        #expect(content?.translations.first?.fields == ["title": "2021-يىلى"])
    }
}

/// What the review of the translations found (hostile and careless input), each now a diagnostic.
@Suite struct LoaderTranslationReviewTests {
    func load(site: String, files: [String: String] = [:]) throws -> ([Diagnostic], Content?, TempContent) {
        var all = files
        all["site.yml"] = site
        let temp = try TempContent(files: all)
        let loaded = loadContent(from: temp.display)
        return (loaded.diagnostics, loaded.content, temp)
    }

    @Test func twoTermsCannotShareANameInALanguage() throws {
        let site = LoaderTranslationTests.site.replacingOccurrences(of: "{name: \"喀什地区\", slug: kashgar}",
                                                                    with: "{name: \"喀什地区\", slug: kashgar, ug: \"ئىلى\"}")
        let (diagnostics, _, temp) = try load(site: site)
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.duplicateTerm(kind: "prefecture", value: "ئىلى")])
        // Nor the name another term keeps there untranslated.
        let kept = TempContent.site.replacingOccurrences(of: "prefectures:\n", with: "languages: [{code: ug, name: \"ئۇيغۇرچە\"}]\nprefectures:\n")
            .replacingOccurrences(of: "{name: \"喀什地区\", slug: kashgar}", with: "{name: \"喀什地区\", slug: kashgar, ug: \"伊犁哈萨克自治州\"}")
        let (second, _, temp2) = try load(site: kept)
        defer { temp2.remove() }
        #expect(second.map(\.problem) == [.duplicateTerm(kind: "prefecture", value: "伊犁哈萨克自治州")])
    }

    @Test func aCodeIsWrittenAsFilesAreNamedAndAPrefixIsNotShared() throws {
        let site = TempContent.site.replacingOccurrences(of: "prefectures:\n", with: """
            languages:
              - {code: UG, name: "ئۇيغۇرچە"}
              - {code: ug, name: "ئۇيغۇرچە"}
              - {code: kk-Arab, name: "قازاقشا", prefix: ug}
            prefectures:

            """).replacingOccurrences(of: "slug: ili}", with: "slug: ili, UG: \"ئىلى\", kk-Arab: \"ئىلە\"}")
        let (diagnostics, _, temp) = try load(site: site)
        defer { temp.remove() }
        // One error each, no cascade of unknown keys for the languages refused.
        #expect(diagnostics.map(\.problem) == [
            .wrongType(key: "languages[0].code", expected: "a language tag such as ug or kk-Arab (its first part lowercase)"),
            .duplicateTerm(kind: "language prefix", value: "ug"),
        ])
    }

    @Test func translatedFromIsAVersionOrAnError() throws {
        let (diagnostics, content, temp) = try load(site: LoaderTranslationTests.site, files: [
            "stories/2021/x.md": TempContent.story(),
            "stories/2021/x.ug.md": "---\ntranslated_from: \"\\e[2Jforged\"\ntitle: \"ماۋزۇ\"\n---\n",
        ])
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.wrongType(key: "translated_from",
                                                          expected: "the original's version: 12 hexadecimal digits, as zuimei new translation writes them")])
        #expect(content?.translations == [])
    }

    @Test func aDraftWithoutItsOriginalOrThatDoesNotParseBlocksNobody() throws {
        let (diagnostics, _, temp) = try load(site: LoaderTranslationTests.site, files: [
            "stories/2021/gone.ug.md": "---\ndraft: true\ntitle: \"ماۋزۇ\"\n---\n",
            "pages/about.md": "---\ntitle: \"关于\"\n---\n",
            "pages/about.ug.md": "---\ndraft: true\ntitle: [oops\n---\n",
        ])
        defer { temp.remove() }
        #expect(diagnostics.count == 2 && diagnostics.allSatisfy { $0.severity == .warning })
        #expect(Set(diagnostics.map(\.problem.rule)) == ["translation-original", "yaml-syntax"])
    }

    @Test func anOriginalThatDoesNotLoadGetsNoSecondError() throws {
        let (diagnostics, _, temp) = try load(site: LoaderTranslationTests.site, files: [
            "pages/about.md": "---\nsummary: \"没有标题\"\n---\n",
            "pages/about.ug.md": "---\ntitle: \"ھەققىدە\"\n---\n",
        ])
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.missingKey(key: "title")])
    }
}
