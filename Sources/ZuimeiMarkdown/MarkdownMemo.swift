import Foundation
import ZuimeiParallel

/// Markdown parsed once and reused, within a build and (in `zuimei serve`)
/// across builds. A story's body is read by the rules (its links, its
/// length), rendered for its page, and rendered again with other URLs for
/// the feeds: each of those parses it anew without a memo.
///
/// What a render gives depends only on the text, the excerpt's length,
/// whether HTML is wanted, and what `rewriteURL` answers for each link: the
/// memo keeps a body's links (with its excerpt and character count) by text,
/// asks `rewriteURL` about each, and keeps the HTML by text and answers. So a
/// link whose target moved is rendered anew, and nothing else is.
///
/// Entries not used by a build are dropped at the start of the next
/// (`startBuild`). Safe to use from several threads at once.
public final class MarkdownMemo: Sendable {
    struct Outline {
        var links: [Link]
        /// Its images as an image hook is told them, with their destinations as written.
        var images: [MarkdownImage]
        var excerpt: String
        var characterCount: Int
    }

    struct HTMLKey: Hashable {
        var text: TextKey
        var excerptLength: Int
        var rewrites: [String?]
        /// The image hook's answers, and what the other hooks depend on (`MarkdownHooks.identity`).
        var images: [String?] = []
        var hooks: String? = nil
    }

    struct OutlineKey: Hashable {
        var text: TextKey
        var excerptLength: Int
    }

    /// This build's entries, and the last build's (kept while this one uses them).
    private struct State {
        var outlines: [OutlineKey: Outline] = [:]
        var previousOutlines: [OutlineKey: Outline] = [:]
        var html: [HTMLKey: String] = [:]
        var previousHTML: [HTMLKey: String] = [:]
        var plain: [TextKey: String] = [:]
        var previousPlain: [TextKey: String] = [:]
        var blocks: [HTMLKey: [MarkdownBlock]] = [:]
        var previousBlocks: [HTMLKey: [MarkdownBlock]] = [:]
    }

    private let state = Locked(State())

    public init() {}

    /// Forgets what the last build did not use.
    public func startBuild() {
        state.withLock { state in
            state = State(previousOutlines: state.outlines, previousHTML: state.html, previousPlain: state.plain,
                          previousBlocks: state.blocks)
        }
    }

    /// `plainText(ofMarkdown:)`, from the memo where it can (the search index reads every
    /// published story's text in each build; in serve, one changed).
    public func plainText(_ text: String) -> String {
        let key = TextKey(text)
        let known = state.withLock { state -> String? in
            guard let known = state.plain[key] ?? state.previousPlain[key] else { return nil }
            state.plain[key] = known
            return known
        }
        if let known { return known }
        let result = ZuimeiMarkdown.plainText(ofMarkdown: text)
        state.withLock { $0.plain[key] = result }
        return result
    }

