import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTML the theme writes in place of libcmark's (Hugo's render hooks), decided on the parsed
/// tree, never by scanning the rendered HTML. The Markdown module only asks; what is written
/// comes from the caller (the theme's templates). A hook's HTML is written as it is, in a
/// `CMARK_NODE_CUSTOM_INLINE` node, which libcmark writes in safe mode too: what it writes
/// must be escaped by whoever made it (the templates escape by default).
public struct MarkdownHooks {
    /// An image: the HTML in its place, or nil for libcmark's own `<img>`.
    public var image: ((MarkdownImage) -> String?)?
    /// A run of Han characters (with the CJK punctuation around and in it) in the text of a body
    /// written in another script: the HTML in its place (a quoted Chinese name in a Uyghur text,
    /// marked with its language). Not called for code, nor for an image's description.
    public var hanRun: ((String) -> String)?
    /// What the hooks' answers depend on besides their input (the theme, the language), for the
    /// memo's key. Image hooks' answers are part of the key themselves; `hanRun`'s are not.
    public var identity: String

    public init(image: ((MarkdownImage) -> String?)? = nil, hanRun: ((String) -> String)? = nil, identity: String = "") {
        self.image = image
        self.hanRun = hanRun
        self.identity = identity
    }

    public static var none: MarkdownHooks { MarkdownHooks() }
    var isEmpty: Bool { image == nil && hanRun == nil }
}

/// An image of a Markdown text, as an image hook is told it.
public struct MarkdownImage: Equatable, Sendable {
    /// The destination as written (`photo.jpg`), for finding the file it names.
    public var destination: String
    /// The destination as the page links it (after `rewriteURL`), percent-encoded as libcmark
    /// writes it, not yet escaped for HTML; empty for a URL libcmark's safe mode refuses
    /// (`javascript:`, `data:text/html`).
    public var source: String
    /// The description as plain text (libcmark's `alt`), not escaped.
    public var alt: String
    /// The title (`![a](b.jpg "title")`), empty when there is none.
    public var title: String

    public init(destination: String, source: String, alt: String, title: String) {
        self.destination = destination
        self.source = source
        self.alt = alt
        self.title = title
    }
}

// MARK: - On the tree

/// The images of a document whose hook answered, replaced by the answers; then, with a `hanRun`
/// hook, its text's Han runs. Called after the walk that rewrote the URLs, before rendering.
func applyHooks(_ hooks: MarkdownHooks, to document: OpaquePointer, images: [(node: OpaquePointer, html: String)]) {
    // Innermost first: an image in another's description (`![a ![b](c.jpg)](d.jpg)`) is freed with it.
    for (node, html) in images.reversed() {
        guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
        cmark_node_set_on_enter(custom, html)
        cmark_node_set_on_exit(custom, "")
        if cmark_node_replace(node, custom) != 0 {
            cmark_node_free(node)
        } else {
            cmark_node_free(custom)
        }
    }
    if let hanRun = hooks.hanRun { markHanRuns(in: document, hanRun) }
}

/// Every run of text nodes side by side (libcmark splits text at `[`, `&`, `\`…), outside
/// images, joined and written again with each Han run as `hanRun` answers for it.
private func markHanRuns(in document: OpaquePointer, _ hanRun: (String) -> String) {
    var groups: [[OpaquePointer]] = []
    let iterator = cmark_iter_new(document)
    var imageDepth = 0
    while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { break }
        guard let node = cmark_iter_get_node(iterator) else { continue }
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_IMAGE { imageDepth += event == CMARK_EVENT_ENTER ? 1 : -1 }
        guard type == CMARK_NODE_TEXT, imageDepth == 0 else { continue }
        if let last = groups.last?.last, cmark_node_previous(node) == last {
            groups[groups.count - 1].append(node)
        } else {
            groups.append([node])
        }
    }
    cmark_iter_free(iterator)
    for group in groups {
        let text = group.map { cmark_node_get_literal($0).map { String(cString: $0) } ?? "" }.joined()
        let segments = hanSegments(text)
        guard segments.contains(where: \.isHan) else { continue }
        let first = group[0]
        for segment in segments {
            let node: OpaquePointer?
            if segment.isHan {
                node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)
                if let node {
                    cmark_node_set_on_enter(node, hanRun(segment.text))
                    cmark_node_set_on_exit(node, "")
                }
            } else {
                node = cmark_node_new(CMARK_NODE_TEXT)
                if let node { cmark_node_set_literal(node, segment.text) }
            }
            if let node { cmark_node_insert_before(first, node) }
        }
        for node in group {
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }
}

