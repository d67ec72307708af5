import Foundation
import Yams
import ZuimeiDiagnostics

/// A private value found outside a loaded story's `private:` block: in a story file that did
/// not load (its YAML does not parse, or the story has errors), in a story's translation or
/// notes, under a key Zuimei does not know, or in a `private:` block where it does not belong.
/// Guarded like a loaded story's own, so a value is never published because the file around
/// it is broken or the block was misplaced.
public struct LoosePrivateValue: Sendable, Equatable, Codable {
    public enum Origin: String, Sendable, Equatable, Codable {
        /// Under `private:` (or a key that looks like it, or one misplaced), read by YAML or line by line.
        case privateBlock
        /// A value-shaped token of a file whose YAML does not parse: a phone or ID number
        /// anywhere in it, or a value that is not under a key a story publishes.
        case guessed
        /// Under a key a story does not know, whose name or value looks private (`phone:`, a
        /// mobile number), or while `private:` itself is empty (a block that lost its indentation).
        case unknownKey
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
    /// Problems that stand between a private value and the web, errors even in a draft: a key
    /// that looks like a misspelt `private`, a private block after the front matter or nested.
    public var problems: [Diagnostic] = []
    /// The file's front matter does not parse.
    public var broken = false
    /// It does not parse and no private block could be read in it: every value that may be
    /// private is guarded (`LoosePrivateValue.Origin.guessed`), which a warning says.
    public var blind = false

    public var guessed: [LoosePrivateValue] { values.filter { $0.origin == .guessed } }
}

extension Parse {
    // MARK: Keys

    /// A key that is `private` misspelt (`privte`, `pirvate`, `priv`), in another case, width or
    /// script (`Private`, `ｐｒｉｖａｔｅ`, Cyrillic `рrіvаtе`), or in Chinese (`隐私`, `保密信息`):
    /// its values would not be guarded. Not `private` itself.
    public static func looksLikePrivate(_ key: String) -> Bool {
        guard key != "private", !Story.keys.contains(key) else { return false }
        let normal = skeleton(key)
        if normal.hasPrefix("priv") { return true }
        // The words a Chinese form uses for it.
        if ["隐私", "私密", "私人", "保密", "机密", "个人信息", "推荐表", "隱私", "機密", "個人信息"].contains(where: { normal.contains($0) }) {  // content vocabulary, not interface text
            return true
        }
        return normal.count >= 5 && editDistance(normal, "private") <= 2
    }

    /// A key read the way a person reads it: compatibility forms, no invisible characters, lower
    /// case, and Latin look-alikes from Cyrillic and Greek as the Latin letters they look like.
    static func skeleton(_ key: String) -> String {
        // The usual key: ASCII letters, digits and `_`: lower-cased, nothing else to do.
        if key.utf8.allSatisfy({ $0 < 0x80 && ($0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A
                                                 || $0 >= 0x30 && $0 <= 0x39) }) {
            return key.lowercased()
        }
        let confusables: [Character: Character] = [
            "а": "a", "е": "e", "і": "i", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "ј": "j",
            "ԁ": "d", "ν": "v", "ο": "o", "α": "a", "ι": "i", "ρ": "p", "τ": "t", "ε": "e", "к": "k", "т": "t",
            "в": "b", "м": "m", "н": "h", "ѵ": "v", "ᴠ": "v", "ɪ": "i",
        ]
        let scalars = key.precomposedStringWithCompatibilityMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .format && !$0.properties.isWhitespace }
        let lowered = String(String.UnicodeScalarView(scalars)).lowercased()
        return String(lowered.map { confusables[$0] ?? $0 })
    }

