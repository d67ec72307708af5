import ZuimeiContent
import ZuimeiOutput
import ZuimeiSite
import ZuimeiTemplates

/// Stage: `sitemap.xml` (sitemaps.org: every page built but the later pages
/// of a list and the 404 page, as `pageJobs` marks them; `loc` absolute at
/// the origin, `lastmod` from content dates)
/// and `robots.txt` pointing at it, through the theme's `sitemap` and
/// `robots` templates (a site may override them). A preview asks robots to stay away.
public func crawlerFiles(_ model: SiteModel, pages: [PageJob], alternates: Alternates = .none,
                  templates: TemplateSet) throws(TemplateError) -> [PlannedFile] {
    let base = model.config.baseURL
    let entries = pages.compactMap { job in job.page.flatMap { job.inSitemap ? (path: $0, lastmod: job.lastmod) : nil } }
    // A story page's videos, in Google's video extension (https://developers.google.com/search/docs/crawling-indexing/sitemaps/video-sitemaps).
    var videos: [String: [SitemapVideo]] = [:]
    for story in model.rendered.stories where !story.story.videos.isEmpty {
        let page = story.filesPath.absolute(base: base)
        videos[story.path.file] = story.story.videos.map { video in
            let poster = story.files.first { $0.name == video.poster }?.jpegSizes.last?.name ?? video.poster
            return SitemapVideo(title: video.title, description: story.summary.isEmpty ? video.title : story.summary,
                                thumbnail: page + PagePath.encoded(poster), content: page + PagePath.encoded(video.file))
        }
    }
    // A page in more than one language lists each version, itself included, and x-default (the original).
    let prefixes = alternates.languages.map(\.prefix).filter { !$0.isEmpty }
    let urls = entries.sorted(by: { $0.path < $1.path }).map { entry in
        let prefix = prefixes.first { entry.path.directory.hasPrefix($0) } ?? ""
        let versions = alternates.versions(of: entry.path, prefix: prefix).compactMap { version in
            version.page.map { SitemapAlternate(hreflang: version.language.code, href: $0.absolute(base: base)) }
        }
        let links = versions.count > 1 ? versions + [SitemapAlternate(hreflang: "x-default", href: versions[0].href)] : []
        return SitemapURL(loc: entry.path.absolute(base: base), lastmod: entry.lastmod, videos: videos[entry.path.file] ?? [],
                          alternates: links)
    }
    let xml = try templates.render(SitemapView(urls: urls), with: "sitemap")
    let robots = try templates.render(RobotsView(preview: model.rendered.preview, sitemapURL: base + Routes.sitemap), with: "robots")
    return [
        PlannedFile(file: OutputFile(path: Routes.sitemap, text: xml), origin: "(generated) \(Routes.sitemap)", template: "sitemap"),
        PlannedFile(file: OutputFile(path: Routes.robots, text: robots), origin: "(generated) \(Routes.robots)", template: "robots"),
    ]
}

/// What the `sitemap` template sees; texts escaped for XML here.
struct SitemapView: TemplateContext {
    var urls: [SitemapURL]
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "urls": TemplateValue(urls)
        case "hasVideos": TemplateValue(urls.contains { !$0.videos.isEmpty })
        case "hasAlternates": TemplateValue(urls.contains { !$0.alternates.isEmpty })
        default: nil
        }
    }
}

struct SitemapURL: TemplateContext {
    var loc: String
    var lastmod: Day?
    var videos: [SitemapVideo] = []
    var alternates: [SitemapAlternate] = []
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "alternates": TemplateValue(alternates)
        case "loc": TemplateValue(escapeXML(loc))
        case "lastmod": TemplateValue(lastmod.map { $0.description })
        case "videos": TemplateValue(videos)
        default: nil
        }
    }
}

/// A video on a page: `<video:video>` with its poster, title, description and file, absolute.
struct SitemapVideo: TemplateContext {
    var title: String
    var description: String
    var thumbnail: String
    var content: String
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(escapeXML(String(title.prefix(100))))
        case "description": TemplateValue(escapeXML(String(description.prefix(2048))))
        case "thumbnail": TemplateValue(escapeXML(thumbnail))
        case "content": TemplateValue(escapeXML(content))
        default: nil
        }
    }
}

/// What the `robots` template sees.
struct RobotsView: TemplateContext {
    var preview: Bool
    var sitemapURL: String
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "preview": TemplateValue(preview)
        case "sitemapURL": TemplateValue(sitemapURL)
        default: nil
        }
    }
}

/// `<xhtml:link rel="alternate" hreflang href>`: the page in one of the site's languages.
struct SitemapAlternate: TemplateContext {
    var hreflang: String
    var href: String
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "hreflang": TemplateValue(escapeXML(hreflang))
        case "href": TemplateValue(escapeXML(href))
        default: nil
        }
    }
}
