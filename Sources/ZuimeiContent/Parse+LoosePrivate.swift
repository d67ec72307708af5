import Foundation
import Yams
import ZuimeiDiagnostics

/// A private value read from a story file that did not load (its YAML does not parse, or the
/// story has errors), or from a story's translation: guarded like any loaded story's, so a
/// value is never published because the file around it is broken.
public struct LoosePrivateValue: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        /// Under `private:` (or a key that looks like it), read by YAML or line by line.
        case privateBlock
        /// A value-shaped token of a file whose YAML does not parse: a phone or ID number
        /// anywhere in it, or a value that is not under a key a story publishes.
        case guessed
    }

    /// `private.phone`; for a guessed value, the key of its line (`phone`), or what it looks like.
    public var key: String
    public var value: String
    public var location: SourceLocation
    public var origin: Origin

    public init(key: String, value: String, location: SourceLocation, origin: Origin) {
        self.key = key
        self.value = value
        self.location = location
        self.origin = origin
    }
}

/// What a story file tells of its private values, whether it loads or not.
public struct LoosePrivateRead: Sendable, Equatable {
    public var values: [LoosePrivateValue] = []
    /// Keys that look like a misspelt (or translated) `private`, each where it is.
    public var misspelt: [(key: String, location: SourceLocation)] = []
    /// The file's front matter does not parse.
    public var broken = false
    /// It does not parse and no private block could be read in it: every value that may be
    /// private is guarded (`LoosePrivateValue.Origin.guessed`), which a warning says.
    public var blind = false

    public var guessed: [LoosePrivateValue] { values.filter { $0.origin == .guessed } }

    public static func == (a: LoosePrivateRead, b: LoosePrivateRead) -> Bool {
        a.values == b.values && a.broken == b.broken
            && a.misspelt.map(\.key) == b.misspelt.map(\.key) && a.misspelt.map(\.location) == b.misspelt.map(\.location)
    }
}

extension Parse {
    /// A key that is `private` misspelt (`privte`, `pirvate`), in another case or width
    /// (`Private`, `ｐｒｉｖａｔｅ`), or in Chinese (`隐私`): its values would not be guarded.
    public static func looksLikePrivate(_ key: String) -> Bool {
        let normal = normalisedKey(key)
        guard normal != key || key != "private" else { return false }
        if normal == "private" || normal.hasPrefix("private") { return true }
        if ["隐私", "私密", "私人", "个人信息", "隐私信息", "私人信息", "推荐表", "隱私"].contains(normal) { return true }  // content vocabulary, not interface text
        return normal.count >= 5 && editDistance(normal, "private") <= 2
    }

    static func normalisedKey(_ key: String) -> String {
        let scalars = key.precomposedStringWithCompatibilityMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .format }
        return String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    /// Every private value a story file holds, whether it parses or not:
    /// - it parses: the values under `private:` and under a key that looks like it;
    /// - it does not: the `private:` block (or one under a look-alike key) is read line by
    ///   line, as YAML when it parses alone (after a full-width colon, a tab or a full-width
    ///   space is put right), else value by value; and, since nothing else in the file can be
    ///   told apart, every phone number and ID number in the file, and every value that is not
    ///   under a key a story publishes, are guessed private too. When no private block can be
    ///   read at all, every value of 4 or more characters is.
    static func loosePrivateValues(_ text: String, display: String) -> LoosePrivateRead {
        var read = LoosePrivateRead()
        if case .success(let split) = splitFrontMatter(text),
           case (let reader?, _) = FieldReader.parse(split.yaml, file: display, lineOffset: split.yamlLineOffset,
                                                     known: Story.keys, what: "the story's front matter") {
            for (key, value) in reader.mapping {
                guard let name = key.string else { continue }
                let misspelt = looksLikePrivate(name)
                guard name == "private" || misspelt else { continue }
                if misspelt { read.misspelt.append((name, FieldReader.location(of: key, file: display, lineOffset: split.yamlLineOffset))) }
                read.values += scalars(in: value, path: misspelt ? name : "private", file: display, lineOffset: split.yamlLineOffset)
                    .filter { !isKnownPublicList($0.key) }
            }
            return read
        }
        read.broken = true
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let region = frontMatterRegion(lines)
        var inBlock = Set<Int>()  // 0-based line indices read as part of a private block
        var index = region.lowerBound
        while index < region.upperBound {
            let line = lines[index]
            guard let (key, _) = keyOfLine(line), key == "private" || looksLikePrivate(key) else {
                index += 1
                continue
            }
            if key != "private" {
                read.misspelt.append((key, SourceLocation(file: display, line: index + 1, column: indentation(line) + 1)))
            }
            let block = blockLines(lines, from: index, upTo: region.upperBound)
            for line in block { inBlock.insert(line) }
            read.values += privateBlock(lines, block: block, start: index, key: key == "private" ? "private" : key, file: display)
            index = (block.last ?? index) + 1
        }
        let fromBlock = !read.values.isEmpty
        read.blind = !fromBlock
        // Nothing else in a file that does not parse can be told apart: what looks private is guarded too.
        var seen = Set(read.values.map(\.value))
        func guess(_ value: LoosePrivateValue) {
            if seen.insert(value.value).inserted { read.values.append(value) }
        }
        for token in valueShapedNumbers(lines, display: display) where !inBlock.contains(token.location.line - 1) {
            guess(token)
        }
        for index in region where !inBlock.contains(index) {
            guard let (key, value, column) = valueOfLine(lines[index]) else { continue }
            let known = Story.keys.contains(key)
            // Under a key a story publishes, a value is public (once the file is fixed); any other
            // value is guessed private, and every value is when no private block could be read.
            guard !fromBlock || !known, isDataShaped(value) else { continue }
            guess(LoosePrivateValue(key: key.isEmpty ? "a list item" : key, value: value,
                                    location: SourceLocation(file: display, line: index + 1, column: column), origin: .guessed))
        }
        return read
    }

