import Foundation
import Testing
import ZuimeiContent
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// One resolver for a body's links (`BodyLinks`): a link leads to the same target from every
/// page that shows the text (its own page, the study booklet, a feed, a translation's page),
/// through the Markdown renderer's own encoding.
@Suite struct BodyLinksTargetsTests {
    static let base = "https://zuimei.fixture/zuimei/"
    static let folder = "stories/2021/x/"

    /// Links a team writes: spaces, `%`, entities, non-ASCII, escaped punctuation, queries,
    /// fragments, `..` (also above the root), `.`, folders, the site's root.
    static let links = [
        "foo%20b&auml;", #"foo\)\:"#, "#x", "/assets/x.pdf", "<a b.pdf>", "<中文 文件.pdf?x=1#frag>", "../other/a.pdf", "./c.pdf",
        "../../../../../etc/y.txt", "sub/dir/", "%E4%B8%AD.pdf", "photo.jpg#top", "?page=2", "a%2Fb.pdf", "../../",
        // Dot segments as a browser reads them (percent-encoded), empty segments, the folder itself.
        "%2e%2e/%2E%2e/%2e%2E/.%2e/x", "/%2e%2e/y", "sub//x.jpg", ".", "./",
    ]

    /// The first `href` or `src` of the HTML, resolved against the page's address; `index.html`
    /// at the end of a path is the folder (a server shows one for the other).
    static func target(_ html: String, on page: String) throws -> String {
        let match = try #require(html.firstMatch(of: /(?:href|src)="([^"]*)"/))
        let href = String(match.output.1).replacingOccurrences(of: "&amp;", with: "&")
        let url = try #require(URL(string: href, relativeTo: URL(string: page)), "\(href) is not a URL")
        return url.absoluteString.replacingOccurrences(of: "/index.html", with: "/")
    }

    @Test(arguments: links)
    func aLinkLeadsToTheSameTargetFromEveryPage(link: String) throws {
        let temp = try TempContent(files: ["stories/2021/x/index.md": TempContent.story()])
        defer { temp.remove() }
        let content = try #require(loadContent(from: temp.display).content)
        let index = ContentIndex(content, on: day("2021-12-31"))
        let body = "见[链接](\(link))。\n"
        let source = "stories/2021/x/index.md"
        // Its own page (as `renderBody` renders it: the same resolver, from the body's folder).
        let own = relocatedHTML(body: body, source: source, directory: Self.folder, index: index, base: nil,
                                from: PagePath(Self.folder))
        let booklet = relocatedHTML(body: body, source: source, directory: Self.folder, index: index, base: nil,
                                    from: Routes.site.booklet)
        let feed = relocatedHTML(body: body, source: source, directory: Self.folder, index: index, base: Self.base)
        let translation = relocatedHTML(body: body, source: source, directory: Self.folder, index: index, base: nil,
                                        from: Routes(prefix: "ug/").story(year: 2021, slug: "x"))
        let expected = try Self.target(own, on: Self.base + Self.folder)
        #expect(try Self.target(booklet, on: Self.base + Routes.site.booklet.directory) == expected, "booklet: \(booklet)")
        #expect(try Self.target(feed, on: Self.base + "feed.xml") == expected, "feed: \(feed)")
        if !link.hasPrefix("#") {  // on a translation's page, an anchor is that page's own
            #expect(try Self.target(translation, on: Self.base + "ug/" + Self.folder) == expected, "translation: \(translation)")
        }
        // Every target is inside the site, and nothing is encoded twice; no dot segment is left
        // for a browser to climb with (WHATWG reads `%2e%2e` as `..`, Foundation does not).
        #expect(expected.hasPrefix(Self.base), "\(expected)")
        #expect(!expected.contains("%25"), "\(expected)")
        for html in [own, booklet, feed, translation] { #expect(!html.lowercased().contains("%2e"), "\(html)") }
    }

    /// The findings of issue 25, each as it should be now.
    @Test func theReviewsCasesResolveAsOnTheStoryPage() throws {
        let temp = try TempContent(files: ["stories/2021/x/index.md": TempContent.story()])
        defer { temp.remove() }
        let content = try #require(loadContent(from: temp.display).content)
        let index = ContentIndex(content, on: day("2021-12-31"))
        func booklet(_ link: String) -> String {
            relocatedHTML(body: "[a](\(link))\n", source: "stories/2021/x/index.md", directory: Self.folder, index: index, base: nil,
                          from: Routes.site.booklet)
        }
        #expect(booklet("foo%20b&auml;").contains(#"href="../../stories/2021/x/foo%20b%C3%A4""#))
        #expect(booklet(#"foo\)\:"#).contains(#"href="../../stories/2021/x/foo):""#))
        #expect(booklet("#x").contains(#"href="../../stories/2021/x/index.html#x""#))
        #expect(booklet("/assets/x.pdf").contains(#"href="../../assets/x.pdf""#))
        let feed = relocatedHTML(body: "[a](foo\\)\\:)\n", source: "stories/2021/x/index.md", directory: Self.folder, index: index,
                                 base: Self.base)
        #expect(feed.contains(#"href="https://zuimei.fixture/zuimei/stories/2021/x/foo):""#))
    }
}
