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
public final class MarkdownMemo: @unchecked Sendable {
    struct Outline {
        var links: [Link]
        var excerpt: String
        var characterCount: Int
    }

    struct HTMLKey: Hashable {
        var text: TextKey
        var excerptLength: Int
        var rewrites: [String?]
    }

    struct OutlineKey: Hashable {
        var text: TextKey
        var excerptLength: Int
    }

    private let lock = NSLock()
    private var outlines: [OutlineKey: Outline] = [:]
    private var previousOutlines: [OutlineKey: Outline] = [:]
    private var html: [HTMLKey: String] = [:]
    private var previousHTML: [HTMLKey: String] = [:]
    private var plain: [TextKey: String] = [:]
    private var previousPlain: [TextKey: String] = [:]

    public init() {}

    /// Forgets what the last build did not use.
    public func startBuild() {
        lock.lock()
        previousOutlines = outlines
        outlines = [:]
        previousHTML = html
        html = [:]
        previousPlain = plain
        plain = [:]
        lock.unlock()
    }

    /// `plainText(ofMarkdown:)`, from the memo where it can (the search index reads every
    /// published story's text in each build; in serve, one changed).
    public func plainText(_ text: String) -> String {
        let key = TextKey(text)
        lock.lock()
        if let known = plain[key] ?? previousPlain[key] {
            plain[key] = known
            lock.unlock()
            return known
        }
        lock.unlock()
        let result = ZuimeiMarkdown.plainText(ofMarkdown: text)
        lock.lock()
        plain[key] = result
        lock.unlock()
        return result
    }

    /// `renderMarkdown`, from the memo where it can.
    public func render(_ text: String, excerptLength: Int = 120, html wantsHTML: Bool = true,
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
            let rendered = renderMarkdown(text, excerptLength: excerptLength, html: true, plainText: true) { link in
                links.append(link)
                return nil
            }
            outline = Outline(links: links, excerpt: rendered.excerpt, characterCount: rendered.characterCount)
            lock.lock()
            outlines[outlineKey] = outline
            if let plainText = rendered.plainText { plain[body] = plainText }
            html[HTMLKey(text: body, excerptLength: excerptLength, rewrites: links.map { _ in nil })] = rendered.html
            lock.unlock()
        }
        let rewrites = outline.links.map(rewriteURL)
        guard wantsHTML else {
            return RenderedMarkdown(html: "", excerpt: outline.excerpt, characterCount: outline.characterCount)
        }
        let key = HTMLKey(text: body, excerptLength: excerptLength, rewrites: rewrites)
        if let known = lookUpHTML(key) {
            return RenderedMarkdown(html: known, excerpt: outline.excerpt, characterCount: outline.characterCount)
        }
        var answers = rewrites.makeIterator()
        let rendered = renderMarkdown(text, excerptLength: excerptLength) { _ in answers.next() ?? nil }
        lock.lock()
        html[key] = rendered.html
        lock.unlock()
        return rendered
    }

    private func lookUpOutline(_ key: OutlineKey) -> Outline? {
        lock.lock()
        defer { lock.unlock() }
        if let outline = outlines[key] { return outline }
        guard let outline = previousOutlines[key] else { return nil }
        outlines[key] = outline
        return outline
    }

    private func lookUpHTML(_ key: HTMLKey) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let text = html[key] { return text }
        guard let text = previousHTML[key] else { return nil }
        html[key] = text
        return text
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
