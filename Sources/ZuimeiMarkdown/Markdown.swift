import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The result of rendering one Markdown document.
public struct RenderedMarkdown: Equatable, Sendable, Codable {
    /// The HTML fragment. Raw HTML in the source is omitted and unsafe links
    /// (`javascript:` and the like) are emptied: libcmark's safe mode.
    public var html: String
    /// Plain text of the opening paragraphs, cut to the requested length.
    public var excerpt: String
    /// Characters of text, not markup: each CJK character counts one,
    /// white space does not count, image descriptions do not count.
    public var characterCount: Int
    /// The text as `plainText(ofMarkdown:)` gives it, when asked for (`renderMarkdown`'s `plainText`).
    public var plainText: String?

    public init(html: String, excerpt: String, characterCount: Int, plainText: String? = nil) {
        self.html = html
        self.excerpt = excerpt
        self.characterCount = characterCount
        self.plainText = plainText
    }
}

public struct Link: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case link, image }
    public var kind: Kind
    public var destination: String
    /// 1-based line of the link in the Markdown text.
    public var line: Int
    public var column: Int
    public init(kind: Kind, destination: String, line: Int, column: Int) {
        self.kind = kind
        self.destination = destination
        self.line = line
        self.column = column
    }
}

/// Renders Markdown to an HTML fragment with libcmark.
///
/// - Parameters:
///   - text: CommonMark source.
///   - excerptLength: the excerpt's length in characters; a longer opening is cut with "…".
///   - html: false to skip producing HTML when only the links (through rewriteURL) and
///     character count are wanted (checking a story that is not published).
///   - rewriteURL: called for every link and image destination, as written;
///     the returned string replaces it in the HTML (for relative → absolute
///     URLs in feeds, or `other.md` → the other page's URL).
///   - hooks: the theme's HTML for images and Han runs (`MarkdownHooks`), decided on the tree.
///
/// One call parses one document and frees it before returning, so calls from
/// several threads at once are safe.
public func renderMarkdown(
    _ text: String,
    excerptLength: Int = 120,
    html: Bool = true,
    plainText wantsPlainText: Bool = false,
    hooks: MarkdownHooks = .none,
    rewriteURL: (Link) -> String? = { _ in nil }
) -> RenderedMarkdown {
    let options = CMARK_OPT_DEFAULT  // never CMARK_OPT_UNSAFE: raw HTML stays out
    let document: OpaquePointer? = text.withCString { cmark_parse_document($0, strlen($0), options) }
    guard let document else {
        return RenderedMarkdown(html: "", excerpt: "", characterCount: 0)
    }
    defer { cmark_node_free(document) }

    var characterCount = 0
    var excerpt = ExcerptBuilder(limit: excerptLength)
    var imageDepth = 0
    var excerptParagraph = false

    var plain = PlainTextBuilder()
    var hooked: [(node: OpaquePointer, html: String)] = []
    let iterator = cmark_iter_new(document)
    defer { cmark_iter_free(iterator) }
    while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { break }
        guard let node = cmark_iter_get_node(iterator) else { continue }
        let type = cmark_node_get_type(node)
        let entering = event == CMARK_EVENT_ENTER
        if wantsPlainText { plain.visit(node, type: type, entering: entering) }

        switch type {
        case CMARK_NODE_PARAGRAPH:
            // Only top-level paragraphs make the excerpt: not quotes, lists or headings.
            let parent = cmark_node_parent(node)
            let topLevel = parent.map { cmark_node_get_type($0) == CMARK_NODE_DOCUMENT } ?? false
            if entering {
                excerptParagraph = topLevel && !excerpt.isFull
            } else if excerptParagraph {
                excerpt.endParagraph()
                excerptParagraph = false
            }
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            if type == CMARK_NODE_IMAGE { imageDepth += entering ? 1 : -1 }
            guard entering else { break }
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            let link = Link(
                kind: type == CMARK_NODE_IMAGE ? .image : .link,
                destination: destination,
                line: Int(cmark_node_get_start_line(node)),
                column: Int(cmark_node_get_start_column(node)))
            let replacement = rewriteURL(link)
            if let replacement, replacement != destination {
                cmark_node_set_url(node, replacement)
            }
            if type == CMARK_NODE_IMAGE, let image = hooks.image {
                let title = cmark_node_get_title(node).map { String(cString: $0) } ?? ""
                let shown = MarkdownImage(destination: destination, source: markdownHref(replacement ?? destination),
                                          alt: plainDescription(of: node), title: title)
                if let html = image(shown) { hooked.append((node, html)) }
            }
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            if imageDepth > 0 { break }
            characterCount += countNonWhitespace(literal)
            if excerptParagraph { excerpt.append(literal) }
        case CMARK_NODE_CODE_BLOCK:
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            characterCount += countNonWhitespace(literal)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            if excerptParagraph { excerpt.appendBreak() }
        default:
            break
        }
    }

    let plainText = wantsPlainText ? plain.text : nil
    if html, !hooks.isEmpty { applyHooks(hooks, to: document, images: hooked) }
    guard html, let rendered = cmark_render_html(document, options) else {
        return RenderedMarkdown(html: "", excerpt: excerpt.text, characterCount: characterCount, plainText: plainText)
    }
    defer { free(rendered) }
    return RenderedMarkdown(html: String(cString: rendered), excerpt: excerpt.text, characterCount: characterCount,
                            plainText: plainText)
}

