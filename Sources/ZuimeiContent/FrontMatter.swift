import Foundation
import Yams
import ZuimeiDiagnostics

/// A content file split into its YAML front matter and Markdown body.
struct SplitDocument: Equatable {
    var yaml: String
    /// Lines before the YAML text (the opening `---`): add to Yams' line numbers.
    var yamlLineOffset: Int
    var body: String
    /// 1-based line of the body's first line.
    var bodyLine: Int
}

/// Decodes bytes as UTF-8, dropping a BOM and turning CRLF into LF.
func decodeText(_ data: Data) -> String? {
    // Through a buffer: Data's own iterator, byte by byte, was a tenth of loading.
    data.withUnsafeBytes { raw -> String? in
        var bytes = UnsafeRawBufferPointer(rebasing: raw[...])
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let hasReturn = bytes.baseAddress.map { memchr($0, 13, bytes.count) != nil } ?? false
        return hasReturn ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }
}

/// The line and column (in characters) of the first NUL byte, or nil; one `memchr` when there is none.
func nulLocation(in data: Data) -> (line: Int, column: Int)? {
    data.withUnsafeBytes { raw -> (Int, Int)? in
        guard let base = raw.baseAddress, let found = memchr(base, 0, raw.count) else { return nil }
        let offset = base.distance(to: UnsafeRawPointer(found))
        let before = raw.prefix(offset)
        let line = before.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 10).map { $0 + 1 } ?? 0
        let column = String(decoding: raw[lineStart..<offset], as: UTF8.self).count + 1
        return (line, column)
    }
}

/// Splits `---\n yaml \n---\n body`. A closing `...` is accepted as YAML allows.
/// Only the lines up to the closing one are looked at; the body is taken whole.
func splitFrontMatter(_ text: String) -> Result<SplitDocument, Problem> {
    let utf8 = text.utf8
    var lineStart = utf8.startIndex
    var lineNumber = 1
    var yamlStart: String.Index?
    while lineStart < utf8.endIndex {
        let lineEnd = utf8[lineStart...].firstIndex(of: 10) ?? utf8.endIndex
        let line = Substring(text[lineStart..<lineEnd]).trimmingTrailingSpaces()
        let next = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        if let start = yamlStart {
            if line == "---" || line == "..." {
                let yaml = start < lineStart ? String(text[start..<utf8.index(before: lineStart)]) : ""
                var body = String(text[next...])
                if !body.isEmpty, !body.hasSuffix("\n") { body += "\n" }
                return .success(SplitDocument(yaml: yaml, yamlLineOffset: 1, body: body, bodyLine: lineNumber + 1))
            }
        } else {
            guard line == "---" else { return .failure(.missingFrontMatter) }
            yamlStart = next
        }
        lineStart = next
        lineNumber += 1
    }
    return .failure(yamlStart == nil ? .missingFrontMatter : .unclosedFrontMatter)
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}

/// Reads typed fields out of a YAML mapping, collecting a diagnostic for each
/// problem instead of stopping at the first: an unknown key, a missing one, a
/// wrong type, a bad date. Values are decoded with Yams' `YAMLDecoder` from
/// the node, so each diagnostic points at the node's line and column.
struct FieldReader {
    let file: String
    let lineOffset: Int
    let mapping: Node.Mapping
    /// The mapping's values by key, made once: Yams' `Mapping[key]` compares
    /// whole nodes one by one, which profiling showed on every field read.
    private let values: [String: Node]
    /// One decoder for every file: making a YAMLDecoder (or a parser with the
    /// default encoding) reads the process environment, which profiling showed
    /// to cost more than the decoding itself. It keeps no state between calls.
    nonisolated(unsafe) static let decoder = YAMLDecoder(encoding: .utf8)
    var decoder: YAMLDecoder { Self.decoder }
    /// Yams' default rules but timestamps and `=`: no field is read as either,
    /// and every rule is a regular expression tried on every plain scalar.
    /// Booleans, numbers, null and merge keys resolve as before.
    static let resolver = Resolver.default.removing(.timestamp).removing(.value)
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var locations: [String: SourceLocation] = [:]

