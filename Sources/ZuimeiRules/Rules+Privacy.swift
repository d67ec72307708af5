import ZuimeiContent
import Foundation
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiParallel
import ZuimeiPrivacy

/// One private value that the guard looks for.
public struct GuardedValue: Sendable, Equatable {
    /// `private.phone`.
    public var key: String
    /// Where the value is written, in its story's front matter.
    public var location: SourceLocation
    /// The story the value belongs to (`Content/stories/2021/x.md`).
    public var owner: String
    public var folded: [UInt32]
    /// Where the value was found, when not under a loaded story's `private:`.
    public var origin: LoosePrivateValue.Origin? = nil
}

/// Every story's private values, folded for matching, and what could not be
/// guarded: values too short to recognise, and values that are public by
/// nature (the name of a prefecture, the story's own public field). Those
/// are reported once, at their key, unless listed under `private.known_public`.
public struct PrivateValues: Sendable {
    public var guarded: [GuardedValue]
    public var diagnostics: [Diagnostic]
    /// Finds the guarded values; a match's id is its index in `guarded`.
    public var matcher: Matcher

    public init(_ content: Content) {
        var guarded: [GuardedValue] = []
        var diagnostics: [Diagnostic] = []
        var terms: [[UInt32]: String] = [:]
        for (kind, list) in [("a programme", content.site.programs), ("a field", content.site.fields),
                             ("a prefecture", content.site.prefectures)] {
            for term in list { terms[Fold.fold(term.name)] = kind }
        }
        var guardedByFile: [String: Set<[UInt32]>] = [:]  // each value once a file
        for story in content.stories {
            // Rejected and withdrawn stories are out of the process: their values are guarded, silently.
            // A value that cannot be guarded is an error once the story is nominated: it would be
            // published as it is. In a draft, which nobody publishes, it is a warning.
            let severity = severity(for: story)
            let reports = severity != nil
            // Facts the story publishes (not its prose: a summary that repeats a referee's opinion is a leak).
            let fields = story.publicFields.filter { factKeys.contains($0.key.prefix { $0 != "[" }) }
                .map { (key: $0.key, folded: Fold.fold($0.value)) }
            var seen = Set<[UInt32]>()
            for entry in story.privateValues where !story.isKnownPublic(entry.key) {
                let folded = Fold.fold(entry.value)
                guard !folded.isEmpty else { continue }  // punctuation only, or empty: nothing to show
                let location = story.location(of: entry.key)
                if !Guardable.isGuardable(folded) {
                    if reports {
                        diagnostics.append(Diagnostic(location, severity: severity ?? .warning, .privateValueTooShort(
                            key: entry.key, length: folded.count, minimum: Guardable.minimum(for: folded))))
                    }
                    continue
                }
                if let kind = terms[folded] {
                    if reports {
                        diagnostics.append(Diagnostic(location, severity: severity ?? .warning, .privateValuePublic(
                            key: entry.key, reason: "it is the name of \(kind) in site.yml, shown on the site")))
                    }
                    continue
                }
                if let field = fields.first(where: { $0.folded == folded }) {
                    if reports {
                        diagnostics.append(Diagnostic(location, severity: severity ?? .warning, .privateValuePublic(
                            key: entry.key, reason: "it is the story's public field '\(field.key)'")))
                    }
                    // Public only once the story is: a draft's, a rejected or a withdrawn story's fields are
                    // nowhere on the site, so the value stays guarded (another page that shows it is a leak).
                    if severity == .error { continue }
                }
                for form in [folded] + nationalForms(folded) where seen.insert(form).inserted {
                    guarded.append(GuardedValue(key: entry.key, location: location, owner: story.source.display, folded: form))
                }
            }
            guardedByFile[story.source.display] = seen
        }
        // A story that did not load, and a story's translation: their values guarded too (and so
        // masked in every diagnostic), but for a term's name, which every page shows.
        for entry in content.loosePrivateValues {
            let folded = Fold.fold(entry.value)
            guard Guardable.isGuardable(folded), terms[folded] == nil else { continue }
            for form in [folded] + nationalForms(folded) where guardedByFile[entry.location.file, default: []].insert(form).inserted {
                guarded.append(GuardedValue(key: entry.key, location: entry.location, owner: entry.location.file, folded: form,
                                            origin: entry.origin))
            }
        }
        self.guarded = guarded
        self.diagnostics = diagnostics
        matcher = Matcher(guarded.enumerated().map { Needle(folded: $1.folded, id: $0) })
    }
}

