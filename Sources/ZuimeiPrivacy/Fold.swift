import Foundation

/// What a private value is compared as: the letters and digits a reader sees,
/// in one canonical form.
///
/// Folding a scalar:
/// - compatibility decomposition (Unicode NFKD): full-width `１３９` is `139`,
///   circled, super- and subscript digits are digits, Arabic presentation
///   forms are the base letters, `é` is `e` plus a mark;
/// - every decimal digit of any script is its ASCII digit;
/// - letters are lower-cased;
/// - everything that is not a letter or a digit is dropped: white space
///   (so a block scalar's trailing newline, a soft line break or a space
///   between digit groups changes nothing), punctuation such as hyphens and
///   dots, symbols, combining marks, format characters (zero-width spaces).
///
/// Both sides, the private value and the text searched, are folded the same
/// way, so `139 1234 0003`, `139-1234-0003` and `１３９１２３４０００３` all
/// contain `13912340003`.
public enum Fold {
    /// A value's folded form.
    public static func fold(_ text: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars { append(scalar.value, to: &result) }
        return result
    }

    /// Appends what `scalar` folds to (often nothing).
    @inline(__always)
    static func append(_ scalar: UInt32, to out: inout [UInt32]) {
        if scalar < 0x80 {
            if scalar >= 0x30 && scalar <= 0x39 || scalar >= 0x61 && scalar <= 0x7A {
                out.append(scalar)
            } else if scalar >= 0x41 && scalar <= 0x5A {
                out.append(scalar + 0x20)
            }
            return
        }
        // CJK unified ideographs (and extension A) are their own folded form.
        if scalar >= 0x4E00 && scalar <= 0x9FFF || scalar >= 0x3400 && scalar <= 0x4DBF { out.append(scalar); return }
        // Hangul syllables are kept whole on both sides.
        if scalar >= 0xAC00 && scalar <= 0xD7A3 { out.append(scalar); return }
        if scalar < 0x10000 {
            let entry = table.bmp[Int(scalar)]
            switch entry {
            case Table.drop: return
            case Table.several: out.append(contentsOf: table.several[scalar] ?? [])
            default: out.append(entry)
            }
            return
        }
        out.append(contentsOf: foldSlowly(scalar))
    }

    /// The folded form of one scalar, computed with Foundation's NFKD.
    static func foldSlowly(_ value: UInt32) -> [UInt32] {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        var result: [UInt32] = []
        for part in String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars {
            let properties = part.properties
            if properties.numericType == .decimal, let number = properties.numericValue, number >= 0, number <= 9 {
                result.append(0x30 + UInt32(number))
                continue
            }
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .letterNumber, .otherNumber, .decimalNumber:
                for lower in String(Character(part)).lowercased().unicodeScalars {
                    let category = lower.properties.generalCategory
                    if category == .nonspacingMark || category == .spacingMark || category == .enclosingMark { continue }
                    if lower.value < 0x80 {
                        append(lower.value, to: &result)
                    } else {
                        result.append(lower.value)
                    }
                }
            default:
                continue
            }
        }
        return result
    }

    /// The Basic Multilingual Plane folded once per process (about 30 ms),
    /// so the scan never calls Foundation on the way.
    struct Table: Sendable {
        static let drop: UInt32 = 0xFFFF_FFFF
        static let several: UInt32 = 0xFFFF_FFFE
        var bmp: [UInt32]
        var several: [UInt32: [UInt32]]

        init() {
            bmp = [UInt32](repeating: Self.drop, count: 0x10000)
            several = [:]
            for value in UInt32(0x80)..<0x10000 {
                if value >= 0x4E00 && value <= 0x9FFF || value >= 0x3400 && value <= 0x4DBF
                    || value >= 0xAC00 && value <= 0xD7A3 || value >= 0xD800 && value <= 0xDFFF { continue }
                let folded = foldSlowly(value)
                switch folded.count {
                case 0: continue
                case 1: bmp[Int(value)] = folded[0]
                default:
                    bmp[Int(value)] = Self.several
                    several[value] = folded
                }
            }
        }
    }

    static let table = Table()
}

/// Folded text with, for each folded scalar, the byte offset in the source
/// where the scalar it came from starts. `boundary` separates runs that must
/// not be joined (text outside and inside markup, binary garbage).
public struct FoldedText: Sendable, Equatable {
    public static let boundary: UInt32 = 0xFFFF_FFFF
    public var scalars: [UInt32] = []
    /// Offsets within the bytes folded at once (at most `Matcher.window` and a little).
    public var offsets: [Int32] = []

    public init() {}

    @inline(__always)
    mutating func append(_ scalar: UInt32, at offset: Int) {
        // The common cases first: ASCII, and CJK ideographs, which fold to themselves.
        if scalar < 0x80 {
            guard scalar >= 0x30 && scalar <= 0x39 || scalar >= 0x61 && scalar <= 0x7A || scalar >= 0x41 && scalar <= 0x5A else { return }
            scalars.append(scalar >= 0x41 && scalar <= 0x5A ? scalar + 0x20 : scalar)
            offsets.append(Int32(truncatingIfNeeded: offset))
            return
        }
        if scalar >= 0x4E00 && scalar <= 0x9FFF {
            scalars.append(scalar)
            offsets.append(Int32(truncatingIfNeeded: offset))
            return
        }
        Fold.append(scalar, to: &scalars)
        while offsets.count < scalars.count { offsets.append(Int32(truncatingIfNeeded: offset)) }
    }

    @inline(__always)
    mutating func appendBoundary(at offset: Int) {
        if let last = scalars.last, last == Self.boundary { return }
        if scalars.isEmpty { return }
        scalars.append(Self.boundary)
        offsets.append(Int32(truncatingIfNeeded: offset))
    }

    mutating func append(_ other: FoldedText) {
        guard !other.scalars.isEmpty else { return }
        appendBoundary(at: Int(other.offsets[0]))
        scalars += other.scalars
        offsets += other.offsets
    }
}