    /// Parses `yaml` and checks its keys against `known`. Nil (with diagnostics)
    /// when the YAML does not parse or is not a mapping.
    static func parse(_ yaml: String, file: String, lineOffset: Int, known: [String], what: String) -> (FieldReader?, [Diagnostic]) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml, resolver, .default, .utf8)
        } catch {
            return (nil, yamlDiagnostics(error, file: file, lineOffset: lineOffset, yaml: yaml))
        }
        // Aliases share what they name, so a few lines can stand for billions of values (nine
        // nested anchors of ten aliases each): what they add is counted, with a stop, before
        // anything walks it. What is written out is bounded by the file's size, and not counted.
        if let node {
            let expansion = exceedsAliasExpansion(node, limit: maximumAliasValues)
            if expansion.exceeds {
                let at = expansion.at.map { location(of: $0, file: file, lineOffset: lineOffset) }
                    ?? SourceLocation(file: file, line: lineOffset + 1, column: 1)
                return (nil, [Diagnostic(at, .yamlTooLarge(limit: maximumAliasValues))])
            }
        }
        guard let node else {
            // Empty front matter: every required key will be reported missing.
            var reader = FieldReader(file: file, lineOffset: lineOffset, mapping: Node.Mapping([]))
            reader.checkKeys(known)
            return (reader, [])
        }
        guard let mapping = node.mapping else {
            let location = location(of: node, file: file, lineOffset: lineOffset)
            return (nil, [Diagnostic(location, .notAMapping(expected: what))])
        }
        var reader = FieldReader(file: file, lineOffset: lineOffset, mapping: mapping)
        reader.checkKeys(known)
        return (reader, [])
    }

    /// The most values (scalars, lists and mappings) that aliases may add to a front matter or a
    /// YAML file, beyond what it writes out.
    static let maximumAliasValues = 10_000

    /// Whether the aliases of `node` stand for more than `limit` values in all, and the anchored
    /// value whose repetition passed it. Yams gives an alias as a copy of the node it names,
    /// with that node's place in the text: a node met a second time at the same place (of the
    /// same kind) is an alias, and every value under it is counted as added. The count stops
    /// at the limit, so a bomb is never walked whole.
    static func exceedsAliasExpansion(_ node: Node, limit: Int) -> (exceeds: Bool, at: Node?) {
        struct Place: Hashable { var kind: Int, line: Int, column: Int }
        var seen = Set<Place>()
        var added = 0
        var culprit: Node?
        func place(_ node: Node) -> Place? {
            guard let mark = node.mark else { return nil }
            let kind = switch node { case .scalar: 0; case .mapping: 1; case .sequence: 2; case .alias: 3 }
            return Place(kind: kind, line: mark.line, column: mark.column)
        }
        /// Counts `node` and everything under it as added; true when past the limit.
        func addAll(_ node: Node) -> Bool {
            added += 1
            if added > limit { return true }
            switch node {
            case .scalar, .alias: return false
            case .mapping(let mapping): return mapping.contains { addAll($0.key) || addAll($0.value) }
            case .sequence(let sequence): return sequence.contains(where: addAll)
            }
        }
        /// Walks what is written; an alias's copy is counted whole.
        func visit(_ node: Node) -> Bool {
            if let place = place(node), !seen.insert(place).inserted {
                if addAll(node) {
                    culprit = node
                    return true
                }
                return false
            }
            switch node {
            case .scalar, .alias: return false
            case .mapping(let mapping): return mapping.contains { visit($0.key) || visit($0.value) }
            case .sequence(let sequence): return sequence.contains(where: visit)
            }
        }
        return (visit(node), culprit)
    }

    init(file: String, lineOffset: Int, mapping: Node.Mapping) {
        self.file = file
        self.lineOffset = lineOffset
        self.mapping = mapping
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            if let name = key.string, values[name] == nil { values[name] = value }
        }
        self.values = values
        record(.mapping(mapping), path: nil)
    }

    /// Records where every value is: `key`, `key[0]`, `stages.review.from`.
    private mutating func record(_ node: Node, path: String?) {
        if let path { locations[path] = Self.location(of: node, file: file, lineOffset: lineOffset) }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                record(value, path: path.map { "\($0).\(name)" } ?? name)
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() { record(item, path: "\(path ?? "")[\(index)]") }
        case .scalar, .alias:
            break
        }
    }

    private mutating func checkKeys(_ known: [String]) {
        for (key, _) in mapping {
            guard let name = key.string else { continue }
            if !known.contains(name) {
                diagnostics.append(Diagnostic(Self.location(of: key, file: file, lineOffset: lineOffset), unknownKey(name, known: known)))
            }
        }
    }

    /// The location of a key's value, or of the mapping when the key is absent.
    func location(of key: String) -> SourceLocation {
        locations[key] ?? Self.location(of: .mapping(mapping), file: file, lineOffset: lineOffset)
    }

    func node(_ key: String) -> Node? {
        guard let value = values[key] else { return nil }
        if case .scalar(let scalar) = value, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return nil
        }
        return value
    }

    mutating func required<T: Decodable>(_ key: String, as type: T.Type = T.self, expected: String) -> T? {
        guard node(key) != nil else {
            diagnostics.append(Diagnostic(location(of: key), .missingKey(key: key)))
            return nil
        }
        return optional(key, as: type, expected: expected)
    }

    mutating func optional<T: Decodable>(_ key: String, as type: T.Type = T.self, expected: String) -> T? {
        guard let value = node(key) else { return nil }
        return decode(type, from: value, key: key, expected: expected)
    }

    /// A string that must be one of `allowed`.
    mutating func oneOf(_ key: String, allowed: [String], required: Bool) -> String? {
        let value: String? = required ? self.required(key, expected: "text") : optional(key, expected: "text")
        guard let value else { return nil }
        guard allowed.contains(value) else {
            diagnostics.append(Diagnostic(location(of: key), .invalidValue(key: key, value: value, allowed: allowed)))
            return nil
        }
        return value
    }

    mutating func decode<T: Decodable>(_ type: T.Type, from value: Node, key: String, expected: String) -> T? {
        do {
            return try decoder.decode(type, from: value)
        } catch let error as DateFormatError {
            diagnostics.append(Diagnostic(Self.location(of: value, file: file, lineOffset: lineOffset),
                                          .badDate(key: key, value: error.value, format: error.format)))
        } catch let DecodingError.dataCorrupted(context) where context.underlyingError is DateFormatError {
            let error = context.underlyingError as! DateFormatError
            let at = Self.node(at: context.codingPath, in: value) ?? value
            diagnostics.append(Diagnostic(Self.location(of: at, file: file, lineOffset: lineOffset),
                                          .badDate(key: Self.path(key, context.codingPath), value: error.value, format: error.format)))
        } catch let error as DecodingError {
            let (path, problem): ([CodingKey], Problem) = switch error {
            case .keyNotFound(let missing, let context):
                (context.codingPath, .missingKey(key: Self.path(key, context.codingPath + [missing])))
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                (context.codingPath, .wrongType(key: Self.path(key, context.codingPath),
                                                expected: context.codingPath.isEmpty ? expected : "of another type"))
            @unknown default:
                ([], .wrongType(key: key, expected: expected))
            }
            let at = Self.node(at: path, in: value) ?? value
            diagnostics.append(Diagnostic(Self.location(of: at, file: file, lineOffset: lineOffset), problem))
        } catch {
            diagnostics.append(Diagnostic(Self.location(of: value, file: file, lineOffset: lineOffset),
                                          .wrongType(key: key, expected: expected)))
        }
        return nil
    }

    mutating func report(_ problem: Problem, at key: String, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(location(of: key), severity: severity, problem))
    }

    /// The unknown-key diagnostic of top-level `key` replaced by `problem`, at the key.
    mutating func replaceUnknownKey(_ key: String, with problem: Problem, at node: Node) {
        dropUnknownKey(key)
        report(problem, at: node)
    }

    /// No unknown-key diagnostic for `key` (another, closer one is reported).
    mutating func dropUnknownKey(_ key: String) {
        diagnostics.removeAll { if case .unknownKey(key, _) = $0.problem { true } else { false } }
    }

    mutating func add(_ found: [Diagnostic]) { diagnostics += found }

    mutating func report(_ problem: Problem, at node: Node, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(Self.location(of: node, file: file, lineOffset: lineOffset), severity: severity, problem))
    }

    // MARK: Helpers

    static func location(of node: Node, file: String, lineOffset: Int) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 1) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    static func path(_ key: String, _ codingPath: [CodingKey]) -> String {
        codingPath.reduce(key) { path, component in
            if let index = component.intValue { return "\(path)[\(index)]" }
            return "\(path).\(component.stringValue)"
        }
    }

    static func node(at path: [CodingKey], in root: Node) -> Node? {
        var node = root
        for component in path {
            if let index = component.intValue, let sequence = node.sequence, sequence.indices.contains(index) {
                node = sequence[index]
            } else if let child = node.mapping?[component.stringValue] {
                node = child
            } else {
                return node
            }
        }
        return node
    }

    /// Every scalar under a node, recursively, with its key path (`private.phone`).
    static func values(in node: Node, path: String) -> [PrivateValue] {
        Parse.scalars(in: node, path: path, file: "", lineOffset: 0).map { PrivateValue(key: $0.key, value: $0.value) }
    }
}

