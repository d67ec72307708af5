import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiScaffold
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// A site in two languages, built end to end.
@Suite struct BuildTranslationTests {
    static let site = TempContent.site.replacingOccurrences(of: "prefectures:\n", with: """
        languages:
          - {code: ug, name: "ئۇيغۇرچە", title: "سىناق بېكەت"}
        prefectures:

        """)

    func build(_ files: [String: String], date: String = "2021-11-20") throws -> (BuildResult, [String: Data]) {
        var all = files
        all["site.yml"] = all["site.yml"] ?? Self.site
        let temp = try TempContent(files: all)
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: day(date)))
        return (result, readTree(output))
    }

    func translation(_ title: String, body: String = "تېكىست.\n") -> String { "---\ntitle: \"\(title)\"\n---\n" + body }

    /// What a translation leaves untranslated is marked by what it is, not by what it says: the
    /// same words translated in one story and left in another are marked only where left.
    @Test func untranslatedFieldsCarryTheOriginalsLanguage() throws {
        let (result, tree) = try build([
            "stories/2021/x.md": TempContent.story(),
            "stories/2021/x.ug.md": "---\ntitle: \"ماۋزۇ\"\nname: \"ئايشەم\"\n---\nتېكىست.\n",
            "stories/2021/z.md": TempContent.story(replacing: ["name": "name: \"ئايشەم\""]),
            "stories/2021/z.ug.md": "---\ntitle: \"ماۋزۇ 2\"\nworkplace: \"كەنت\"\n---\nتېكىست.\n",
        ])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        let zh = #"<span lang="zh-Hans" dir="ltr">"#
        let x = text(tree["ug/stories/2021/x/index.html"]), z = text(tree["ug/stories/2021/z/index.html"])
        // x translates the name and leaves the workplace; z's original name is x's translated one, and z leaves it.
        #expect(x.contains("<dd dir=\"auto\">ئايشەم</dd>") && x.contains("<dd dir=\"auto\">\(zh)某村委会</span></dd>"))
        #expect(z.contains("<dd dir=\"auto\">\(zh)ئايشەم</span></dd>") && z.contains("<dd dir=\"auto\">كەنت</dd>"))
        let announcement = text(tree["ug/editions/2021/announcement/index.html"])
        #expect(announcement.contains("<td dir=\"auto\">ئايشەم</td><td>\(zh)伊犁哈萨克自治州</span></td><td>\(zh)某村委会</span></td>"))
        #expect(announcement.contains("<td dir=\"auto\">\(zh)ئايشەم</span></td><td>\(zh)伊犁哈萨克自治州</span></td><td>كەنت</td>"))
    }

    @Test func aTranslatedStoryHasItsPageInItsLanguageWithTheOriginalsPhoto() throws {
        let photo = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/wide-2400.jpg"))
        var files = ["stories/2021/x/index.md": TempContent.story(adding: ["photo: photo.jpg", "photo_alt: \"照片\""],
                                                                  body: "正文。\n\n![照片](photo.jpg)\n"),
                     "stories/2021/x/index.ug.md": translation("ماۋزۇ", body: "تېكىست.\n\n![رەسىم](photo.jpg)\n")]
        files["stories/2021/y.md"] = TempContent.story(replacing: ["prefecture": "prefecture: \"喀什地区\""])
        let temp = try TempContent(files: files)
        defer { temp.remove() }
        try temp.write("site.yml", Self.site)
        try temp.write("stories/2021/x/photo.jpg", photo)
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: day("2021-11-20")))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        let tree = readTree(output)
        let page = text(tree["ug/stories/2021/x/index.html"])
        #expect(page.contains(#"<html lang="ug" dir="rtl">"#))
        #expect(page.contains("<h1 dir=\"auto\">ماۋزۇ</h1>"))
        // The photo is the original's, not copied again; Open Graph names it where it is.
        #expect(tree.keys.filter { $0.hasPrefix("ug/stories/2021/x/") } == ["ug/stories/2021/x/index.html"])
        #expect(page.contains(#"src="../../../../stories/2021/x/"#))
        // The photo shown in the text has its sizes, from the original's folder, as on the original's page.
        #expect(text(tree["stories/2021/x/index.html"]).contains(#"<img src="photo.jpg" srcset="photo-480w.jpg 480w"#))
        #expect(page.contains(#"<img src="../../../../stories/2021/x/photo.jpg" srcset="../../../../stories/2021/x/photo-480w.jpg 480w"#))
        #expect(page.contains(#"content="https://zuimei.fixture/zuimei/stories/2021/x/"#))
        // Only what is translated is listed in the language; the other story is not.
        #expect(tree["ug/stories/2021/y/index.html"] == nil)
        #expect(text(tree["ug/feed.xml"]).contains("<language>ug</language>"))
        // Both versions name each other.
        let original = text(tree["stories/2021/x/index.html"])
        for html in [page, original] {
            #expect(html.contains(#"<link rel="alternate" hreflang="ug" href="https://zuimei.fixture/zuimei/ug/stories/2021/x/">"#))
            #expect(html.contains(#"<link rel="alternate" hreflang="x-default" href="https://zuimei.fixture/zuimei/stories/2021/x/">"#))
        }
        // The untranslated story's switcher leads to the notice, with the way back.
        #expect(text(tree["stories/2021/y/index.html"]).contains(#"href="../../../ug/untranslated/index.html#stories/2021/y/""#))
    }

    @Test func aStaticFileWhereALanguageNeedsItsFolderIsAnError() throws {
        let (result, _) = try build(["stories/2021/x.md": TempContent.story(), "stories/2021/x.ug.md": translation("ماۋزۇ"),
                                     "static/ug": "not a folder"])
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.rule) == ["duplicate-url"])
        #expect(result.diagnostics.first { $0.rule == "duplicate-url" }?.file.hasSuffix("static/ug") == true)
    }

    @Test func aScaffoldKeepsEveryOriginalLineInItsComment() throws {
        let temp = try TempContent(files: [
            "site.yml": Self.site,
            "stories/2021/x.md": TempContent.story(adding: ["summary: \"概要\u{2028}title: 注入\u{85}name: 注入\r\""]),
        ])
        defer { temp.remove() }
        let path = try Scaffold.translation(id: "2021/x", language: "ug", content: temp.display)
        let loaded = loadContent(from: temp.display)
        // The untouched scaffold is a draft: no error, and its YAML has no key the comment held.
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.message))")
        #expect(loaded.diagnostics.allSatisfy { $0.severity == .warning })
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!written.contains("\u{2028}") && !written.contains("\u{85}") && written.contains("draft: true"))
        #expect(throws: Scaffold.Failure.exists(path)) { try Scaffold.translation(id: "2021/x", language: "ug", content: temp.display) }
        #expect(throws: Scaffold.Failure.unknownLanguage("kk-Arab", known: ["ug"])) {
            try Scaffold.translation(id: "2021/x", language: "kk-Arab", content: temp.display)
        }
    }

    /// Through the theme's `partials/text`, decided on the Markdown tree (issue 25 item 3).
    @Test func chineseQuotedInATranslationIsMarkedOutsideTags() throws {
        let templates = try #require(Theme.templates(overrides: nil, overridesDisplay: "").0)
        let hooks = MarkdownTheme(templates: templates).hooks(quoted: "zh-Hans")
        func marked(_ markdown: String) -> String { renderMarkdown(markdown, hooks: hooks).html }
        #expect(marked("ئىسمى 阿依夏木、伊宁 دېگەن ![伊宁](a.jpg) 。")
                == "<p>ئىسمى <span lang=\"zh-Hans\" dir=\"ltr\">阿依夏木、伊宁</span> دېگەن <img src=\"a.jpg\" alt=\"伊宁\" /> 。</p>\n")
        #expect(marked("ئىسمى") == "<p>ئىسمى</p>\n")
        // The punctuation around a quote, the marks of a character, 々 and the supplementary planes are in the run.
        let span = #"<span lang="zh-Hans" dir="ltr">"#
        #expect(marked("يەنى 「伊宁县」。 ۋە 葛\u{E0100}城 中々 𰀀")
                == "<p>يەنى \(span)「伊宁县」。</span> ۋە \(span)葛\u{E0100}城</span> \(span)中々</span> \(span)𰀀</span></p>\n")
    }
}