/// Characters that are not white space (Unicode White_Space), counted by scalar.
func countNonWhitespace(_ text: String) -> Int {
    var count = 0
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            continue
        default:
            count += 1
        }
    }
    return count
}

/// Collects plain text up to a limit, joining lines the way Chinese text
/// wants it: no space between two CJK characters, one space otherwise.
struct ExcerptBuilder {
    let limit: Int
    private(set) var characters: [Character] = []
    private var truncated = false
    private var pendingBreak = false

    init(limit: Int) { self.limit = limit }

    var isFull: Bool { truncated || characters.count >= limit }

    mutating func append(_ literal: String) {
        guard !truncated else { return }
        if pendingBreak, let last = characters.last, let first = literal.first,
           !last.isCJK, !first.isCJK, !last.isWhitespace, !first.isWhitespace {
            characters.append(" ")
        }
        pendingBreak = false
        for character in literal {
            if characters.count >= limit {
                truncated = true
                return
            }
            characters.append(character)
        }
    }

    mutating func appendBreak() { pendingBreak = true }

    mutating func endParagraph() { pendingBreak = true }

    var text: String {
        var result = String(characters).trimmingWhitespace()
        if truncated { result += "…" }
        return result
    }
}

extension Character {
    /// Han, kana, hangul and CJK punctuation: characters between which
    /// Chinese text puts no space.
    var isCJK: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80...0x2FFF, 0x3000...0x303F, 0x3040...0x30FF, 0x3100...0x312F, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF,
             0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// The text of a Markdown document as a reader sees it, without markup: text and code, a
/// space for a soft line break, a line break between blocks; no image descriptions (they
/// are not shown), no raw HTML (never rendered). For the search index.
public func plainText(ofMarkdown text: String) -> String {
    let document: OpaquePointer? = text.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
    guard let document else { return "" }
    defer { cmark_node_free(document) }
    let iterator = cmark_iter_new(document)
    defer { cmark_iter_free(iterator) }
    var plain = PlainTextBuilder()
    while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { break }
        guard let node = cmark_iter_get_node(iterator) else { continue }
        plain.visit(node, type: cmark_node_get_type(node), entering: event == CMARK_EVENT_ENTER)
    }
    return plain.text
}

/// `plainText(ofMarkdown:)` node by node, so `renderMarkdown` can make it in the walk it does anyway.
struct PlainTextBuilder {
    private var result = ""
    private var imageDepth = 0

    mutating func visit(_ node: OpaquePointer, type: cmark_node_type, entering: Bool) {
        switch type {
        case CMARK_NODE_IMAGE:
            imageDepth += entering ? 1 : -1
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
            if imageDepth == 0, let literal = cmark_node_get_literal(node) { result += String(cString: literal) }
        case CMARK_NODE_SOFTBREAK:
            if imageDepth == 0 { result += " " }
        case CMARK_NODE_LINEBREAK, CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE:
            if !entering || type == CMARK_NODE_LINEBREAK, !result.isEmpty, !result.hasSuffix("\n") {
                result += "\n"
            }
        default:
            break
        }
    }

    /// Without its last line break. (`removeLast`, not `dropLast`: String's `dropLast` counts every
    /// character of the text first, a grapheme walk that profiling found in every body.)
    var text: String {
        guard result.hasSuffix("\n") else { return result }
        var text = result
        text.removeLast()
        return text
    }
}