/// A key not among `known`: one that starts with a full-width space was meant to be indented
/// (`　　phone:` under `private:`), and is reported so.
func unknownKey(_ name: String, known: [String]) -> Problem {
    name.first == "\u{3000}" ? .fullWidthSpace : .unknownKey(key: name, suggestion: closestMatch(to: name, in: known))
}

/// A YAML syntax error as diagnostics: where Chinese keyboards' full-width punctuation broke it
/// (a '：' after a key, a '　' indenting a line, '“' opening a value), each at its own place, for
/// libyaml reports the error where it gave up, a line later and in other words; else the error.
func yamlDiagnostics(_ error: Error, file: String, lineOffset: Int, yaml: String) -> [Diagnostic] {
    var errorLine = Int.max
    if let error = error as? YamlError {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): errorLine = mark.line
        default: break
        }
    }
    let found = fullWidthMistakes(in: yaml, errorLine: errorLine)
    guard found.isEmpty else {
        return found.map { Diagnostic(file: file, line: $0.line + lineOffset, column: $0.column, problem: $0.problem) }
    }
    return [yamlDiagnostic(error, file: file, lineOffset: lineOffset, yaml: yaml)]
}

/// Full-width punctuation where YAML needs its half-width kind, by line (1-based) and column
/// (in characters): a '：' right after a key (always), a '　' (U+3000) in a line's indentation
/// (always), and a value opened by '“', '‘' or '「' on the line libyaml stopped at or the one
/// before (only there: inside a value they are text, and a title may well start with one).
func fullWidthMistakes(in yaml: String, errorLine: Int) -> [(line: Int, column: Int, problem: Problem)] {
    var found: [(line: Int, column: Int, problem: Problem)] = []
    for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let characters = Array(line)
        let indent = characters.prefix { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }
        if let wide = indent.firstIndex(of: "\u{3000}") { found.append((index + 1, wide + 1, .fullWidthSpace)) }
        var at = indent.count
        if at + 1 < characters.count, characters[at] == "-", characters[at + 1] == " " { at += 2 }
        let keyStart = at
        while at < characters.count, characters[at].isASCII, characters[at].isLetter || characters[at].isNumber || characters[at] == "_" {
            at += 1
        }
        guard at > keyStart, characters[keyStart].isLetter || characters[keyStart] == "_" else { continue }
        let key = String(characters[keyStart..<at])
        var colon = at
        while colon < characters.count, characters[colon] == " " { colon += 1 }
        if colon < characters.count, characters[colon] == "\u{FF1A}" {
            found.append((index + 1, colon + 1, .fullWidthColon(key: key)))
            continue
        }
        guard colon < characters.count, characters[colon] == ":", index + 1 >= errorLine - 1, index + 1 <= errorLine else { continue }
        var value = colon + 1
        while value < characters.count, characters[value] == " " { value += 1 }
        if value < characters.count, ["“", "‘", "「", "”"].contains(characters[value]) {  // content vocabulary, not interface text
            found.append((index + 1, value + 1, .fullWidthQuote(quote: String(characters[value]))))
        }
    }
    return found
}

