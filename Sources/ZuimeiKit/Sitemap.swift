import ZuimeiContent
import ZuimeiOutput

/// Stage: `sitemap.xml` (sitemaps.org: every page but the paginated ones and
/// the 404 page, `loc` absolute at the origin, `lastmod` from content dates)
/// and `robots.txt` pointing at it. A preview asks robots to stay away.
func crawlerFiles(_ model: SiteModel) -> [PlannedFile] {
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

    var xml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

    """
    for entry in entries.sorted(by: { $0.path < $1.path }) {
        xml += "<url><loc>\(escapeXML(entry.path.absolute(base: base)))</loc>"
        if let lastmod = entry.lastmod { xml += "<lastmod>\(lastmod)</lastmod>" }
        xml += "</url>\n"
    }
    xml += "</urlset>\n"

    let robots = model.rendered.preview
        ? "# A preview: not for search engines.\nUser-agent: *\nDisallow: /\n"
        : "User-agent: *\nAllow: /\n\nSitemap: \(base)sitemap.xml\n"
    return [
        PlannedFile(file: OutputFile(path: "sitemap.xml", text: xml), origin: "(generated) sitemap.xml", template: "(sitemap)"),
        PlannedFile(file: OutputFile(path: "robots.txt", text: robots), origin: "(generated) robots.txt", template: "(robots)"),
    ]
}
