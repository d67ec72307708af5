import Foundation
import Testing
import ZuimeiContent
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// Representative outputs of a fixture site compared byte for byte with
/// files under `Tests/ZuimeiKitTests/Golden/`: the home page, a story, a
/// paginated list, a prefecture's feed, the sitemap and robots.txt. Any
/// change to what the site looks like shows up here as a diff to review.
///
/// To accept a change: `make golden` (it writes the files with `ZUIMEI_UPDATE_GOLDEN=1`, a run that
/// always fails, then checks them in a normal run),
/// then read the diff in git before committing it.
@Suite struct GoldenFilesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let outputs = [
        "index.html", "stories/2021/approved-one/index.html", "stories/page/2/index.html",
        "prefectures/ili/feed.xml", "sitemap.xml", "robots.txt",
    ]

    /// The basic fixture plus 23 stories of one prefecture: enough for a second page of stories.
    func buildSite() throws -> String {
        let content = try Fixture.copy("basic")
        let edition = content.appendingPathComponent("editions/2021.yml")
        let text = try String(contentsOf: edition, encoding: .utf8).replacingOccurrences(of: "quota_per_prefecture: 3",
                                                                                        with: "quota_per_prefecture: 30")
        try text.write(to: edition, atomically: true, encoding: .utf8)
        for number in 1...23 {
            let day = String(format: "2021-09-%02d", number + 2)
            let story = """
            ---
            title: "【示例】第\(number)位候选人的故事"
            name: "候选人\(number)"
            born: 1990-05
            university: "新疆大学"
            graduated: 2012
            prefecture: "伊犁哈萨克自治州"
            workplace: "某村委会"
            grassroots_since: 2012-08
            programs: ["大学生村官"]
            fields: ["教育"]
            status: approved
            date: \(day)
            ---
            第\(number)位候选人扎根基层的故事。

            """
            try story.write(to: content.appendingPathComponent(String(format: "stories/2021/candidate-%02d.md", number)),
                            atomically: true, encoding: .utf8)
        }
        let output = content.deletingLastPathComponent().appendingPathComponent("site").path
        let result = build(BuildOptions(content: content.path, output: output, date: day("2021-12-31")))
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        return output
    }

    static func goldenName(_ output: String) -> String { output.replacingOccurrences(of: "/", with: "__") }

    @Test func representativePagesAndFeedsMatchTheirGoldenFiles() throws {
        let site = try buildSite()
        let update = ProcessInfo.processInfo.environment["ZUIMEI_UPDATE_GOLDEN"] == "1"
        if update { try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true) }
        for output in Self.outputs {
            let built = try Data(contentsOf: URL(fileURLWithPath: site + "/" + output))
            let golden = Self.directory.appendingPathComponent(Self.goldenName(output))
            if update {
                try built.write(to: golden)
                continue
            }
            let expected = try Data(contentsOf: golden)
            #expect(built == expected, "\(output) differs from Golden/\(Self.goldenName(output)); `make golden` accepts it")
        }
        // Updating is never a pass: the files were written, not compared (`make golden` then compares them).
        if update { Issue.record("the golden files were written (ZUIMEI_UPDATE_GOLDEN=1), not checked; review `git diff` and run the tests again") }
    }
}

/// The feed, the sitemap and robots.txt come from templates a site can
/// override like any page's.
@Suite struct MachineTemplatesTests {
    @Test(arguments: [
        ("feed", "feed.xml", "<rss version=\"2.0\"><channel><title>{{{title}}}</title>{{#items}}<item><link>{{{link}}}</link></item>{{/items}}</channel></rss>\n",
         "<rss version=\"2.0\"><channel><title>测试站点</title><item><link>https://zuimei.fixture/zuimei/stories/2021/approved-two/</link></item>"),
        ("sitemap", "sitemap.xml", "<urlset>{{#urls}}[{{{loc}}}]{{/urls}}</urlset>\n", "<urlset>[https://zuimei.fixture/zuimei/]"),
        ("robots", "robots.txt", "User-agent: *\nDisallow: /private-nothing/\n", "User-agent: *\nDisallow: /private-nothing/\n"),
    ])
    func aSiteOverridesTheTemplate(_ name: String, _ output: String, _ template: String, _ expected: String) throws {
        let content = try Fixture.copy("basic")
        let templates = content.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try template.write(to: templates.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8)
        let site = content.deletingLastPathComponent().appendingPathComponent("site").path
        let result = build(BuildOptions(content: content.path, output: site, date: day("2021-12-31")))
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        let written = try String(contentsOfFile: site + "/" + output, encoding: .utf8)
        #expect(written.hasPrefix(expected), "\(written.prefix(300))")
    }
}

/// The sitemap is made from the list of pages built: it names every page
/// in the output but the later pages of a list, and nothing else.
@Suite struct SitemapFromPagesTests {
    @Test func theSitemapNamesExactlyThePagesBuilt() throws {
        let site = try GoldenFilesTests().buildSite()
        let xml = try String(contentsOfFile: site + "/sitemap.xml", encoding: .utf8)
        let locs = Set(xml.matches(of: /<loc>https:\/\/zuimei\.fixture\/zuimei\/([^<]*)<\/loc>/).map { String($0.output.1) })
        var pages = Set<String>()
        for relative in FileManager.default.enumerator(atPath: site)?.compactMap({ $0 as? String }) ?? []
            where relative == "index.html" || relative.hasSuffix("/index.html") {
            let directory = String(relative.dropLast("index.html".count))
            if directory.contains(/page\/[0-9]+\/$/) { continue }
            pages.insert(directory)
        }
        #expect(pages.count > 20)
        #expect(locs == pages, "only in the sitemap: \(locs.subtracting(pages).sorted()); not in it: \(pages.subtracting(locs).sorted())")
    }
}
