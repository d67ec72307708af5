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
    return best?.name
}

/// Levenshtein distance between two character arrays.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