    /// A key that names a field of the nomination form (`phone`, `id_number`, `home_address`,
    /// `referee`, `电话`, `身份证`): a value under it outside `private:` is guarded.
    static func looksLikeAPrivateField(_ key: String) -> Bool {
        let normal = skeleton(key)
        let words = normal.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let latin: Set<String> = ["phone", "phones", "tel", "telephone", "mobile", "cell", "cellphone", "contact", "contacts",
                                  "id", "idnumber", "idcard", "identity", "passport", "address", "addr", "home", "hukou",
                                  "referee", "referees", "recommender", "opinion", "opinions", "email", "mail", "wechat",
                                  "weixin", "qq", "birthday", "bank", "salary", "household", "residence", "family"]
        if words.contains(where: latin.contains) || latin.contains(normal.filter { $0.isLetter }) { return true }
        let chinese = ["电话", "手机", "联系", "身份", "证件", "地址", "住址", "户口", "户籍", "推荐", "邮箱", "微信", "银行", "家庭", "住所"]  // content vocabulary, not interface text
        let traditional = ["電話", "手機", "聯繫", "證件", "戶口", "戶籍", "推薦", "郵箱"]  // content vocabulary, not interface text
        return (chinese + traditional).contains { normal.contains($0) }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        guard abs(a.count - b.count) <= 4 else { return abs(a.count - b.count) }
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

    // MARK: A parsed front matter

    /// In a front matter that parses: every private value outside `private:` itself, and what
    /// stands between one and the web.
    /// - a key that looks like `private` misspelt: its values, and an error at the key;
    /// - `private` (or a look-alike) below the top level (`nomination: {private: …}`): its
    ///   values, and an error there;
    /// - a key a story does not know: all its values when its name is a form's field
    ///   (`phone`, `地址`) or when `private:` is there but empty (the block lost its
    ///   indentation); else the phone and ID numbers in its values.
    static func privateOutsideTheBlock(_ mapping: Node.Mapping, known: [String], file: String, lineOffset: Int)
        -> (values: [LoosePrivateValue], problems: [Diagnostic]) {
        var values: [LoosePrivateValue] = []
        var problems: [Diagnostic] = []
        let emptyPrivate = mapping.contains { key, value in
            key.string == "private" && (value.scalar.map { $0.string.trimmingCharacters(in: .whitespaces).isEmpty } ?? false)
        }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if looksLikePrivate(name) {
                problems.append(Diagnostic(FieldReader.location(of: key, file: file, lineOffset: lineOffset), .privateKeyMisspelt(key: name)))
                values += scalars(in: value, path: name, file: file, lineOffset: lineOffset).filter { !isKnownPublicList($0.key) }
                continue
            }
            // `private` below the top level, under any key: not read as private where it is.
            for (path, node, keyNode) in nestedPrivate(in: value, path: name) {
                problems.append(Diagnostic(FieldReader.location(of: keyNode, file: file, lineOffset: lineOffset),
                                           .privateBlockNested(key: path)))
                values += scalars(in: node, path: path, file: file, lineOffset: lineOffset).filter { !isKnownPublicList($0.key) }
            }
            guard !known.contains(name) else { continue }
            let found = scalars(in: value, path: name, file: file, lineOffset: lineOffset)
            if emptyPrivate || looksLikeAPrivateField(name) {
                values += found.map { var value = $0; value.origin = .unknownKey; return value }
            } else {
                for scalar in found {
                    values += valueShapedNumbers([scalar.value], display: file).map { token in
                        LoosePrivateValue(key: scalar.key, value: token.value, location: scalar.location, origin: .unknownKey)
                    }
                }
            }
        }
        return (values, problems)
    }

    /// Inside each private value, what else a reader may meet alone: a phone or ID number within
    /// a longer value, and the parts of a value that swallowed YAML (`phone:"139…"`, read by
    /// YAML as one text under `private`, or `'139…', 备用`).
    static func readingsWithin(_ values: [LoosePrivateValue]) -> [LoosePrivateValue] {
        var readings: [LoosePrivateValue] = []
        for value in values {
            // By the bytes first: most values are a number or a few words, with nothing inside to read.
            var digits = 0, wide = false, syntax = false
            for byte in value.value.utf8 {
                if byte >= 0x30 && byte <= 0x39 { digits += 1 }
                if byte == 0xEF { wide = true }  // full-width digits, a full-width colon
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == 0xE2 { syntax = true }
            }
            if digits >= 10 || wide {
                readings += valueShapedNumbers(lines(of: value.value), display: value.location.file).filter { $0.value != value.value }.map {
                    LoosePrivateValue(key: value.key, value: $0.value, location: value.location, origin: value.origin)
                }
            }
            guard syntax || wide else { continue }
            let quoted = value.value.contains { "\"'“”‘’".contains($0) }  // content vocabulary, not interface text
            guard quoted || value.value.contains(/[A-Za-z_][A-Za-z0-9_\[\]]*[ \t]*[:：]/) else { continue }
            for line in lines(of: value.value) {
                readings += lineCandidates(line).filter { $0.0 != value.value }.map {
                    LoosePrivateValue(key: value.key, value: $0.0, location: value.location, origin: value.origin)
                }
            }
        }
        return readings
    }

