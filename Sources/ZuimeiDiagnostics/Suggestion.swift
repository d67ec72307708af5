/// The closest candidate to a misspelt name, for "did you mean …?" hints.
///
/// Edit distance over Characters, so a one-character slip in a Chinese name
/// (伊犁哈萨克自治洲 for 伊犁哈萨克自治州) counts as one edit. A candidate is
/// suggested only when it is reasonably close: at most a third of the longer
/// name's length, and at least one edit.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased()))
        let limit = max(1, max(target.count, candidate.count) / 3)
        guard distance <= limit else { continue }
        if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.name) {
            best = (candidate, distance)
        }
    }
    if best == nil {
        // A name that contains the other (阿克苏 for 阿克苏地区) is a good guess too.
        best = candidates.filter { !word.isEmpty && ($0.contains(word) || word.contains($0)) }
            .sorted().first.map { ($0, 0) }
    }
    if best == nil, let short = shortFormMatch(word, in: candidates) { return short }
    return best?.name
}

/// The one place name `word` is a common short form of: its stem (the name without 地区, 州, 市,
/// 盟 or 县 at its end) starts the candidate's stem, as 伊犁州 does 伊犁哈萨克自治州, 巴州
/// 巴音郭楞蒙古自治州 and 喀什市 喀什地区. Nil when the stem starts none, or more than one.
func shortFormMatch(_ word: String, in candidates: [String]) -> String? {
    func stem(_ name: String) -> String {
        for suffix in ["地区", "自治州", "州", "市", "盟", "县"] where name.hasSuffix(suffix) && name.count > suffix.count {  // content vocabulary, not interface text
            return String(name.dropLast(suffix.count))
        }
        return name
    }
    let short = stem(word)
    guard !short.isEmpty, !short.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
    let found = candidates.filter { stem($0).hasPrefix(short) }
    return found.count == 1 ? found[0] : nil
}

/// Edit distance between two character arrays: insertions, deletions, substitutions, and
/// two neighbours swapped (nmae for name) each count one.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], before[j - 2] + 1)
            }
        }
        (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
}

/// A date written another way (2026/12/2, 2026.12.2, 2026年12月2日, 2026-12-2) in `format`
/// (`YYYY-MM-DD` or `YYYY-MM`), or nil when it is not one.
public func dateSuggestion(_ value: String, format: String) -> String? {
    let parts = value.split { !$0.isASCII || !$0.isNumber }.map(String.init)
    guard parts.allSatisfy({ !$0.isEmpty }), let year = Int(parts.first ?? ""), parts[0].count == 4 else { return nil }
    let numbers = parts.dropFirst().compactMap { Int($0) }
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    switch format {
    case "YYYY-MM-DD":
        guard numbers.count == 2, (1...12).contains(numbers[0]), (1...31).contains(numbers[1]) else { return nil }
        let text = "\(year)-\(two(numbers[0]))-\(two(numbers[1]))"
        return text == value ? nil : text
    case "YYYY-MM":
        guard numbers.count == 1, (1...12).contains(numbers[0]) else { return nil }
        let text = "\(year)-\(two(numbers[0]))"
        return text == value ? nil : text
    default:
        return nil
    }
}
