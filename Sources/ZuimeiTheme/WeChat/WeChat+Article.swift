import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiRules
import ZuimeiSite

extension PageViews {
    /// A story's export page (`zuimei export wechat`): `index` leads from it to the export's index.
    func weChatPage(_ rendered: RenderedStory, indexHref: String, markdown: MarkdownMemo, memo: WeChatMemo?,
                    file: String) -> WeChatPageView {
        guard let memo else { return weChatPage(rendered, indexHref: indexHref, markdown: markdown) }
        let links = absoluteLinks(for: rendered, index: model.rendered.index, base: config.baseURL,
                                  translated: model.rendered.translatedPages)
        var rewrites: [String?] = []
        _ = markdown.render(rendered.story.body, html: false) { rewrites.append(links($0)); return nil }
        let key = WeChatMemo.Key(story: rendered.story, path: rendered.path, files: rendered.files, quoted: rendered.quotedLanguage,
                                 language: config.language, base: config.baseURL, indexHref: indexHref, rewrites: rewrites)
        return memo.view(key, at: file) { weChatPage(rendered, indexHref: indexHref, markdown: markdown) }
    }

    func weChatPage(_ rendered: RenderedStory, indexHref: String, markdown: MarkdownMemo) -> WeChatPageView {
        let story = rendered.story
        let base = config.baseURL
        let canonical = rendered.path.absolute(base: base)
        let rtl = config.languages.first { $0.code == config.language }?.direction == "rtl"
        // A Chinese name quoted in a right-to-left text stays left to right (`han` steps).
        let quoted = rtl ? rendered.quotedLanguage ?? model.rendered.originalLanguage?.code : nil
        var builder = WeChatArticleBuilder(files: rendered.files, folder: base + rendered.filesPath.directory, marksHan: quoted != nil)
        let blocks = markdown.blocks(story.body, rewriteURL: absoluteLinks(for: rendered, index: model.rendered.index, base: base,
                                                                          translated: model.rendered.translatedPages))
        let events = builder.events(blocks)
        let photo = story.photo.map { name in
            WeChatFigure(src: builder.imageURL(name) ?? base + rendered.filesPath.directory + PagePath.encoded(name),
                         alt: story.photoAlt ?? "", caption: story.photoAlt ?? "")
        }
        func fact(_ label: String, _ value: String) -> WeChatFact { WeChatFact(label: label, value: builder.text(value)) }
        var facts = [fact(strings("fact.name"), story.name), fact(strings("fact.prefecture"), story.prefecture),
                     fact(strings("fact.workplace"), story.workplace)]
        if !story.programs.isEmpty { facts.append(fact(strings("fact.programs"), story.programs.joined(separator: strings("list.separator")))) }
        let videos = story.videos.map { video in
            let poster = rendered.files.first { $0.name == video.poster }
            let chosen = poster.flatMap(posterRendition)
            return WeChatVideo(poster: WeChatFigure(src: base + rendered.filesPath.directory + PagePath.encoded(chosen?.name ?? video.poster),
                                                    alt: video.title, caption: ""),
                               line: strings("wechat.videoOnSite", ["title": video.title, "url": canonical]),
                               file: video.file, href: base + rendered.filesPath.directory + PagePath.encoded(video.file))
        }
        let summary = story.summary ?? rendered.markdown.excerpt
        let weibo = weiboText(title: story.title, summary: summary, url: canonical)
        return WeChatPageView(
            layout: exportLayout(title: story.title), title: story.title, summary: story.summary ?? "", canonical: canonical,
            indexHref: indexHref, cover: photo?.src, facts: facts, photo: photo, events: events, videos: videos,
            notes: builder.notes.enumerated().map { WeChatNote(number: $0 + 1, url: $1) }, rtl: rtl,
            weibo: weibo, weiboCount: weiboLength(weibo))
    }

    func exportLayout(title: String) -> ExportLayout {
        let direction = config.languages.first { $0.code == config.language }?.direction ?? "ltr"
        return ExportLayout(language: config.language, direction: direction, t: StringsNode(strings: strings, prefix: ""),
                            documentTitle: strings("title.withSite", ["title": title, "site": strings("wechat.title")]),
                            generator: generator)
    }

