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
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.unicodeScalars.count)
        forEachCluster(text) { cluster in result += normalizedCluster(cluster) }
        return result
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