extension PrivateValues {
    /// The site's secret signing key, guarded as a private value: a copy of it in `Content/` (its
    /// text pasted into a page, the file copied into `static/`) is never published.
    public mutating func guardSecretKey(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) where line.count >= 40 && !line.contains(" ") {
            let folded = Fold.fold(String(line))
            guard Guardable.isGuardable(folded) else { continue }
            guarded.append(GuardedValue(key: "the signing key", location: SourceLocation(file: "--signing-key", line: 0, column: 0),
                                        owner: "--signing-key", folded: folded))
        }
        matcher = Matcher(guarded.enumerated().map { Needle(folded: $1.folded, id: $0) })
    }
}

/// The public fields that state a fact of the candidate's, which a private
/// value may repeat without being a secret.
let factKeys: Set<Substring> = ["name", "gender", "ethnicity", "university", "prefecture", "workplace", "programs", "fields"]

/// A phone number written with China's country code (`+86 139…`, `0086…`)
/// is also looked for without it.
func nationalForms(_ folded: [UInt32]) -> [[UInt32]] {
    guard folded.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return [] }
    let digits = String(String.UnicodeScalarView(folded.compactMap(Unicode.Scalar.init)))
    for prefix in ["0086", "86"] where digits.hasPrefix(prefix) && digits.count == prefix.count + 11 {
        return [Array(folded.dropFirst(prefix.count))]
    }
    return []
}

/// A text of the content that is published: a body or a front-matter field.
struct PublishedText: Sendable {
    var text: String
    var file: String
    /// Where the text starts: the body's first line, or a field's value.
    var location: SourceLocation
    /// A body: occurrences are located inside it, line by line.
    var isBody: Bool
    var severity: Diagnostic.Severity
}