    /// The Weibo text: `weibo.text`'s pattern with the title, the summary cut at the end of a
    /// sentence (else at a character, with "…") and the URL, at most `weiboLimit` as Weibo counts.
    func weiboText(title: String, summary: String, url: String) -> String {
        func text(_ title: String, _ summary: String) -> String {
            strings("wechat.weiboText", ["title": title, "summary": summary, "url": url])
        }
        /// The longest start of `value` (then "…") with which `fits` holds.
        func cut(_ value: String, _ fits: (String) -> Bool) -> String {
            let characters = Array(value)
            var end = characters.count
            while end > 0, !fits(String(characters[..<end]) + "…") { end -= 1 }
            return end > 0 ? String(characters[..<end]) + "…" : ""
        }
        if weiboLength(text(title, summary)) <= weiboLimit { return text(title, summary) }
        // A title too long even alone is cut, and the summary left out.
        if weiboLength(text(title, "")) > weiboLimit { return text(cut(title) { weiboLength(text($0, "")) <= weiboLimit }, "") }
        let characters = Array(summary)
        var best = ""
        let sentenceEnds: Set<Character> = ["。", "！", "？", "!", "?", "；", ";", "…"]  // content vocabulary, not interface text
        for end in characters.indices where sentenceEnds.contains(characters[end]) {
            let candidate = String(characters[...end])
            if weiboLength(text(title, candidate)) <= weiboLimit { best = candidate } else { break }
        }
        return text(title, best.isEmpty ? cut(summary) { weiboLength(text(title, $0)) <= weiboLimit } : best)
    }
}

/// Weibo's limit, in its characters.
let weiboLimit = 140

/// A text's length as Weibo counts it: a character outside ASCII counts one, an ASCII character
/// half (rounded up at the end), and a link (`http://…`, `https://…`, up to white space) ten,
/// the length of the short link (`t.cn/…`) Weibo puts in its place.
func weiboLength(_ text: String) -> Int {
    var halves = 0
    var rest = Substring(text)
    while !rest.isEmpty {
        if rest.hasPrefix("http://") || rest.hasPrefix("https://") {
            halves += 20
            rest = rest.drop { !$0.isWhitespace }
            continue
        }
        let character = rest.removeFirst()
        halves += character.isASCII ? 1 : 2
    }
    return (halves + 1) / 2
}

/// Makes an article's steps from a text's blocks: its images at their 960 px JPEG under the
/// site's address, its links' URLs numbered as notes, Han runs marked in a right-to-left text.
struct WeChatArticleBuilder {
    /// The story's published files, and where they are at the site's address (`…/stories/2021/x/`).
    let files: [PublishedFile]
    let folder: String
    let marksHan: Bool
    private(set) var notes: [String] = []

    init(files: [PublishedFile], folder: String, marksHan: Bool) {
        self.files = files
        self.folder = folder
        self.marksHan = marksHan
    }

    /// A file of the story's folder by its JPEG rendition nearest 960 px wide (the size the
    /// editor takes and a phone shows), absolute; nil for a file that is not a published image.
    func imageURL(_ name: String) -> String? {
        guard let file = files.first(where: { $0.name == name }) else { return nil }
        return folder + PagePath.encoded(file.phoneSize?.name ?? name)
    }

