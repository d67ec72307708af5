/// How a file's bytes are read for private values.
public enum ScanKind: Sendable, Equatable {
    /// HTML, XML, Markdown, plain text: markup, character references and
    /// percent-encoding decoded.
    case text
    /// JSON and JavaScript: also string escapes (`\u4f0a`, `\x41`, `\101`).
    case script
    /// CSS: also its escapes (`\31 `).
    case style
    /// WebVTT captions: as text, and a `<` before a digit starts a tag too (a cue's timestamp
    /// tag, `13912<00:00.500>340003`, which a viewer never sees).
    case captions
    /// Anything else (images, PDF, video): the bytes read as UTF-8 and as
    /// UTF-16 in both byte orders; control characters and invalid sequences
    /// end a run of text.
    case binary
}

/// What a reader can see or follow in a text, folded (see `Fold`).
///
/// The bytes are decoded the way the browser, a feed reader or a script
/// would decode them, in one pass:
/// - markup: a tag (`<` followed by a letter, `/`, `!` or `?`, up to `>`) is
///   not text, so `<strong>139</strong>12340003` and `1391234<b></b>0003`
///   read `13912340003`; the inside of every tag (attribute values: `href`,
///   `alt`, `content`) is read too, as a run of its own;
/// - character references: `&#49;`, `&#x31;` and named ones (`&amp;`,
///   `&nbsp;`, `&sup2` without its semicolon as browsers read it);
/// - percent-encoding: `%E4%BC%8A` is `伊`, as a link's address shows it
///   (a `%XX` that would decode to a control character is left as written:
///   a reader sees `%139…`);
/// - in JSON and JavaScript only, string escapes: `\u4f0a`, surrogate pairs,
///   `\x41`, `\101`; in CSS, `\31 `;
/// - an image's `alt` text stands in the text where the image stands, as a
///   reader (or a screen reader) meets it beside its neighbours; an ordered
///   list's numbers (`<ol start="659999198">`) stand before its items as a
///   browser shows them; and the text
///   around images is read once more without their alt texts, as a sighted
///   reader sees it (a transparent picture between `139` and `12340003`).
public enum VisibleText {
    /// The visible text and, after a boundary, the inside of the tags.
    public static func fold(_ bytes: UnsafeBufferPointer<UInt8>, kind: ScanKind = .text) -> FoldedText {
        var reader = Reader(kind: kind)
        reader.text.scalars.reserveCapacity(bytes.count / 3)
        reader.text.offsets.reserveCapacity(bytes.count / 3)
        reader.read(bytes)
        reader.text.finish()
        reader.tags.finish()
        var result = reader.text
        if !reader.altRanges.isEmpty { result.append(withoutAltTexts(reader.text, reader.altRanges)) }
        result.append(reader.tags)
        return result
    }