    /// Mappings below `node` whose key is `private` or looks like it, each with its path and key.
    static func nestedPrivate(in node: Node, path: String) -> [(String, Node, Node)] {
        switch node {
        case .mapping(let mapping):
            return mapping.flatMap { key, value -> [(String, Node, Node)] in
                let name = key.string ?? "?"
                if name == "private" || looksLikePrivate(name) { return [("\(path).\(name)", value, key)] }
                return nestedPrivate(in: value, path: "\(path).\(name)")
            }
        case .sequence(let sequence):
            return sequence.enumerated().flatMap { index, item in nestedPrivate(in: item, path: "\(path)[\(index)]") }
        case .scalar, .alias:
            return []
        }
    }

    /// A private block written after the front matter's closing `---` (it would be published as
    /// the story's text): each one's values, and an error at its key. `firstLine` is the 1-based
    /// line of `lines[0]`.
    static func privateBlocksInText(_ lines: [String], firstLine: Int, file: String) -> (values: [LoosePrivateValue], problems: [Diagnostic]) {
        var values: [LoosePrivateValue] = []
        var problems: [Diagnostic] = []
        var index = 0
        while index < lines.count {
            guard let start = privateBlockStart(lines, at: index) else {
                index += 1
                continue
            }
            let key = start.key
            problems.append(Diagnostic(file: file, line: firstLine + index, column: indentation(lines[index]) + 1,
                                       problem: .privateBlockInText(key: key)))
            var block = blockLines(lines, from: index, upTo: lines.count)
            // A block that lost its indentation: the `key: value` lines right after it, up to a blank line.
            if block.count == 1 {
                var next = index + 1
                while next < lines.count, let (name, _) = keyOfLine(lines[next]), isIdentifier(name) {
                    block.append(next)
                    next += 1
                }
            }
            values += lineByLine(lines, block: block, key: key == "private" ? "private" : key, firstLine: firstLine, file: file)
            index = (block.last ?? index) + 1
        }
        return (values, problems)
    }

    /// Whether a private block starts on `lines[index]`: a key that is `private` or looks like it,
    /// with a value on its line, or more indented `key: …` lines below, or (for `private:` itself)
    /// nothing at all; never an ordinary sentence that happens to start with such a word.
    static func privateBlockStart(_ lines: [String], at index: Int) -> (key: String, valueStart: Int)? {
        let line = lines[index]
        // Cheap first (every line of every story's text is asked): a key that may look private.
        guard mayStartWithAPrivateKey(line), let (key, valueStart) = keyOfLine(line), key == "private" || looksLikePrivate(key) else {
            return nil
        }
        let rest = String(Array(line)[valueStart...]).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("{") || rest.hasPrefix("[") || rest.hasPrefix("|") || rest.hasPrefix(">") { return (key, valueStart) }
        if rest.isEmpty, skeleton(key) == "private" { return (key, valueStart) }
        if let next = lines[(index + 1)...].first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
           indentation(next) > indentation(line), keyOfLine(next) != nil || next.trimmingCharacters(in: .whitespaces).hasPrefix("- ") {
            return (key, valueStart)
        }
        return nil
    }

    /// By the line's bytes: whether what comes before its first colon (ASCII or full-width, among
    /// its first 200 bytes, after indentation and `- `) could be a key that looks like `private`:
    /// ASCII with `v` or `V` in it, or holding a character of 私, 密, 信, 推, a Cyrillic or Greek
    /// letter, a full-width form or an invisible format character.
    static func mayStartWithAPrivateKey(_ line: String) -> Bool {
        var sawV = false, sawSign = false, ascii = true, leading = true
        var a: UInt8 = 0, b: UInt8 = 0  // the two bytes before this one
        for byte in line.utf8.prefix(200) {
            defer { (a, b) = (b, byte) }
            if leading, byte == 0x20 || byte == 0x09 || byte == 0x2D { continue }
            leading = false
            if byte == UInt8(ascii: ":") { return ascii ? sawV : sawSign }
            if a == 0xEF, b == 0xBC, byte == 0x9A { return sawSign || (ascii && sawV) }  // ：
            if byte == UInt8(ascii: "v") || byte == UInt8(ascii: "V") { sawV = true }
            if byte >= 0x80 { ascii = false }
            if byte == 0xD0 || byte == 0xD1 || byte == 0xCE || byte == 0xCF { sawSign = true }  // Cyrillic, Greek
            switch (a, b, byte) {
            case (0xE7, 0xA7, 0x81), (0xE5, 0xAF, 0x86), (0xE4, 0xBF, 0xA1), (0xE6, 0x8E, 0xA8): sawSign = true  // 私 密 信 推
            case (0xEF, 0xBC, 0xA1...0xBA), (0xEF, 0xBD, 0x81...0x9A): sawSign = true  // full-width Latin letters
            case (0xE2, 0x80, 0x8B...0x8F), (0xE2, 0x81, 0xA0...0xAF), (0xEF, 0xBB, 0xBF): sawSign = true  // invisible format characters
            default: break
            }
        }
        return false
    }

