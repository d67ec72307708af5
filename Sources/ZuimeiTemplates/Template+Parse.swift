/// A parsed template: what rendering walks. Names are split once, here; a
/// partial or parent is resolved by name against the checked set.
indirect enum Node: Sendable {
    case text(String)
    /// The start of a line of the template's own text: where the indentation of a
    /// standalone partial, parent or block goes.
    case lineStart
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}`.
    case variable(Lookup, escaped: Bool)
    case section(Lookup, [Node])
    case inverted(Lookup, [Node])
    /// `inline`: the tag shares its line with other text, so the partial's first line is not indented again.
    case partial(String, indent: String, place: Place, inline: Bool)
    /// `{{< parent}}` with the blocks it overrides.
    case parent(String, blocks: [String: [Node]], indent: String, place: Place)
    /// `{{$ block}}default{{/ block}}`, where a template (or a parent) expands a block.
    /// `indent` is added to the lines of whatever fills it; `inline`: it stands in a
    /// line of text, whose own indentation is already there.
    case block(String, [Node], indent: String, inline: Bool)
}

/// A name as a tag gives it: a dotted path (empty for `.`) and the functions
/// applied to it, outermost first: `{{^empty(timeline)}}`, `{{^last()}}`
/// (swift-mustache's transforms, which the theme and sites' templates use).
struct Lookup: Sendable {
    var path: [String]
    var functions: [String]

    /// The functions a template may apply: to text, lists, numbers, and (with no
    /// name, `last()`) to the place in the list a section is iterating.
    static let known: Set<String> = [
        "empty", "capitalized", "lowercased", "uppercased", "reversed", "first", "last", "count",
        "equalzero", "plusone", "minusone", "even", "odd", "index",
    ]
}

/// Where a tag starts, 1-based, columns in characters.
struct Place: Sendable, Equatable {
    var line: Int
    var column: Int
}

struct ParseFailure: Error {
    var message: String
    var place: Place
}

/// Parses Mustache as the specification has it (interpolation, sections,
/// inverted sections, comments, set delimiters, partials, inheritance with
/// blocks), with its rules for standalone lines and indentation.
struct TemplateParser {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    func place(of offset: Int) -> Place {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let prefix = bytes[lineStarts[low]..<min(offset, bytes.count)]
        return Place(line: low + 1, column: String(decoding: prefix, as: UTF8.self).count + 1)
    }

    // MARK: Tokens

    enum Kind: Equatable {
        case variable(escaped: Bool)
        case section, inverted, close, partial, parent, block, comment, delimiters
        /// Tags that may stand alone on a line, which then disappears from the output.
        var canStandAlone: Bool {
            switch self {
            case .variable: false
            default: true
            }
        }
    }

    struct Tag {
        var kind: Kind
        var name: String
        var start: Int
        /// Set after the line it stands on is known.
        var standalone = false
        /// The white space before the tag when nothing else precedes it on its line.
        var lineIndent: String?
    }

    enum Token {
        /// Text within one line, with its line break if it ends one.
        case text(Range<Int>)
        case tag(Tag)
    }

    private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private func matches(_ delimiter: [UInt8], at offset: Int) -> Bool {
        guard offset + delimiter.count <= bytes.count else { return false }
        for index in 0..<delimiter.count where bytes[offset + index] != delimiter[index] { return false }
        return true
    }

    private func find(_ delimiter: [UInt8], from offset: Int) -> Int? {
        var position = offset
        while position + delimiter.count <= bytes.count {
            if bytes[position] == delimiter[0], matches(delimiter, at: position) { return position }
            position += 1
        }
        return nil
    }

    private func trimmed(_ range: Range<Int>) -> String {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// The template as lines of tokens.
    func tokenize() throws(ParseFailure) -> [[Token]] {
        var lines: [[Token]] = [[]]
        var open = Array("{{".utf8), close = Array("}}".utf8)
        var position = 0
        func addText(_ range: Range<Int>) {
            var start = range.lowerBound
            for offset in range where bytes[offset] == UInt8(ascii: "\n") {
                lines[lines.count - 1].append(.text(start..<offset + 1))
                lines.append([])
                start = offset + 1
            }
            if start < range.upperBound { lines[lines.count - 1].append(.text(start..<range.upperBound)) }
        }
        while position < bytes.count {
            guard let tagStart = find(open, from: position) else {
                addText(position..<bytes.count)
                break
            }
            addText(position..<tagStart)
            var inner = tagStart + open.count
            var kind = Kind.variable(escaped: true)
            var closing = close
            if inner < bytes.count {
                switch bytes[inner] {
                case UInt8(ascii: "{"): kind = .variable(escaped: false); closing = Array("}".utf8) + close; inner += 1
                case UInt8(ascii: "&"): kind = .variable(escaped: false); inner += 1
                case UInt8(ascii: "#"): kind = .section; inner += 1
                case UInt8(ascii: "^"): kind = .inverted; inner += 1
                case UInt8(ascii: "/"): kind = .close; inner += 1
                case UInt8(ascii: ">"): kind = .partial; inner += 1
                case UInt8(ascii: "<"): kind = .parent; inner += 1
                case UInt8(ascii: "$"): kind = .block; inner += 1
                case UInt8(ascii: "!"): kind = .comment; inner += 1
                case UInt8(ascii: "="): kind = .delimiters; inner += 1
                default: break
                }
            }
            guard let end = find(closing, from: inner) else {
                throw ParseFailure(message: "a tag is not finished with '\(String(decoding: close, as: UTF8.self))'",
                                   place: place(of: tagStart))
            }
            position = end + closing.count
            var name = kind == .comment ? "" : trimmed(inner..<end)
            if kind == .delimiters {
                let parts = name.hasSuffix("=") ? name.dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" }) : []
                guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
                    throw ParseFailure(message: "a set-delimiter tag is malformed: write it as {{=<% %>=}}",
                                       place: place(of: tagStart))
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
                name = ""
            } else if kind != .comment {
                if name.isEmpty {
                    throw ParseFailure(message: "a tag has no name", place: place(of: tagStart))
                }
                if name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
                    throw ParseFailure(message: "the name '\(name)' contains white space", place: place(of: tagStart))
                }
                if kind == .partial || kind == .parent, name.hasPrefix("*") {
                    throw ParseFailure(message: "dynamic names ('\(name)') are not supported: name the template",
                                       place: place(of: tagStart))
                }
            }
            lines[lines.count - 1].append(.tag(Tag(kind: kind, name: name, start: tagStart)))
        }
        return lines
    }

    /// Marks the tags that stand alone on their lines and drops those lines' white space.
    func standalone(_ lines: [[Token]]) -> [[Token]] {
        lines.map { line in
            var tags = 0
            var blank = true
            var inlineBlock = false
            for (index, token) in line.enumerated() {
                switch token {
                case .text(let range):
                    if bytes[range].contains(where: { !isSpace($0) }) { blank = false }
                case .tag(let tag):
                    if !tag.kind.canStandAlone { blank = false }
                    tags += 1
                    // `{{$b}}{{/b}}` on one line is a place in the line, not a line of its own.
                    if tag.kind == .block, index + 1 < line.count, case .tag(let next) = line[index + 1],
                       next.kind == .close, next.name == tag.name { inlineBlock = true }
                }
            }
            var line = line
            // The indentation a standalone partial, parent or block brings, and an inline block's.
            var leading = ""
            if case .text(let range)? = line.first, !bytes[range].contains(where: { !isBlank($0) }) {
                leading = String(decoding: bytes[range], as: UTF8.self)
            }
            let firstTag = line.firstIndex { if case .tag = $0 { true } else { false } }
            if let firstTag, firstTag <= 1, firstTag == 0 || !leading.isEmpty, case .tag(var tag) = line[firstTag] {
                tag.lineIndent = leading
                line[firstTag] = .tag(tag)
            }
            guard tags > 0, blank, !inlineBlock else { return line }
            return line.compactMap { token in
                guard case .tag(var tag) = token else { return nil }
                tag.standalone = true
                return .tag(tag)
            }
        }
    }

    /// The raw white space at the start of the line after the tag at `offset`.
    private func indentOfNextLine(after offset: Int) -> String {
        guard let newline = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return "" }
        var end = newline + 1
        while end < bytes.count, isBlank(bytes[end]) { end += 1 }
        return String(decoding: bytes[(newline + 1)..<end], as: UTF8.self)
    }

    /// The white space at the start of a line inside the tag's line: what precedes the tag.
    private func indentBefore(_ offset: Int) -> String {
        var start = offset
        while start > 0, isBlank(bytes[start - 1]) { start -= 1 }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    // MARK: Tree

    private final class Frame {
        var tag: Tag?
        var nodes: [Node] = []
        var blocks: [String: [Node]] = [:]
        /// White space removed from the start of every line inside (a block's own indentation).
        var dedent: String
        /// The block's indentation relative to the enclosing block's.
        var relativeIndent = ""
        var insideParent: Bool { tag?.kind == .parent }

        init(tag: Tag?, dedent: String) {
            self.tag = tag
            self.dedent = dedent
        }
    }

    func parse() throws(ParseFailure) -> [Node] {
        let lines = standalone(try tokenize())
        let root = Frame(tag: nil, dedent: "")
        var stack = [root]
        for (number, line) in lines.enumerated() {
            let isFinalEmptyLine = number == lines.count - 1 && line.isEmpty
            let isRemoved = !line.isEmpty && line.allSatisfy { if case .tag(let tag) = $0 { tag.standalone } else { false } }
            var atLineStart = !isFinalEmptyLine && !isRemoved
            if atLineStart { append(.lineStart, to: stack.last!) }
            for token in line {
                let frame = stack.last!
                switch token {
                case .text(let range):
                    var text = String(decoding: bytes[range], as: UTF8.self)
                    if atLineStart, !frame.dedent.isEmpty {
                        text = removingPrefix(frame.dedent, from: text)
                    }
                    atLineStart = false
                    if !text.isEmpty { append(.text(text), to: frame) }
                case .tag(let tag):
                    atLineStart = false
                    try open(tag, stack: &stack)
                }
            }
        }
        if stack.count > 1, let tag = stack.last?.tag {
            throw ParseFailure(message: "the section '\(tag.name)' is never closed", place: place(of: tag.start))
        }
        return merged(root.nodes)
    }

    private func append(_ node: Node, to frame: Frame) {
        // Inside a parent tag only block definitions count: text and other tags are ignored.
        guard !frame.insideParent else { return }
        frame.nodes.append(node)
    }

    private func open(_ tag: Tag, stack: inout [Frame]) throws(ParseFailure) {
        let frame = stack.last!
        switch tag.kind {
        case .comment, .delimiters: break
        case .variable(let escaped):
            append(.variable(try lookup(tag), escaped: escaped), to: frame)
        case .partial:
            append(.partial(tag.name, indent: tag.standalone ? tag.lineIndent ?? "" : "", place: place(of: tag.start), inline: !tag.standalone), to: frame)
        case .section, .inverted, .parent:
            if tag.kind != .parent { _ = try lookup(tag) }
            stack.append(Frame(tag: tag, dedent: frame.dedent))
        case .block:
            // A block's indentation is that of its first line: the next line when the tag stands alone.
            let own = tag.standalone ? indentOfNextLine(after: tag.start) : (tag.lineIndent ?? "")
            let inner = Frame(tag: tag, dedent: own.hasPrefix(frame.dedent) ? own : frame.dedent)
            inner.relativeIndent = own.hasPrefix(frame.dedent) ? String(own.dropFirst(frame.dedent.count)) : ""
            if !tag.standalone { inner.dedent = frame.dedent + inner.relativeIndent }
            stack.append(inner)
        case .close:
            guard let openTag = frame.tag else {
                throw ParseFailure(message: "'\(tag.name)' is closed but was never opened", place: place(of: tag.start))
            }
            guard openTag.name == tag.name else {
                throw ParseFailure(message: "'\(openTag.name)' (line \(place(of: openTag.start).line)) is closed with '\(tag.name)'",
                                   place: place(of: tag.start))
            }
            stack.removeLast()
            let outer = stack.last!
            let body = merged(frame.nodes)
            switch openTag.kind {
            case .section: append(.section(try lookup(openTag), body), to: outer)
            case .inverted: append(.inverted(try lookup(openTag), body), to: outer)
            case .parent:
                append(.parent(openTag.name, blocks: frame.blocks,
                               indent: openTag.standalone ? openTag.lineIndent ?? "" : "",
                               place: place(of: openTag.start)), to: outer)
            case .block:
                if outer.insideParent {
                    outer.blocks[openTag.name] = body
                } else {
                    append(.block(openTag.name, body, indent: frame.relativeIndent, inline: !openTag.standalone), to: outer)
                }
            default: break
            }
        }
    }

    private func removingPrefix(_ prefix: String, from text: String) -> String {
        var remaining = Substring(text)
        for character in prefix {
            guard remaining.first == character else { break }
            remaining = remaining.dropFirst()
        }
        return String(remaining)
    }

    /// `a.b`, `.`, `f(a.b)`, `f(g(a))`, `f()`.
    private func lookup(_ tag: Tag) throws(ParseFailure) -> Lookup {
        var name = Substring(tag.name)
        var functions: [String] = []
        while name.hasSuffix(")"), let open = name.firstIndex(of: "(") {
            let function = String(name[..<open])
            guard Lookup.known.contains(function) else {
                throw ParseFailure(message: "'\(function)' is not a function templates know: use one of "
                                   + Lookup.known.sorted().joined(separator: ", "), place: place(of: tag.start))
            }
            functions.append(function)
            name = name[name.index(after: open)..<name.index(before: name.endIndex)]
        }
        if name.contains("(") || name.contains(")") {
            throw ParseFailure(message: "the name '\(tag.name)' has unbalanced parentheses", place: place(of: tag.start))
        }
        if name.isEmpty, functions.isEmpty {
            throw ParseFailure(message: "a tag has no name", place: place(of: tag.start))
        }
        let path = name == "." || name.isEmpty ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return Lookup(path: path, functions: functions)
    }

    /// Adjacent texts joined: fewer nodes to walk.
    private func merged(_ nodes: [Node]) -> [Node] {
        var result: [Node] = []
        result.reserveCapacity(nodes.count)
        for node in nodes {
            if case .text(let text) = node, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + text)
            } else {
                result.append(node)
            }
        }
        return result
    }
}

extension Node {
    /// The partials and parents this template names, with their places, for the
    /// checks made when templates are loaded; `conditional` when the reference is
    /// inside a section or a block (data or an override may stop a recursion there).
    func references(conditional: Bool = false, into found: inout [(name: String, isParent: Bool, place: Place, conditional: Bool)]) {
        switch self {
        case .text, .lineStart, .variable: break
        case .section(_, let nodes), .inverted(_, let nodes):
            for node in nodes { node.references(conditional: true, into: &found) }
        case .block(_, let nodes, _, _):
            for node in nodes { node.references(conditional: true, into: &found) }
        case .partial(let name, _, let place, _):
            found.append((name, false, place, conditional))
        case .parent(let name, let blocks, _, let place):
            found.append((name, true, place, conditional))
            for name in blocks.keys.sorted() {
                for node in blocks[name]! { node.references(conditional: true, into: &found) }
            }
        }
    }
}