/// A YAML syntax error as a diagnostic at the place Yams found it, or, when a quoted value
/// on an earlier line (or the same) is not closed on its line, there: libyaml reads on to the
/// next quote and reports the error lines later (an unclosed quote on line 13 said 17:14).
func yamlDiagnostic(_ error: Error, file: String, lineOffset: Int, yaml: String? = nil) -> Diagnostic {
    if let error = error as? YamlError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if let yaml, let open = unclosedQuote(in: yaml, upTo: mark.line) {
                return Diagnostic(file: file, line: open.line + lineOffset, column: open.column,
                                  problem: .unclosedQuote(quote: String(open.quote)))
            }
            var text = problem
            if let context { text = "\(context.text) \(problem)" }
            return Diagnostic(file: file, line: mark.line + lineOffset, column: mark.column,
                              problem: .yamlSyntax(problem: text))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(file: file, line: context.mark.line + lineOffset, column: context.mark.column,
                              problem: .yamlSyntax(problem: "duplicated key \(duplicates.joined(separator: ", "))"))
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, line: lineOffset + 1, column: 1, problem: .yamlSyntax(problem: problem))
        default:
            break
        }
    }
    return Diagnostic(file: file, line: lineOffset + 1, column: 1, problem: .yamlSyntax(problem: "\(error)"))
}