    private static func isKnownPublicList(_ key: String) -> Bool {
        key.hasSuffix(".known_public") || key.contains(".known_public[")
    }

    // MARK: Any story file

    /// Every private value a story file holds, whether it parses or not:
    /// - it parses: the values under `private:`, and those `privateOutsideTheBlock` and
    ///   `privateBlocksInText` find;
    /// - it does not: each private block (`private:` or a look-alike, at any indentation, in the
    ///   front matter or after it) is read on its own, as YAML when it parses alone (after a
    ///   full-width colon, a tab or a full-width space is put right), else line by line, every
    ///   reading of each line kept (the value after the key, each quoted part, each item, the
    ///   line whole); and since nothing else in the file can be told apart, every phone number
    ///   and ID number in the file, and every value that is not under a key a story publishes,
    ///   are guessed private too. When no private block can be read at all, every value of 4
    ///   or more characters is (`blind`).
    /// - Parameter blocksOnly: a file that is not a story (a page, notes in a folder of its own, a
    ///   text in `static/`): only its private blocks, nothing guessed.
    static func loosePrivateValues(_ text: String, display: String, blocksOnly: Bool = false) -> LoosePrivateRead {
        var read = LoosePrivateRead()
        if case .success(let split) = splitFrontMatter(text),
           case (let reader?, _) = FieldReader.parse(split.yaml, file: display, lineOffset: split.yamlLineOffset,
                                                     known: Story.keys, what: "the story's front matter") {
            if let node = reader.node("private") {
                let found = scalars(in: node, path: "private", file: display, lineOffset: split.yamlLineOffset)
                    .filter { !isKnownPublicList($0.key) }
                read.values += found + readingsWithin(found)
            }
            let outside = privateOutsideTheBlock(reader.mapping, known: Story.keys + ["translated_from", "draft"], file: display,
                                                 lineOffset: split.yamlLineOffset)
            let inText = privateBlocksInText(lines(of: split.body), firstLine: split.bodyLine, file: display)
            read.values += outside.values.filter { !blocksOnly || $0.origin == .privateBlock } + inText.values
            read.problems += outside.problems + inText.problems
            return read
        }
        if blocksOnly {
            // Not a story's front matter: its private blocks, wherever they are.
            let lines = lines(of: text)
            let found = privateBlocksInText(lines, firstLine: 1, file: display)
            read.values = found.values
            read.broken = true
            return read
        }
        read.broken = true
        let lines = lines(of: text)
        let region = frontMatterRegion(lines)
        // Each private block, anywhere in the file.
        var inBlock = Set<Int>()
        var index = 0
        while index < lines.count {
            guard let start = privateBlockStart(lines, at: index) ?? (region.contains(index) ? privateKeyLine(lines[index]) : nil) else {
                index += 1
                continue
            }
            if !region.contains(index) {
                read.problems.append(Diagnostic(file: display, line: index + 1, column: indentation(lines[index]) + 1,
                                                problem: .privateBlockInText(key: start.key)))
            } else if start.key != "private" {
                read.problems.append(Diagnostic(file: display, line: index + 1, column: indentation(lines[index]) + 1,
                                                problem: .privateKeyMisspelt(key: start.key)))
            }
            let block = blockLines(lines, from: index, upTo: region.contains(index) ? region.upperBound : lines.count)
            for line in block { inBlock.insert(line) }
            read.values += privateBlock(lines, block: block, key: start.key == "private" ? "private" : start.key, file: display)
            index = (block.last ?? index) + 1
        }
        read.blind = inBlock.isEmpty
        // Nothing else in a file that does not parse can be told apart: what looks private is guarded too.
        var seen = Set(read.values.map(\.value))
        func guess(_ value: LoosePrivateValue) {
            if seen.insert(value.value).inserted { read.values.append(value) }
        }
        for token in valueShapedNumbers(lines, display: display) { guess(token) }
        // The front matter by its top-level keys: a section a story publishes is public (once the
        // file is fixed); any other is guessed private, and every section is when no private
        // block could be read.
        var section: String? = nil
        for index in region where !inBlock.contains(index) {
            let line = lines[index]
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }  // a comment
            if indentation(line) == 0, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                section = keyOfLine(line)?.key
            }
            let published = section.map { Story.keys.contains($0) && $0 != "private" } ?? false
            guard read.blind || !published else { continue }
            let key = keyOfLine(line)?.key ?? section ?? "a value"
            for (value, column) in lineCandidates(line) where isDataShaped(value) {
                guess(LoosePrivateValue(key: key, value: value, location: SourceLocation(file: display, line: index + 1, column: column + 1),
                                        origin: .guessed))
            }
        }
        return read
    }

    /// A line that opens a private block by its key alone (in the front matter of a file that does not parse).
    static func privateKeyLine(_ line: String) -> (key: String, valueStart: Int)? {
        guard let (key, start) = keyOfLine(line), key == "private" || looksLikePrivate(key) else { return nil }
        return (key, start)
    }

    /// A file's lines, broken where YAML and editors break them: LF, CR, CRLF, NEL, U+2028,
    /// U+2029. By the UTF-8 bytes: a story's text is read this way on every build.
    static func lines(of text: String) -> [String] {
        var result: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            var breakLength = 0
            if byte == 0x0A {
                breakLength = 1
            } else if byte == 0x0D {
                let next = utf8.index(after: index)
                breakLength = next < utf8.endIndex && utf8[next] == 0x0A ? 2 : 1
            } else if byte == 0xC2 || byte == 0xE2 {
                let second = utf8.index(after: index)
                if second < utf8.endIndex {
                    if byte == 0xC2, utf8[second] == 0x85 {
                        breakLength = 2
                    } else if byte == 0xE2, utf8[second] == 0x80 {
                        let third = utf8.index(after: second)
                        if third < utf8.endIndex, utf8[third] == 0xA8 || utf8[third] == 0xA9 { breakLength = 3 }
                    }
                }
            }
            if breakLength > 0 {
                result.append(String(text[start..<index]))
                index = utf8.index(index, offsetBy: breakLength)
                start = index
            } else {
                index = utf8.index(after: index)
            }
        }
        result.append(String(text[start..<utf8.endIndex]))
        return result
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

    /// The 0-based indices of the front matter's lines, as `splitFrontMatter` takes them: after
    /// an opening `---` up to a closing `---` or `...` at the start of a line; when it is never
    /// closed (or never opened), up to the first line that cannot be YAML's, where the text begins.
    static func frontMatterRegion(_ lines: [String]) -> Range<Int> {
        func bare(_ line: String) -> Substring { Substring(line).trimmingTrailingSpaces() }
        var start = 0
        if let first = lines.first, bare(first) == "---" || bare(first) == "\u{FEFF}---" {
            start = 1
            if let close = lines[start...].firstIndex(where: { bare($0) == "---" || bare($0) == "..." }) { return start..<close }
        }
        let end = (start..<lines.count).first { index in
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || indentation(line) > 0 || trimmed.hasPrefix("- ") { return false }
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

    /// `key: value`, `key：value`, `"key": value`, `key:value` (after any indentation or `- `):
    /// the key and where its value starts in the line's characters.
    static func keyOfLine(_ line: String) -> (key: String, valueStart: Int)? {
        // A key is short: a line without a colon among its first characters has none.
        guard line.utf8.prefix(320).contains(where: { $0 == UInt8(ascii: ":") || $0 == 0x9A }) else { return nil }
        let characters = Array(line.prefix(100))
        var at = indentation(line)
        while at + 1 < characters.count, characters[at] == "-", characters[at + 1] == " " || characters[at + 1] == "\t" {
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
        let name = key.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else { return nil }
        // `key:value` without a space is a plain value to YAML; read as a key it is only an
        // identifier's (never `https://…`).
        if characters[at] == ":", at + 1 < characters.count, !(characters[at + 1] == " " || characters[at + 1] == "\t"),
           !isIdentifier(name) || characters[at + 1] == "/" {
            return nil
        }
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
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, indentation(line) <= own, !trimmed.hasPrefix("#") { break }
            result.append(index)
            index += 1
        }
        while let last = result.last, last != start, lines[last].trimmingCharacters(in: .whitespaces).isEmpty { result.removeLast() }
        return result
    }

    /// The values of a private block: as YAML when the block, put right, parses alone; and line
    /// by line either way, so that nothing YAML would read differently is lost.
    static func privateBlock(_ lines: [String], block: [Int], key: String, file: String) -> [LoosePrivateValue] {
        let own = indentation(lines[block[0]])
        // The block on its own, dedented to its key, with the usual damage put right.
        var yaml = block.map { index -> String in
            var line = String(lines[index].dropFirst(min(own, indentation(lines[index]))))
            let indent = line.prefix { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
            line = String(repeating: " ", count: indent.reduce(0) { $0 + ($1 == " " ? 1 : 2) }) + line.dropFirst(indent.count)
            if let (_, valueStart) = keyOfLine(line) {
                let characters = Array(line)
                let colon = valueStart - 1
                if colon < characters.count, characters[colon] == "：" {
                    line = String(characters[..<colon]) + ": " + String(characters[valueStart...]).trimmingCharacters(in: .whitespaces)
                }
            }
            return line
        }
        if let first = yaml.first, let colon = first.firstIndex(where: { $0 == ":" }) { yaml[0] = "private" + first[colon...] }
        var values: [LoosePrivateValue] = []
        if let node = try? Yams.compose(yaml: yaml.joined(separator: "\n"), FieldReader.resolver, .default, .utf8),
           !FieldReader.exceedsAliasExpansion(node, limit: FieldReader.maximumAliasValues).exceeds,
           let value = node.mapping?.first?.value {
            // Lines of the YAML are the block's lines, in order.
            values = scalars(in: value, path: key, file: file, lineOffset: 0).compactMap { found in
                let line = found.location.line
                guard line >= 1, line <= block.count, !isKnownPublicList(found.key), !found.value.isEmpty else { return nil }
                var located = found
                located.location = SourceLocation(file: file, line: block[line - 1] + 1, column: found.location.column + own)
                return located
            }
        }
        return values + lineByLine(lines, block: block, key: key, firstLine: 1, file: file)
    }

    /// A private block read line by line, every reading of a line kept: the value after its key,
    /// each quoted part, each item of a flow list, the line whole; the lines of a value that
    /// goes on over several lines also together. `firstLine` is the 1-based line of `lines[0]`.
    static func lineByLine(_ lines: [String], block: [Int], key: String, firstLine: Int, file: String) -> [LoosePrivateValue] {
        var values: [LoosePrivateValue] = []
        var inKnownPublic = false
        var currentKey = key
        var continued: [(text: String, line: Int, column: Int)] = []
        func add(_ value: String, _ line: Int, _ column: Int, _ key: String) {
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            values.append(LoosePrivateValue(key: key, value: value, location: SourceLocation(file: file, line: line, column: column),
                                            origin: .privateBlock))
        }
        func flush() {
            if continued.count > 1 { add(continued.map(\.text).joined(separator: "\n"), continued[0].line, continued[0].column, currentKey) }
            continued = []
        }
        for (position, index) in block.enumerated() {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let number = firstLine + index
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let (name, _) = keyOfLine(line) {
                flush()
                if position > 0 {
                    inKnownPublic = name == "known_public"
                    currentKey = key + "." + name
                }
                if inKnownPublic { continue }
            } else if inKnownPublic {
                continue
            }
            for (value, column) in lineCandidates(line) {
                add(value, number, column + 1, currentKey)
            }
            if position > 0, keyOfLine(line) == nil {
                var text = String(line.dropFirst(indentation(line)))
                if text.hasPrefix("- ") { text = String(text.dropFirst(2)) }
                continued.append((unquoted(text), number, indentation(line) + 1))
            } else if let (_, valueStart) = keyOfLine(line) {
                let rest = String(Array(line)[valueStart...]).trimmingCharacters(in: .whitespaces)
                if !rest.isEmpty, rest.range(of: #"^[|>][+\-0-9]*$"#, options: .regularExpression) == nil {
                    continued = [(unquoted(rest), number, valueStart + 1)]
                }
            }
        }
        flush()
        return values
    }
}
