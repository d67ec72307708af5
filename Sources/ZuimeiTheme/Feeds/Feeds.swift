import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiSite
import ZuimeiTemplates

/// One item of an RSS feed, every URL absolute.
struct FeedItem {
    var title: String
    var link: String
    var date: Day
    var summary: String
    /// The item's HTML, already escaped for XML (once per story, whatever the number of feeds it is in).
    var contentXML: String
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
public func feeds(_ model: SiteModel, generator: String, templates: TemplateSet, jobs: Int = 1,
           markdown: MarkdownMemo? = nil, escaped memo: FeedContentMemo? = nil) throws(TemplateError) -> [PlannedFile] {
    let config = model.config
    let strings = model.strings
    let routes = model.routes
    let base = config.baseURL

    struct Spec {
        var path: String
        var title: String
        var description: String
        var stories: ArraySlice<RenderedStory>
        var origin: String
    }
    var specs = [Spec(path: routes.mainFeed, title: config.title, description: config.description,
                      stories: model.stories.prefix(config.feedItems), origin: "(generated) story feed")]
    // Every feed a page advertises exists: a term has a page (and a feed) once it has a story;
    // an edition has its page from the start, and its feed, empty until the first story, so
    // readers can subscribe before it has one.
    for taxonomy in model.taxonomies {
        for group in taxonomy.groups where !group.stories.isEmpty {
            specs.append(Spec(path: group.feedPath, title: strings("title.withSite", ["title": group.title, "site": config.title]),
                              description: strings("term.feed.description", ["taxonomy": taxonomy.title, "term": group.title]),
                              stories: group.stories.prefix(config.feedItems),
                              origin: "(generated) \(group.path.directory)feed.xml"))
        }
    }
    for (edition, group) in model.editions {
        specs.append(Spec(path: group.feedPath, title: strings("title.withSite", ["title": edition.title, "site": config.title]),
                          description: edition.title, stories: group.stories.prefix(config.feedItems),
                          origin: "(generated) \(group.path.directory)feed.xml"))
    }

    // Each story's content, relocated and escaped once, on `jobs` threads: a story is in several feeds.
    var seen = Set<String>()
    let inFeeds = specs.flatMap(\.stories).filter { seen.insert($0.story.id).inserted }
    let escaped = parallelMap(inFeeds, jobs: jobs) { story in
        let html = relocatedHTML(for: story, index: model.rendered.index, base: base, translated: model.rendered.translatedPages,
                                 theme: model.rendered.theme, memo: markdown)
        if let known = memo?.escaped(story.story.id, html: html) { return known }
        let xml = escapeXML(html)
        memo?.remember(story.story.id, html: html, escaped: xml)
        return xml
    }
    let content = Dictionary(uniqueKeysWithValues: zip(inFeeds.map(\.story.id), escaped))
    @Sendable func item(_ story: RenderedStory) -> FeedItem {
        let link = story.path.absolute(base: base)
        let folder = story.filesPath.absolute(base: base)
        // RSS gives an item one enclosure: the story's first video, as readers of a video story want
        // it; else the largest JPEG rendition of the photo (sized for reading, not the camera's).
        // Either with its real length.
        let video = story.story.videos.first.map { video in
            FeedItem.Enclosure(url: folder + PagePath.encoded(video.file), length: story.files.first { $0.name == video.file }?.size ?? 0,
                               type: mediaType(of: video.file))
        }
        let enclosure = video ?? story.story.photo.map { photo in
            let main = story.files.first { $0.name == photo }?.jpegSizes.last?.name ?? photo
            return FeedItem.Enclosure(url: folder + PagePath.encoded(main), length: story.files.first { $0.name == main }?.size ?? 0,
                                      type: mediaType(of: main))
        }
        return FeedItem(title: story.story.title, link: link, date: story.story.date, summary: story.summary,
                        contentXML: content[story.story.id] ?? "", enclosure: enclosure)
    }
    let rendered = parallelMap(specs, jobs: jobs) { spec -> Result<PlannedFile, TemplateError> in
        let channel = FeedChannel(title: spec.title, link: base + (spec.path as NSString).deletingLastPathComponent.appendingSlash,
                                  description: spec.description, language: config.language, selfURL: base + spec.path,
                                  generator: generator)
        do throws(TemplateError) {
            let xml = try rss(channel, items: spec.stories.map(item), templates: templates)
            return .success(PlannedFile(file: OutputFile(path: spec.path, text: xml), origin: spec.origin, template: "feed"))
        } catch {
            return .failure(error)
        }
    }
    var files: [PlannedFile] = []
    for result in rendered { files.append(try result.get()) }

    let studyItems = model.rendered.study.prefix(config.feedItems).map { material in
        let link = material.document.path.absolute(base: base)
        let html = relocatedHTML(body: material.material.body, source: material.material.source.relative,
                                 directory: material.document.filesPath.directory, index: model.rendered.index, base: base,
                                 translated: model.rendered.translatedPages,
                                 hooks: model.rendered.theme.hooks(quoted: material.document.quotedLanguage))
        return FeedItem(title: material.document.title, link: link, date: material.material.date,
                        summary: material.document.summary, contentXML: escapeXML(html), enclosure: nil)
    }
    let studyChannel = FeedChannel(title: strings("title.withSite", ["title": strings("study.title"), "site": config.title]),
                                   link: routes.study.absolute(base: base), description: strings("study.description"),
                                   language: config.language, selfURL: base + routes.studyFeed, generator: generator)
    files.append(PlannedFile(file: OutputFile(path: routes.studyFeed, text: try rss(studyChannel, items: Array(studyItems), templates: templates)),
                             origin: "(generated) \(routes.studyFeed)", template: "feed"))
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
        case "content": TemplateValue(item.contentXML)
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

/// Escapes text for XML and drops characters XML 1.0 does not allow (controls
/// other than tab and line breaks, U+FFFE, U+FFFF). By UTF-8 byte: every byte
/// that matters is ASCII or the start of U+FFFE/U+FFFF.
func escapeXML(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes -> String in
        var result = [UInt8]()
        result.reserveCapacity(bytes.count + bytes.count / 8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x26: result.append(contentsOf: "&amp;".utf8)
            case 0x3C: result.append(contentsOf: "&lt;".utf8)
            case 0x3E: result.append(contentsOf: "&gt;".utf8)
            case 0x22: result.append(contentsOf: "&quot;".utf8)
            case 0x27: result.append(contentsOf: "&apos;".utf8)
            case 0x09, 0x0A, 0x0D: result.append(byte)
            case 0..<0x20: break
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                index += 2
            default: result.append(byte)
            }
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// The media type of a file, by its extension.
func mediaType(of path: String) -> String { MediaType.of(path) }

/// Each story's feed content as escaped by an earlier build in this process
/// (`zuimei serve`), reused while its HTML is byte for byte the same.
public final class FeedContentMemo: Sendable {
    public init() {}

    private let entries = Locked<[String: (html: String, escaped: String)]>([:])

    func escaped(_ id: String, html: String) -> String? {
        guard let entry = entries.withLock({ $0[id] }), sameBytes(entry.html, html) else { return nil }
        return entry.escaped
    }

    func remember(_ id: String, html: String, escaped: String) {
        entries.withLock { $0[id] = (html, escaped) }
    }
}
