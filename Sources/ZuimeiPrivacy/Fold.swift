import Foundation

/// What a private value is compared as: the letters and digits a reader sees,
/// in one canonical form.
///
/// Folding a scalar:
/// - compatibility decomposition (Unicode NFKD): full-width `１３９` is `139`,
///   circled, super- and subscript digits are digits, Arabic presentation
///   forms are the base letters, Kangxi radicals are ideographs, `é` is `e`
///   plus a mark;
/// - CJK radicals that stand for an ideograph (`⻛` for `风`, as text copied
///   out of a PDF has them) are that ideograph, and traditional characters
///   are simplified (`於田縣` is `于田县`);
/// - every digit of any script or style is its ASCII digit (`❶`, `⓵`, `〇`,
///   Suzhou numerals, Arabic-Indic digits);
/// - letters are lower-cased;
/// - everything that is not a letter or a digit is dropped: white space
///   (so a block scalar's trailing newline, a soft line break or a space
///   between digit groups changes nothing), punctuation such as hyphens and
///   dots, symbols, combining marks, invisible characters (zero-width spaces,
///   Hangul fillers, bidi controls), the Arabic tatweel and the long-vowel
///   mark `ー`;
/// - `一` or `丨` between two digits is a dash, as Chinese typing uses it.
///
/// Both sides, the private value and the text searched, are folded the same
/// way, so `139 1234 0003`, `139-1234-0003`, `139一1234一0003` and
/// `１３９１２３４０００３` all contain `13912340003`.
public enum Fold {
    /// A value's folded form.
    public static func fold(_ text: String) -> [UInt32] {
        var folded = FoldedText()
        for scalar in text.unicodeScalars { folded.append(scalar.value, at: 0) }
        folded.finish()
        return folded.scalars
    }