    /// The text around each image (as far as a value reaches on each side) without any alt
    /// text in it: what a sighted reader sees where pictures stand between characters.
    static func withoutAltTexts(_ text: FoldedText, _ alts: [Range<Int>]) -> FoldedText {
        let reach = Matcher.maximumLength
        var windows: [Range<Int>] = []
        for alt in alts {
            let window = max(0, alt.lowerBound - reach)..<min(text.scalars.count, alt.upperBound + reach)
            if let last = windows.last, last.upperBound >= window.lowerBound {
                windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, window.upperBound)
            } else {
                windows.append(window)
            }
        }
        var result = FoldedText()
        var next = 0  // the first alt range not yet passed
        for window in windows {
            if !result.scalars.isEmpty { result.scalars.append(FoldedText.boundary); result.offsets.append(text.offsets[window.lowerBound]) }
            var index = window.lowerBound
            while index < window.upperBound {
                while next < alts.count, alts[next].upperBound <= index { next += 1 }
                if next < alts.count, alts[next].contains(index) {
                    index = alts[next].upperBound
                    continue
                }
                result.scalars.append(text.scalars[index])
                result.offsets.append(text.offsets[index])
                index += 1
            }
        }
        return result
    }

    /// The bytes read as UTF-16 (for binary files): runs of printable text only.
    public static func foldUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> FoldedText {
        var out = FoldedText()
        var index = 0
        var high: UInt32?
        var highOffset = 0
        while index + 1 < bytes.count {
            let unit = bigEndian ? UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
                : UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
            defer { index += 2 }
            if let pending = high {
                high = nil
                if unit >= 0xDC00 && unit <= 0xDFFF {
                    out.append(0x10000 + ((pending - 0xD800) << 10) + (unit - 0xDC00), at: highOffset)
                    continue
                }
                out.appendBoundary(at: highOffset)
            }
            if unit == 0xFEFF && index == 0 { continue }  // a byte-order mark
            if unit >= 0xD800 && unit <= 0xDBFF {
                high = unit
                highOffset = index
            } else if unit >= 0xDC00 && unit <= 0xDFFF || isControl(unit) {
                out.appendBoundary(at: index)
            } else {
                out.append(unit, at: index)
            }
        }
        out.finish()
        return out
    }

    @inline(__always)
    static func isControl(_ scalar: UInt32) -> Bool {
        scalar < 0x20 && scalar != 0x09 && scalar != 0x0A && scalar != 0x0D || scalar >= 0x7F && scalar < 0xA0
            || scalar == 0xFFFE || scalar == 0xFFFF
    }

    /// The single-pass decoder.
    struct Reader {
        let kind: ScanKind
        let binary: Bool
        var text = FoldedText()
        var tags = FoldedText()
        var inTag = false
        /// Where alt texts were read into `text` (indices of its scalars).
        var altRanges: [Range<Int>] = []
        /// The lists open at this point, innermost last: an ordered one's next number and step, nil for another.
        var lists: [(next: Int, step: Int)?] = []
        // A UTF-8 sequence being decoded.
        var pending: UInt32 = 0
        var needed = 0
        var pendingOffset = 0
        /// Where the tag being read starts (its `<`).
        var tagStart = 0
        let special = Reader.special
        let alphanumeric = Reader.alphanumeric

        init(kind: ScanKind) {
            self.kind = kind
            binary = kind == .binary
        }

        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                // Most bytes of a page are ASCII markup and text: handled here without a call.
                if byte < 0x80, needed == 0, !binary, !special[Int(byte)] {
                    if alphanumeric[Int(byte)] {
                        let folded = UInt32(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                        if inTag { tags.appendFolded(folded, at: index) } else { text.appendFolded(folded, at: index) }
                    }
                    index += 1
                    continue
                }
                switch byte {
                case 0x3C where !inTag && index + 1 < count && startsTag(bytes[index + 1]):  // <
                    abandon(at: index)
                    inTag = true
                    tagStart = index
                    tags.appendBoundary(at: index)
                    index += 1
                    continue
                case 0x3E where inTag:  // >
                    abandon(at: index)
                    inTag = false
                    listMarker(bytes, from: tagStart, to: index)
                    if let alt = Self.altText(bytes, from: tagStart, to: index) {
                        // The image's alternative text, read into the text where the image stands.
                        var inner = Reader(kind: .text)
                        inner.inTag = false
                        inner.read(UnsafeBufferPointer(rebasing: bytes[alt]))
                        inner.text.finish()
                        let start = text.scalars.count
                        for (scalar, offset) in zip(inner.text.scalars, inner.text.offsets) where scalar != FoldedText.boundary {
                            text.append(scalar, at: alt.lowerBound + Int(offset))
                        }
                        if text.scalars.count > start { altRanges.append(start..<text.scalars.count) }
                    }
                    index += 1
                    continue
                case 0x26:  // &
                    if let (scalar, length) = Self.characterReference(bytes, at: index) {
                        abandon(at: index)
                        if let scalar { emit(scalar, at: index) }
                        index += length
                        continue
                    }
                case 0x25:  // %
                    if index + 2 < count, let high = Self.hex(bytes[index + 1]), let low = Self.hex(bytes[index + 2]),
                       high << 4 | low >= 0x20, high << 4 | low != 0x7F {
                        feed(UInt8(high << 4 | low), at: index)
                        index += 3
                        continue
                    }
                case 0x5C where kind == .script || kind == .style:  // backslash
                    if let (scalar, length) = kind == .style ? Self.cssEscape(bytes, at: index) : Self.escape(bytes, at: index) {
                        abandon(at: index)
                        if let scalar { emit(scalar, at: index) }
                        index += length
                        continue
                    }
                default:
                    break
                }
                feed(byte, at: index)
                index += 1
            }
            abandon(at: count)
        }

        /// `<`, `>`, `&`, `%` and the backslash: bytes that may start markup, a reference or an escape.
        static let special: [Bool] = (0..<128).map { [0x3C, 0x3E, 0x26, 0x25, 0x5C].contains($0) }
        static let alphanumeric: [Bool] = (0..<128).map { $0 >= 0x30 && $0 <= 0x39 || $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x61 && $0 <= 0x7A }

        @inline(__always)
        func startsTag(_ byte: UInt8) -> Bool {
            byte >= 0x41 && byte <= 0x5A || byte >= 0x61 && byte <= 0x7A || byte == 0x2F || byte == 0x21 || byte == 0x3F
                || kind == .captions && byte >= 0x30 && byte <= 0x39
        }

        /// One byte of UTF-8.
        @inline(__always)
        mutating func feed(_ byte: UInt8, at offset: Int) {
            if byte < 0x80 {
                if needed > 0 { abandon(at: offset) }
                emit(UInt32(byte), at: offset)
            } else if byte < 0xC0 {
                guard needed > 0 else {
                    invalid(at: offset)
                    return
                }
                pending = pending << 6 | UInt32(byte & 0x3F)
                needed -= 1
                if needed == 0 { emit(pending, at: pendingOffset) }
            } else {
                if needed > 0 { abandon(at: offset) }
                switch byte {
                case 0xC2...0xDF: pending = UInt32(byte & 0x1F); needed = 1
                case 0xE0...0xEF: pending = UInt32(byte & 0x0F); needed = 2
                case 0xF0...0xF4: pending = UInt32(byte & 0x07); needed = 3
                default:
                    invalid(at: offset)
                    return
                }
                pendingOffset = offset
            }
        }

        /// An unfinished UTF-8 sequence is dropped.
        @inline(__always)
        mutating func abandon(at offset: Int) {
            guard needed > 0 else { return }
            needed = 0
            invalid(at: offset)
        }

        @inline(__always)
        mutating func invalid(at offset: Int) {
            if binary { boundary(at: offset) }
        }

        @inline(__always)
        mutating func boundary(at offset: Int) {
            if inTag { tags.appendBoundary(at: offset) } else { text.appendBoundary(at: offset) }
        }

        @inline(__always)
        mutating func emit(_ scalar: UInt32, at offset: Int) {
            if binary, VisibleText.isControl(scalar) || scalar > 0x10FFFF || scalar >= 0xD800 && scalar <= 0xDFFF {
                boundary(at: offset)
                return
            }
            if inTag { tags.append(scalar, at: offset) } else { text.append(scalar, at: offset) }
        }

        @inline(__always)
        static func hex(_ byte: UInt8) -> UInt32? {
            switch byte {
            case 0x30...0x39: UInt32(byte - 0x30)
            case 0x41...0x46: UInt32(byte - 0x41 + 10)
            case 0x61...0x66: UInt32(byte - 0x61 + 10)
            default: nil
            }
        }

        /// `&#49;`, `&#x31;`, `&amp;`: the scalar (nil for one that reads as
        /// nothing but a separator) and the reference's length in bytes.
        static func characterReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32?, Int)? {
            var index = start + 1
            guard index < bytes.count else { return nil }
            if bytes[index] == 0x23 {  // #
                index += 1
                let isHex = index < bytes.count && (bytes[index] == 0x78 || bytes[index] == 0x58)
                if isHex { index += 1 }
                var value: UInt32 = 0
                var digits = 0
                while index < bytes.count {
                    let digit: UInt32?
                    if isHex { digit = hex(bytes[index]) } else {
                        digit = bytes[index] >= 0x30 && bytes[index] <= 0x39 ? UInt32(bytes[index] - 0x30) : nil
                    }
                    guard let digit else { break }
                    value = min(0x11_0000, value * (isHex ? 16 : 10) + digit)
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                if index < bytes.count, bytes[index] == 0x3B { index += 1 }
                return (value <= 0x10FFFF ? value : nil, index - start)
            }
            // Named: letters and digits, then ';'.
            var name: [UInt8] = []
            while index < bytes.count, name.count <= 32 {
                let byte = bytes[index]
                guard byte >= 0x41 && byte <= 0x5A || byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 else { break }
                name.append(byte)
                index += 1
            }
            guard !name.isEmpty else { return nil }
            if index < bytes.count, bytes[index] == 0x3B {
                // An unknown name reads as a separator: it hides nothing.
                return (namedReferences[String(decoding: name, as: UTF8.self)], index + 1 - start)
            }
            // Without its semicolon, browsers still read the legacy names (`&sup2340003` is `²340003`).
            for length in stride(from: name.count, through: 2, by: -1) {
                if let scalar = namedReferences[String(decoding: name[0..<length], as: UTF8.self)] {
                    return (scalar, 1 + length)
                }
            }
            return nil
        }

        /// The named references that stand for a letter or digit; every other
        /// one is punctuation, a space or a symbol, which folding drops anyway.
        static let namedReferences: [String: UInt32] = [
            "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0,
            "Agrave": 0xC0, "Aacute": 0xC1, "Auml": 0xC4, "Ccedil": 0xC7, "Eacute": 0xC9, "Iacute": 0xCD,
            "Ntilde": 0xD1, "Ouml": 0xD6, "Uuml": 0xDC, "szlig": 0xDF, "agrave": 0xE0, "aacute": 0xE1,
            "auml": 0xE4, "ccedil": 0xE7, "egrave": 0xE8, "eacute": 0xE9, "iacute": 0xED, "ntilde": 0xF1,
            "ouml": 0xF6, "uuml": 0xFC, "sup1": 0xB9, "sup2": 0xB2, "sup3": 0xB3, "frac12": 0xBD,
        ]

        /// `\u4f0a`, `\u{4f0a}`, `\x41`, a surrogate pair, or `\n` and the like
        /// (nil scalar: a separator). Nil for a backslash that escapes nothing.
        static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32?, Int)? {
            guard start + 1 < bytes.count else { return nil }
            func hexRun(_ from: Int, _ count: Int) -> UInt32? {
                guard from + count <= bytes.count else { return nil }
                var value: UInt32 = 0
                for index in from..<(from + count) {
                    guard let digit = hex(bytes[index]) else { return nil }
                    value = value << 4 | digit
                }
                return value
            }
            switch bytes[start + 1] {
            case 0x75:  // u
                if start + 2 < bytes.count, bytes[start + 2] == 0x7B {  // \u{…}
                    var index = start + 3
                    var value: UInt32 = 0
                    while index < bytes.count, index - start < 10, let digit = hex(bytes[index]) {
                        value = value << 4 | digit
                        index += 1
                    }
                    guard index < bytes.count, bytes[index] == 0x7D, index > start + 3 else { return nil }
                    return (value <= 0x10FFFF ? value : nil, index + 1 - start)
                }
                guard let unit = hexRun(start + 2, 4) else { return nil }
                if unit >= 0xD800 && unit <= 0xDBFF, start + 11 < bytes.count, bytes[start + 6] == 0x5C,
                   bytes[start + 7] == 0x75, let low = hexRun(start + 8, 4), low >= 0xDC00 && low <= 0xDFFF {
                    return (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), 12)
                }
                if unit >= 0xD800 && unit <= 0xDFFF { return (nil, 6) }
                return (unit, 6)
            case 0x78:  // x
                guard let value = hexRun(start + 2, 2) else { return nil }
                return (value, 4)
            case 0x30...0x37:  // \101: an octal escape, one to three digits
                var value: UInt32 = 0
                var index = start + 1
                while index < bytes.count, index < start + 4, bytes[index] >= 0x30, bytes[index] <= 0x37, value * 8 + UInt32(bytes[index] - 0x30) <= 0xFF {
                    value = value * 8 + UInt32(bytes[index] - 0x30)
                    index += 1
                }
                return (value, index - start)
            case 0x6E, 0x72, 0x74, 0x62, 0x66, 0x76:  // n r t b f v
                return (nil, 2)
            default:
                return nil
            }
        }

        /// CSS: a backslash, one to six hex digits and an optional white space.
        static func cssEscape(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32?, Int)? {
            var index = start + 1
            var value: UInt32 = 0
            while index < bytes.count, index - start <= 6, let digit = hex(bytes[index]) {
                value = value << 4 | digit
                index += 1
            }
            guard index > start + 1 else { return nil }
            if index < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[index]) { index += 1 }
            return (value <= 0x10FFFF ? value : nil, index - start)
        }

        /// The bytes of an `<img>` tag's `alt` attribute, if the tag is one.
        /// An ordered list's number where a browser shows it: `<ol start=…>` (and `reversed`)
        /// opens a list, `<li>` (its `value=…`) shows the next number before the item's text.
        mutating func listMarker(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
            func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x2F || byte == 0x3E }
            guard end - start >= 3 else { return }
            var at = start + 1
            let closing = bytes[at] == 0x2F
            if closing { at += 1 }
            guard at + 1 < end + 1 else { return }
            let first = lower(bytes[at]), second = at + 1 < bytes.count ? lower(bytes[at + 1]) : 0
            let third = at + 2 < bytes.count ? bytes[at + 2] : 0x3E
            guard isSpace(third) || at + 2 >= end else { return }
            switch (first, second) {
            case (0x6F, 0x6C), (0x75, 0x6C):  // ol, ul
                if closing {
                    if !lists.isEmpty { lists.removeLast() }
                } else if first == 0x75 {
                    lists.append(nil)
                } else {
                    let reversed = Self.attribute(bytes, named: "reversed", from: at, to: end) != nil
                    let number = Self.attribute(bytes, named: "start", from: at, to: end).flatMap(Self.integer) ?? 1
                    lists.append((number, reversed ? -1 : 1))
                }
            case (0x6C, 0x69) where !closing:  // li
                guard let list = lists.last, var current = list else { return }
                if let value = Self.attribute(bytes, named: "value", from: at, to: end).flatMap(Self.integer) { current.next = value }
                for digit in String(current.next).unicodeScalars { text.append(digit.value, at: start) }
                current.next += current.step
                lists[lists.count - 1] = current
            default:
                return
            }
        }

        /// An attribute's value in a tag's bytes (`start="3"`, `start=3`); "" for one without a value.
        static func attribute(_ bytes: UnsafeBufferPointer<UInt8>, named name: String, from start: Int, to end: Int) -> String? {
            let key = Array(name.utf8)
            var index = start
            while index + key.count < end {
                guard [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) else { index += 1; continue }
                var matched = true
                for (offset, byte) in key.enumerated() where (bytes[index + 1 + offset] | 0x20) != byte { matched = false; break }
                let after = index + 1 + key.count
                guard matched, after <= end, after == end || [0x20, 0x09, 0x0A, 0x0D, 0x3D, 0x2F, 0x3E].contains(bytes[after]) else {
                    index += 1
                    continue
                }
                var cursor = after
                while cursor < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor += 1 }
                guard cursor < end, bytes[cursor] == 0x3D else { return "" }
                cursor += 1
                while cursor < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor += 1 }
                guard cursor < end else { return "" }
                let quote = bytes[cursor]
                var close = cursor
                if quote == 0x22 || quote == 0x27 {
                    close = cursor + 1
                    while close < end, bytes[close] != quote { close += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[(cursor + 1)..<close]), as: UTF8.self)
                }
                while close < end, ![0x20, 0x09, 0x0A, 0x0D, 0x3E].contains(bytes[close]) { close += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[cursor..<close]), as: UTF8.self)
            }
            return nil
        }

        /// An HTML integer (`-3`, `659999198`), as browsers read list numbers; nil past 10 digits.
        static func integer(_ text: String) -> Int? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.count <= 11 else { return nil }
            return Int(trimmed)
        }

        static func altText(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Range<Int>? {
            func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
            guard end - start > 8, lower(bytes[start + 1]) == 0x69, lower(bytes[start + 2]) == 0x6D,
                  lower(bytes[start + 3]) == 0x67, [0x20, 0x09, 0x0A, 0x0D, 0x2F].contains(bytes[start + 4]) else { return nil }
            var index = start + 4
            while index + 3 < end {
                // ` alt` followed by `=`, at an attribute's start.
                if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]), lower(bytes[index + 1]) == 0x61,
                   lower(bytes[index + 2]) == 0x6C, lower(bytes[index + 3]) == 0x74 {
                    var cursor = index + 4
                    while cursor < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor += 1 }
                    guard cursor < end, bytes[cursor] == 0x3D else { index += 1; continue }
                    cursor += 1
                    while cursor < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor += 1 }
                    guard cursor < end else { return nil }
                    if bytes[cursor] == 0x22 || bytes[cursor] == 0x27 {
                        let quote = bytes[cursor]
                        var close = cursor + 1
                        while close < end, bytes[close] != quote { close += 1 }
                        return (cursor + 1)..<close
                    }
                    var close = cursor
                    while close < end, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[close]) { close += 1 }
                    return cursor..<close
                }
                index += 1
            }
            return nil
        }
    }
}
