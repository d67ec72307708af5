import Foundation
import Yams
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiSite
import ZuimeiTemplates

/// A phrase of the theme's string table, for the preview server's own pages
/// (the table is read once per process, not on every page served).
public func interfaceText(_ key: String) -> String { UIStrings.builtIn(key) }

/// The site's interface text in one language: the theme's string table
/// (`Theme/strings/<language>.yml`), one key a phrase, `{name}` for a value.
/// Swift code names keys and passes values; templates read phrases as
/// `{{layout.t.story.older}}`. A key the language's table lacks is the default
/// language's phrase (`zuimei check` warns, naming key and language): a
/// phrase is never printed empty or as its key.
public struct UIStrings: Sendable, Equatable {
    /// The language whose table this is (`ug`).
    let language: String
    let table: [String: String]
    /// The default language's keys that this language's table lacks, sorted: shown in the default's words.
    public let missing: [String]
    /// Every key that has longer keys under it (`story` for `story.older`): a node for templates.
    let prefixes: Set<String>

    init(language: String, table: [String: String], missing: [String] = []) {
        self.language = language
        self.table = table
        self.missing = missing
        var prefixes: Set<String> = []
        for key in table.keys {
            var part = key[...]
            while let dot = part.lastIndex(of: ".") {
                part = part[..<dot]
                prefixes.insert(String(part))
            }
        }
        self.prefixes = prefixes
    }

    /// The language the theme is written in: its table is complete (a test holds it so).
    public static let defaultLanguage = "zh-Hans"

    /// The theme's zh-Hans table, read once.
    static let builtIn = load()

    /// The theme's table for a language, as it is (nil: the theme has none).
    static func builtInTable(_ language: String) -> [String: String]? {
        guard let url = Theme.directory?.appendingPathComponent("strings/\(language).yml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return try? YAMLDecoder().decode([String: String].self, from: text)
    }

    /// The languages the theme has a table for.
    static var builtInLanguages: [String] {
        guard let directory = Theme.directory?.appendingPathComponent("strings"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The table for `language`: the theme's, with `own` (the site's `Content/strings/<language>.yml`)
    /// over it, and the default language's phrase for any key neither has.
    public static func load(language: String = defaultLanguage, own: [String: String] = [:]) -> UIStrings {
        let base = builtInTable(defaultLanguage) ?? [:]
        if language == defaultLanguage { return UIStrings(language: language, table: base.merging(own) { $1 }) }
        let table = (builtInTable(language) ?? [:]).merging(own) { $1 }
        let missing = base.keys.filter { table[$0] == nil }.sorted()
        return UIStrings(language: language, table: base.merging(table) { $1 }, missing: missing)
    }

    /// The phrase for `key`, with each `{name}` replaced by its value, in one
    /// pass: a value is never read for placeholders itself (nor, as with one
    /// replacement per value in dictionary order, differently from run to run).
    /// A `{name}` with no value stays as it is.
    public func callAsFunction(_ key: String, _ values: [String: Any] = [:]) -> String {
        fillPlaceholders(table[key] ?? key, values.mapValues { $0 as? String ?? "\($0)" })
    }

    /// 2021年7月15日
    func date(_ day: Day) -> String { self("date.long", ["year": day.year, "month": day.month, "day": day.day]) }

    /// 2021年8月1日至10月31日
    func range(_ range: DateRange) -> String {
        let end = range.to.year == range.from.year
            ? self("date.range.sameYearEnd", ["month": range.to.month, "day": range.to.day]) : date(range.to)
        return self("date.range", ["from": date(range.from), "to": end])
    }

    /// A stage's name (广泛动员, …).
    func stage(_ stage: Stage) -> String { self("stage.\(stage.rawValue)") }

    /// The table as templates see it: `{{layout.t.story.older}}`.
    var node: StringsNode { StringsNode(strings: self, prefix: "") }

    public static func == (lhs: UIStrings, rhs: UIStrings) -> Bool { lhs.language == rhs.language && lhs.table == rhs.table }
}

/// Part of a string table, for templates: `t.story` is a node, `t.story.older` a phrase.
struct StringsNode: TemplateContext, Equatable {
    let strings: UIStrings
    let prefix: String

    func child(named name: String) -> TemplateValue? {
        let key = prefix + name
        if strings.prefixes.contains(key) { return .object(StringsNode(strings: strings, prefix: key + ".")) }
        return strings.table[key].map(TemplateValue.string)
    }

    /// The `{{layout.t.…}}` tags of a template, with their places: each must name a phrase.
    static func references(in text: String) -> [(key: String, line: Int, column: Int)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            line.matches(of: /\{\{\s*layout\.t\.([A-Za-z0-9_.\-]+)\s*\}\}/).map { match in
                (String(match.output.1), index + 1, line.distance(from: line.startIndex, to: match.range.lowerBound) + 1)
            }
        }
    }
}
