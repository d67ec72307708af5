import Foundation

/// One template's text and where it came from.
public struct TemplateSource: Sendable, Equatable {
    /// The name other templates use: the path below the templates directory
    /// without the extension, e.g. `partials/header`.
    public var name: String
    public var text: String
    /// The file, for diagnostics.
    public var path: String

    public init(name: String, text: String, path: String) {
        self.name = name
        self.text = text
        self.path = path
    }
}

/// A problem with a template, with its place.
public struct TemplateError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case syntax(String)
        case missingPartial(String)
        case missingParent(String)
        case unknownTemplate
        case unreadable(String)
        /// Templates that include each other without end, the first name repeated last.
        case cycle([String])
    }

    public var template: String
    public var path: String
    public var line: Int
    public var column: Int
    public var kind: Kind

    public init(template: String, path: String, line: Int, column: Int, kind: Kind) {
        self.template = template
        self.path = path
        self.line = line
        self.column = column
        self.kind = kind
    }
}

/// A checked set of Mustache templates, parsed once.
///
/// Every `{{> name}}` and `{{< name}}` is checked when the set is made, and so
/// are partials and parents that include each other unconditionally (a cycle
/// that would never end); `render` throws for an unknown name. Rendering is
/// Zuimei's own (`Template+Render.swift`): it switches over `TemplateValue`
/// instead of casting `Any`, and passes the Mustache specification's cases
/// (`Tests/ZuimeiTemplatesTests`).
public struct TemplateSet: Sendable {
    private let nodes: [String: [Node]]
    private let paths: [String: String]
    public let names: Set<String>
    private let texts: [String: String]

    /// Parses and cross-checks the templates. Later sources with the same name
    /// replace earlier ones (a site's own templates override the theme's).
    public static func make(_ sources: [TemplateSource]) -> Result<TemplateSet, TemplateErrors> {
        var byName: [String: TemplateSource] = [:]
        for source in sources { byName[source.name] = source }

        var errors: [TemplateError] = []
        var parsed: [String: [Node]] = [:]
        var unconditional: [String: [(name: String, place: Place)]] = [:]
        for source in byName.values.sorted(by: { $0.name < $1.name }) {
            let nodes: [Node]
            do throws(ParseFailure) {
                nodes = try TemplateParser(source.text).parse()
            } catch {
                errors.append(TemplateError(template: source.name, path: source.path, line: error.place.line,
                                            column: error.place.column, kind: .syntax(error.message)))
                continue
            }
            parsed[source.name] = nodes
            var found: [(name: String, isParent: Bool, place: Place, conditional: Bool)] = []
            for node in nodes { node.references(into: &found) }
            for reference in found {
                if byName[reference.name] == nil {
                    errors.append(TemplateError(
                        template: source.name, path: source.path, line: reference.place.line, column: reference.place.column,
                        kind: reference.isParent ? .missingParent(reference.name) : .missingPartial(reference.name)))
                } else if !reference.conditional {
                    unconditional[source.name, default: []].append((reference.name, reference.place))
                }
            }
        }
        errors += cycles(unconditional, paths: byName.mapValues(\.path))
        if !errors.isEmpty { return .failure(TemplateErrors(errors: errors)) }
        return .success(TemplateSet(nodes: parsed, paths: byName.mapValues(\.path), texts: byName.mapValues(\.text)))
    }

    /// Templates that include each other outside any section or block: rendering
    /// them could never end. Each cycle once, at the include that closes it.
    private static func cycles(_ edges: [String: [(name: String, place: Place)]], paths: [String: String]) -> [TemplateError] {
        var errors: [TemplateError] = []
        var state: [String: Int] = [:]  // 1: on the current path, 2: done
        var path: [String] = []
        func visit(_ name: String) {
            state[name] = 1
            path.append(name)
            for edge in edges[name] ?? [] {
                switch state[edge.name] {
                case 1:
                    let start = path.firstIndex(of: edge.name)!
                    errors.append(TemplateError(template: name, path: paths[name] ?? name, line: edge.place.line,
                                                column: edge.place.column, kind: .cycle(Array(path[start...]) + [edge.name])))
                case nil: visit(edge.name)
                default: break
                }
            }
            path.removeLast()
            state[name] = 2
        }
        for name in edges.keys.sorted() where state[name] == nil { visit(name) }
        return errors
    }

    private init(nodes: [String: [Node]], paths: [String: String], texts: [String: String]) {
        self.nodes = nodes
        self.paths = paths
        self.names = Set(texts.keys)
        self.texts = texts
    }

    /// A template's own text.
    public func text(of name: String) -> String? { texts[name] }

    /// A template's file as diagnostics show it.
    public func path(of name: String) -> String? { paths[name] }

    /// Every template's text, by name.
    public var sources: [String: String] { texts }

    /// The first template, by name, whose own text contains `text`.
    public func name(containing text: String) -> String? {
        texts.keys.sorted().first { texts[$0]!.contains(text) }
    }

    /// Renders `context` with the template `name`.
    /// - Throws: `TemplateError` with kind `.unknownTemplate` when there is no such
    ///   template, `.cycle` when includes nest deeper than any data could need.
    public func render(_ context: some TemplateValueConvertible, with name: String) throws(TemplateError) -> String {
        guard let template = nodes[name] else {
            throw TemplateError(template: name, path: name, line: 0, column: 0, kind: .unknownTemplate)
        }
        var renderer = Renderer(templates: nodes, paths: paths)
        renderer.stack = [context.templateValue]
        renderer.chain = [name]
        try renderer.render(template, indent: "", overrides: [:])
        return renderer.output
    }

    /// Reads every `*.mustache` file below `directory`, named by its relative
    /// path without the extension. Sorted by name, so the order never depends
    /// on the file system.
    public static func sources(inDirectory directory: URL, displayPrefix: String) -> (sources: [TemplateSource], errors: [TemplateError]) {
        let fileManager = FileManager.default
        guard let enumerator = fileManager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return ([], [])
        }
        var sources: [TemplateSource] = []
        var errors: [TemplateError] = []
        let base = directory.standardizedFileURL.path
        for case let url as URL in enumerator where url.pathExtension == "mustache" {
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            let name = String(relative.dropLast(".mustache".count))
            let display = displayPrefix.isEmpty ? relative : displayPrefix + "/" + relative
            guard let data = fileManager.contents(atPath: full), let text = String(data: data, encoding: .utf8) else {
                errors.append(TemplateError(template: name, path: display, line: 0, column: 0,
                                            kind: .unreadable("not readable as UTF-8 text")))
                continue
            }
            sources.append(TemplateSource(name: name, text: text, path: display))
        }
        return (sources.sorted { $0.name < $1.name }, errors)
    }
}

public struct TemplateErrors: Error, Equatable, Sendable {
    public var errors: [TemplateError]
}

