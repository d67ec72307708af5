import Foundation

extension VisibleText {
    /// The text of a WebVTT file's cues as a viewer meets them, one after another: each cue's
    /// lines after its timing line, without the header, the cue identifiers, the timings and
    /// the NOTE, STYLE and REGION blocks (but a block with a timing is a cue, as browsers read
    /// it, whatever its first line), joined by line breaks. Read with `ScanKind.captions`,
    /// its tags (timestamps `<00:00.500>` included) removed, a value split across two cues, or
    /// by a cue's timestamp tag, reads as the viewer sees it.
    public static func cueText(ofCaptions data: Data) -> Data {
        Data(cues(ofCaptions: data).map(\.text).joined(separator: "\n").utf8)
    }

    /// Every reading of the cues a viewer may meet: one after another in the file's order
    /// (`cueText`), and, for the cues shown at the same moment (placed side by side with
    /// `position:`, `line:`), each order they may be read in. Nil when more cues are shown at
    /// once than can be read in every order (`maximumSimultaneousCues`): the captions are then
    /// not searched as a viewer sees them, and are refused.
    public static func cueReadings(ofCaptions data: Data) -> [Data]? {
        let cues = cues(ofCaptions: data)
        var readings = [Data(cues.map(\.text).joined(separator: "\n").utf8)]
        var groups = Set<[Int]>()
        for cue in cues {
            guard let start = cue.start else { continue }
            let shown = cues.indices.filter { index in
                guard let from = cues[index].start, let to = cues[index].end else { return false }
                return from <= start && start < to
            }
            if shown.count > 1 { groups.insert(shown) }
        }
        for group in groups.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard group.count <= maximumSimultaneousCues else { return nil }
            for order in permutations(group) where order != group {
                readings.append(Data(order.map { cues[$0].text }.joined(separator: "\n").utf8))
            }
        }
        return readings
    }

    /// The most cues shown at one moment whose every order is read (5: 120 orders).
    public static let maximumSimultaneousCues = 5

    struct Cue {
        var text: String
        /// Milliseconds; nil when the timing line does not read as times.
        var start: Int?
        var end: Int?
    }

    static func cues(ofCaptions data: Data) -> [Cue] {
        let text = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var result: [Cue] = []
        var block: [Substring] = []
        func flush() {
            defer { block = [] }
            // A cue is a block with a timing on its first or second line, whatever its first line
            // says (browsers show "NOTE 1" followed by a timing as a cue with that identifier).
            guard let timing = block.firstIndex(where: { $0.contains("-->") }), timing <= 1 else { return }
            let times = block[timing].components(separatedBy: "-->")
            result.append(Cue(text: block[(timing + 1)...].joined(separator: "\n"),
                              start: milliseconds(times[0]), end: times.count > 1 ? milliseconds(times[1]) : nil))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else {
                block.append(line)
            }
        }
        flush()
        return result
    }

    /// `00:01.500` or `01:02:03.004` at the start of `text` (after spaces) in milliseconds.
    static func milliseconds(_ text: String) -> Int? {
        let token = text.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && ($0.isNumber || $0 == ":" || $0 == ".") }
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let fraction = Int(parts[1].prefix(3)) else { return nil }
        let clock = parts[0].split(separator: ":").compactMap { Int($0) }
        guard (2...3).contains(clock.count) else { return nil }
        let seconds = clock.reduce(0) { $0 * 60 + $1 }
        return seconds * 1000 + fraction
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[Int]] in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
