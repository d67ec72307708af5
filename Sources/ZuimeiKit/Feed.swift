import Foundation
import ZuimeiContent
import ZuimeiOutput

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
func feeds(_ model: SiteModel, generator: String) -> [PlannedFile] {
    let config = model.config
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
    func feed(_ path: String, title: String, description: String, stories: [RenderedStory], origin: String) -> PlannedFile {
        let channel = FeedChannel(title: title, link: base + (path as NSString).deletingLastPathComponent.appendingSlash,
                                  description: description, language: config.language, selfURL: base + path,
                                  generator: generator)
        let items = stories.prefix(config.feedItems).map(item)
        return PlannedFile(file: OutputFile(path: path, text: rss(channel, items: Array(items))), origin: origin,
                           template: "(feed)")
    }

    var files = [feed("feed.xml", title: config.title, description: config.description, stories: model.stories,
                      origin: "(generated) story feed")]
    for taxonomy in model.taxonomies {
        for group in taxonomy.groups where !group.stories.isEmpty {
            files.append(feed(group.feedPath, title: "\(group.title) - \(config.title)",
                              description: "\(taxonomy.title)：\(group.title)", stories: group.stories,
                              origin: "(generated) \(group.path.directory)feed.xml"))
        }
    }
    for (edition, group) in model.editions where !group.stories.isEmpty {
        files.append(feed(group.feedPath, title: "\(edition.title) - \(config.title)", description: edition.title,
                          stories: group.stories, origin: "(generated) \(group.path.directory)feed.xml"))
    }

    let studyItems = model.rendered.study.prefix(config.feedItems).map { material in
        let link = material.document.path.absolute(base: base)
        let html = relocatedHTML(body: material.material.body, source: material.material.source.relative,
                                 directory: material.document.path.directory, index: model.rendered.index, base: base)
        return FeedItem(title: material.document.title, link: link, date: material.material.date,
                        summary: material.document.summary, contentHTML: html, enclosure: nil)
    }
    let studyChannel = FeedChannel(title: "学习材料 - \(config.title)", link: base + "study/", description: "深入学习阶段的学习材料",
                                   language: config.language, selfURL: base + "study/feed.xml", generator: generator)
    files.append(PlannedFile(file: OutputFile(path: "study/feed.xml", text: rss(studyChannel, items: Array(studyItems))),
                             origin: "(generated) study/feed.xml", template: "(feed)"))
    return files
}

extension String {
    /// `a/b` → `a/b/`; `` and `.` → ``.
    var appendingSlash: String {
        if self == "." || isEmpty { return "" }
        return hasSuffix("/") ? self : self + "/"
    }
}

/// RSS 2.0 with the `content` and `atom` namespaces.
func rss(_ channel: FeedChannel, items: [FeedItem]) -> String {
    var xml = """
    <?xml version="1.0" encoding="UTF-8"?>
    <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
    <channel>
    <title>\(escapeXML(channel.title))</title>
    <link>\(escapeXML(channel.link))</link>
    <description>\(escapeXML(channel.description))</description>
    <language>\(escapeXML(channel.language))</language>
    <generator>\(escapeXML(channel.generator))</generator>
    <atom:link href="\(escapeXML(channel.selfURL))" rel="self" type="application/rss+xml"/>

    """
    // The newest item's date, not the wall clock: the same content gives the same bytes.
    if let newest = items.map(\.date).max() {
        xml += "<lastBuildDate>\(rfc822(newest))</lastBuildDate>\n"
    }
    for item in items {
        xml += "<item>\n"
        xml += "<title>\(escapeXML(item.title))</title>\n"
        xml += "<link>\(escapeXML(item.link))</link>\n"
        xml += "<guid isPermaLink=\"true\">\(escapeXML(item.link))</guid>\n"
        xml += "<pubDate>\(rfc822(item.date))</pubDate>\n"
        xml += "<description>\(escapeXML(item.summary))</description>\n"
        xml += "<content:encoded>\(escapeXML(item.contentHTML))</content:encoded>\n"
        if let enclosure = item.enclosure {
            xml += "<enclosure url=\"\(escapeXML(enclosure.url))\" length=\"\(enclosure.length)\" type=\"\(enclosure.type)\"/>\n"
        }
        xml += "</item>\n"
    }
    xml += "</channel>\n</rss>\n"
    return xml
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
