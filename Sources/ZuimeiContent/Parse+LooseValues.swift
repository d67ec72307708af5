import Foundation
import Yams
import ZuimeiDiagnostics

/// Reading a value loosely, line by line: the candidates on a line, unquoted and unescaped,
/// and the numbers shaped like an ID, a phone or a bank card anywhere in a file.
extension Parse {
    /// Every reading of a line's value, each with its column (0-based): after the key (or the
    /// line whole, without `- `), without a comment, each quoted part (closed or not), each
    /// comma-separated part (brackets and inner keys dropped), with anchors and tags dropped.
    static func lineCandidates(_ line: String) -> [(String, Int)] {
        var start = indentation(line)
        let characters = Array(line)
        while start + 1 < characters.count, characters[start] == "-", characters[start + 1] == " " || characters[start + 1] == "\t" {
            start += 2
        }
        var readings: [(String, Int)] = []
        let whole = String(characters[min(start, characters.count)...]).trimmingCharacters(in: .whitespaces)
        if let (_, valueStart) = keyOfLine(line) { start = valueStart } else if let colon = characters[start...].firstIndex(where: { $0 == ":" || $0 == "：" }) {
            readings.append((whole, start))
            start = colon + 1
        }
        var rest = String(characters[min(start, characters.count)...])
        var column = start + rest.prefix { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }.count
        rest = rest.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{3000}")))
        // An anchor (`&p`) or a tag (`!!str`) before the value.
        while let first = rest.first, first == "&" || first == "!" || first == "*" {
            guard let space = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) else { rest = ""; break }
            column += rest.distance(from: rest.startIndex, to: space) + 1
            rest = String(rest[space...]).trimmingCharacters(in: .whitespaces)
        }
        if rest.isEmpty || rest.range(of: #"^[|>][+\-0-9]*$"#, options: .regularExpression) != nil {
            return readings.filter { !$0.0.isEmpty }
        }
        readings.append((unquoted(rest), column))
        if let hash = rest.range(of: " #") { readings.append((unquoted(String(rest[..<hash.lowerBound])), column)) }
        // Each quoted part, closed or not.
        let quotes: [Character: Character] = ["\"": "\"", "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』"]  // content vocabulary, not interface text
        let restCharacters = Array(rest)
        var at = 0
        while at < restCharacters.count {
            guard let close = quotes[restCharacters[at]] else {
                at += 1
                continue
            }
            let end = restCharacters[(at + 1)...].firstIndex(of: close) ?? restCharacters.count
            readings.append((String(restCharacters[(at + 1)..<end]), column + at + 1))
            at = end + 1
        }
        // Each comma-separated part, outside quotes, brackets and inner keys dropped.
        if rest.contains(",") || rest.contains("，") || rest.hasPrefix("[") || rest.hasPrefix("{") {
            var part = ""
            var partStart = 0
            var quote: Character? = nil
            for (offset, character) in (restCharacters + [","]).enumerated() {
                if let open = quote {
                    if character == quotes[open] { quote = nil }
                    part.append(character)
                } else if quotes[character] != nil {
                    quote = character
                    part.append(character)
                } else if character == "," || character == "，" {
                    var item = part.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "[]{}")))
                    if let colon = item.firstIndex(where: { $0 == ":" || $0 == "：" }), !item.hasPrefix("\""), !item.hasPrefix("'") {
                        item = String(item[item.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    }
                    readings.append((unquoted(item), column + partStart))
                    part = ""
                    partStart = offset + 1
                } else {
                    part.append(character)
                }
            }
        }
        // A double-quoted value's escapes, as YAML reads them (`"\u0031\u0033…"`).
        readings += readings.compactMap { reading in reading.0.contains("\\") ? unescaped(reading.0).map { ($0, reading.1) } : nil }
        var seen = Set<String>()
        return readings.filter { !$0.0.isEmpty && seen.insert($0.0).inserted }
    }

    /// A YAML double-quoted value's escapes decoded (`\u0031`, `\x31`, `\U00000031`, `\n`, …);
    /// nil when it has none. An escape that is not one is kept as written.
    static func unescaped(_ text: String) -> String? {
        var result = ""
        var characters = Substring(text)
        var changed = false
        while let slash = characters.firstIndex(of: "\\") {
            result += characters[..<slash]
            var rest = characters[characters.index(after: slash)...]
            guard let kind = rest.first else { result.append("\\"); characters = rest; break }
            rest = rest.dropFirst()
            let simple: [Character: String] = ["0": "\u{0}", "a": "\u{7}", "b": "\u{8}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{B}",
                                               "f": "\u{C}", "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\",
                                               "N": "\u{85}", "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}"]
            if let replacement = simple[kind] {
                result += replacement
                changed = true
            } else if let length = ["x": 2, "u": 4, "U": 8][kind], rest.count >= length,
                      let value = UInt32(rest.prefix(length), radix: 16), let scalar = Unicode.Scalar(value) {
                result.unicodeScalars.append(scalar)
                rest = rest.dropFirst(length)
                changed = true
            } else {
                result.append("\\")
                result.append(kind)
            }
            characters = rest
        }
        result += characters
        return changed ? result : nil
    }

    /// A value without its quotes, closed or not.
    static func unquoted(_ text: String) -> String {
        var value = Substring(text.trimmingCharacters(in: .whitespaces))
        if let first = value.first, "\"'“”‘「『".contains(first) {  // content vocabulary, not interface text
            value = value.dropFirst()
            if let last = value.last, "\"'”’“」』".contains(last) { value = value.dropLast() }  // content vocabulary, not interface text
        }
        return String(value).trimmingCharacters(in: .whitespaces)
    }

    /// A value that could be someone's data: 4 characters or more, not a date, a year, a
    /// number of a few digits, a truth value or a word of the format (`draft`, `approved`).
    static func isDataShaped(_ value: String) -> Bool {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 4 else { return false }
        if text.wholeMatch(of: /[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?/) != nil { return false }
        if text.wholeMatch(of: /[0-9]{1,4}/) != nil { return false }
        let words: Set<String> = ["true", "false", "null", "draft", "nominated", "approved", "rejected", "withdrawn"]
        return !words.contains(text.lowercased())
    }

    /// Phone numbers (mobile, with or without +86; landline with its area code) and 15- and
    /// 18-digit ID numbers anywhere in `lines`, digit groups and full-width digits included.
    static func valueShapedNumbers(_ lines: [String], display: String) -> [LoosePrivateValue] {
        var found: [LoosePrivateValue] = []
        for (index, line) in lines.enumerated() where line.contains(where: { $0.isNumber }) {
            let characters = Array(line)
            var at = 0
            while at < characters.count {
                guard isDigit(characters[at]), at == 0 || !isDigit(characters[at - 1]) else {
                    at += 1
                    continue
                }
                // A run of digits, single separators (space, hyphen, dot) between them allowed.
                var end = at
                var digits = ""
                var last = at
                while end < characters.count {
                    if isDigit(characters[end]) {
                        digits.append(asciiDigit(characters[end]))
                        last = end
                        end += 1
                    } else if end + 1 < characters.count, isSeparator(characters[end]), isDigit(characters[end + 1]), digits.count < 18 {
                        end += 1
                    } else {
                        break
                    }
                }
                var kind: String? = nil
                var number = digits
                if number.hasPrefix("86"), number.count == 13 { number = String(number.dropFirst(2)) }
                if number.count == 11, number.hasPrefix("1"), let second = number.dropFirst().first, "3456789".contains(second) {
                    kind = "a phone number"
                } else if (10...12).contains(number.count), number.hasPrefix("0") {
                    kind = "a phone number"
                } else if number.count == 15 || (number.count == 17 && last + 1 < characters.count && "Xx".contains(characters[last + 1])) {
                    kind = "an ID number"
                } else if number.count == 18 {
                    kind = "an ID number"
                }
                if let kind {
                    var value = String(characters[at...last])
                    if number.count == 17 { value.append(characters[last + 1]) }
                    found.append(LoosePrivateValue(key: kind, value: value,
                                                   location: SourceLocation(file: display, line: index + 1, column: at + 1),
                                                   origin: .guessed))
                }
                at = max(end, at + 1)
            }
        }
        return found
    }

    private static func isDigit(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return false }
        return (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value)
    }

    private static func asciiDigit(_ c: Character) -> Character {
        let value = c.unicodeScalars.first!.value
        return Character(Unicode.Scalar(value >= 0xFF10 ? value - 0xFF10 + 0x30 : value)!)
    }

    private static func isSeparator(_ c: Character) -> Bool { c == " " || c == "-" || c == "." || c == "－" || c == "\u{3000}" }
}
