import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiTemplates

// The view models of `zuimei export wechat` (issue 27): a story as an article for the WeChat
// official-account (公众号) editor, which keeps only some tags and inline styles. What the
// article's HTML is (tags, styles) is the theme's: `wechat/page`, `wechat/article`,
// `wechat/inline` and `wechat/index`.

/// One step of an article, in reading order: its text's blocks and inline runs flattened
/// (a template cannot recurse: a partial that includes itself is a cycle). Each step answers
/// one key the templates test (`{{#paragraph}}`, `{{#strongOpen}}`, …) and is false for the others.
struct WeChatEvent: Sendable, Equatable {
    enum Kind: String, CaseIterable, Sendable {
        case paragraph, heading, subheading, quoteOpen, quoteClose, listOpen, listClose, itemOpen, itemClose, code, rule, figure
        case text, han, inlineCode, strongOpen, strongClose, emOpen, emClose, note, br, image
    }
    var kind: Kind
    /// text, han, inlineCode: the text.
    var text = ""
    /// paragraph, heading, subheading: its inline steps.
    var inlines: [WeChatEvent] = []
    /// paragraph: inside a list item (no space below).
    var tight = false
    /// listOpen, listClose: numbered.
    var ordered = false
    /// note: the number of its URL in the notes.
    var number = 0
    /// figure, image.
    var figure: WeChatFigure? = nil
    /// code: its lines.
    var lines: [String] = []

    init(_ kind: Kind, text: String = "") {
        self.kind = kind
        self.text = text
    }
}

extension WeChatEvent: TemplateContext {
    func child(named name: String) -> TemplateValue? {
        if let asked = Kind(rawValue: name) {
            guard asked == kind else { return .bool(false) }
            switch kind {
            case .text, .han, .inlineCode: return .string(text)
            case .note: return .int(number)
            case .figure, .image: return figure.map { TemplateValue.object($0) } ?? .bool(false)
            default: return .object(self)
            }
        }
        switch name {
        case "inlines": return TemplateValue(inlines)
        case "tight": return .bool(tight)
        case "ordered": return .bool(ordered)
        case "number": return .int(number)
        case "lines": return TemplateValue(lines.enumerated().map { WeChatLine(text: $1, more: $0 < lines.count - 1) })
        default: return nil
        }
    }
}

struct WeChatLine: Sendable, Equatable, TemplateContext {
    var text: String
    /// Not the last line: a `<br>` follows.
    var more: Bool
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "text": .string(text)
        case "more": .bool(more)
        default: nil
        }
    }
}

/// An image of an article: an absolute URL at the site's address (the editor fetches it and
/// hosts it again), its description, and its caption (its title, else its description).
struct WeChatFigure: Sendable, Equatable, TemplateContext {
    var src: String
    var alt: String
    var caption: String
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "src": .string(src)
        case "alt": .string(alt)
        case "caption": caption.isEmpty ? .bool(false) : .string(caption)
        default: nil
        }
    }
}

/// A line of the fact box: its label and its value's inline steps.
struct WeChatFact: Sendable, Equatable, TemplateContext {
    var label: String
    var value: [WeChatEvent]
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "label": .string(label)
        case "value": TemplateValue(value)
        default: nil
        }
    }
}

/// A video: its poster in the article, the line that says where to watch it, its file to upload.
struct WeChatVideo: Sendable, Equatable, TemplateContext {
    var poster: WeChatFigure?
    var line: String
    var file: String
    var href: String
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "poster": poster.map { TemplateValue.object($0) } ?? .bool(false)
        case "line": .string(line)
        case "file": .string(file)
        case "href": .string(href)
        default: nil
        }
    }
}

struct WeChatNote: Sendable, Equatable, TemplateContext {
    var number: Int
    var url: String
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "number": .int(number)
        case "url": .string(url)
        default: nil
        }
    }
}

/// What every page made outside the site's own layout knows (a WeChat export page, a document of the
/// booklet's book): its language and direction, the interface text.
struct ExportLayout: Sendable, Equatable, TemplateContext {
    var language: String
    var direction: String
    var t: StringsNode
    var documentTitle: String
    var generator: String
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "language": .string(language)
        case "direction": .string(direction)
        case "t": .object(t)
        case "documentTitle": .string(documentTitle)
        case "generator": .string(generator)
        default: nil
        }
    }
}

/// A story's export page: what the editor's fields take (title, summary, the 阅读原文 URL, the
/// cover), the article to copy, the videos to upload and the Weibo text.
struct WeChatPageView: PageViewModel {
    var layout: ExportLayout
    var title: String
    var summary: String
    var canonical: String
    var indexHref: String
    var cover: String?
    var facts: [WeChatFact]
    var photo: WeChatFigure?
    var events: [WeChatEvent]
    var videos: [WeChatVideo]
    var notes: [WeChatNote]
    /// Right to left: every block of the article says so in its style (the editor drops `dir`).
    var rtl: Bool
    var weibo: String
    var weiboCount: Int

    func child(named name: String) -> TemplateValue? {
        switch name {
        case "layout": .object(layout)
        case "title": .string(title)
        case "summary": summary.isEmpty ? .bool(false) : .string(summary)
        case "canonical": .string(canonical)
        case "indexHref": .string(indexHref)
        case "cover": cover.map(TemplateValue.string) ?? .bool(false)
        case "facts": TemplateValue(facts)
        case "photo": photo.map { TemplateValue.object($0) } ?? .bool(false)
        case "events": TemplateValue(events)
        case "videos": TemplateValue(videos)
        case "notes": TemplateValue(notes)
        case "hasNotes": .bool(!notes.isEmpty)
        case "hasVideos": .bool(!videos.isEmpty)
        case "weiboLimit": .int(weiboLimit)
        case "rtl": .bool(rtl)
        case "weibo": .string(weibo)
        case "weiboCount": .int(weiboCount)
        default: nil
        }
    }
}

struct WeChatIndexEntry: Sendable, Equatable, TemplateContext {
    var title: String
    var href: String
    var date: String
    var status: String
    var language: String
    var languageName: String
    var direction: String
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "title": .string(title)
        case "href": .string(href)
        case "date": .string(date)
        case "status": .string(status)
        case "language": .string(language)
        case "languageName": .string(languageName)
        case "direction": .string(direction)
        default: nil
        }
    }
}

/// The export's first page: every exported story, newest first.
struct WeChatIndexView: PageViewModel {
    var layout: ExportLayout
    var entries: [WeChatIndexEntry]
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "layout": .object(layout)
        case "entries": TemplateValue(entries)
        case "hasEntries": .bool(!entries.isEmpty)
        default: nil
        }
    }
}
