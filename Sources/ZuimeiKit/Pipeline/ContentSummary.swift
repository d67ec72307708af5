import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiSite
import ZuimeiTemplates
import ZuimeiTheme

/// How many stories each edition has in each status.
public struct ContentSummary: Sendable, Equatable {
    public var counts: [Int: [Status: Int]]
    /// Stories published on the build date.
    public var published: Int

    public static let empty = ContentSummary(counts: [:], published: 0)

    init(counts: [Int: [Status: Int]], published: Int) {
        self.counts = counts
        self.published = published
    }

    init(_ content: Content, on day: Day) {
        var counts: [Int: [Status: Int]] = [:]
        for story in content.stories { counts[story.year, default: [:]][story.status, default: 0] += 1 }
        self.counts = counts
        self.published = content.stories.filter { $0.isPublished(on: day) }.count
    }

    /// `stories 2021: 6 approved, 1 draft` per line, editions in order.
    public var lines: [String] { lines(in: .english) }

    /// The same in `language` (`stories 2021: …` in English, the status names translated).
    public func lines(in language: DiagnosticLanguage) -> [String] {
        counts.keys.sorted().map { year in
            let parts = Status.allCases.compactMap { status in
                counts[year]?[status].map { language.phrase("status." + status.rawValue, ["count": String($0)], english: "\($0) \(status.rawValue)") }
            }
            return language.phrase("stories", ["year": String(year), "counts": parts.joined(separator: language.phrase("comma", english: ", "))],
                                   english: "stories \(year): " + parts.joined(separator: ", "))
        }
    }
}
