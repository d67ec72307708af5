import Foundation

/// A private value to look for, folded, with the caller's number for it.
public struct Needle: Sendable, Equatable {
    public var folded: [UInt32]
    public var id: Int

    public init(folded: [UInt32], id: Int) {
        self.folded = folded
        self.id = id
    }
}

/// Where a needle was found: its id and the byte offsets, in the text
/// searched, of the first and the last character of the occurrence.
public struct Match: Sendable, Equatable, Hashable {
    public var id: Int
    public var offset: Int
    public var last: Int
}

/// The rule for what can be guarded at all. A value folds to fewer
/// characters than this cannot be told apart from ordinary text: `2019`,
/// `张伟`, `3号楼` occur everywhere by chance.
public enum Guardable {
    /// Values with a character other than a Latin letter or digit (Chinese,
    /// Uyghur, Kazakh): at least 4 characters once folded.
    public static let minimumLength = 4
    /// Values made only of Latin letters and digits, with a letter (an ID
    /// number ending in X, a passport number): at least 6.
    public static let minimumLatinLength = 6
    /// Values made only of digits (phones, ID numbers, local landlines of 7
    /// or 8 digits): at least 7. Six digits match numeric data by chance:
    /// a postcode turns up in almost any megabyte of numbers.
    public static let minimumDigitsLength = 7

    /// The minimum for this folded value.
    public static func minimum(for folded: [UInt32]) -> Int {
        if folded.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return minimumDigitsLength }
        return folded.allSatisfy { $0 < 0x80 } ? minimumLatinLength : minimumLength
    }

    public static func isGuardable(_ folded: [UInt32]) -> Bool { folded.count >= minimum(for: folded) }
}

/// Finds many folded values in folded text in one pass.
///
/// The values form a trie. A bit set over a hash of the first three
/// characters of every value skips almost every position of the text without
/// a look-up; where it does not, the trie is walked from that position, at
/// most `maximumLength` steps, so the cost is linear in the text's length
/// whatever the number of values or how much they share (10,000 values that
/// begin `139` against a text of `139 139 139 …` included).
public struct Matcher: Sendable {
    /// Longer values are looked for by their first `maximumLength` characters:
    /// a text holding that much of a referee's opinion has published it.
    public static let maximumLength = 128

    /// `(node << 32) | scalar` → child node. Node 0 is the root.
    private var children: [UInt64: Int32] = [:]
    /// The ids of the values that end at each node.
    private var ends: [Int32: [Int]] = [:]
    private var filter: [UInt64]
    private static let filterBits = 20

    public var isEmpty: Bool { ends.isEmpty }

    /// Needles shorter than three characters are ignored (see `Guardable`).
    public init(_ needles: [Needle]) {
        filter = [UInt64](repeating: 0, count: (1 << Self.filterBits) / 64)
        var count: Int32 = 1
        for needle in needles where needle.folded.count >= 3 {
            let folded = needle.folded.prefix(Self.maximumLength)
            var node: Int32 = 0
            for scalar in folded {
                let edge = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar)
                if let next = children[edge] {
                    node = next
                } else {
                    children[edge] = count
                    node = count
                    count += 1
                }
            }
            ends[node, default: []].append(needle.id)
            let bit = Self.hash(Self.key(folded[folded.startIndex], folded[folded.startIndex + 1], folded[folded.startIndex + 2]))
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    @inline(__always)
    static func key(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt64 {
        UInt64(a & 0x1F_FFFF) | UInt64(b & 0x1F_FFFF) << 21 | UInt64(c & 0x1F_FFFF) << 42
    }

    @inline(__always)
    static func hash(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - filterBits)) }

