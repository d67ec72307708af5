import ZuimeiContent
import ZuimeiOutput
import ZuimeiTemplates

/// Stage: `sitemap.xml` (sitemaps.org: every page but the paginated ones and
/// the 404 page, `loc` absolute at the origin, `lastmod` from content dates)
/// and `robots.txt` pointing at it, through the theme's `sitemap` and
/// `robots` templates (a site may override them). A preview asks robots to stay away.
func crawlerFiles(_ model: SiteModel, templates: TemplateSet) throws(TemplateError) -> [PlannedFile] {
    let base = model.config.baseURL
    var entries: [(path: PagePath, lastmod: Day?)] = []
    let newest = model.stories.first?.story.date
    entries.append((.home, [newest, model.rendered.study.first?.material.date].compactMap { $0 }.max()))
    entries.append((PagePath("stories/"), newest))
    for story in model.stories { entries.append((story.path, story.story.date)) }
    for taxonomy in model.taxonomies {
        entries.append((taxonomy.path, taxonomy.groups.compactMap { $0.stories.first?.story.date }.max()))
        for group in taxonomy.groups where !group.stories.isEmpty {
            entries.append((group.path, group.stories.first?.story.date))
        }
    }
    entries.append((PagePath("editions/"), newest))
    for (edition, group) in model.editions {
        entries.append((group.path, group.stories.first?.story.date))
        if edition.announcementIsPublic(on: model.day) {
            entries.append((PagePath("editions/\(edition.year)/announcement/"), nil))
        }
    }
    for page in model.rendered.pages { entries.append((page.path, nil)) }
    entries.append((PagePath("study/"), model.rendered.study.first?.material.date))
    for material in model.rendered.study { entries.append((material.document.path, material.material.date)) }
    if model.bookletEdition != nil { entries.append((PagePath("study/booklet/"), nil)) }

    let urls = entries.sorted(by: { $0.path < $1.path }).map { SitemapURL(loc: $0.path.absolute(base: base), lastmod: $0.lastmod) }
    let xml = try templates.render(SitemapView(urls: urls), with: "sitemap")
    let robots = try templates.render(RobotsView(preview: model.rendered.preview, sitemapURL: base + "sitemap.xml"), with: "robots")
    return [
        PlannedFile(file: OutputFile(path: "sitemap.xml", text: xml), origin: "(generated) sitemap.xml", template: "sitemap"),
        PlannedFile(file: OutputFile(path: "robots.txt", text: robots), origin: "(generated) robots.txt", template: "robots"),
    ]
}

/// What the `sitemap` template sees; texts escaped for XML here.
struct SitemapView: TemplateContext {
    var urls: [SitemapURL]
    func child(named key: String) -> Any? { key == "urls" ? urls : nil }
}

struct SitemapURL: TemplateContext {
    var loc: String
    var lastmod: Day?
    func child(named key: String) -> Any? {
        switch key {
        case "loc": escapeXML(loc)
        case "lastmod": lastmod.map { $0.description }
        default: nil
        }
    }
}

/// What the `robots` template sees.
struct RobotsView: TemplateContext {
    var preview: Bool
    var sitemapURL: String
    func child(named key: String) -> Any? {
        switch key {
        case "preview": preview
        case "sitemapURL": sitemapURL
        default: nil
        }
    }
}