    private static func isKnownPublicList(_ key: String) -> Bool {
        key.hasSuffix(".known_public") || key.contains(".known_public[")
    }

    /// Every scalar under `node`, with its key path and where it is written (aliases as what they stand for).
    static func scalars(in node: Node, path: String, file: String, lineOffset: Int) -> [LoosePrivateValue] {
        switch node {
        case .scalar(let scalar):
            return [LoosePrivateValue(key: path, value: scalar.string,
                                      location: FieldReader.location(of: node, file: file, lineOffset: lineOffset), origin: .privateBlock)]
        case .mapping(let mapping):
            return mapping.flatMap { key, value in scalars(in: value, path: "\(path).\(key.string ?? "?")", file: file, lineOffset: lineOffset) }
        case .sequence(let sequence):
            return sequence.enumerated().flatMap { index, item in scalars(in: item, path: "\(path)[\(index)]", file: file, lineOffset: lineOffset) }
        case .alias:
            return []
        }
    }

    /// The 0-based indices of the front matter's lines: after the opening `---` up to the closing
    /// one; every line after it when it is never closed; the whole file when it has no opening line.
    static func frontMatterRegion(_ lines: [String]) -> Range<Int> {
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        var start = 0
        if let first = trimmed.firstIndex(where: { !$0.isEmpty }), trimmed[first] == "---" || trimmed[first] == "\u{FEFF}---" {
            start = first + 1
            if let close = trimmed[start...].firstIndex(where: { $0 == "---" || $0 == "..." }) { return start..<close }
        }
        // Never closed (or never opened): up to the first line that cannot be YAML's, where the text begins.
        let end = (start..<lines.count).first { index in
            let line = lines[index]
            if trimmed[index].isEmpty || trimmed[index].hasPrefix("#") || indentation(line) > 0 || trimmed[index].hasPrefix("- ") { return false }
            guard let (key, _) = keyOfLine(line) else { return true }
            return !isIdentifier(key) && key != "private" && !looksLikePrivate(key)
        } ?? lines.count
        return start..<end
    }

    /// A key as YAML front matter writes them: ASCII letters, digits, `_` and `-`.
    static func isIdentifier(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }

    /// Leading spaces, tabs and full-width spaces.
    static func indentation(_ line: String) -> Int {
        line.prefix { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }.count
    }

