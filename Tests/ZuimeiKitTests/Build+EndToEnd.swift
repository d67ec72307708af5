import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// Builds fixture sites end to end into a temporary directory and checks the output.
@Suite struct BuildEndToEndTests {
    static let buildDate = day("2021-12-31")

    func buildBasic(date: Day = buildDate, content: String = Fixture.path("basic")) -> (BuildResult, String) {
        let output = temporaryDirectory().appendingPathComponent("site").path
        return (build(BuildOptions(content: content, output: output, date: date)), output)
    }

    @Test func publishesApprovedStoriesDatedOnOrBeforeTheBuildDateAndOnlyThose() throws {
        let (result, output) = buildBasic()
        #expect(result.diagnostics == [])
        #expect(result.succeeded)
        let stories = try FileManager.default.contentsOfDirectory(atPath: output + "/stories/2021").sorted()
        #expect(stories == ["approved-one", "approved-two"])
        let files = readTree(output)
        #expect(files["stories/2021/approved-one/photo.jpg"] != nil)
        #expect(files["stories/2021/approved-one/video/clip.mp4"] != nil)
        #expect(files["about/index.html"] != nil)
        #expect(files["hidden/index.html"] == nil)
        #expect(files["study/guide/index.html"] != nil)
        #expect(files["downloads/readme.txt"] != nil)
        #expect(files["assets/style.css"] != nil)
        #expect(files.keys.allSatisfy { !$0.hasSuffix(".md") })
        let all = files.values.map(text).joined()
        for title in ["日期在构建日期之后", "草稿不应发布", "已推荐未通过", "未通过", "草稿页面"] {
            #expect(!all.contains(title), "unpublished \(title) leaked")
        }
    }

    @Test func theBuildDateDecidesWhatIsPublished() throws {
        let (result, output) = buildBasic(date: day("2021-08-31"))
        #expect(result.succeeded)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output + "/stories/2021") == ["approved-one"])
    }

    @Test func noPrivateValueReachesAnyOutputFile() throws {
        let (result, output) = buildBasic()
        #expect(result.succeeded)
        let loaded = loadContent(from: Fixture.path("basic"))
        let secrets = loaded.content!.stories.flatMap(\.privateValues).map(\.value)
        #expect(secrets.count == 5)
        for (path, data) in readTree(output) {
            let body = text(data)
            for secret in secrets {
                #expect(!body.contains(secret), "\(secret) in \(path)")
            }
        }
    }

