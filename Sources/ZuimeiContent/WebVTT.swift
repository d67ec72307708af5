import Foundation
import ZuimeiPrivacy

/// Checks WebVTT captions (https://www.w3.org/TR/webvtt1/) the way a media team
/// needs: a file a browser would load but show wrongly, or not at all, is an
/// error at its line and column, never a silent empty track.
public enum WebVTT {
    /// The largest caption file read: captions for an hour of speech are about 100 KB.
    public static let maximumSize = 4 << 20

    public struct Problem: Equatable, Sendable {
        public var line: Int
        public var column: Int
        public var reason: String

        public init(line: Int, column: Int, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }
    }

    /// Every problem in `data`, in file order; empty for valid captions.
    public static func problems(in data: Data) -> [Problem] {
        guard data.count <= maximumSize else {
            return [Problem(line: 1, column: 1, reason: "the file is larger than \(maximumSize >> 20) MB")]
        }
        guard var text = String(data: data, encoding: .utf8) else {
            return [Problem(line: 1, column: 1, reason: "the file is not UTF-8 text")]
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var problems: [Problem] = []
        if let index = lines.firstIndex(where: { $0.contains("\u{0}") }) {
            problems.append(Problem(line: index + 1, column: 1, reason: "a NUL character"))
        }
        let header = lines.first ?? ""
        guard header == "WEBVTT" || header.hasPrefix("WEBVTT ") || header.hasPrefix("WEBVTT\t") else {
            return problems + [Problem(line: 1, column: 1, reason: "the first line is not 'WEBVTT'")]
        }
        // Blocks: runs of non-blank lines, each with the line number it starts on.
        var blocks: [(start: Int, lines: [String])] = []
        var current: [String] = []
        var start = 0
        for (index, line) in lines.enumerated() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { blocks.append((start, current)) }
                current = []
            } else {
                if current.isEmpty { start = index }
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append((start, current)) }
        var cues = 0
        var lastStart = -1
        var shown: [(start: Int, end: Int, line: Int)] = []
        for block in blocks.dropFirst() {  // the first block is the header
            let first = block.lines[0]
            // A block with a timing on its first or second line is a cue, as browsers read it,
            // even when its identifier is "NOTE …", "STYLE" or "REGION".
            let isCue = block.lines.prefix(2).contains { $0.contains("-->") }
            if !isCue, first == "NOTE" || first.hasPrefix("NOTE ") || first.hasPrefix("NOTE\t") { continue }
            if !isCue, first == "STYLE" || first == "REGION" {
                if cues > 0 {
                    problems.append(Problem(line: block.start + 1, column: 1,
                                            reason: "a \(first) block after the first cue (browsers ignore it)"))
                }
                if first == "STYLE", let offset = block.lines.firstIndex(where: { $0.lowercased().contains("url(") || $0.lowercased().contains("@import") }) {
                    problems.append(Problem(line: block.start + offset + 1, column: 1,
                                            reason: "a STYLE block loads a file (url() or @import): captions load nothing from anywhere"))
                }
                continue
            }
            // A cue: an optional identifier line, then its timing line.
            let timingOffset = first.contains("-->") ? 0 : 1
            guard timingOffset < block.lines.count, block.lines[timingOffset].contains("-->") else {
                problems.append(Problem(line: block.start + 1, column: 1,
                                        reason: "a block without a cue timing line ('00:00:01.000 --> 00:00:04.000')"))
                continue
            }
            let lineNumber = block.start + timingOffset + 1
            let timing = block.lines[timingOffset]
            cues += 1
            switch parseTiming(timing) {
            case .failure(let problem):
                problems.append(Problem(line: lineNumber, column: problem.column, reason: problem.reason))
            case .success(let range):
                if range.end <= range.start {
                    problems.append(Problem(line: lineNumber, column: 1, reason: "the cue ends before or when it starts"))
                }
                if range.start < lastStart {
                    problems.append(Problem(line: lineNumber, column: 1, reason: "the cue starts before the cue above it"))
                }
                lastStart = max(lastStart, range.start)
                shown.append((range.start, range.end, lineNumber))
            }
            for (offset, line) in block.lines.enumerated().dropFirst(timingOffset + 1) where line.contains("-->") {
                problems.append(Problem(line: block.start + offset + 1, column: 1,
                                        reason: "cue text contains '-->' (a missing blank line between two cues?)"))
            }
        }
        if cues == 0 { problems.append(Problem(line: 1, column: 1, reason: "the file has no cues")) }
        // Cues shown at one moment may be read in any order (placed side by side): each order
        // is searched for private data, up to `VisibleText.maximumSimultaneousCues` of them.
        for cue in shown {
            let together = shown.filter { $0.start <= cue.start && cue.start < $0.end }.count
            if together > VisibleText.maximumSimultaneousCues {
                problems.append(Problem(line: cue.line, column: 1, reason: "\(together) cues are shown at once from here, more than the "
                    + "\(VisibleText.maximumSimultaneousCues) whose every order a viewer may read them in can be searched for private data"))
                break
            }
        }
        return problems
    }