    /// `key: value`, `key：value`, `"key": value` (after any indentation or `- `): the key and
    /// where its value starts in the line's characters.
    static func keyOfLine(_ line: String) -> (key: String, valueStart: Int)? {
        let characters = Array(line)
        var at = indentation(line)
        if at + 1 < characters.count, characters[at] == "-", characters[at + 1] == " " {
            at += 2
            while at < characters.count, characters[at] == " " { at += 1 }
        }
        guard at < characters.count, characters[at] != "#" else { return nil }
        var key = ""
        var quote: Character? = nil
        if characters[at] == "\"" || characters[at] == "'" {
            quote = characters[at]
            at += 1
        }
        while at < characters.count {
            let character = characters[at]
            if let open = quote {
                if character == open {
                    at += 1
                    quote = nil
                    break
                }
            } else if character == ":" || character == "：" {
                break
            } else if character == "#" || character == "\"" || character == "[" || character == "{" {
                return nil
            }
            key.append(character)
            at += 1
        }
        while at < characters.count, characters[at] == " " || characters[at] == "\t" { at += 1 }
        guard at < characters.count, characters[at] == ":" || characters[at] == "：" else { return nil }
        // `key: value` needs a space (or the end) after an ASCII colon; a full-width one is the mistake itself.
        if characters[at] == ":", at + 1 < characters.count, !(characters[at + 1] == " " || characters[at + 1] == "\t") { return nil }
        let name = key.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else { return nil }
        return (name, at + 1)
    }

    /// The line indices of the block that starts with the key on line `start`: the lines after
    /// it that are indented more (blank and comment lines included), up to `end`.
    static func blockLines(_ lines: [String], from start: Int, upTo end: Int) -> [Int] {
        let own = indentation(lines[start])
        var result = [start]
        var index = start + 1
        while index < end {
            let line = lines[index]
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            if !blank, indentation(line) <= own, !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { break }
            result.append(index)
            index += 1
        }
        while let last = result.last, last != start, lines[last].trimmingCharacters(in: .whitespaces).isEmpty { result.removeLast() }
        return result
    }

