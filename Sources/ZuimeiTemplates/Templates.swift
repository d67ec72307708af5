import Foundation
import Mustache

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

/// A checked set of Mustache templates.
///
/// swift-mustache renders a missing partial or parent as an empty string and
/// an unknown template as nil. `TemplateSet` checks every `{{> name}}` and
/// `{{< name}}` when it is made, and `render` throws for an unknown name, so
/// none of these can pass silently.
public struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    public let names: Set<String>
    private let texts: [String: String]

    /// Parses and cross-checks the templates. Later sources with the same name
    /// replace earlier ones (a site's own templates override the theme's).
    public static func make(_ sources: [TemplateSource]) -> Result<TemplateSet, TemplateErrors> {
        var byName: [String: TemplateSource] = [:]
        for source in sources { byName[source.name] = source }

        var errors: [TemplateError] = []
        var library = MustacheLibrary()
        for source in byName.values.sorted(by: { $0.name < $1.name }) {
            do {
                library.register(try MustacheTemplate(string: source.text), named: source.name)
            } catch let error as MustacheTemplate.ParserError {
                errors.append(TemplateError(
                    template: source.name, path: source.path,
                    line: error.context.lineNumber, column: error.context.columnNumber,
                    kind: .syntax(describe(error.error))))
                continue
            } catch {
                errors.append(TemplateError(template: source.name, path: source.path, line: 0, column: 0,
                                            kind: .syntax("\(error)")))
                continue
            }
            for reference in references(in: source.text) where byName[reference.name] == nil {
                errors.append(TemplateError(
                    template: source.name, path: source.path, line: reference.line, column: reference.column,
                    kind: reference.isParent ? .missingParent(reference.name) : .missingPartial(reference.name)))
            }
        }
        if !errors.isEmpty { return .failure(TemplateErrors(errors: errors)) }
        return .success(TemplateSet(library: library, texts: byName.mapValues(\.text)))
    }

    private init(library: MustacheLibrary, texts: [String: String]) {
        self.library = library
        self.names = Set(texts.keys)
        self.texts = texts
    }

    /// A template's own text.
    public func text(of name: String) -> String? { texts[name] }

    /// The first template, by name, whose own text contains `text`.
    public func name(containing text: String) -> String? {
        texts.keys.sorted().first { texts[$0]!.contains(text) }
    }

    /// Renders `context` with the template `name`.
    /// - Throws: `TemplateError` with kind `.unknownTemplate` when there is no such template.
    public func render(_ context: Any, with name: String) throws(TemplateError) -> String {
        guard names.contains(name), let output = library.render(context, withTemplate: name) else {
            throw TemplateError(template: name, path: name, line: 0, column: 0, kind: .unknownTemplate)
        }
        return output
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

struct TemplateReference: Equatable {
    var name: String
    var isParent: Bool
    var line: Int
    var column: Int
}

/// Every `{{> name}}` (partial) and `{{< name}}` (parent) tag in a template, with its place.
func references(in text: String) -> [TemplateReference] {
    var found: [TemplateReference] = []
    var line = 1, column = 1
    var index = text.startIndex
    while index < text.endIndex {
        if text[index...].hasPrefix("{{"), let close = text[index...].range(of: "}}") {
            let inner = text[text.index(index, offsetBy: 2)..<close.lowerBound]
            if let sigil = inner.first, sigil == ">" || sigil == "<" {
                let name = inner.dropFirst().trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, !name.hasPrefix("*") {
                    found.append(TemplateReference(name: name, isParent: sigil == "<", line: line, column: column))
                }
            }
        }
        if text[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index = text.index(after: index)
    }
    return found
}

private func describe(_ error: Error) -> String {
    guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
    switch error {
    case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened"
    case .unfinishedName: return "a tag is not finished with '}}'"
    case .expectedSectionEnd: return "a section is never closed"
    case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
    case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
    case .illegalTokenInsideInheritSection: return "an illegal tag inside an inheritance section"
    case .textInsideInheritSection: return "text inside an inheritance section"
    case .invalidConfigVariableSyntax: return "a malformed config variable"
    case .unrecognisedConfigVariable: return "an unrecognised config variable"
    }
}