    mutating func events(_ blocks: [MarkdownBlock], tight: Bool = false) -> [WeChatEvent] {
        var events: [WeChatEvent] = []
        for block in blocks {
            switch block {
            case .paragraph(let inlines):
                // An image is a figure of its own, between the paragraph's text before and after it.
                var run: [MarkdownInline] = []
                func flush() {
                    let steps = self.inlines(run)
                    run = []
                    guard steps.contains(where: { !($0.kind == .text && $0.text.allSatisfy(\.isWhitespace)) }) else { return }
                    var paragraph = WeChatEvent(.paragraph)
                    paragraph.inlines = steps
                    paragraph.tight = tight
                    events.append(paragraph)
                }
                for inline in inlines {
                    if case .image(let destination, let source, let alt, let title) = inline {
                        // An image with no URL to show (one libcmark's safe mode refused) is its description.
                        guard !destination.isEmpty else {
                            run.append(.text(alt))
                            continue
                        }
                        flush()
                        var figure = WeChatEvent(.figure)
                        figure.figure = self.figure(destination: destination, source: source, alt: alt, title: title)
                        events.append(figure)
                    } else {
                        run.append(inline)
                    }
                }
                flush()
            case .heading(let level, let inlines):
                var heading = WeChatEvent(level <= 2 ? .heading : .subheading)
                heading.inlines = self.inlines(inlines)
                events.append(heading)
            case .quote(let children):
                events.append(WeChatEvent(.quoteOpen))
                events += self.events(children)
                events.append(WeChatEvent(.quoteClose))
            case .list(let ordered, _, let items):
                var open = WeChatEvent(.listOpen)
                open.ordered = ordered
                var close = WeChatEvent(.listClose)
                close.ordered = ordered
                events.append(open)
                for item in items {
                    events.append(WeChatEvent(.itemOpen))
                    events += self.events(item, tight: true)
                    events.append(WeChatEvent(.itemClose))
                }
                events.append(close)
            case .code(let text):
                var code = WeChatEvent(.code)
                code.lines = text.hasSuffix("\n") ? text.dropLast().components(separatedBy: "\n") : text.components(separatedBy: "\n")
                events.append(code)
            case .rule:
                events.append(WeChatEvent(.rule))
            }
        }
        return events
    }

    func figure(destination: String, source: String, alt: String, title: String) -> WeChatFigure {
        let src = folderFileName(source).flatMap(imageURL) ?? destination
        return WeChatFigure(src: src, alt: alt, caption: title.isEmpty ? alt : title)
    }

    /// A text as steps: plain, or its Han runs marked in a right-to-left text.
    func text(_ text: String) -> [WeChatEvent] {
        guard marksHan else { return [WeChatEvent(.text, text: text)] }
        return hanSegments(text).map { WeChatEvent($0.isHan ? .han : .text, text: $0.text) }
    }

    mutating func inlines(_ inlines: [MarkdownInline]) -> [WeChatEvent] {
        var events: [WeChatEvent] = []
        for (index, inline) in inlines.enumerated() {
            switch inline {
            case .text(let value): events += text(value)
            case .code(let value): events.append(WeChatEvent(.inlineCode, text: value))
            case .strong(let children):
                events.append(WeChatEvent(.strongOpen))
                events += self.inlines(children)
                events.append(WeChatEvent(.strongClose))
            case .emphasis(let children):
                events.append(WeChatEvent(.emOpen))
                events += self.inlines(children)
                events.append(WeChatEvent(.emClose))
            case .link(let destination, let children):
                events += self.inlines(children)
                // The editor keeps no link: its text, then the number of its URL in the notes.
                guard destination.hasPrefix("https://") || destination.hasPrefix("http://") else { break }
                var note = WeChatEvent(.note)
                if let known = notes.firstIndex(of: destination) {
                    note.number = known + 1
                } else {
                    notes.append(destination)
                    note.number = notes.count
                }
                events.append(note)
            case .image(let destination, _, let alt, _) where destination.isEmpty:
                events += text(alt)
            case .image(let destination, let source, let alt, let title):
                var image = WeChatEvent(.image)
                image.figure = figure(destination: destination, source: source, alt: alt, title: title)
                events.append(image)
            case .lineBreak:
                events.append(WeChatEvent(.br))
            case .softBreak:
                // A line break in the source: nothing between two Chinese characters, else a space.
                let before = inlines[..<index].last.flatMap { if case .text(let text) = $0 { text.last } else { nil } }
                let after = inlines[(index + 1)...].first.flatMap { if case .text(let text) = $0 { text.first } else { nil } }
                if let before, let after, isWide(before), isWide(after) { break }
                events += text(" ")
            }
        }
        return events
    }

    private func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return (0x2E80...0x9FFF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
            || (0xFF00...0xFFEF).contains(scalar.value) || (0x20000...0x2FA1F).contains(scalar.value)
    }
}
