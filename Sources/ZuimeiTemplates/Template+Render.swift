/// Renders parsed templates against view models. One renderer per call; the
/// templates are shared and never change.
struct Renderer {
    let templates: [String: [Node]]
    let paths: [String: String]
    var output = ""
    var stack: [TemplateValue] = []
    /// Partials and parents being rendered, for the depth limit's message.
    var chain: [String] = []
    /// Where a section iterating a list is: for `first()`, `last()`, `index()`.
    var place: (index: Int, count: Int)?

    /// Deeper than this, partials or parents are taken for a recursion that data
    /// never ends (a section that always finds its own name further down the stack).
    static let depthLimit = 64

    init(templates: [String: [Node]], paths: [String: String]) {
        self.templates = templates
        self.paths = paths
        output.reserveCapacity(16_384)
    }

    mutating func render(_ nodes: [Node], indent: String, overrides: [String: [Node]], skipFirstLineStart: Bool = false) throws(TemplateError) {
        for (index, node) in nodes.enumerated() {
            switch node {
            case .text(let text):
                output.append(text)
            case .lineStart:
                if !indent.isEmpty, !(skipFirstLineStart && index == 0) { output.append(indent) }
            case .variable(let path, let escaped):
                switch lookUp(path) {
                case .string(let text): escaped ? appendEscaped(text) : output.append(text)
                case .int(let number): output.append(String(number))
                case .bool(let value): output.append(value ? "true" : "false")
                case .object(let context):
                    if let text = context.interpolation { escaped ? appendEscaped(text) : output.append(text) }
                case .null, .list: break
                }
            case .section(let path, let body):
                let value = lookUp(path)
                switch value {
                case .null: break
                case .bool(let truth): if truth { try render(body, indent: indent, overrides: overrides) }
                case .list(let list):
                    let outer = place
                    for index in 0..<list.count {
                        stack.append(list.element(at: index))
                        place = (index, list.count)
                        try render(body, indent: indent, overrides: overrides)
                        stack.removeLast()
                    }
                    place = outer
                case .int, .string, .object:
                    let outer = place
                    stack.append(value)
                    place = nil
                    try render(body, indent: indent, overrides: overrides)
                    stack.removeLast()
                    place = outer
                }
            case .inverted(let path, let body):
                if lookUp(path).isFalsey { try render(body, indent: indent, overrides: overrides) }
            case .partial(let name, let extra, _, let inline):
                try include(name, indent: indent + extra, overrides: overrides, inline: inline)
            case .parent(let name, let blocks, let extra, _):
                // The outermost template's overrides win: they were given first.
                try include(name, indent: indent + extra, overrides: overrides.merging(blocks) { outer, _ in outer })
            case .block(let name, let fallback, let extra, let inline):
                try render(overrides[name] ?? fallback, indent: indent + extra, overrides: overrides, skipFirstLineStart: inline)
            }
        }
    }

    private mutating func include(_ name: String, indent: String, overrides: [String: [Node]], inline: Bool = false) throws(TemplateError) {
        guard let nodes = templates[name] else {
            throw TemplateError(template: chain.last ?? name, path: paths[chain.last ?? name] ?? name, line: 0, column: 0,
                                kind: .missingPartial(name))
        }
        guard chain.count < Self.depthLimit else {
            let first = chain.first ?? name
            throw TemplateError(template: first, path: paths[first] ?? first, line: 0, column: 0,
                                kind: .cycle(Array(chain.suffix(8)) + [name]))
        }
        chain.append(name)
        let outer = place
        place = nil
        try render(nodes, indent: indent, overrides: overrides, skipFirstLineStart: inline)
        place = outer
        chain.removeLast()
    }

    /// A name looked up, then its functions applied, innermost first; a function
    /// that does not apply to the value gives nothing.
    private func lookUp(_ lookup: Lookup) -> TemplateValue {
        var value: TemplateValue
        if lookup.path.isEmpty, !lookup.functions.isEmpty {
            guard let place else { return .null }
            value = .int(place.index)
            for function in lookup.functions.reversed() {
                switch function {
                case "first": value = .bool(place.index == 0)
                case "last": value = .bool(place.index == place.count - 1)
                case "index": value = .int(place.index)
                case "even": value = .bool(place.index & 1 == 0)
                case "odd": value = .bool(place.index & 1 == 1)
                default: return .null
                }
            }
            return value
        }
        value = lookUp(lookup.path)
        for function in lookup.functions.reversed() { value = apply(function, to: value) }
        return value
    }

    private func apply(_ function: String, to value: TemplateValue) -> TemplateValue {
        switch (value, function) {
        case (.string(let text), "empty"): .bool(text.isEmpty)
        case (.string(let text), "capitalized"): .string(text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " "))
        case (.string(let text), "lowercased"): .string(text.lowercased())
        case (.string(let text), "uppercased"): .string(text.uppercased())
        case (.string(let text), "reversed"): .string(String(text.reversed()))
        case (.list(let list), "empty"): .bool(list.count == 0)
        case (.list(let list), "count"): .int(list.count)
        case (.list(let list), "first"): list.count > 0 ? list.element(at: 0) : .null
        case (.list(let list), "last"): list.count > 0 ? list.element(at: list.count - 1) : .null
        case (.list(let list), "reversed"): .list((0..<list.count).reversed().map { list.element(at: $0) })
        case (.int(let number), "equalzero"): .bool(number == 0)
        case (.int(let number), "plusone"): .int(number &+ 1)
        case (.int(let number), "minusone"): .int(number &- 1)
        case (.int(let number), "even"): .bool(number & 1 == 0)
        case (.int(let number), "odd"): .bool(number & 1 == 1)
        default: .null
        }
    }

    /// A name looked up as Mustache has it: the first part down the context stack,
    /// the rest inside what it found. `.null` counts as not found.
    private func lookUp(_ path: [String]) -> TemplateValue {
        guard let first = path.first else { return stack.last ?? .null }
        var value: TemplateValue = .null
        for frame in stack.reversed() {
            if case .object(let context) = frame, let found = context.child(named: first) {
                if case .null = found { continue }
                value = found
                break
            }
        }
        for name in path.dropFirst() {
            guard case .object(let context) = value, let found = context.child(named: name) else { return .null }
            value = found
        }
        return value
    }

    private mutating func appendEscaped(_ text: String) {
        var utf8 = text.utf8
        let clean = utf8.withContiguousStorageIfAvailable { buffer in
            !buffer.contains { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }
        }
        if clean == true {
            output.append(text)
            return
        }
        if clean == nil {
            var copy = text
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
        }
        var escaped = [UInt8]()
        escaped.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
            case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
            case 0x26: escaped.append(contentsOf: "&amp;".utf8)
            case 0x22: escaped.append(contentsOf: "&quot;".utf8)
            case 0x27: escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        output.append(String(decoding: escaped, as: UTF8.self))
    }
}
