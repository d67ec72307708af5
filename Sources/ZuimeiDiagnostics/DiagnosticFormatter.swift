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
        return oneLine(line)
    }

    /// A diagnostic stays on its line and cannot drive the terminal: a value it quotes from a
    /// file (a line break, an escape sequence, a bidi override) is shown as `\u{1B}`.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) { result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || [0x2028, 0x2029].contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
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
