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

/// The publicity website: every page kind, per stage of the campaign.
@Suite struct BuildSiteTests {
    static let sample = Fixture.repository.appendingPathComponent("Content").path

    func buildSample(on date: String) -> (BuildResult, [String: Data]) {
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = build(BuildOptions(content: Self.sample, output: output, date: day(date)))
        return (result, readTree(output))
    }

    /// A site of one story in 2021 and a 2022 edition with none yet, built on `date`.
    func buildTwoEditions(on date: String) throws -> [String: Data] {
        let temp = try TempContent(files: ["stories/2021/a.md": TempContent.story()])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        try temp.write("editions/2022.yml", TempContent.edition.replacingOccurrences(of: "2021", with: "2022"))
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = build(BuildOptions(content: temp.display, output: output, date: day(date)))
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        return readTree(output)
    }

    /// The text of the home page's campaign-stage box.
    func stageBox(_ files: [String: Data]) -> String {
        let html = text(files["index.html"])
        guard let start = html.range(of: #"<section class="stage""#), let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else {
            return ""
        }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test(arguments: [
        ("2021-06-01", "活动即将开始", "下一阶段：广泛动员"),
        ("2021-06-15", "当前阶段：广泛动员（2021年6月13日至6月18日）", "下一阶段：组织推荐"),
        ("2021-06-20", "当前阶段：组织推荐", "下一阶段：评议报送"),
        ("2021-07-01", "当前阶段：评议报送", "下一阶段：集中宣传"),
        ("2021-08-20", "当前阶段：集中宣传", "下一阶段：深入学习"),
        ("2021-11-20", "当前阶段：深入学习", nil),
        ("2022-01-10", "本届活动已结束", nil),
    ] as [(String, String, String?)])
    func theHomePageShowsTheCampaignStage(date: String, now: String, next: String?) throws {
        let (result, files) = buildSample(on: date)
        #expect(result.succeeded)
        let box = stageBox(files)
        #expect(box.contains(now), "\(date): \(box)")
        if let next { #expect(box.contains(next)) } else { #expect(!box.contains("下一阶段")) }
        // The announcement is public from the review stage on, never before.
        let announcement = files["editions/2021/announcement/index.html"] != nil
        #expect(announcement == (date >= "2021-06-25"))
        #expect(box.contains("候选人公示") == announcement)
    }

    /// While the 公示 is open it is in every page's menu; in the study stage the home page links
    /// the printable booklet; between editions the home page says when the next one starts.
    @Test func theMenuAndTheHomePageFollowTheCampaign() throws {
        func menu(_ html: String) -> String {
            guard let start = html.range(of: #"<nav class="site-nav""#), let end = html.range(of: "</nav>", range: start.upperBound..<html.endIndex) else {
                return ""
            }
            return String(html[start.lowerBound..<end.upperBound])
        }
        let (_, review) = buildSample(on: "2021-07-01")
        #expect(menu(text(review["index.html"])).contains(#"<a href="editions/2021/announcement/index.html""#))
        #expect(menu(text(review["editions/2021/announcement/index.html"])).contains(#"aria-current="page""#))
        let (_, study) = buildSample(on: "2021-11-20")
        #expect(!menu(text(study["index.html"])).contains("announcement"))
        #expect(text(study["index.html"]).contains(#"<a href="study/booklet/index.html">本届学习手册"#))
        let files = try buildTwoEditions(on: "2022-01-15")
        #expect(text(files["index.html"]).contains("本届活动已结束；2022年将于2022年6月13日开始"))
    }

    /// The 公示 is a record: after its period it reads in the past tense, keeps everyone who was
    /// announced and says what changed (withdrawn, not selected, the year's winners once the
    /// review is over); a rejected or withdrawn candidate is there only if it says it was announced.
    @Test func theAnnouncementIsARecordOfWhatWasAnnounced() throws {
        func story(_ name: String, _ lines: [String: String]) -> String {
            TempContent.story(replacing: ["name": "name: \"\(name)\""].merging(lines) { $1 })
        }
        let temp = try TempContent(files: [
            "stories/2021/a.md": story("甲", [:]).replacingOccurrences(of: "status: approved", with: "status: approved\nwinner: true"),
            "stories/2021/b.md": story("乙", ["status": "status: nominated"]),
            "stories/2021/c.md": story("丙", ["status": "status: withdrawn\nannounced: true"]),
            "stories/2021/d.md": story("丁", ["status": "status: rejected"]),
            "stories/2021/e.md": story("戊", ["status": "status: withdrawn"]),  // a draft withdrawn: never announced
        ])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\nannouncement: {feedback: \"请来电\"}\n")
        func page(on date: String) throws -> String {
            let output = temporaryDirectory().appendingPathComponent("site").path
            let result = build(BuildOptions(content: temp.display, output: output, date: day(date)))
            #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
            return text(readTree(output)["editions/2021/announcement/index.html"])
        }
        let during = try page(on: "2021-07-15")
        #expect(during.contains("以下为本届推荐的候选人（共 3 名）") && during.contains("请来电"))
        #expect(during.contains(#"<td dir="auto">丙</td>"#) && during.contains("<td>已撤回</td>"))
        #expect(!during.contains("年度“最美”") && !during.contains(">丁<") && !during.contains(">戊<"))
        let after = try page(on: "2021-08-15")
        #expect(after.contains("已结束。以下为公示的候选人（共 3 名）") && !after.contains("请来电"))
        #expect(after.contains(#"<td dir="auto">甲</td>"#) && after.contains("<td>年度“最美”</td>"))
        #expect(after.contains(#"<td dir="auto">丙</td>"#) && after.contains("<td>已撤回</td>"))
        #expect(!after.contains(">丁<") && !after.contains(">戊<"))
    }

    /// After its period, the 公示 says changes are in the notes only when it has a notes column.
    @Test func theClosedAnnouncementMentionsNotesOnlyWhenThereAreSome() throws {
        let temp = try TempContent(files: ["stories/2021/a.md": TempContent.story()])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = build(BuildOptions(content: temp.display, output: output, date: day("2021-08-15")))
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        let html = text(readTree(output)["editions/2021/announcement/index.html"])
        #expect(html.contains("已结束。以下为公示的候选人（共 1 名），按地州市排列。"))
        #expect(!html.contains("备注"))
    }

    @Test func beforePublicityNothingIsPublished() throws {
        let (_, files) = buildSample(on: "2021-07-01")
        #expect(files.keys.filter { $0.hasPrefix("stories/2021/") }.isEmpty)
        #expect(text(files["index.html"]).contains("尚无已发布的人物故事"))  // not "no more": there are none
        // The footer's generator line comes from the string table; every page links SHA256SUMS for mirrors.
        #expect(text(files["index.html"]).contains(#"<p>本站由 Zuimei "#))
        #expect(text(files["index.html"]).contains(#"<a href="SHA256SUMS" type="text/plain">文件校验值（供镜像核对）</a>"#))
    }

    @Test func duringPublicityWinnersComeFirst() throws {
        let (_, files) = buildSample(on: "2021-10-31")
        let html = text(files["index.html"])
        let winners = try #require(html.range(of: "年度“最美基层高校毕业生”"))
        let latest = try #require(html.range(of: "最新人物故事"))
        #expect(winners.lowerBound < latest.lowerBound)
        #expect(!html.contains(#"id="study-title""#) || html.range(of: #"id="study-title""#)!.lowerBound > latest.lowerBound)
    }

    @Test func duringStudyTheLatestStudyMaterialComesFirst() throws {
        let (_, files) = buildSample(on: "2021-11-20")
        let html = text(files["index.html"])
        let study = try #require(html.range(of: #"<h2 id="study-title">深入学习</h2>"#))
        let winners = try #require(html.range(of: "年度“最美基层高校毕业生”</h2>"))
        #expect(study.lowerBound < winners.lowerBound)
        #expect(html.contains("2021年“最美基层高校毕业生”先进事迹学习指南"))
    }

    @Test func theAnnouncementListsNomineesWithPublicFactsOnly() throws {
        let temp = try TempContent(files: [
            "stories/2021/approved.md": TempContent.story(),
            "stories/2021/nominee.md": TempContent.story(replacing: ["name": "name: \"候选乙\"", "prefecture": "prefecture: \"喀什地区\"",
                                                          "status": "status: nominated"]),
            "stories/2021/draft.md": TempContent.story(replacing: ["name": "name: \"草稿丙\"", "status": "status: draft"]),
        ])
        defer { temp.remove() }
        let edition = TempContent.edition + "story_length: {min: 0, max: 100000}\nannouncement: {feedback: \"意见请寄：示例邮箱 feedback@example.org\"}\n"
        try temp.write("editions/2021.yml", edition)
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = build(BuildOptions(content: temp.display, output: output, date: day("2021-07-10")))
        #expect(result.diagnostics == [])
        let html = text(readTree(output)["editions/2021/announcement/index.html"])
        #expect(html.contains(#"<td dir="auto">测试人物</td><td>伊犁哈萨克自治州</td><td>某村委会</td><td>大学生村官</td>"#))
        #expect(html.contains(#"<td dir="auto">候选乙</td><td>喀什地区</td>"#))
        #expect(!html.contains("草稿丙"))
        #expect(!html.contains("新疆大学"))  // university is not on the announcement
        #expect(!html.contains("1990"))      // nor the birth month
        #expect(html.contains("公示期：2021年6月25日至7月31日"))
        #expect(html.contains("意见请寄：示例邮箱 feedback@example.org"))
    }

    @Test func listingsArePaginatedTwentyAPageAndTaxonomiesHaveTheirPages() throws {
        var files: [String: String] = [:]
        for number in 1...45 {
            let date = String(format: "2021-08-%02d", number % 28 + 1)
            let prefecture = number % 3 == 0 ? "喀什地区" : "伊犁哈萨克自治州"
            files[String(format: "stories/2021/s%02d.md", number)] = TempContent.story(replacing: [
                "title": "title: \"故事\(number)\"", "date": "date: \(date)", "prefecture": "prefecture: \"\(prefecture)\"",
            ])
        }
        let temp = try TempContent(files: files)
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition.replacingOccurrences(of: "quota_per_prefecture: 3", with: "quota_per_prefecture: 100")
                       + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = build(BuildOptions(content: temp.display, output: output, date: day("2021-12-31")))
        #expect(result.diagnostics == [])
        let tree = readTree(output)
        for path in ["stories/index.html", "stories/page/2/index.html", "stories/page/3/index.html",
                     "prefectures/index.html", "prefectures/ili/index.html", "prefectures/ili/page/2/index.html",
                     "prefectures/kashgar/index.html", "prefectures/ili/feed.xml", "prefectures/kashgar/feed.xml",
                     "programs/village-official/feed.xml", "fields/education/page/3/index.html",
                     "editions/index.html", "editions/2021/index.html", "editions/2021/page/3/index.html", "editions/2021/feed.xml",
                     "404.html", "robots.txt", "sitemap.xml", "study/index.html", "study/feed.xml", "study/booklet/index.html"] {
            #expect(tree[path] != nil, "missing \(path)")
        }
        #expect(tree["stories/page/4/index.html"] == nil)
        #expect(tree["programs/serve-the-west/index.html"] == nil)  // no stories, no page
        let cards = { (path: String) in text(tree[path]).components(separatedBy: #"<article class="story-card">"#).count - 1 }
        #expect(cards("stories/index.html") == 20)
        #expect(cards("stories/page/2/index.html") == 20)
        #expect(cards("stories/page/3/index.html") == 5)
        #expect(cards("prefectures/kashgar/index.html") == 15)
        let terms = text(tree["prefectures/index.html"])
        #expect(terms.contains(#"<a href="../prefectures/ili/index.html">伊犁哈萨克自治州</a> <span class="count">30 篇</span>"#))
        #expect(text(tree["programs/index.html"]).contains(#"<span class="empty">西部计划</span> <span class="count">0 篇</span>"#))
        let page2 = text(tree["stories/page/2/index.html"])
        #expect(page2.contains(#"<a class="prev" href="../../../stories/index.html" rel="prev">"#))
        #expect(page2.contains(#"<a class="next" href="../../../stories/page/3/index.html" rel="next">"#))
        // Long listings link the first, the last and the nearby pages, with a gap between.
        let views = PageViews(model: makeSiteModel(render(publish(loadContent(from: temp.display).content!, on: day("2021-12-31")),
                                                          checking: loadContent(from: temp.display).content!)),
                              generator: "test")
        let far = try #require(views.pagination(10, of: PagePath("stories/"), count: 400, from: PagePath("stories/page/10/")))
        #expect(far.pages.map { $0.gap ? "…" : ($0.current ? "[\($0.number)]" : "\($0.number)") }
                == ["1", "…", "8", "9", "[10]", "11", "12", "…", "20"])
        // The feed of a prefecture carries only its stories, at most feed_items.
        let feed = try FeedParser.parse(try #require(tree["prefectures/kashgar/feed.xml"]))
        #expect(feed.items.count == 15)
        #expect(feed.selfLink?["href"] == "https://zuimei.fixture/zuimei/prefectures/kashgar/feed.xml")
        #expect(Set(feed.items.compactMap { $0.fields["guid"] }).count == 15)
    }

    @Test func storyPagesCarryNeighboursRelatedStoriesStudyAndReadingTime() throws {
        let (_, files) = buildSample(on: "2021-12-31")
        let html = text(files["stories/2021/hotan-example-maimaiti/index.html"])
        #expect(html.contains("阅读约 "))
        // A breadcrumb: 首页 › 人物故事 › the edition › the story (none on the home page).
        #expect(html.contains(#"<nav class="breadcrumb wrap" aria-label="当前位置">"#))
        #expect(html.contains(#"<li><a href="../../../stories/index.html" dir="auto">人物故事</a></li><li><a href="../../../editions/2021/index.html" dir="auto">2021年"#))
        #expect(html.contains(#"<li><span aria-current="page" dir="auto">【示例】沙漠边缘"#))
        #expect(!text(files["index.html"]).contains("breadcrumb"))
        // In reading order: 上一篇 is the earlier story, 下一篇 the later one.
        #expect(html.contains(#"<p class="older">上一篇：<a href="../../../stories/2021/kashgar-example-wang-xiaoyu/index.html" rel="prev" dir="auto">"#))
        #expect(html.contains(#"<p class="newer">下一篇：<a href="../../../stories/2021/altay-example-jianaerguli/index.html" rel="next" dir="auto">"#))
        #expect(html.contains("相关人物故事"))
        #expect(html.contains(#"<a href="../../../study/2021-learning-guide/index.html" dir="auto">"#))
        #expect(html.contains(#"<meta property="og:type" content="article">"#))
        #expect(html.contains(#"<meta property="og:image" content="https://example.org/zuimei/stories/2021/hotan-example-maimaiti/photo-og.jpg">"#))
        #expect(html.contains(#"<link rel="alternate" type="application/rss+xml" title="和田地区 - 最美基层高校毕业生" href="../../../prefectures/hotan/feed.xml">"#))
    }

    @Test func theSitemapListsEveryPageByItsAbsoluteURL() throws {
        let (_, files) = buildSample(on: "2021-12-31")
        let sitemap = text(files["sitemap.xml"])
        let locs = sitemap.matches(of: /<loc>([^<]*)<\/loc>/).map { String($0.output.1) }
        #expect(locs.count > 30)
        for loc in locs {
            #expect(loc.hasPrefix("https://example.org/zuimei/"))
            let path = String(loc.dropFirst("https://example.org/zuimei/".count))
            #expect(files[path + "index.html"] != nil, "\(loc) has no file")
        }
        #expect(sitemap.contains("<loc>https://example.org/zuimei/stories/2021/ili-example-ayixiamu/</loc><lastmod>2021-08-02</lastmod>"))
        #expect(text(files["robots.txt"]).contains("Sitemap: https://example.org/zuimei/sitemap.xml"))
    }

    @Test func theBookletPrintsTheEditionsStoriesWithWorkingImages() throws {
        let (_, files) = buildSample(on: "2021-12-31")
        let html = text(files["study/booklet/index.html"])
        #expect(html.components(separatedBy: #"<article class="booklet-story""#).count - 1 == 6)
        #expect(html.contains(#"src="../../stories/2021/ili-example-ayixiamu/photo.jpg""#))
        #expect(html.contains(#"srcset="../../stories/2021/ili-example-ayixiamu/photo-480w.jpg 480w"#))
        #expect(html.contains(#"loading="lazy""#))  // ten stories a page: below the fold
        #expect(html.contains("讨论题"))
    }

    /// Every feed a page links to exists, before the first story too: an edition with no
    /// published story yet has an empty, valid feed to subscribe to.
    @Test func everyAdvertisedFeedExistsEvenEmpty() throws {
        let files = try buildTwoEditions(on: "2021-12-31")
        var advertised = Set<String>()
        for (path, data) in files where path.hasSuffix(".html") {
            let directory = (path as NSString).deletingLastPathComponent
            for match in text(data).matches(of: /href="([^":]*feed\.xml)"/) {  // relative links (404.html links the origin)
                let target = URL(fileURLWithPath: "/" + directory).appendingPathComponent(String(match.output.1)).standardized.path
                advertised.insert(String(target.dropFirst()))
            }
        }
        #expect(advertised.contains("editions/2022/feed.xml"))
        #expect(advertised.filter { files[$0] == nil } == [])
        let empty = text(files["editions/2022/feed.xml"])
        #expect(empty.contains("<channel>") && !empty.contains("<item>"))
    }

    @Test func the404PageLinksToTheOrigin() throws {
        let (_, files) = buildSample(on: "2021-12-31")
        let html = text(files["404.html"])
        #expect(html.contains(#"href="https://example.org/zuimei/assets/style.css""#))
        #expect(html.contains("页面未找到"))
    }
}