    @Test func everyRelativeLinkResolvesToAFile() throws {
        let (result, output) = buildBasic()
        #expect(result.succeeded)
        var checked = 0
        for (path, data) in readTree(output) where path.hasSuffix(".html") {
            let page = URL(fileURLWithPath: output + "/" + path)
            for target in linkTargets(in: text(data)) {
                if target.hasPrefix("#") || target.contains("://") || target.hasPrefix("mailto:") { continue }
                #expect(!target.hasPrefix("/"), "root-relative link \(target) in \(path) breaks under a sub-path")
                let file = target.split(separator: "#").first.map(String.init) ?? ""
                let resolved = URL(fileURLWithPath: file.removingPercentEncoding ?? file, relativeTo: page.deletingLastPathComponent())
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(target) in \(path) does not resolve")
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test func storyPageShowsPhotoFactsAndBody() throws {
        let (_, output) = buildBasic()
        let html = text(readTree(output)["stories/2021/approved-one/index.html"])
        // A 1×1 JPEG photo has one size, its own: no other file.
        #expect(html.contains(#"<a class="photo-full" href="photo.jpg"><img src="photo.jpg" srcset="photo.jpg 1w" sizes="(min-width: 45rem) 42rem, 100vw" width="1" height="1" alt="测试人物在村委会工作" decoding="async"></a>"#))
        #expect(html.contains(#"<a href="../../../fields/rural-revitalisation/index.html">乡村振兴</a>、<a href="../../../fields/education/index.html">教育</a>"#))
        for fact in ["测试人物", "伊犁哈萨克自治州", "伊宁县某村委会", "大学生村官"] {
            #expect(html.contains(fact))
        }
        #expect(html.contains("<h2>第一节</h2>"))
        #expect(html.contains(#"<html lang="zh-Hans""#))
        #expect(html.contains(#"<link rel="canonical" href="https://zuimei.fixture/zuimei/stories/2021/approved-one/">"#))
        #expect(html.contains(#"href="../../../assets/style.css""#))
    }

    @Test func listingsAreNewestFirst() throws {
        let (_, output) = buildBasic()
        let html = text(readTree(output)["stories/index.html"])
        let two = try #require(html.range(of: "第二篇已通过的故事"))
        let one = try #require(html.range(of: "第一篇已通过的故事"))
        #expect(two.lowerBound < one.lowerBound)
        // The excerpt stands in for a missing summary.
        #expect(html.contains("第二篇故事的正文，没有摘要，所以摘要来自这里。"))
    }

    @Test func theFeedIsRSSWithAbsoluteURLs() throws {
        let (_, output) = buildBasic()
        let feed = try FeedParser.parse(try #require(readTree(output)["feed.xml"]))
        #expect(feed.channel["title"] == "测试站点")
        #expect(feed.channel["link"] == "https://zuimei.fixture/zuimei/")
        #expect(feed.selfLink?["href"] == "https://zuimei.fixture/zuimei/feed.xml")
        #expect(feed.selfLink?["rel"] == "self")
        #expect(feed.items.map { $0.fields["link"] } == [
            "https://zuimei.fixture/zuimei/stories/2021/approved-two/",
            "https://zuimei.fixture/zuimei/stories/2021/approved-one/",
        ])
        #expect(feed.items.map { $0.fields["pubDate"] } == ["Wed, 01 Sep 2021 00:00:00 +0800", "Tue, 10 Aug 2021 00:00:00 +0800"])
        #expect(feed.items[1].enclosure?["url"] == "https://zuimei.fixture/zuimei/stories/2021/approved-one/photo.jpg")
        #expect(feed.items[1].enclosure?["type"] == "image/jpeg")
        let content = try #require(feed.items[1].fields["content:encoded"])
        #expect(content.contains(#"src="https://zuimei.fixture/zuimei/stories/2021/approved-one/photo.jpg""#))
        #expect(content.contains(#"href="https://zuimei.fixture/zuimei/stories/2021/approved-one/#top""#))
        for item in feed.items {
            for target in linkTargets(in: item.fields["content:encoded"] ?? "") {
                #expect(target.hasPrefix("https://"), "relative URL \(target) in feed content")
            }
        }
    }

    @Test func theFeedCarriesAtMostFeedItemsStories() throws {
        let content = try Fixture.copy("basic")
        let site = content.appendingPathComponent("site.yml")
        try text(FileManager.default.contents(atPath: site.path)).replacingOccurrences(of: "feed_items: 10", with: "feed_items: 1")
            .write(to: site, atomically: true, encoding: .utf8)
        let (result, output) = buildBasic(content: content.path)
        #expect(result.succeeded)
        let feed = try FeedParser.parse(try #require(readTree(output)["feed.xml"]))
        #expect(feed.items.count == 1)
    }

    @Test func aFailedBuildLeavesThePreviousOutputByteIdentical() throws {
        let (first, output) = buildBasic()
        #expect(first.succeeded)
        let before = readTree(output), times = modificationTimes(output)
        let failed = build(BuildOptions(content: Fixture.path("broken"), output: output, date: Self.buildDate))
        #expect(!failed.succeeded)
        #expect(failed.diagnostics.hasErrors)
        #expect(readTree(output) == before)
        #expect(modificationTimes(output) == times)
        let parent = URL(fileURLWithPath: output).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["site"])  // no lock file, no leftovers
    }

    @Test func theSameInputGivesByteIdenticalOutput() throws {
        let (a, first) = buildBasic()
        let (b, second) = buildBasic()
        #expect(a.succeeded && b.succeeded)
        #expect(readTree(first) == readTree(second))
    }

    @Test func theBrokenFixtureReportsEveryProblemInOneRun() throws {
        let result = build(BuildOptions(content: Fixture.path("broken"), output: temporaryDirectory().path + "/site",
                                        date: Self.buildDate))
        let prefix = Fixture.path("broken") + "/stories/2021/"
        let found = Set(result.diagnostics.map { "\($0.file.replacingOccurrences(of: prefix, with: "")):\($0.line) \($0.rule)" })
        #expect(found == [
            "Bad_Slug.md:1 slug",
            "bad-date.md:15 bad-date",
            "bad-yaml.md:4 yaml-syntax",
            "escape/index.md:16 path-outside",
            "latin1.md:0 encoding",
            "missing-photo/index.md:16 photo-missing",
            "no-front-matter.md:1 front-matter-missing",
            "typo-key.md:16 unknown-key",
            "unclosed.md:1 front-matter-unclosed",
            "unclosed.md:1 private-guessed",
            "unknown-prefecture.md:9 unknown-term",
            "wrong-type.md:8 wrong-type",
        ])
        #expect(!result.succeeded)
    }