/// The quoted value, on lines 1…`last` of `yaml`, that is not closed where it should be: its
/// line, column (of the opening quote, 1-based) and quote. A quote opens a value only where a
/// value starts (after `key: `, `- `, `[`, `{` or `,`); an apostrophe inside a plain value does
/// not, and neither does anything inside a block scalar (`|`, `>`). A quoted value may go on
/// over several lines when it then closes where a value can end (before nothing, a comment,
/// `,`, `]` or `}`); one "closed" by the next value's opening quote, with text after it, was
/// never closed.
func unclosedQuote(in yaml: String, upTo last: Int) -> (line: Int, column: Int, quote: Character)? {
    var pending: (line: Int, column: Int, quote: Character)? = nil  // open since an earlier line
    var blockIndent: Int? = nil  // inside a block scalar: the indentation of its key
    for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).prefix(max(0, last)).enumerated() {
        let characters = Array(line)
        let indent = characters.prefix { $0 == " " }.count
        if pending == nil, let block = blockIndent {
            if characters.allSatisfy({ $0 == " " || $0 == "\t" }) || indent > block { continue }
            blockIndent = nil
        }
        var open: (column: Int, quote: Character)? = pending.map { ($0.column, $0.quote) }
        var previous: Character? = nil  // the last character outside a quoted value that is not a space
        var at = 0
        while at < characters.count {
            let character = characters[at]
            if let current = open {
                if current.quote == "\"" && character == "\\" {
                    at += 2
                    continue
                }
                if character == current.quote {
                    if current.quote == "'", at + 1 < characters.count, characters[at + 1] == "'" {
                        at += 2
                        continue
                    }
                    if let started = pending {
                        // Closed on a later line: only where a value may end.
                        let rest = String(characters[(at + 1)...]).trimmingCharacters(in: .whitespaces)
                        if !(rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(",") || rest.hasPrefix("]") || rest.hasPrefix("}")) {
                            return started
                        }
                        pending = nil
                    }
                    open = nil
                    previous = character
                }
            } else if character == "#", at == 0 || characters[at - 1] == " " || characters[at - 1] == "\t" {
                break  // a comment
            } else if character == "\"" || character == "'" {
                if previous == nil || [":", "-", "[", "{", ",", "?"].contains(previous!) {
                    open = (at + 1, character)
                } else {
                    previous = character
                }
            } else if character != " " && character != "\t" {
                previous = character
            }
            at += 1
        }
        if let open, pending == nil { pending = (index + 1, open.column, open.quote) }
        if open == nil, pending == nil {
            // A block scalar starts here: `key: |`, `- >-`, `key: |2` and the like.
            let code = String(line.split(separator: "#", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
            if code.range(of: #"(^|[:\-]\s)[|>][+\-0-9]*$"#, options: .regularExpression) != nil || code == "|" || code == ">" {
                blockIndent = indent
            }
        }
    }
    return pending
}