    /// `00:01.000 --> 00:04.500 line:90%`: the start and end in milliseconds.
    static func parseTiming(_ line: String) -> Result<(start: Int, end: Int), TimingError> {
        let characters = Array(line)
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 } }
        func timestamp() -> Int? {
            var fields: [String] = []
            var field = ""
            while index < characters.count, characters[index].isASCII, characters[index].isNumber || characters[index] == ":" || characters[index] == "." {
                if characters[index] == ":" || characters[index] == "." {
                    fields.append(field)
                    field = ""
                    if characters[index] == "." {
                        index += 1
                        while index < characters.count, characters[index].isASCII, characters[index].isNumber {
                            field.append(characters[index])
                            index += 1
                        }
                        fields.append(field)
                        return milliseconds(fields)
                    }
                } else {
                    field.append(characters[index])
                }
                index += 1
            }
            return nil
        }
        skipSpaces()
        let startColumn = index + 1
        guard let start = timestamp() else {
            return .failure(TimingError(column: startColumn, reason: "the cue's start is not a time (HH:MM:SS.mmm or MM:SS.mmm)"))
        }
        skipSpaces()
        guard index + 3 <= characters.count, String(characters[index..<index + 3]) == "-->" else {
            return .failure(TimingError(column: index + 1, reason: "'-->' should follow the cue's start"))
        }
        index += 3
        skipSpaces()
        let endColumn = index + 1
        guard let end = timestamp() else {
            return .failure(TimingError(column: endColumn, reason: "the cue's end is not a time (HH:MM:SS.mmm or MM:SS.mmm)"))
        }
        if index < characters.count, characters[index] != " ", characters[index] != "\t" {
            return .failure(TimingError(column: index + 1, reason: "the cue's end is not a time (HH:MM:SS.mmm or MM:SS.mmm)"))
        }
        return .success((start, end))
    }

    struct TimingError: Error {
        var column: Int
        var reason: String
    }

    /// `[hh, mm, ss, mmm]` or `[mm, ss, mmm]` → milliseconds; nil when out of range.
    private static func milliseconds(_ fields: [String]) -> Int? {
        guard (3...4).contains(fields.count), fields.last!.count == 3,
              fields.dropLast().dropFirst(fields.count == 4 ? 1 : 0).allSatisfy({ $0.count == 2 }),
              fields.count == 3 || (fields[0].count >= 2 && fields[0].count <= 6) else { return nil }
        let numbers = fields.compactMap { Int($0) }
        guard numbers.count == fields.count else { return nil }
        let (hours, minutes, seconds, millis) = numbers.count == 4
            ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (0, numbers[0], numbers[1], numbers[2])
        guard minutes < 60, seconds < 60 else { return nil }
        return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
    }
}