    /// The sample site's only diagnostic: its base_url is a placeholder (example.org), as a new
    /// site's is until its team writes theirs.
    @Test func theSampleContentBuildsWithOnlyThePlaceholderWarning() throws {
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = build(BuildOptions(content: Fixture.repository.appendingPathComponent("Content").path, output: output,
                                        date: day("2021-12-31")))
        #expect(result.diagnostics.map(\.rule) == ["base-url-placeholder"])
        #expect(result.publishedStories == 6)
        let files = readTree(output)
        #expect(files["notice/index.html"] != nil)
        #expect(files.keys.filter { $0.hasPrefix("stories/2021/") && $0.hasSuffix("index.html") }.count == 6)
        #expect(!text(files["stories/index.html"]).contains("aksu-example-li-na"))  // the draft
    }

    @Test func siteTemplatesOverrideTheThemeFileByFile() throws {
        let content = try Fixture.copy("basic")
        let footer = content.appendingPathComponent("templates/partials/footer.mustache")
        try FileManager.default.createDirectory(at: footer.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "<footer>本校镜像 {{layout.siteTitle}}</footer>\n".write(to: footer, atomically: true, encoding: .utf8)
        let (result, output) = buildBasic(content: content.path)
        #expect(result.succeeded)
        #expect(text(readTree(output)["index.html"]).contains("<footer>本校镜像 测试站点</footer>"))
    }

    @Test func aTemplateNamingAMissingPartialFailsTheBuildNamingTheTemplate() throws {
        let content = try Fixture.copy("basic")
        let story = content.appendingPathComponent("templates/story.mustache")
        try FileManager.default.createDirectory(at: story.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "{{<base}}{{$content}}\n{{> partials/fact-box}}\n{{/content}}{{/base}}\n".write(to: story, atomically: true, encoding: .utf8)
        let (result, _) = buildBasic(content: content.path)
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.problem) == [.missingPartial(template: "story", partial: "partials/fact-box")])
        #expect(result.diagnostics.first?.file == content.path + "/templates/story.mustache")
        #expect(result.diagnostics.first?.line == 2)
    }

    @Test func twoFilesAtOneURLAreAnError() throws {
        let content = try Fixture.copy("basic")
        try "---\ntitle: 冲突\n---\n".write(to: content.appendingPathComponent("pages/stories.md"), atomically: true, encoding: .utf8)
        let (result, _) = buildBasic(content: content.path)
        #expect(!result.succeeded)
        #expect(result.diagnostics.map(\.rule) == ["duplicate-url"])
    }

    @Test func refusesToWriteOverTheContent() throws {
        let content = try Fixture.copy("basic")
        let result = build(BuildOptions(content: content.path, output: content.deletingLastPathComponent().path,
                                        date: Self.buildDate))
        #expect(result.diagnostics.map(\.rule) == ["output-unsafe"])
        #expect(FileManager.default.fileExists(atPath: content.appendingPathComponent("site.yml").path))
    }
}