    /// The folded form of one scalar, computed with Foundation's NFKD and
    /// Unicode's properties.
    static func foldSlowly(_ value: UInt32) -> [UInt32] {
        if let ideograph = equivalentIdeographs[value] { return [simplifiedIdeograph(ideograph)] }
        if dropped.contains(value) { return [] }
        guard let scalar = Unicode.Scalar(value) else { return [] }
        var result: [UInt32] = []
        for part in String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars {
            let properties = part.properties
            if properties.isDefaultIgnorableCodePoint || dropped.contains(part.value) { continue }
            if let digit = digitValue(part) {
                result.append(0x30 + digit)
                continue
            }
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .letterNumber, .otherNumber, .decimalNumber:
                for lower in String(Character(part)).lowercased().unicodeScalars {
                    let category = lower.properties.generalCategory
                    if category == .nonspacingMark || category == .spacingMark || category == .enclosingMark { continue }
                    if lower.value < 0x80 {
                        if lower.value >= 0x30 && lower.value <= 0x39 || lower.value >= 0x61 && lower.value <= 0x7A {
                            result.append(lower.value)
                        }
                    } else {
                        result.append(simplifiedIdeograph(lower.value))
                    }
                }
            default:
                continue
            }
        }
        return result
    }

    /// A digit of any script or style: decimal digits, `❶ ➀ ⓵` (Numeric_Type
    /// Digit), `〇` and the Suzhou numerals (letter numbers from 0 to 9). Not
    /// the Chinese numerals 一二三, which are ordinary letters.
    static func digitValue(_ scalar: Unicode.Scalar) -> UInt32? {
        let properties = scalar.properties
        guard let value = properties.numericValue, value >= 0, value <= 9, value == value.rounded() else { return nil }
        switch properties.numericType {
        case .decimal?, .digit?: return UInt32(value)
        default: return properties.generalCategory == .letterNumber ? UInt32(value) : nil
        }
    }

    /// Letters that only stretch or lengthen what is written: the Arabic
    /// tatweel, the long-vowel marks `ー`.
    static let dropped: Set<UInt32> = [0x0640, 0x30FC, 0xFF70]

    /// `一` and `丨`, read as a dash between two digits; and the letters that look like a dash, a
    /// bar or a dot there (Hangul `ㅡ`, `ǀ`, `ꞏ`, and every modifier letter, `ˌ` `ˈ` `ˉ` …), which
    /// a reader takes for punctuation: `139ㅡ1234ㅡ0003` is `13912340003`.
    @inline(__always)
    static func isDashLike(_ scalar: UInt32) -> Bool { scalar < 0x10000 && dashLike[Int(scalar)] }

    static let dashLike: [Bool] = {
        var table = [Bool](repeating: false, count: 0x10000)
        for value in [0x4E00, 0x4E28, 0x3161, 0x1173, 0xFFDA, 0x01C0, 0x01C1, 0x01C3, 0xA78F, 0x2D4F, 0x16C1, 0xA4F2, 0x05C0] {
            table[value] = true
        }
        for value in 0x80..<0x10000 {
            if let scalar = Unicode.Scalar(value), scalar.properties.generalCategory == .modifierLetter { table[value] = true }
        }
        return table
    }()

    @inline(__always)
    static func isDigit(_ scalar: UInt32) -> Bool { scalar >= 0x30 && scalar <= 0x39 }

    /// The simplified form of a CJK ideograph (itself when it has none).
    @inline(__always)
    static func simplifiedIdeograph(_ scalar: UInt32) -> UInt32 {
        guard scalar >= 0x3400 && scalar <= 0x9FFF else { return scalar }
        return simplified[Int(scalar - 0x3400)]
    }

    /// Traditional → simplified for the CJK block and extension A
    /// (`Fold+Simplified.swift`, about 3,000 characters), as a flat table.
    static let simplified: [UInt32] = {
        var table = (UInt32(0x3400)...0x9FFF).map { $0 }
        for (traditional, simple) in traditionalToSimplified { table[Int(traditional - 0x3400)] = simple }
        return table
    }()

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
                if value >= 0x3400 && value <= 0x9FFF || value >= 0xAC00 && value <= 0xD7A3
                    || value >= 0xD800 && value <= 0xDFFF { continue }
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
    /// A `一` after a digit, held until the next character says whether it is a dash.
    private var pendingDash: (scalar: UInt32, offset: Int32)?
    /// `Fold.simplified`, held here so the hot path does not go through the global's lazy initialiser each time.
    private let simplified = Fold.simplified
    private let bmp = Fold.table.bmp
    private let dashLike = Fold.dashLike

    public init() {}

    public static func == (lhs: FoldedText, rhs: FoldedText) -> Bool {
        lhs.scalars == rhs.scalars && lhs.offsets == rhs.offsets
    }

    @inline(__always)
    mutating func append(_ scalar: UInt32, at offset: Int) {
        // The common cases first: ASCII, and CJK ideographs, which fold to themselves or their simplified form.
        if scalar < 0x80 {
            guard scalar >= 0x30 && scalar <= 0x39 || scalar >= 0x61 && scalar <= 0x7A || scalar >= 0x41 && scalar <= 0x5A else { return }
            push(scalar >= 0x41 && scalar <= 0x5A ? scalar + 0x20 : scalar, Int32(truncatingIfNeeded: offset))
            return
        }
        if scalar >= 0x3400 && scalar <= 0x9FFF {
            push(simplified[Int(scalar - 0x3400)], Int32(truncatingIfNeeded: offset))
            return
        }
        let at = Int32(truncatingIfNeeded: offset)
        // Hangul syllables are kept whole on both sides.
        if scalar >= 0xAC00 && scalar <= 0xD7A3 { push(scalar, at); return }
        if scalar < 0x10000 {
            let entry = bmp[Int(scalar)]
            if entry == Fold.Table.drop { return }
            if entry == Fold.Table.several {
                for part in Fold.table.several[scalar] ?? [] { push(part, at) }
            } else {
                push(entry, at)
            }
            return
        }
        for part in Fold.foldSlowly(scalar) { push(part, at) }
    }

    /// An ASCII letter or digit, already lower-cased.
    @inline(__always)
    mutating func appendFolded(_ scalar: UInt32, at offset: Int) {
        if pendingDash == nil {
            scalars.append(scalar)
            offsets.append(Int32(truncatingIfNeeded: offset))
        } else {
            push(scalar, Int32(truncatingIfNeeded: offset))
        }
    }

    @inline(__always)
    private mutating func push(_ scalar: UInt32, _ offset: Int32) {
        if let dash = pendingDash {
            pendingDash = nil
            if !Fold.isDigit(scalar) {  // not between two digits: an ordinary letter after all
                scalars.append(dash.scalar)
                offsets.append(dash.offset)
            }
        } else if scalar < 0x10000, dashLike[Int(scalar)], let last = scalars.last, Fold.isDigit(last) {
            pendingDash = (scalar, offset)
            return
        }
        scalars.append(scalar)
        offsets.append(offset)
    }

    /// Ends the text: a `一` held after a digit is a letter after all.
    mutating func finish() {
        guard let dash = pendingDash else { return }
        pendingDash = nil
        scalars.append(dash.scalar)
        offsets.append(dash.offset)
    }

    @inline(__always)
    mutating func appendBoundary(at offset: Int) {
        finish()
        if let last = scalars.last, last == Self.boundary { return }
        if scalars.isEmpty { return }
        scalars.append(Self.boundary)
        offsets.append(Int32(truncatingIfNeeded: offset))
    }

    mutating func append(_ other: FoldedText) {
        finish()
        guard !other.scalars.isEmpty else { return }
        appendBoundary(at: Int(other.offsets[0]))
        scalars += other.scalars
        offsets += other.offsets
    }
}