/// Rule `private-data`, at the source: every story's body and public
/// fields, and every page's and study material's, are searched for every
/// story's private values, as a reader would see them (see `VisibleText`).
/// An occurrence is reported where it is, with the key it matches and never
/// the value, so the fix is at hand before anything is rendered.
public func checkPrivateData(_ content: Content, _ values: PrivateValues, jobs: Int = 1,
                             memo: PrivacyMemo? = nil) -> [Diagnostic] {
    var texts: [PublishedText] = []
    /// A document's body, then its public fields, each located at its key.
    func add(_ source: SourceFile, body: String, fields: [(key: String, value: String)],
             locations: [String: SourceLocation], severity: Diagnostic.Severity) {
        texts.append(PublishedText(text: body, file: source.display,
                                   location: SourceLocation(file: source.display, line: source.bodyLine, column: 1),
                                   isBody: true, severity: severity))
        for (key, value) in fields where !value.isEmpty {
            texts.append(PublishedText(text: value, file: source.display,
                                       location: locations[key] ?? SourceLocation(file: source.display, line: 1, column: 1),
                                       isBody: false, severity: severity))
        }
    }
    for story in content.stories {
        guard let severity = severity(for: story) else { continue }
        add(story.source, body: story.body, fields: story.publicFields, locations: story.locations, severity: severity)
    }
    for page in content.pages {
        let fields = [("title", page.title), ("summary", page.summary ?? ""), ("nav_title", page.navTitle ?? "")]
        add(page.source, body: page.body, fields: fields, locations: page.locations, severity: page.draft ? .warning : .error)
    }
    for material in content.study {
        let fields = [("title", material.title), ("summary", material.summary ?? "")]
            + material.questions.enumerated().map { ("questions[\($0)]", $1) }
        add(material.source, body: material.body, fields: fields, locations: material.locations,
            severity: material.draft ? .warning : .error)
    }
    // Translations: their text is published with their original.
    let severities = translationSeverities(content)
    for translation in content.translations {
        guard let severity = severities[translation.source.relative] else { continue }
        let fields = translation.fields.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
            + (translation.questions ?? []).enumerated().map { (key: "questions[\($0)]", value: $1) }
        add(translation.source, body: translation.body ?? "", fields: fields, locations: translation.locations, severity: severity)
    }
    // What site.yml and the editions put on every page.
    let siteFile = content.site.locations["title"]?.file ?? "site.yml"
    // The site's title and description, and their translations and the terms' (site.yml's `languages` and names).
    var siteTexts = [("title", content.site.title), ("description", content.site.description)]
    for language in content.site.translations {
        siteTexts += [("languages", language.name), ("languages", language.title ?? ""), ("languages", language.description ?? "")]
    }
    for (key, terms) in [("prefectures", content.site.prefectures), ("programs", content.site.programs), ("fields", content.site.fields)] {
        siteTexts += terms.flatMap { term in term.names.sorted { $0.key < $1.key }.map { (key, $0.value) } }
    }
    for (key, value) in siteTexts where !value.isEmpty {
        texts.append(PublishedText(text: value, file: siteFile,
                                   location: content.site.locations[key] ?? SourceLocation(file: siteFile, line: 1, column: 1),
                                   isBody: false, severity: .error))
    }
    for edition in content.editions.values.sorted(by: { $0.year < $1.year }) {
        for (key, value) in [("title", edition.title), ("announcement.feedback", edition.announcement.feedback ?? "")] where !value.isEmpty {
            texts.append(PublishedText(text: value, file: edition.source.display, location: edition.location(of: key),
                                       isBody: false, severity: .error))
        }
    }
    let matcher = values.matcher
    memo?.startBuild(values)
    let found = parallelMap(texts, jobs: jobs) { text -> [Diagnostic] in
        let diagnostics = bidiControls(in: text) + controlCharacters(in: text)
        guard !matcher.isEmpty else { return diagnostics }
        // Each value once per place; a text that repeats one a thousand times gets a bounded report.
        var seen = Set<Int>()
        let matches = (memo?.matches(in: text.text, matcher: matcher) ?? matcher.matches(in: text.text)).filter { text.isBody || seen.insert($0.id).inserted }
            .prefix(maximumReportsPerText)
        let positions = text.isBody ? text.text.lineAndColumn(ofUTF8Offsets: matches.map(\.offset)) : []
        return diagnostics + matches.enumerated().map { index, match in
            let value = values.guarded[match.id]
            var location = text.location
            if text.isBody {
                location = SourceLocation(file: text.file, line: text.location.line + positions[index].line - 1,
                                          column: positions[index].column)
            }
            switch value.origin {
            case .guessed:
                return Diagnostic(location, severity: text.severity, .guessedPrivateDataInContent(key: value.key, owner: value.owner))
            case .unknownKey:
                return Diagnostic(location, severity: text.severity,
                                  .unknownKeyValueInContent(key: value.key, owner: value.owner == text.file ? nil : value.owner))
            case .privateBlock, nil:
                break
            }
            return Diagnostic(location, severity: text.severity,
                              .privateDataInContent(key: value.key, owner: value.owner == text.file ? nil : value.owner))
        }
    }
    return found.flatMap { $0 }
}