    /// Every occurrence of every needle.
    public func matches(in text: FoldedText) -> [Match] {
        guard !ends.isEmpty, text.scalars.count >= 3 else { return [] }
        var found: [Match] = []
        text.scalars.withUnsafeBufferPointer { scalars in
            let count = scalars.count
            for index in 0...(count - 3) {
                let bit = Self.hash(Self.key(scalars[index], scalars[index + 1], scalars[index + 2]))
                guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
                var node: Int32 = 0
                var position = index
                while position < count, position - index < Self.maximumLength {
                    guard let next = children[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalars[position])] else { break }
                    node = next
                    if let ids = ends[node] {
                        for id in ids {
                            found.append(Match(id: id, offset: Int(text.offsets[index]), last: Int(text.offsets[position])))
                        }
                    }
                    position += 1
                }
            }
        }
        return found
    }

    /// Bytes read at once: a file of any size is searched in windows of this
    /// many bytes, so memory stays bounded (a 4 GB video is never folded whole).
    public static let window = 8 << 20
    /// How far windows overlap: an occurrence whose characters are spread
    /// over more bytes than this (a value split by 64 KB of markup) is not
    /// seen across a window's edge.
    public static let overlap = 64 << 10

    /// Binary files are read as UTF-16 only in their first and last this
    /// many bytes, where containers keep their metadata (EXIF, a PDF's
    /// information dictionary, an MP4's `moov` box often): random bytes read
    /// as UTF-16 look like Chinese text, and folding all of a video that way
    /// costs seconds per hundred megabytes. UTF-8 is read throughout.
    public static let utf16Ends = 1 << 20

    /// Every occurrence in a file's bytes, read as `kind` says.
    public func matches(in data: Data, kind: ScanKind, utf16: Bool = true) -> [Match] {
        guard !ends.isEmpty else { return [] }
        return data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            var found = Set<Match>()
            var start = 0
            repeat {
                let end = min(all.count, start + Self.window)
                let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
                var local = matches(in: VisibleText.fold(bytes, kind: kind))
                if kind == .binary, utf16, bytes.count > 1 {
                    // UTF-16 in both byte orders, at even and at odd offsets: a string inside a binary file need not be aligned.
                    let shifted = UnsafeBufferPointer(rebasing: bytes[1...])
                    for bigEndian in [false, true] {
                        local += matches(in: VisibleText.foldUTF16(bytes, bigEndian: bigEndian))
                        local += matches(in: VisibleText.foldUTF16(shifted, bigEndian: bigEndian)).map {
                            Match(id: $0.id, offset: $0.offset + 1, last: $0.last + 1)
                        }
                    }
                }
                for match in local { found.insert(Match(id: match.id, offset: match.offset + start, last: match.last + start)) }
                guard end < all.count else { break }
                start = end - Self.overlap
            } while true
            return found.sorted { ($0.offset, $0.id) < ($1.offset, $1.id) }
        }
    }

    /// Every occurrence in a text (searched in windows, like a file).
    public func matches(in text: String) -> [Match] {
        guard !ends.isEmpty else { return [] }
        return matches(in: Data(text.utf8), kind: .text)
    }

    /// `text` with every occurrence of a needle masked (`•`), to show a
    /// path or a name in a message without the value in it.
    public func redact(_ text: String) -> String {
        let found = matches(in: text)
        guard !found.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var masked = [Bool](repeating: false, count: bytes.count)
        for match in found {
            let end = min(bytes.count, match.last + Self.sourceLength(bytes, at: match.last))
            for index in match.offset..<max(match.offset, end) { masked[index] = true }
        }
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if masked[index] {
                result += Array("•".utf8)
                // One mark per character.
                index += 1
                while index < bytes.count, masked[index], bytes[index] & 0xC0 == 0x80 { index += 1 }
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The length of the character, escape or reference that starts at `index`.
    static func sourceLength(_ bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x25: return 3  // %XX
        case 0x26: return (bytes[index...].firstIndex(of: 0x3B).map { $0 - index + 1 }) ?? 1  // &…;
        case 0x5C: return 6  // \uXXXX
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}

extension String {
    /// 1-based line and column (in characters) of a UTF-8 byte offset.
    public func lineAndColumn(ofUTF8Offset offset: Int) -> (line: Int, column: Int) {
        lineAndColumn(ofUTF8Offsets: [offset])[0]
    }

    /// The same for many offsets, in one pass over the text.
    public func lineAndColumn(ofUTF8Offsets offsets: [Int]) -> [(line: Int, column: Int)] {
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [(line: Int, column: Int)](repeating: (1, 1), count: offsets.count)
        var line = 1
        var column = 1
        var index = 0
        var next = 0
        for byte in utf8 {
            while next < order.count, offsets[order[next]] <= index {
                result[order[next]] = (line, column)
                next += 1
            }
            if next == order.count { break }
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        while next < order.count {
            result[order[next]] = (line, column)
            next += 1
        }
        return result
    }
}
