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

/// The rules that need rendering (links, length), the private-data guard and
/// preview builds, each on a small site built end to end.
@Suite struct BuildRulesTests {
    static let date = day("2021-12-31")

    struct Found: Equatable, CustomStringConvertible {
        var rule: String, file: String, line: Int, severity: Diagnostic.Severity
        var description: String { "\(file):\(line) \(severity) [\(rule)]" }
    }

    /// Builds a temp site (the default site.yml and edition, with a wide story_length) plus `files`.
    func build(_ files: [String: String], preview: Bool = false, edition: String? = nil)
        throws -> (BuildResult, [Found], output: String, temp: TempContent) {
        let temp = try TempContent(files: files)
        try temp.write("editions/2021.yml", edition ?? TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date, preview: preview))
        let found = result.diagnostics.map {
            Found(rule: $0.rule, file: String($0.file.dropFirst(temp.display.count + 1)), line: $0.line, severity: $0.severity)
        }
        return (result, found, output, temp)
    }

    func story(_ replacing: [String: String] = [:], adding: [String] = [], body: String = "正文。\n") -> String {
        TempContent.story(replacing: replacing, adding: adding, body: body)
    }

    /// A story with a missing photo still has every file of its folder checked in the same run,
    /// and a file whose bytes are not its type is named for the type its name says, in Chinese too.
    @Test func everyFileOfAStoryFolderIsCheckedInOneRun() throws {
        let temp = try TempContent(files: ["stories/2021/a/index.md": story(adding: ["photo: missing.jpg", "photo_alt: \"照片\""])])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let jpeg = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/wide-2400.jpg"))
        try temp.write("stories/2021/a/推荐表.csv", Data("姓名,电话\n".utf8))
        try temp.write("stories/2021/a/推荐表.docx", Data([0x50, 0x4B, 0x03, 0x04, 0, 0]))
        try temp.write("stories/2021/a/证书.pdf", Data("not a PDF at all".utf8))
        try temp.write("stories/2021/a/x.png", jpeg)
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(Set(errors.map { "\($0.rule) \($0.file.split(separator: "/").last!)" })
                == ["photo-missing index.md", "attachment-type 推荐表.csv", "attachment-type 推荐表.docx",
                    "file-type 证书.pdf", "file-type x.png"])
        let pdf = try #require(errors.first { $0.file.hasSuffix("证书.pdf") })
        #expect(pdf.problem == .wrongFileType(path: "证书.pdf", declared: "pdf", detected: nil))
        #expect(pdf.message.contains("its name says PDF") && !pdf.message.contains("image"))
        let png = try #require(errors.first { $0.file.hasSuffix("x.png") })
        #expect(png.problem.hint(in: .chinese)?.contains("（.jpg）") == true)
        // In Chinese, no English words: only the file's name and its type.
        for error in errors where error.rule == "file-type" {
            let words = (error.problem.message(in: .chinese) + (error.problem.hint(in: .chinese) ?? "")).split { !$0.isASCII || !$0.isLetter }
            #expect(Set(words).isSubset(of: ["PDF", "PNG", "JPEG", "x", "png", "pdf", "jpg"]), "\(words)")
        }
    }

    /// A file of a story's folder that nothing links to (a forgotten scan) is named in a warning
    /// and not published; one the text links to, however written, is.
    @Test func aFileNothingLinksToIsNamedAndNotPublished() throws {
        let body = "见[证书](./%E8%AF%81%E4%B9%A6.pdf#page=2)。\n"
        let temp = try TempContent(files: ["stories/2021/a/index.md": story(adding: ["photo: photo.jpg", "photo_alt: \"照片\""], body: body)])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let jpeg = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/wide-2400.jpg"))
        try temp.write("stories/2021/a/photo.jpg", jpeg)
        try temp.write("stories/2021/a/扫描件.jpg", jpeg)
        try temp.write("stories/2021/a/证书.pdf", Data("%PDF-1.4\n%%EOF\n".utf8))
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        let unlinked = result.diagnostics.filter { $0.rule == "file-unlinked" }
        #expect(unlinked.map(\.problem) == [.unlinkedFile(path: "扫描件.jpg")] && unlinked.allSatisfy { $0.severity == .warning })
        #expect(unlinked.first?.file.hasSuffix("stories/2021/a/扫描件.jpg") == true)
        let files = Set(readTree(output).keys)
        #expect(files.contains("stories/2021/a/证书.pdf") && files.contains("stories/2021/a/photo.jpg"))
        #expect(!files.contains { $0.contains("扫描件") })
    }

    @Test func linksToContentFilesBecomeLinksToTheirPages() throws {
        let (result, found, output, temp) = try build([
            "stories/2021/first.md": story(body: "见[第二篇](second/index.md#经历)和[学习](/study/guide.md)。\n"),
            "stories/2021/second/index.md": story(["prefecture": "prefecture: \"喀什地区\""], body: "回到[第一篇](../first.md)。\n"),
            "study/guide.md": "---\ntitle: 学习\ndate: 2021-11-15\n---\n读[第一篇](../stories/2021/first.md)。\n",
        ])
        defer { temp.remove() }
        #expect(found == [])
        #expect(result.succeeded)
        let files = readTree(output)
        #expect(text(files["stories/2021/first/index.html"]).contains(#"href="../../../stories/2021/second/index.html#%E7%BB%8F%E5%8E%86""#))
        #expect(text(files["stories/2021/first/index.html"]).contains(#"href="../../../study/guide/index.html""#))
        #expect(text(files["stories/2021/second/index.html"]).contains(#"href="../../../stories/2021/first/index.html""#))
        #expect(text(files["study/guide/index.html"]).contains(#"href="../../stories/2021/first/index.html""#))
        let feed = try FeedParser.parse(try #require(files["feed.xml"]))
        let content = feed.items.compactMap { $0.fields["content:encoded"] }.joined()
        #expect(content.contains(#"href="https://zuimei.fixture/zuimei/stories/2021/second/#%E7%BB%8F%E5%8E%86""#))
        #expect(content.contains(#"href="https://zuimei.fixture/zuimei/study/guide/""#))
    }

    @Test func aLinkToAFileThatDoesNotExist() throws {
        let (result, found, _, temp) = try build([
            "stories/2021/first.md": story(body: "第一行。\n\n见[别处](../2020/nobody.md)。\n"),
        ])
        defer { temp.remove() }
        // The body starts on line 15: the link is on the body's third line.
        #expect(found == [Found(rule: "broken-link", file: "stories/2021/first.md", line: 17, severity: .error)])
        #expect(!result.succeeded)
    }

    /// A link from the site's root (`/index.html`) leads to the site's root, not the server's: a
    /// mirror under a sub-path keeps it, and no warning is needed. `//host` is another site.
    @Test func aRootRelativeLinkLeadsToTheSitesRoot() throws {
        let (result, found, output, temp) = try build([
            "stories/2021/first.md": story(body: "见[首页](/index.html)、[外站](//example.com/x)和[上层](%2e%2e/%2E%2e/%2e./../x.pdf)。\n"),
        ])
        defer { temp.remove() }
        #expect(found == [])
        #expect(result.succeeded)
        let page = text(readTree(output)["stories/2021/first/index.html"])
        #expect(page.contains(#"href="../../../index.html""#) && page.contains(#"href="//example.com/x""#))
        // Encoded dot segments climb like `..`, and no further than the site's root.
        #expect(page.contains(#"href="../../../x.pdf""#), "\(page)")
    }

    @Test func aPublishedStoryMustNotLinkToAnUnpublishedOne() throws {
        let (_, found, _, temp) = try build([
            "stories/2021/first.md": story(body: "见[草稿](draft.md)。\n"),
            "stories/2021/draft.md": story(["status": "status: draft"], body: "见[第一篇](first.md)。\n"),
        ])
        defer { temp.remove() }
        // The draft may link to the published story; the published one may not link to the draft.
        #expect(found == [Found(rule: "unpublished-link", file: "stories/2021/first.md", line: 15, severity: .error)])
    }

    @Test func aPublishedStudyPageMustNotNameAnUnpublishedStory() throws {
        let (_, found, _, temp) = try build([
            "stories/2021/later.md": story(["date": "date: 2022-03-01"]),
            "study/guide.md": "---\ntitle: 学习\ndate: 2021-11-15\nstories: [\"2021/later\"]\n---\n正文\n",
        ])
        defer { temp.remove() }
        #expect(found == [Found(rule: "unpublished-link", file: "study/guide.md", line: 4, severity: .error)])
    }

    /// An unclosed quote is reported on its own line (libyaml's error is lines later), once:
    /// the study page that names the story does not add "story does not exist".
    @Test func anUnclosedQuoteIsReportedWhereItIsAndOnce() throws {
        let (_, found, _, temp) = try build([
            "stories/2021/later.md": story(["university": "university: \"新疆大学"]),
            "study/guide.md": "---\ntitle: 学习\ndate: 2021-11-15\nstories: [\"2021/later\"]\n---\n正文\n",
        ])
        defer { temp.remove() }
        #expect(found == [Found(rule: "yaml-syntax", file: "stories/2021/later.md", line: 5, severity: .error),
                          Found(rule: "private-guessed", file: "stories/2021/later.md", line: 1, severity: .warning)])
    }

    /// Every field's problems in one run: a wrong prefecture is reported with a malformed year,
    /// not after it is fixed (the story does not load, its terms are still checked).
    @Test func aStoryThatDoesNotLoadStillHasItsTermsChecked() throws {
        let (_, found, _, temp) = try build([
            "stories/2021/later.md": story(["graduated": "graduated: 二〇一二", "prefecture": "prefecture: \"伊犁州\""]),
        ])
        defer { temp.remove() }
        #expect(found == [Found(rule: "wrong-type", file: "stories/2021/later.md", line: 6, severity: .error),
                          Found(rule: "unknown-term", file: "stories/2021/later.md", line: 7, severity: .error)])
    }

    @Test func storyLengthIsAWarningOutsideTheEditionsRange() throws {
        let edition = TempContent.edition + "story_length: {min: 10, max: 20}\n"
        let (result, found, _, temp) = try build([
            "stories/2021/short.md": story(body: "太短了。\n"),
            "stories/2021/fine.md": story(body: "## 标题\n\n这一篇的长度刚好在范围之内。\n"),
        ], edition: edition)
        defer { temp.remove() }
        #expect(found == [Found(rule: "story-length", file: "stories/2021/short.md", line: 15, severity: .warning)])
        #expect(result.diagnostics.first?.problem == .storyLength(characters: 4, min: 10, max: 20))
        #expect(result.succeeded)  // a warning does not stop the build
    }

    @Test func thePrivateDataGuardCatchesATemplateThatPrintsAPhoneNumber() throws {
        let temp = try TempContent(files: [
            "stories/2021/first.md": story(adding: ["private:", "  phone: \"13912345678\"", "  id_number: \"659001199005011234\""]),
            "templates/partials/footer.mustache": "<footer>咨询电话 13912345678</footer>\n",
        ])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(!result.succeeded)
        #expect(!FileManager.default.fileExists(atPath: output))
        let leaks = result.diagnostics.filter { $0.rule == "private-data" }
        #expect(!leaks.isEmpty)
        // One diagnostic, at the value in the template (where the fix is), not one per page.
        #expect(leaks.count == 1)
        #expect(leaks.allSatisfy { $0.file == temp.display("templates/partials/footer.mustache") && $0.line == 1 && $0.column == 14 })
        #expect(leaks.contains { $0.problem == .privateDataLeak(key: "private.phone", output: "index.html", source: .template("partials/footer")) })
        // The message never repeats the secret itself.
        #expect(!leaks.map(\.message).joined().contains("13912345678"))
    }

    @Test func thePrivateDataGuardCatchesPrivateDataCopiedIntoPublicFields() throws {
        let (result, found, _, temp) = try build([
            "stories/2021/first.md": story(adding: ["summary: \"联系电话13912345678\"", "private:", "  phone: \"13912345678\""]),
        ])
        defer { temp.remove() }
        #expect(!result.succeeded)
        #expect(Set(found.map(\.rule)) == ["private-data"])
    }

    @Test func shortPrivateValuesAreNotSearchedAndStopAnApprovedStory() throws {
        let (result, found, _, temp) = try build([
            "stories/2021/first.md": story(adding: ["private:", "  note: \"正文\""]),
        ])
        defer { temp.remove() }
        #expect(!result.succeeded)
        #expect(found == [Found(rule: "private-too-short", file: "stories/2021/first.md", line: 15, severity: .error)])
    }

    @Test func aPreviewShowsDraftsWithABannerAndNoindex() throws {
        let (result, found, output, temp) = try build([
            "stories/2021/first.md": story(),
            "stories/2021/draft.md": story(["status": "status: draft", "title": "title: \"草稿标题\""]),
            "stories/2021/nominee.md": story(["status": "status: nominated", "prefecture": "prefecture: \"喀什地区\""]),
        ], preview: true)
        defer { temp.remove() }
        #expect(found == [])
        #expect(result.succeeded)
        let files = readTree(output)
        #expect(text(files["robots.txt"]) == "# A preview: not for search engines.\nUser-agent: *\nDisallow: /\n")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: output + "/stories/2021")) == ["first", "draft", "nominee"])
        for (path, data) in files where path.hasSuffix(".html") {
            #expect(text(data).contains("预览 · 未审核"), "no banner on \(path)")
            #expect(text(data).contains(#"<meta name="robots" content="noindex">"#), "no noindex on \(path)")
        }
    }

    @Test func aPublishedBuildHasNoBannerAndNoNoindex() throws {
        let (result, _, output, temp) = try build(["stories/2021/first.md": story()])
        defer { temp.remove() }
        #expect(result.succeeded)
        let all = readTree(output).values.map(text).joined()
        #expect(!all.contains("预览"))
        #expect(!all.contains("noindex"))
    }

    @Test func checkingWritesNothing() throws {
        let temp = try TempContent(files: ["stories/2021/first.md": story()])
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date, write: false))
        #expect(result.written == nil)
        #expect(result.summary.published == 1)
        #expect(result.summary.counts == [2021: [.approved: 1]])
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