    /// `renderMarkdown`, from the memo where it can. The hooks' answers are asked for each time
    /// (an image's may change with its photo's sizes), and are part of the HTML's key.
    public func render(_ text: String, excerptLength: Int = 120, html wantsHTML: Bool = true, hooks: MarkdownHooks = .none,
                       rewriteURL: (Link) -> String? = { _ in nil }) -> RenderedMarkdown {
        let body = TextKey(text)
        let outlineKey = OutlineKey(text: body, excerptLength: excerptLength)
        let outline: Outline
        if let known = lookUpOutline(outlineKey) {
            outline = known
        } else {
            // The HTML with every link as written comes with the same parse: it is what a page
            // whose links all stay as they are (external ones, its own photo) shows.
            // The plain text for the search index too, from the same walk.
            var links: [Link] = []
            var images: [MarkdownImage] = []
            let told = MarkdownHooks(image: { image in
                images.append(image)
                return nil
            })
            let rendered = renderMarkdown(text, excerptLength: excerptLength, html: true, plainText: true, hooks: told) { link in
                links.append(link)
                return nil
            }
            outline = Outline(links: links, images: images, excerpt: rendered.excerpt, characterCount: rendered.characterCount)
            state.withLock { state in
                state.outlines[outlineKey] = outline
                if let plainText = rendered.plainText { state.plain[body] = plainText }
                state.html[HTMLKey(text: body, excerptLength: excerptLength, rewrites: links.map { _ in nil })] = rendered.html
            }
        }
        let rewrites = outline.links.map(rewriteURL)
        guard wantsHTML else {
            return RenderedMarkdown(html: "", excerpt: outline.excerpt, characterCount: outline.characterCount)
        }
        var key = HTMLKey(text: body, excerptLength: excerptLength, rewrites: rewrites)
        var imageAnswers: [String?] = []
        if let image = hooks.image {
            // The images in the order of the links, each where its link's rewrite leads.
            var rewritten = zip(outline.links, rewrites).filter { $0.0.kind == .image }.map(\.1).makeIterator()
            imageAnswers = outline.images.map { shown in
                var shown = shown
                if let replacement = rewritten.next() ?? nil { shown.source = markdownHref(replacement) }
                return image(shown)
            }
            if imageAnswers.contains(where: { $0 != nil }) { key.images = imageAnswers }
        }
        if hooks.hanRun != nil { key.hooks = hooks.identity }
        if let known = lookUpHTML(key) {
            return RenderedMarkdown(html: known, excerpt: outline.excerpt, characterCount: outline.characterCount)
        }
        var answers = rewrites.makeIterator()
        var imageAnswer = imageAnswers.makeIterator()
        let asked = MarkdownHooks(image: hooks.image == nil ? nil : { _ in imageAnswer.next() ?? nil }, hanRun: hooks.hanRun,
                                  identity: hooks.identity)
        let rendered = renderMarkdown(text, excerptLength: excerptLength, hooks: asked) { _ in answers.next() ?? nil }
        state.withLock { $0.html[key] = rendered.html }
        return rendered
    }

    /// `markdownBlocks`, from the memo where it can: by the text and what `rewriteURL` answers
    /// for each of its links (a WeChat article in serve is made again only when either changed).
    public func blocks(_ text: String, rewriteURL: (Link) -> String? = { _ in nil }) -> [MarkdownBlock] {
        let body = TextKey(text)
        let outline = lookUpOutline(OutlineKey(text: body, excerptLength: 120))
            ?? { _ = render(text, html: false); return lookUpOutline(OutlineKey(text: body, excerptLength: 120))! }()
        let rewrites = outline.links.map(rewriteURL)
        let key = HTMLKey(text: body, excerptLength: 0, rewrites: rewrites)
        let known = state.withLock { state -> [MarkdownBlock]? in
            guard let known = state.blocks[key] ?? state.previousBlocks[key] else { return nil }
            state.blocks[key] = known
            return known
        }
        if let known { return known }
        var answers = rewrites.makeIterator()
        let blocks = markdownBlocks(text) { _ in answers.next() ?? nil }
        state.withLock { $0.blocks[key] = blocks }
        return blocks
    }

    private func lookUpOutline(_ key: OutlineKey) -> Outline? {
        state.withLock { state in
            if let outline = state.outlines[key] { return outline }
            guard let outline = state.previousOutlines[key] else { return nil }
            state.outlines[key] = outline
            return outline
        }
    }

    private func lookUpHTML(_ key: HTMLKey) -> String? {
        state.withLock { state in
            if let text = state.html[key] { return text }
            guard let text = state.previousHTML[key] else { return nil }
            state.html[key] = text
            return text
        }
    }
}

/// A text as a dictionary key: hashed and compared by its UTF-8 bytes. (String's
/// own hashing and == are by canonical equivalence, which for Chinese text
/// normalises it: slower than the parse or search a memo would save.)
public struct TextKey: Hashable, Sendable {
    public let text: String
    let digest: Int

    public init(_ text: String) {
        var copy = text
        self.text = text
        digest = copy.withUTF8 { bytes in
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            return hasher.finalize()
        }
    }

    public static func == (a: TextKey, b: TextKey) -> Bool { a.digest == b.digest && sameBytes(a.text, b.text) }
    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}
