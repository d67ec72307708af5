import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiSite
import ZuimeiTemplates

/// The built-in theme, shipped as package resources: `templates/` and `static/`.
public enum Theme {
    public static var directory: URL? { Bundle.module.url(forResource: "Theme", withExtension: nil) }

    /// Stage: the theme's templates, overridden file by file by the site's own
    /// `Content/templates/`, parsed and cross-checked.
    public static func templates(overrides: String?, overridesDisplay: String, memo: TemplateMemo? = nil) -> (TemplateSet?, [Diagnostic]) {
        guard let builtIn = directory?.appendingPathComponent("templates") else {
            return (nil, [Diagnostic(file: "(built-in theme)", problem: .missingFile(path: "Theme/templates"))])
        }
        var (sources, errors) = TemplateSet.sources(inDirectory: builtIn, displayPrefix: "(built-in theme)/templates")
        var warnings: [Diagnostic] = []
        if let overrides {
            let (own, ownErrors) = TemplateSet.sources(inDirectory: URL(fileURLWithPath: overrides), displayPrefix: overridesDisplay)
            for source in own {
                let theirs = Set(unescapedTags(in: sources.first { $0.name == source.name }?.text ?? "").map(\.name))
                for tag in unescapedTags(in: source.text) where !theirs.contains(tag.name) {
                    warnings.append(Diagnostic(file: source.path, line: tag.line, column: tag.column, severity: .warning,
                                               problem: .unescapedInTemplate(template: source.name, name: tag.name)))
                }
            }
            sources += own
            errors += ownErrors
        }
        // In serve: the same files, byte for byte, as the last build's give the same set.
        if errors.isEmpty, let known = memo?.result(for: sources) { return known }
        let result = checkedTemplates(sources, errors: errors, warnings: warnings)
        if errors.isEmpty { memo?.remember(sources, result) }
        return result
    }

    /// The templates checked (every phrase in the string table) and parsed into a set.
    private static func checkedTemplates(_ sources: [TemplateSource], errors: [TemplateError], warnings: [Diagnostic])
        -> (TemplateSet?, [Diagnostic]) {
        // Every phrase a template prints is in the string table: never printed empty.
        let phrases = UIStrings.builtIn
        var unknown: [Diagnostic] = []
        for source in sources {
            for reference in StringsNode.references(in: source.text)
            where phrases.table[reference.key] == nil || phrases.prefixes.contains(reference.key) {
                unknown.append(Diagnostic(file: source.path, line: reference.line, column: reference.column,
                                          problem: .unknownString(template: source.name, key: reference.key)))
            }
        }
        if !errors.isEmpty || !unknown.isEmpty { return (nil, errors.map(diagnostic) + unknown + warnings) }
        switch TemplateSet.make(sources) {
        case .success(let set): return (set, warnings)
        case .failure(let failure): return (nil, failure.errors.map(diagnostic) + warnings)
        }
    }

    /// The `{{{name}}}` and `{{& name}}` tags of a template (printed without escaping), with their places.
    static func unescapedTags(in text: String) -> [(name: String, line: Int, column: Int)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            line.matches(of: /\{\{\{\s*([^}]+?)\s*\}\}\}|\{\{&\s*([^}]+?)\s*\}\}/).map { match in
                let name = String(match.output.1 ?? match.output.2 ?? "")
                return (name, index + 1, line.distance(from: line.startIndex, to: match.range.lowerBound) + 1)
            }
        }
    }

    /// The theme's static files (`assets/style.css`), copied as they are.
    static func assets() -> [PlannedFile] {
        guard let root = directory?.appendingPathComponent("static") else { return [] }
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [PlannedFile] = []
        while let relative = enumerator.nextObject() as? String {
            let full = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !(relative as NSString).lastPathComponent.hasPrefix(".") else { continue }
            files.append(PlannedFile(file: OutputFile(path: relative, body: .copy(from: full)),
                                     origin: "(built-in theme)/static/\(relative)"))
        }
        return files.sorted { $0.file.path < $1.file.path }
    }
}

public func diagnostic(_ error: TemplateError) -> Diagnostic {
    let problem: Problem = switch error.kind {
    case .syntax(let text): .templateSyntax(template: error.template, problem: text)
    case .missingPartial(let name): .missingPartial(template: error.template, partial: name)
    case .missingParent(let name): .missingParent(template: error.template, parent: name)
    case .unknownTemplate: .missingTemplate(template: error.template)
    case .cycle(let chain): .templateCycle(chain: chain)
    case .unreadable: .notUTF8
    }
    return Diagnostic(file: error.path, line: error.line, column: error.column, problem: problem)
}