@Suite struct BuildDateTests {
    @Test func optionThenSourceDateEpochThenToday() {
        let now = Date(timeIntervalSince1970: 1_638_316_800)  // 2021-12-01T00:00:00Z
        #expect(BuildDate.resolve(option: "2021-07-01", environment: ["SOURCE_DATE_EPOCH": "0"], now: now) == .success(day("2021-07-01")))
        #expect(BuildDate.resolve(option: nil, environment: ["SOURCE_DATE_EPOCH": "1627776000"], now: now) == .success(day("2021-08-01")))
        #expect(BuildDate.resolve(option: nil, environment: [:], now: now, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
                == .success(day("2021-12-01")))
        #expect(BuildDate.resolve(option: "2021-02-30", environment: [:]) == .failure(.badOption("2021-02-30")))
        #expect(BuildDate.resolve(option: nil, environment: ["SOURCE_DATE_EPOCH": "soon"]) == .failure(.badEpoch("soon")))
    }

    @Test func pagePathsLinkRelatively() {
        let story = PagePath("stories/2021/x/")
        #expect(story.root == "../../../")
        #expect(story.href(to: .home) == "../../../index.html")
        #expect(PagePath.home.href(to: story) == "stories/2021/x/index.html")
        #expect(story.absolute(base: "https://zuimei.fixture/zuimei/") == "https://zuimei.fixture/zuimei/stories/2021/x/")
    }
}

/// The same content and build date give byte-identical output, in any directory, with any number of threads.
@Suite struct DeterminismTests {
    @Test func twoDirectoriesAndTwoThreadCountsGiveTheSameBytes() throws {
        let sample = Fixture.repository.appendingPathComponent("Content")
        var trees: [[String: Data]] = []
        for (index, jobs) in [1, 4].enumerated() {
            let place = temporaryDirectory().appendingPathComponent("copy-\(index)/deeper")
            try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: sample, to: place.appendingPathComponent("Content"))
            let output = place.appendingPathComponent("out-\(index)").path
            let result = build(BuildOptions(content: place.appendingPathComponent("Content").path, output: output,
                                            date: day("2021-11-20"), jobs: jobs))
            #expect(result.diagnostics.map(\.rule) == ["base-url-placeholder"])
            trees.append(readTree(output))
        }
        #expect(trees[0].count > 70)
        #expect(trees[0] == trees[1])
        // No path of the build machine leaks into the output.
        let all = trees[0].values.map(text).joined()
        #expect(!all.contains(FileManager.default.temporaryDirectory.path))
        #expect(!all.contains(Fixture.repository.path))
    }
}

@Suite struct BuildCacheTests {
    @Test func aRebuildWithNothingChangedIsSkippedAndAnyChangeIsNot() throws {
        let content = try Fixture.copy("basic")
        let output = content.deletingLastPathComponent().appendingPathComponent("site").path
        let options = BuildOptions(content: content.path, output: output, date: day("2021-12-31"), useCache: true)
        let first = build(options)
        #expect(first.succeeded && !first.upToDate)
        let second = build(options)
        #expect(second.upToDate)
        #expect(second.publishedStories == first.publishedStories)
        // Another build date, an edited story, a damaged output: each builds again.
        var later = options
        later.date = day("2022-02-01")
        #expect(!build(later).upToDate)
        #expect(build(later).upToDate)
        Thread.sleep(forTimeInterval: 0.01)
        let story = content.appendingPathComponent("stories/2021/approved-two.md")
        try (text(FileManager.default.contents(atPath: story.path)) + "\n补充一句。\n").write(to: story, atomically: true, encoding: .utf8)
        #expect(!build(later).upToDate)
        try FileManager.default.removeItem(atPath: output + "/robots.txt")
        let repaired = build(later)
        #expect(!repaired.upToDate)
        #expect(repaired.written?.written == 1)
        // A corrupt record is ignored, never trusted.
        let cacheDirectory = content.deletingLastPathComponent().appendingPathComponent(".zuimei-cache")
        for file in try FileManager.default.contentsOfDirectory(atPath: cacheDirectory.path) where file.hasPrefix("build-") {
            try Data("{not json".utf8).write(to: cacheDirectory.appendingPathComponent(file))
        }
        #expect(!build(later).upToDate)
    }
}
