import Foundation

/// The text search compares: NFKC, with Latin letters lower-cased, computed one cluster (a
/// scalar and the combining marks after it) at a time, so that a position in the normalised
/// text maps back to a place in the text as written (the search page highlights the
/// original, not its NFKC form: `，` stays `，` on screen while `,` finds it). The browser
/// (`assets/search.js`) normalises queries and passages the same way.
public enum SearchText {
    /// Fields of a document are joined by this: no query (which is split at white space) spans two.
    public static let separator: Unicode.Scalar = "\n"

    /// The normalised scalars of `text`.
    public static func normalized(_ text: String) -> [Unicode.Scalar] {
        let scalars = Array(text.unicodeScalars)
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        // A lone scalar's normalisation, remembered within the text (full-width punctuation repeats).
        var known: [UInt32: [Unicode.Scalar]] = [:]
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            // Most of a story is Han characters and ASCII that NFKC leaves alone and that no
            // mark follows: taken as they are, without a string per character.
            if isStable(scalar), index + 1 == scalars.count || isStable(scalars[index + 1]) || !isMark(scalars[index + 1]) {
                result.append(scalar)
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, isMark(scalars[end]) { end += 1 }
            if end == index + 1 {
                if let cached = known[scalar.value] {
                    result += cached
                } else {
                    let normalized = normalizedCluster(String(scalar))
                    known[scalar.value] = normalized
                    result += normalized
                }
                index = end
                continue
            }
            var cluster = ""
            cluster.unicodeScalars.append(contentsOf: scalars[index..<end])
            result += normalizedCluster(cluster)
            index = end
        }
        return result
    }

    /// NFKC and the Latin lower-casing leave it alone, and it is no mark: ASCII but capitals,
    /// CJK Unified Ideographs.
    @inline(__always)
    static func isStable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x40, 0x5B...0x7E, 0x0A, 0x4E00...0x9FFF: true
        default: false
        }
    }

    /// Calls `body` with each cluster: a scalar and the combining marks (general category M) after it.
    static func forEachCluster(_ text: String, _ body: (String) -> Void) {
        var cluster = ""
        for scalar in text.unicodeScalars {
            if !cluster.isEmpty, !isMark(scalar) {
                body(cluster)
                cluster = ""
            }
            cluster.unicodeScalars.append(scalar)
        }
        if !cluster.isEmpty { body(cluster) }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// A cluster's NFKC, its Latin letters lower-cased (and nothing else: Cyrillic, Greek and
    /// the Arabic script keep their case rules out of it).
    static func normalizedCluster(_ cluster: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        for scalar in cluster.precomposedStringWithCompatibilityMapping.unicodeScalars {
            if isLatin(scalar) {
                result += String(scalar).lowercased().unicodeScalars
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    /// Basic Latin letters, Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional.
    static func isLatin(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE, 0x100...0x24F, 0x1E00...0x1EFF: true
        default: false
        }
    }

    /// White space splits a query into words (each must occur); the separator is white space too.
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }
}