/// Rule `bidi-control`: the embedding, override and isolate controls make
/// a reader see text in another order than it is written (`\u{202E}30004321931`
/// shows a phone number that is nowhere in the file), so no published text
/// may hold them. The marks (U+200E, U+200F), which only settle where
/// punctuation goes, are fine.
func bidiControls(in text: PublishedText) -> [Diagnostic] {
    // U+202A–U+202E are E2 80 AA–AE in UTF-8, U+2066–U+2069 E2 81 A6–A9: found by bytes.
    guard let offset = firstUTF8Offset(in: text.text, where: { bytes, at in
        bytes[at] == 0xE2 && at + 2 < bytes.count
            && ((bytes[at + 1] == 0x80 && (0xAA...0xAE).contains(bytes[at + 2])) || (bytes[at + 1] == 0x81 && (0xA6...0xA9).contains(bytes[at + 2])))
    }) else { return [] }
    var location = text.location
    if text.isBody {
        let position = text.text.lineAndColumn(ofUTF8Offset: offset)
        location = SourceLocation(file: text.file, line: text.location.line + position.line - 1, column: position.column)
    }
    return [Diagnostic(location, severity: text.severity, .bidiControl)]
}

/// Rule `control-character`: C0 controls other than tab and line feed (a carriage return is
/// already gone), DEL, and the noncharacters U+FFFE and U+FFFF are invisible or break
/// pages, feeds and the XML of the sitemap: no published text may hold them.
func controlCharacters(in text: PublishedText) -> [Diagnostic] {
    // By bytes: in UTF-8 a byte below 0x80 is always that character, and U+FFFE and U+FFFF are EF BF BE and EF BF BF.
    guard let offset = firstUTF8Offset(in: text.text, where: { bytes, at in
        let byte = bytes[at]
        if byte < 0x20 { return byte != 0x09 && byte != 0x0A }
        return byte == 0x7F || (byte == 0xEF && at + 2 < bytes.count && bytes[at + 1] == 0xBF && bytes[at + 2] >= 0xBE)
    }) else { return [] }
    let value = text.text.unicodeScalars[text.text.utf8.index(text.text.startIndex, offsetBy: offset)].value
    var location = text.location
    if text.isBody {
        let position = text.text.lineAndColumn(ofUTF8Offset: offset)
        location = SourceLocation(file: text.file, line: text.location.line + position.line - 1, column: position.column)
    }
    return [Diagnostic(location, severity: text.severity, .controlCharacter(code: String(format: "U+%04X", value)))]
}

/// Rule `unscannable-file`: a compressed file or an office document in
/// `static/` cannot be searched for private data (a `推荐表.docx` is exactly
/// the nomination form), so it is not published; it is known by its name and by
/// its first bytes (an `.ofd`, an `.epub`, a `form.docx.bak`, an `.svgz` are
/// archives whatever they are called). Rule `bidi-control` too: a text file in
/// `static/` that reorders what it shows (`unicode-bidi: bidi-override`, an SVG's
/// `unicode-bidi="bidi-override"`) shows its characters in another order than the
/// one searched.
func unscannableStaticFiles(_ content: Content) -> [Diagnostic] {
    content.staticFiles.compactMap { file in
        let last = file.outputPath.split(separator: "/").last ?? ""
        let name = last.contains(".") ? String(last.split(separator: ".").last ?? "").lowercased() : ""
        if unscannableExtensions.contains(name) || isArchive(fileHeader(file.sourcePath, count: 512)) {
            return Diagnostic(file: file.source.display, problem: .unscannableFile(path: file.outputPath))
        }
        if reorderingExtensions.contains(name), let data = FileManager.default.contents(atPath: file.sourcePath),
           data.count <= 64 << 20, String(decoding: data, as: UTF8.self).lowercased().contains("bidi-override") {
            return Diagnostic(file: file.source.display, problem: .reorderedText(path: file.outputPath))
        }
        return nil
    }
}

