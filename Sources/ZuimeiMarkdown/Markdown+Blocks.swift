import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Markdown text as a tree of typed values, for a renderer that is not libcmark's HTML (the
/// WeChat article, whose every element carries its style inline). Raw HTML is left out, as in
/// libcmark's safe mode; a link or image whose URL safe mode refuses keeps an empty one.
public indirect enum MarkdownBlock: Equatable, Sendable {
    case paragraph([MarkdownInline])
    case heading(level: Int, [MarkdownInline])
    case quote([MarkdownBlock])
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]])
    case code(String)
    case rule
}

public indirect enum MarkdownInline: Equatable, Sendable {
    case text(String)
    case code(String)
    case strong([MarkdownInline])
    case emphasis([MarkdownInline])
    /// `destination` after `rewriteURL`.
    case link(destination: String, [MarkdownInline])
    /// `destination` after `rewriteURL`; `source` as written (for finding the file it names).
    case image(destination: String, source: String, alt: String, title: String)
    case lineBreak
    case softBreak
}

/// The blocks of a Markdown text. `rewriteURL` is asked about every link and image, as
/// `renderMarkdown` asks it (nil keeps the destination as written).
public func markdownBlocks(_ text: String, rewriteURL: (Link) -> String? = { _ in nil }) -> [MarkdownBlock] {
    let document: OpaquePointer? = text.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
    guard let document else { return [] }
    defer { cmark_node_free(document) }

    func literal(_ node: OpaquePointer) -> String { cmark_node_get_literal(node).map { String(cString: $0) } ?? "" }
    func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }
    func destination(_ node: OpaquePointer, kind: Link.Kind) -> (written: String, shown: String) {
        let written = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        let link = Link(kind: kind, destination: written, line: Int(cmark_node_get_start_line(node)),
                        column: Int(cmark_node_get_start_column(node)))
        let shown = rewriteURL(link) ?? written
        return (written, markdownHref(shown).isEmpty && !shown.isEmpty ? "" : shown)
    }
    func inlines(_ node: OpaquePointer) -> [MarkdownInline] {
        var result: [MarkdownInline] = []
        for child in children(node) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT:
                // Text split by libcmark at `[`, `&`, `\`: joined again.
                if case .text(let before)? = result.last {
                    result[result.count - 1] = .text(before + literal(child))
                } else {
                    result.append(.text(literal(child)))
                }
            case CMARK_NODE_CODE: result.append(.code(literal(child)))
            case CMARK_NODE_STRONG: result.append(.strong(inlines(child)))
            case CMARK_NODE_EMPH: result.append(.emphasis(inlines(child)))
            case CMARK_NODE_LINK: result.append(.link(destination: destination(child, kind: .link).shown, inlines(child)))
            case CMARK_NODE_IMAGE:
                let (written, shown) = destination(child, kind: .image)
                let title = cmark_node_get_title(child).map { String(cString: $0) } ?? ""
                // Links and images in its description are asked about too, in order, as `renderMarkdown` does.
                func askNested(_ node: OpaquePointer) {
                    for nested in children(node) {
                        let type = cmark_node_get_type(nested)
                        if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                            _ = destination(nested, kind: type == CMARK_NODE_IMAGE ? .image : .link)
                        }
                        askNested(nested)
                    }
                }
                askNested(child)
                result.append(.image(destination: shown, source: written, alt: plainDescription(of: child), title: title))
            case CMARK_NODE_LINEBREAK: result.append(.lineBreak)
            case CMARK_NODE_SOFTBREAK: result.append(.softBreak)
            default: break  // raw HTML: never rendered
            }
        }
        return result
    }
    func blocks(_ node: OpaquePointer) -> [MarkdownBlock] {
        children(node).compactMap { child -> MarkdownBlock? in
            switch cmark_node_get_type(child) {
            case CMARK_NODE_PARAGRAPH: return .paragraph(inlines(child))
            case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(child)), inlines(child))
            case CMARK_NODE_BLOCK_QUOTE: return .quote(blocks(child))
            case CMARK_NODE_LIST:
                return .list(ordered: cmark_node_get_list_type(child) == CMARK_ORDERED_LIST,
                             start: Int(cmark_node_get_list_start(child)), items: children(child).map(blocks))
            case CMARK_NODE_CODE_BLOCK: return .code(literal(child))
            case CMARK_NODE_THEMATIC_BREAK: return .rule
            default: return nil  // raw HTML
            }
        }
    }
    return blocks(document)
}
