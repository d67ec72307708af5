/// A problem found in the input, with the place it was found.
///
/// Every stage reports problems as values; the CLI formats them once
/// (`DiagnosticFormatter`). Tests compare `problem`, `file` and `line`, never
/// the message text.
public struct Diagnostic: Equatable, Hashable, Sendable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    /// Path of the file as the user named it (e.g. `Content/stories/2021/x.md`).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column; 0 when the problem concerns the whole line or file.
    public var column: Int
    public var severity: Severity
    public var problem: Problem

    public init(file: String, line: Int = 0, column: Int = 0, severity: Severity = .error, problem: Problem) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.problem = problem
    }

    public init(_ location: SourceLocation, severity: Severity = .error, _ problem: Problem) {
        self.init(file: location.file, line: location.line, column: location.column, severity: severity, problem: problem)
    }

    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// The stable rule id, e.g. `unknown-key`.
    public var rule: String { problem.rule }
    public var message: String { problem.message }
    public var hint: String? { problem.hint }
}

/// A place in a source file. Lines and columns are 1-based; 0 means "not known".
public struct SourceLocation: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if line > 0, column > 0 { text += ":\(column)" }
        return text
    }
}

extension Sequence where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }

    /// Sorted by file, line, column and rule, so output never depends on the
    /// order in which parallel stages finished.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted {
            ($0.file, $0.line, $0.column, $0.rule, $0.message) < ($1.file, $1.line, $1.column, $1.rule, $1.message)
        }
    }
}

extension Array where Element == Diagnostic {
    /// `--strict`: every warning becomes an error.
    public func promotingWarnings() -> [Diagnostic] {
        map { diagnostic in
            var copy = diagnostic
            copy.severity = .error
            return copy
        }
    }
}