/// Text files whose markup can reorder what they show.
let reorderingExtensions: Set<String> = ["svg", "html", "htm", "xhtml", "xml", "css", "js", "mjs"]

/// The bytes an archive, a compressed file or an office document starts with: ZIP (and so
/// OOXML, ODF, OFD, EPUB, JAR), gzip, bzip2, xz, 7-Zip, Zstandard, RAR, LZ4, lzip, cabinet,
/// OLE2 (.doc, .xls, .wps), tar.
func isArchive(_ bytes: [UInt8]) -> Bool {
    let magics: [[UInt8]] = [
        [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x50, 0x4B, 0x07, 0x08], [0x1F, 0x8B], [0x42, 0x5A, 0x68],
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], [0x28, 0xB5, 0x2F, 0xFD],
        [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07], [0x04, 0x22, 0x4D, 0x18], [0x4C, 0x5A, 0x49, 0x50], [0x4D, 0x53, 0x43, 0x46],
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], [0x1F, 0x9D], [0x5D, 0x00, 0x00],
    ]
    if magics.contains(where: { bytes.starts(with: $0) }) { return true }
    return bytes.count >= 262 && Array(bytes[257..<262]) == Array("ustar".utf8)
}

let unscannableExtensions: Set<String> = [
    "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "odt", "ods", "odp", "wps", "et", "dps", "rtf",
    "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "zst",
]

/// At most this many private-data diagnostics for one text.
let maximumReportsPerText = 20

/// Where each text was found to hold private values, by an earlier build in
/// the same process (`zuimei serve`): kept by the text's bytes, for exactly
/// the values looked for then; any change to any value and all is searched again.
///
/// With a record of texts found clean by earlier builds (`clean`, the command line's, kept in
/// the cache for exactly the same values), a text found there is not searched again.
public final class PrivacyMemo: Sendable {
    private struct State {
        var values: [[UInt32]] = []
        var found: [TextKey: [Match]] = [:]
        var previous: [TextKey: [Match]] = [:]
    }

    private let state = Locked(State())
    private let clean: (any CleanTextRecord)?

    public init(clean: (any CleanTextRecord)? = nil) { self.clean = clean }

    /// Texts of at least this many bytes are looked up in `clean`.
    static let recordedLength = 256

    func startBuild(_ privateValues: PrivateValues) {
        let now = privateValues.guarded.map(\.folded)
        state.withLock { state in
            if now == state.values {
                state.previous = state.found
            } else {
                state.previous = [:]
                state.values = now
            }
            state.found = [:]
        }
    }

    func matches(in text: String, matcher: Matcher) -> [Match] {
        let key = TextKey(text)
        let known = state.withLock { state -> [Match]? in
            guard let known = state.found[key] ?? state.previous[key] else { return nil }
            state.found[key] = known
            return known
        }
        if let known { return known }
        // A short text is searched faster than it is looked up: only longer ones are recorded.
        let recorded = clean != nil && text.utf8.count >= Self.recordedLength
        if recorded, clean!.isCleanText(text) { return [] }
        let matches = matcher.matches(in: text)
        if recorded, matches.isEmpty { clean?.markCleanText(text) }
        state.withLock { $0.found[key] = matches }
        return matches
    }
}

/// Texts found to hold none of the private values looked for, kept from build to build (for
/// the same values only) by whoever can keep them: the command line's cache.
public protocol CleanTextRecord: Sendable {
    func isCleanText(_ text: String) -> Bool
    func markCleanText(_ text: String)
}

/// The UTF-8 offset of the first byte of `text` where `matches` holds (it sees all the bytes
/// and the offset), read through the string's own buffer: a scan of every scalar through
/// String's indices was a tenth of a rebuild in `zuimei serve`.
func firstUTF8Offset(in text: String, where matches: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Int? {
    var text = text
    return text.withUTF8 { bytes in
        for offset in 0..<bytes.count where matches(bytes, offset) { return offset }
        return nil
    }
}