    /// The values of a private block: as YAML when the block, put right, parses alone; else line by line.
    static func privateBlock(_ lines: [String], block: [Int], start: Int, key: String, file: String) -> [LoosePrivateValue] {
        let own = indentation(lines[start])
        // The block on its own, dedented to its key, with the usual damage put right.
        let repaired = block.map { index -> String in
            var line = String(lines[index].dropFirst(min(own, indentation(lines[index]))))
            let indent = line.prefix { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
            line = String(repeating: " ", count: indent.reduce(0) { $0 + ($1 == " " ? 1 : 2) }) + line.dropFirst(indent.count)
            if let (_, valueStart) = keyOfLine(line) {
                let characters = Array(line)
                let colon = valueStart - 1
                if characters[colon] == "：" {
                    line = String(characters[..<colon]) + ": " + String(characters[valueStart...]).trimmingCharacters(in: .whitespaces)
                }
            }
            return line
        }
        var yaml = repaired
        if key != "private" { yaml[0] = "private" + String(repaired[0].drop(while: { $0 != ":" })) }
        if let node = try? Yams.compose(yaml: yaml.joined(separator: "\n"), FieldReader.resolver, .default, .utf8),
           !FieldReader.exceedsAliasExpansion(node, limit: FieldReader.maximumAliasValues).exceeds,
           let value = node.mapping?.first?.value {
            // Lines of the YAML are the block's lines, in order.
            return scalars(in: value, path: key, file: file, lineOffset: 0).compactMap { found in
                let line = found.location.line
                guard line >= 1, line <= block.count else { return nil }
                var located = found
                located.location = SourceLocation(file: file, line: block[line - 1] + 1, column: found.location.column + own)
                return isKnownPublicList(found.key) || found.value.isEmpty ? nil : located
            }
        }
        // Value by value: what follows a key, each item of a list, each line of a block scalar.
        var values: [LoosePrivateValue] = []
        var inKnownPublic = false
        var scalarLines: [(text: String, index: Int, column: Int, key: String)] = []
        func flushScalar() {
            guard scalarLines.count > 1 else { scalarLines = []; return }
            let joined = scalarLines.map(\.text).joined(separator: "\n")
            let first = scalarLines[0]
            values.append(LoosePrivateValue(key: first.key, value: joined,
                                            location: SourceLocation(file: file, line: first.index + 1, column: first.column),
                                            origin: .privateBlock))
            scalarLines = []
        }
        var currentKey = key
        for (position, index) in block.enumerated() {
            let line = lines[index]
            if position == 0 {
                guard let (_, valueStart) = keyOfLine(line) else { continue }
                let rest = String(Array(line)[valueStart...])
                for (value, column) in plainValues(rest, startingAt: valueStart) {
                    values.append(LoosePrivateValue(key: key, value: value,
                                                    location: SourceLocation(file: file, line: index + 1, column: column + 1),
                                                    origin: .privateBlock))
                }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let (name, valueStart) = keyOfLine(line) {
                flushScalar()
                inKnownPublic = name == "known_public"
                currentKey = key + "." + name
                if inKnownPublic { continue }
                for (value, column) in plainValues(String(Array(line)[valueStart...]), startingAt: valueStart) {
                    values.append(LoosePrivateValue(key: currentKey, value: value,
                                                    location: SourceLocation(file: file, line: index + 1, column: column + 1),
                                                    origin: .privateBlock))
                }
                continue
            }
            if inKnownPublic { continue }
            // An item of a list, or a line of a block scalar or of a value that goes on over lines.
            let start = indentation(line)
            var text = String(line.dropFirst(start))
            var column = start
            if text.hasPrefix("- ") {
                flushScalar()
                text = String(text.dropFirst(2))
                column += 2
            }
            for (value, at) in plainValues(text, startingAt: column) {
                values.append(LoosePrivateValue(key: currentKey, value: value,
                                                location: SourceLocation(file: file, line: index + 1, column: at + 1),
                                                origin: .privateBlock))
                scalarLines.append((value, index, at + 1, currentKey))
            }
        }
        flushScalar()
        return values.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The values written in the rest of a line: a quoted or plain value (a comment and an
    /// opening block-scalar indicator dropped), or each item of a flow list or mapping; each
    /// with its column (0-based, in the line's characters).
    static func plainValues(_ rest: String, startingAt offset: Int) -> [(String, Int)] {
        let characters = Array(rest)
        var at = 0
        while at < characters.count, characters[at] == " " || characters[at] == "\t" || characters[at] == "\u{3000}" { at += 1 }
        guard at < characters.count else { return [] }
        var text = String(characters[at...])
        // A comment: ` #` outside quotes (a value opened with a quote keeps its `#`).
        if !(text.hasPrefix("\"") || text.hasPrefix("'")), let hash = text.range(of: " #") { text = String(text[..<hash.lowerBound]) }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.range(of: #"^[|>][+\-0-9]*$"#, options: .regularExpression) != nil { return [] }
        let column = offset + at
        if text.hasPrefix("[") || text.hasPrefix("{") {
            let inner = text.dropFirst().prefix { $0 != "]" && $0 != "}" }
            var result: [(String, Int)] = []
            var position = column + 1
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                var item = String(part)
                if text.hasPrefix("{"), let colon = item.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                    item = String(item[item.index(after: colon)...])
                }
                let value = unquoted(item.trimmingCharacters(in: .whitespaces))
                if !value.isEmpty { result.append((value, position)) }
                position += part.count + 1
            }
            return result
        }
        let value = unquoted(text)
        return value.isEmpty ? [] : [(value, column)]
    }

    /// A value without its quotes, closed or not.
    static func unquoted(_ text: String) -> String {
        var value = Substring(text)
        if let first = value.first, first == "\"" || first == "'" || first == "“" || first == "”" || first == "‘" {
            value = value.dropFirst()
            if let last = value.last, last == first || last == "”" || last == "’" || last == "“" { value = value.dropLast() }
        }
        return String(value).trimmingCharacters(in: .whitespaces)
    }

    /// `key: value` or `- value` in a front-matter line: the key (empty for a list item), the
    /// value and its column (1-based).
    static func valueOfLine(_ line: String) -> (key: String, value: String, column: Int)? {
        if let (key, valueStart) = keyOfLine(line) {
            let values = plainValues(String(Array(line)[valueStart...]), startingAt: valueStart)
            return values.first.map { (key, values.map(\.0).joined(separator: "\n"), $0.1 + 1) }
        }
        let start = indentation(line)
        let text = String(line.dropFirst(start))
        guard text.hasPrefix("- ") else { return nil }
        return plainValues(String(text.dropFirst(2)), startingAt: start + 2).first.map { ("", $0.0, $0.1 + 1) }
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
    /// 18-digit ID numbers anywhere in the file, digit groups and full-width digits included.
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
