import Foundation
import ZuimeiCache
import ZuimeiGuard
import ZuimeiSite
import ZuimeiTheme

/// Wall time per stage of a build, for `--timings`.
public struct Timings: Sendable {
    public private(set) var stages: [(name: String, seconds: Double)] = []
    private var last = Date()
    private let progress: (@Sendable (String) -> Void)?

    public init(progress: (@Sendable (String) -> Void)? = nil) { self.progress = progress }

    /// Ends the stage that ran since the previous mark.
    mutating func mark(_ name: String) {
        let now = Date()
        stages.append((name, now.timeIntervalSince(last)))
        last = now
        progress?(name)
    }

    /// What a stage says of how it went (the search index updated, not made whole), printed after the table.
    public private(set) var notes: [String] = []

    mutating func note(_ text: String) { notes.append(text) }

    public var total: Double { stages.reduce(0) { $0 + $1.seconds } }

    /// One line a stage, then the total.
    public var table: String {
        let width = (stages.map(\.name.count) + [5]).max()!
        var lines = stages.map { stage in
            stage.name.padding(toLength: width, withPad: " ", startingAt: 0) + String(format: "  %7.3f s", stage.seconds)
        }
        lines.append("total".padding(toLength: width, withPad: " ", startingAt: 0) + String(format: "  %7.3f s", total))
        return (lines + notes).joined(separator: "\n")
    }
}
