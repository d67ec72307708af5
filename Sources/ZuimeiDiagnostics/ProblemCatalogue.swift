import Foundation

/// The language diagnostics are written in: English, or Chinese for teams whose locale is
/// Chinese. Rule ids stay the same.
public enum DiagnosticLanguage: String, Sendable, CaseIterable {
    case english, chinese

    /// The language's key in `Messages/problems.json`.
    var code: String { self == .english ? "en" : "zh" }

    /// From the environment as POSIX programs read it: `LC_ALL`, else `LC_MESSAGES`, else
    /// `LANG`; a locale starting with `zh` is Chinese.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DiagnosticLanguage {
        let locale = [environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("zh") ? .chinese : .english
    }

    /// A line of the command line's own output (`cli.<key>` in `Messages/zh-Hans.json`),
    /// `{name}` replaced; `english` in English or when the table lacks it.
    public func phrase(_ key: String, _ values: [String: String] = [:], english: String) -> String {
        guard self == .chinese, let text = Phrases.chinese.texts["cli." + key] else { return english }
        return fillPlaceholders(text, values)
    }
}

extension Problem {
    /// Stable identifier, shown in brackets after each diagnostic.
    public var rule: String {
        if case .redacted(let rule, _, _) = self { return rule }
        return ProblemCatalogue.shared.entries[kind.rawValue]?.rule ?? kind.rawValue
    }

    /// What is wrong, in English.
    public var message: String { message(in: .english) }

    /// How to fix it, in English.
    public var hint: String? { hint(in: .english) }

    /// What is wrong, in `language` (English where the catalogue has no text in it).
    public func message(in language: DiagnosticLanguage) -> String {
        if case .redacted(_, let message, _) = self { return message }
        return ProblemCatalogue.shared.text(arguments, part: "message", language: language) ?? kind.rawValue
    }

    /// How to fix it, in `language` (English where the catalogue has no text in it).
    public func hint(in language: DiagnosticLanguage) -> String? {
        if case .redacted(_, _, let hint) = self { return hint }
        return ProblemCatalogue.shared.text(arguments, part: "hint", language: language)
    }
}

/// Every problem's rule, message and hint, side by side in each language, grouped by domain:
/// `Messages/problems.json`. An entry's `message` and `hint` may have variants:
/// `message.<label>=<nested case>` for a nested value (`hint.source=page`) and
/// `message.<label>` for a value that is not empty (`hint.suggestion`), tried in that order
/// before the plain text. A text names values as `{label}`.
struct ProblemCatalogue: Sendable {
    struct Entry: Sendable {
        let rule: String
        /// `message`, `hint.suggestion`, … → language code → text.
        let texts: [String: [String: String]]
    }

    let entries: [String: Entry]

    static let shared = ProblemCatalogue(resource: "problems")

    init(resource: String) {
        let url = Bundle.module.url(forResource: "Messages/" + resource, withExtension: "json")
        let data = url.flatMap { try? Data(contentsOf: $0) } ?? Data("{}".utf8)
        let groups = (try? JSONSerialization.jsonObject(with: data) as? [String: [String: [String: Any]]]) ?? [:]
        var entries: [String: Entry] = [:]
        for (_, group) in groups {
            for (name, fields) in group {
                var texts: [String: [String: String]] = [:]
                for (key, value) in fields where key != "rule" {
                    if let byLanguage = value as? [String: String] { texts[key] = byLanguage }
                }
                entries[name] = Entry(rule: fields["rule"] as? String ?? name, texts: texts)
            }
        }
        self.entries = entries
    }

    /// The text of `part` for these values in `language`, the first variant that has one; then
    /// the same in English.
    func text(_ arguments: (kind: Problem.Kind, values: [String: Argument]), part: String, language: DiagnosticLanguage) -> String? {
        guard let entry = entries[arguments.kind.rawValue] else { return nil }
        let sorted = arguments.values.sorted { $0.key < $1.key }
        var candidates: [String] = []
        for (label, value) in sorted {
            if case .nested(let name, _) = value { candidates.append("\(part).\(label)=\(name)") }
        }
        for (label, value) in sorted where !value.isEmpty {
            if case .nested = value {} else { candidates.append("\(part).\(label)") }
        }
        candidates.append(part)
        for chosen in language == .english ? [language] : [language, .english] {
            guard let template = candidates.lazy.compactMap({ entry.texts[$0]?[chosen.code] }).first else { continue }
            return fillPlaceholders(template, Self.values(arguments.values, in: chosen))
        }
        return nil
    }

    /// The values as texts in `language`: lists joined as it joins them, the words the code
    /// passes in English (`kind`, `expected`) in its own words.
    static func values(_ arguments: [String: Argument], in language: DiagnosticLanguage) -> [String: String] {
        let phrases = language == .chinese ? Phrases.chinese.texts : [:]
        var values: [String: String] = [:]
        for (label, value) in arguments {
            switch value {
            case .text(let text): values[label] = ["kind", "expected"].contains(label) ? phrases["word." + text] ?? text : text
            case .list(let items): values[label] = items.joined(separator: phrases["list.separator"] ?? ", ")
            case .nested(_, let inner): for (key, text) in inner { values[label + "." + key] = text }
            }
        }
        return values
    }
}

/// The command line's own lines and the words diagnostics quote, in Chinese:
/// `Messages/zh-Hans.json` (`cli.<key>`, `word.<English words>`, `list.separator`).
struct Phrases: Sendable {
    let texts: [String: String]

    static let chinese = Phrases(resource: "zh-Hans")

    init(resource: String) {
        let url = Bundle.module.url(forResource: "Messages/" + resource, withExtension: "json")
        let data = url.flatMap { try? Data(contentsOf: $0) } ?? Data("{}".utf8)
        texts = (try? JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:]
    }
}

/// `text` with each `{name}` replaced by its value, in one pass: a value is never read for
/// placeholders itself. A `{name}` with no value stays as it is. The string tables of the
/// theme and of the diagnostics both fill their phrases with it.
public func fillPlaceholders(_ text: String, _ values: [String: String]) -> String {
    guard !values.isEmpty, text.utf8.contains(UInt8(ascii: "{")) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 32)
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
        result += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "}") else { break }
        let name = String(rest[rest.index(after: open)..<close])
        result += values[name] ?? String(rest[open...close])
        rest = rest[rest.index(after: close)...]
    }
    return result + rest
}

/// `1 story`, `2 stories`.
public func counted(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(number == 1 ? one : many)" }
