import ZuimeiContent
import ZuimeiOutput
import ZuimeiTemplates

/// Stage: `sitemap.xml` (sitemaps.org: every page built but the later pages
/// of a list and the 404 page, as `pageJobs` marks them; `loc` absolute at
/// the origin, `lastmod` from content dates)
/// and `robots.txt` pointing at it, through the theme's `sitemap` and
/// `robots` templates (a site may override them). A preview asks robots to stay away.
func crawlerFiles(_ model: SiteModel, pages: [PageJob], templates: TemplateSet) throws(TemplateError) -> [PlannedFile] {
    let base = model.config.baseURL
    let entries = pages.compactMap { job in job.page.flatMap { job.inSitemap ? (path: $0, lastmod: job.lastmod) : nil } }
    let urls = entries.sorted(by: { $0.path < $1.path }).map { SitemapURL(loc: $0.path.absolute(base: base), lastmod: $0.lastmod) }
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
    func child(named key: String) -> TemplateValue? { key == "urls" ? TemplateValue(urls) : nil }
}

struct SitemapURL: TemplateContext {
    var loc: String
    var lastmod: Day?
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "loc": TemplateValue(escapeXML(loc))
        case "lastmod": TemplateValue(lastmod.map { $0.description })
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
