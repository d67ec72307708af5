import Foundation

/// The one place diagnostics become text.
public enum DiagnosticFormatter {
    /// `path:line:column: error: message; hint [rule]`, the form compilers use,
    /// so editors and CI annotate it.
    /// In `language`, the message and hint are translated; the place, `error`/`warning` (which
    /// editors and CI read) and the rule id stay as they are.
    public static func text(_ diagnostic: Diagnostic, language: DiagnosticLanguage = .english) -> String {
        let separator = language.phrase("separator", english: "; ")
        var line = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.problem.message(in: language))"
        if let hint = diagnostic.problem.hint(in: language) { line += separator + hint }
        line += " [\(diagnostic.rule)]"
        return line
    }

    /// All diagnostics, sorted, one a line, followed by a count.
    public static func text(_ diagnostics: [Diagnostic], language: DiagnosticLanguage = .english) -> String {
        var lines = diagnostics.sortedForDisplay().map { text($0, language: language) }
        if diagnostics.errorCount + diagnostics.warningCount > 0 { lines.append(count(diagnostics, language: language)) }
        return lines.joined(separator: "\n")
    }

    /// `1 error, 2 warnings`: the count build and check both print.
    public static func count(_ diagnostics: [Diagnostic], language: DiagnosticLanguage = .english) -> String {
        let errors = diagnostics.errorCount, warnings = diagnostics.warningCount
        return language.phrase("count", ["errors": String(errors), "warnings": String(warnings)],
                               english: "\(counted(errors, "error", "errors")), \(counted(warnings, "warning", "warnings"))")
    }

    /// A JSON array of `{file, line, column, severity, rule, message, hint}`.
    public static func json(_ diagnostics: [Diagnostic], language: DiagnosticLanguage = .english) -> String {
        struct Entry: Encodable {
            let file: String, line: Int, column: Int, severity: String, rule: String, message: String
            let hint: String?
        }
        let entries = diagnostics.sortedForDisplay().map {
            Entry(file: $0.file, line: $0.line, column: $0.column, severity: $0.severity.rawValue,
                  rule: $0.rule, message: $0.problem.message(in: language), hint: $0.problem.hint(in: language))
        }
        guard !entries.isEmpty else { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
