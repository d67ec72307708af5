import Foundation
import Yams
import ZuimeiContent
import ZuimeiDiagnostics

/// A phrase of the theme's string table, for the preview server's own pages
/// (the table is read once per process, not on every page served).
public func interfaceText(_ key: String) -> String { UIStrings.builtIn(key) }

/// The site's interface text: the theme's string table
/// (`Theme/strings/zh-Hans.yml`), one key a phrase, `{name}` for a value.
/// Swift code names keys and passes values; the words are the theme's, so
/// the translations issue adds a table per language and nothing else.
struct UIStrings: Sendable {
    let table: [String: String]

    /// The theme's zh-Hans table, read once.
    static let builtIn = load()

    /// The theme's table for `language`, else zh-Hans. A key missing from the
    /// table is printed as the key itself, never a failed build (a test
    /// holds the built-in table complete).
    static func load(language: String = "zh-Hans") -> UIStrings {
        func read(_ name: String) -> [String: String]? {
            guard let url = Theme.directory?.appendingPathComponent("strings/\(name).yml"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            return try? YAMLDecoder().decode([String: String].self, from: text)
        }
        return UIStrings(table: read(language) ?? read("zh-Hans") ?? [:])
    }

    /// The phrase for `key`, with each `{name}` replaced by its value, in one
    /// pass: a value is never read for placeholders itself (nor, as with one
    /// replacement per value in dictionary order, differently from run to run).
    /// A `{name}` with no value stays as it is.
    func callAsFunction(_ key: String, _ values: [String: Any] = [:]) -> String {
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
}
