import Foundation
import Testing
import ZuimeiContent
import ZuimeiOutput
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// Every link the theme makes comes from `Routes`: no template names a section's folder, a
/// feed or a file of the site, so renaming a section is a change to `Routes.Section` alone.
@Suite struct ThemeURLsTests {
    /// The site's own places as a template would spell them.
    static let places = Routes.sections + Routes.taxonomies.map { $0 + "/" } + ["feed.xml", "style.css", "SHA256SUMS", "sitemap.xml", "404.html"]

    @Test func noTemplateNamesAPlaceOfTheSite() throws {
        let directory = try #require(Theme.directory).appendingPathComponent("templates")
        let files = try #require(FileManager.default.enumerator(atPath: directory.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            // A place in an href, a src or an action: after a quote, `}}` or `/`.
            for place in Self.places {
                for before in ["\"", "}}", "/"] where text.contains(before + place) {
                    Issue.record("\(file) names \(place) itself; take it from the model (layout.urls)")
                }
            }
        }
    }

    /// The layout's links are `Routes`' places, from the page: relative (naming `index.html`),
    /// under the language's prefix, and shared files at the site's root.
    @Test(arguments: ["", "ug/"])
    func theLayoutsLinksAreTheRoutesPlaces(prefix: String) throws {
        let routes = Routes(prefix: prefix)
        let page = routes.story(year: 2021, slug: "x")
        let urls = SiteURLs(siteRoot: page.root, routes: routes)
        #expect(urls.stories == page.href(to: routes.stories))
        #expect(urls.prefectures == page.href(to: routes.taxonomy("prefectures")))
        #expect(urls.search == page.href(to: routes.search))
        #expect(urls.home == page.root + prefix + "index.html")
        #expect(urls.feed == page.root + routes.mainFeed)
        #expect(urls.style == page.root + Routes.stylesheet && urls.checksums == page.root + Manifest.fileName)
        #expect(page.root == "../../../" + (prefix.isEmpty ? "" : "../"))
    }
}