/// A text cut into runs of Han characters and what is between them. A run starts at a Han
/// character, or at CJK punctuation that leads straight to one; it takes the punctuation
/// between and after its characters (「伊宁县」。) and the marks that belong to a character
/// (combining marks, variation selectors, a zero-width joiner). Linear in the text.
public func hanSegments(_ text: String) -> [(text: String, isHan: Bool)] {
    func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x30000...0x323AF,
             0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B: true
        default: false
        }
    }
    /// CJK punctuation and full-width forms: part of a run next to a Han character.
    func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value) || scalar == "\u{B7}"
            || (0x2018...0x201D).contains(scalar.value) || scalar == "\u{2026}" || scalar == "\u{2014}"
    }
    /// What belongs to the character before it.
    func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value) || scalar == "\u{200D}"
        }
    }
    let scalars = Array(text.unicodeScalars)
    guard scalars.contains(where: isHan) else { return [(text, false)] }
    var segments: [(text: String, isHan: Bool)] = []
    var plain = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
        var lead = index
        while lead < scalars.count, isPunctuation(scalars[lead]) { lead += 1 }
        guard lead < scalars.count, isHan(scalars[lead]) else {
            // Not a run: what was looked at leads to no Han character.
            let end = max(index + 1, lead)
            plain.append(contentsOf: scalars[index..<end])
            index = end
            continue
        }
        var end = lead
        while end < scalars.count, isHan(scalars[end]) || isMark(scalars[end]) || isPunctuation(scalars[end]) { end += 1 }
        if !plain.isEmpty {
            segments.append((String(plain), false))
            plain = String.UnicodeScalarView()
        }
        var run = String.UnicodeScalarView()
        run.append(contentsOf: scalars[index..<end])
        segments.append((String(run), true))
        index = end
    }
    if !plain.isEmpty { segments.append((String(plain), false)) }
    return segments
}

/// An image node's description as libcmark writes it in `alt`: the text, code and inline
/// HTML of everything under it, a line break as a space.
func plainDescription(of node: OpaquePointer) -> String {
    var text = ""
    var child = cmark_node_first_child(node)
    while let current = child {
        switch cmark_node_get_type(current) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            if let literal = cmark_node_get_literal(current) { text += String(cString: literal) }
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            text += " "
        default:
            text += plainDescription(of: current)
        }
        child = cmark_node_next(current)
    }
    return text
}

/// A URL as libcmark writes it in an attribute (`houdini_escape_href`), before the HTML
/// escaping of `&` and `'`: bytes outside its safe set percent-encoded, `%` kept (a URL
/// already encoded stays so); empty for one its safe mode refuses.
public func markdownHref(_ url: String) -> String {
    guard !isDangerousURL(url) else { return "" }
    let hex = Array("0123456789ABCDEF".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(url.utf8.count)
    for byte in url.utf8 {
        if hrefSafe(byte) {
            bytes.append(byte)
        } else {
            bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// `houdini_escape_href`'s safe set: letters, digits and `-_.+!*'(),%#@?=;:/,+&$~`.
private func hrefSafe(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    default:
        return "-_.+!*'(),%#@?=;:/&$~".utf8.contains(byte)
    }
}

/// libcmark's `scan_dangerous_url`: `javascript:`, `vbscript:`, `file:` and `data:` (but for
/// PNG, GIF, JPEG and WebP images), in any case.
private func isDangerousURL(_ url: String) -> Bool {
    let head = String(decoding: url.utf8.prefix(16), as: UTF8.self).lowercased()
    if ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains(where: head.hasPrefix) { return false }
    return ["javascript:", "vbscript:", "file:", "data:"].contains(where: head.hasPrefix)
}
