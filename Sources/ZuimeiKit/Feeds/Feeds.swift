import Foundation
import ZuimeiContent
import ZuimeiOutput
import ZuimeiTemplates

/// One item of an RSS feed, every URL absolute.
struct FeedItem {
    var title: String
    var link: String
    var date: Day
    var summary: String
    var contentHTML: String
    var enclosure: Enclosure?

    struct Enclosure {
        var url: String
        var length: Int
        var type: String
    }
}

struct FeedChannel {
    var title: String
    var link: String
    var description: String
    var language: String
    /// The feed's own absolute URL, for `atom:link rel="self"`.
    var selfURL: String
    var generator: String
}

/// Stage: every feed. `feed.xml` (all stories), `study/feed.xml`, and one per
/// prefecture, programme, field and edition beside its page. Each carries the
/// latest `feed_items` entries, newest first, with full content.
func feeds(_ model: SiteModel, generator: String, templates: TemplateSet) throws(TemplateError) -> [PlannedFile] {
    let config = model.config
    let strings = model.strings
    let base = config.baseURL
    var contentCache: [String: String] = [:]
    func item(_ story: RenderedStory) -> FeedItem {
        let link = story.path.absolute(base: base)
        let html = contentCache[story.story.id] ?? relocatedHTML(for: story, index: model.rendered.index, base: base)
        contentCache[story.story.id] = html
        let enclosure = story.story.photo.map { photo in
            FeedItem.Enclosure(url: link + photo, length: story.files.first { $0.name == photo }?.size ?? 0,
                               type: mediaType(of: photo))
        }
        return FeedItem(title: story.story.title, link: link, date: story.story.date, summary: story.summary,
                        contentHTML: html, enclosure: enclosure)
    }
    func feed(_ path: String, title: String, description: String, stories: [RenderedStory], origin: String) throws(TemplateError) -> PlannedFile {
        let channel = FeedChannel(title: title, link: base + (path as NSString).deletingLastPathComponent.appendingSlash,
                                  description: description, language: config.language, selfURL: base + path,
                                  generator: generator)
        let items = stories.prefix(config.feedItems).map(item)
        return PlannedFile(file: OutputFile(path: path, text: try rss(channel, items: Array(items), templates: templates)),
                           origin: origin, template: "feed")
    }

    var files = [try feed(Routes.mainFeed, title: config.title, description: config.description, stories: model.stories,
                      origin: "(generated) story feed")]
    for taxonomy in model.taxonomies {
        for group in taxonomy.groups where !group.stories.isEmpty {
            files.append(try feed(group.feedPath, title: strings("title.withSite", ["title": group.title, "site": config.title]),
                                  description: strings("term.feed.description", ["taxonomy": taxonomy.title, "term": group.title]),
                                  stories: group.stories,
                              origin: "(generated) \(group.path.directory)feed.xml"))
        }
    }
    for (edition, group) in model.editions where !group.stories.isEmpty {
        files.append(try feed(group.feedPath, title: strings("title.withSite", ["title": edition.title, "site": config.title]),
                              description: edition.title,
                          stories: group.stories, origin: "(generated) \(group.path.directory)feed.xml"))
    }

    let studyItems = model.rendered.study.prefix(config.feedItems).map { material in
        let link = material.document.path.absolute(base: base)
        let html = relocatedHTML(body: material.material.body, source: material.material.source.relative,
                                 directory: material.document.path.directory, index: model.rendered.index, base: base)
        return FeedItem(title: material.document.title, link: link, date: material.material.date,
                        summary: material.document.summary, contentHTML: html, enclosure: nil)
    }
    let studyChannel = FeedChannel(title: strings("title.withSite", ["title": strings("study.title"), "site": config.title]),
                                   link: Routes.study.absolute(base: base), description: strings("study.description"),
                                   language: config.language, selfURL: base + Routes.studyFeed, generator: generator)
    files.append(PlannedFile(file: OutputFile(path: Routes.studyFeed, text: try rss(studyChannel, items: Array(studyItems), templates: templates)),
                             origin: "(generated) \(Routes.studyFeed)", template: "feed"))
    return files
}

extension String {
    /// `a/b` → `a/b/`; `` and `.` → ``.
    var appendingSlash: String {
        if self == "." || isEmpty { return "" }
        return hasSuffix("/") ? self : self + "/"
    }
}

/// RSS 2.0 with the `content` and `atom` namespaces, through the theme's
/// `feed` template (a site may override it like any other).
func rss(_ channel: FeedChannel, items: [FeedItem], templates: TemplateSet) throws(TemplateError) -> String {
    try templates.render(FeedView(channel: channel, items: items), with: "feed")
}

/// What the `feed` template sees. Every text is escaped for XML (and
/// cleared of characters XML does not allow) here, once.
struct FeedView: TemplateContext {
    var channel: FeedChannel
    var items: [FeedItem]

    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(escapeXML(channel.title))
        case "link": TemplateValue(escapeXML(channel.link))
        case "description": TemplateValue(escapeXML(channel.description))
        case "language": TemplateValue(escapeXML(channel.language))
        case "generator": TemplateValue(escapeXML(channel.generator))
        case "selfURL": TemplateValue(escapeXML(channel.selfURL))
        // The newest item's date, not the wall clock: the same content gives the same bytes.
        case "lastBuildDate": TemplateValue(items.map(\.date).max().map(rfc822))
        case "items": TemplateValue(items.map(FeedItemView.init))
        default: nil
        }
    }
}

struct FeedItemView: TemplateContext {
    var item: FeedItem

    func child(named key: String) -> TemplateValue? {
        switch key {
        case "title": TemplateValue(escapeXML(item.title))
        case "link": TemplateValue(escapeXML(item.link))
        case "pubDate": TemplateValue(rfc822(item.date))
        case "summary": TemplateValue(escapeXML(item.summary))
        case "content": TemplateValue(escapeXML(item.contentHTML))
        case "enclosure": TemplateValue(item.enclosure.map(EnclosureView.init))
        default: nil
        }
    }
}

struct EnclosureView: TemplateContext {
    var enclosure: FeedItem.Enclosure

    func child(named key: String) -> TemplateValue? {
        switch key {
        case "url": TemplateValue(escapeXML(enclosure.url))
        case "length": TemplateValue(enclosure.length)
        case "type": TemplateValue(escapeXML(enclosure.type))
        default: nil
        }
    }
}

/// RFC 822 date at midnight China Standard Time, the campaign's time zone.
func rfc822(_ day: Day) -> String {
    let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let dd = day.day < 10 ? "0\(day.day)" : "\(day.day)"
    return "\(weekdays[day.weekday]), \(dd) \(months[day.month - 1]) \(day.year) 00:00:00 +0800"
}

/// Escapes text for XML and drops characters XML 1.0 does not allow.
func escapeXML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
        default:
            let v = scalar.value
            if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { continue }
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}

/// The media type of a file, by its extension.
func mediaType(of path: String) -> String { MediaType.of(path) }
