import Foundation
import Yams
import ZuimeiDiagnostics

/// Parsers for each kind of content file: text in, typed value and
/// diagnostics out. `Parse` reads no files (the loader hands each parser its
/// text); `loadSiteConfig(at:)` at the end of this file, for `zuimei new`, does.
enum Parse {
    /// Lowercase ASCII letters and digits in hyphen-separated runs: `ili-wang-fang`.
    static func isSlug(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return !text.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    // MARK: site.yml

    static func checkKeys(_ mapping: Node.Mapping, known: [String], reader: inout FieldReader) {
        for (key, _) in mapping {
            guard let name = key.string, !known.contains(name) else { continue }
            reader.report(unknownKey(name, known: known), at: key)
        }
    }

    // MARK: editions/<year>.yml

    static func edition(_ yaml: String, year: Int, source: SourceFile) -> (Edition?, [Diagnostic]) {
        let (parsed, errors) = FieldReader.parse(yaml, file: source.display, lineOffset: 0, known: Edition.keys, what: "an edition")
        guard var reader = parsed else { return (nil, errors) }
        let title: String? = reader.required("title", expected: "text")
        let referenceDate: Day? = reader.required("reference_date", expected: "a date YYYY-MM-DD")
        let quota: Int = reader.optional("quota_per_prefecture", expected: "a whole number") ?? 3
        let winners: Int = reader.optional("winners", expected: "a whole number") ?? 3
        var stages: Stages?
        if let node = reader.node("stages") {
            if let mapping = node.mapping {
                checkKeys(mapping, known: Stages.keys, reader: &reader)
                for (_, range) in mapping {
                    if let rangeMapping = range.mapping { checkKeys(rangeMapping, known: ["from", "to"], reader: &reader) }
                }
            }
            stages = reader.decode(Stages.self, from: node, key: "stages",
                                   expected: "a mapping of the five stages, each {from: YYYY-MM-DD, to: YYYY-MM-DD}")
        } else {
            reader.report(.missingKey(key: "stages"), at: "stages")
        }
        // An edition is its year's: editions/2022.yml holding 2021's dates would be a second 2021.
        if let referenceDate, referenceDate.year != year {
            reader.report(.editionYear(key: "reference_date", date: referenceDate.description, year: year), at: "reference_date")
        }
        for (key, range) in stages?.all ?? [] where range.from.year != year {
            reader.report(.editionYear(key: "stages.\(key).from", date: range.from.description, year: year), at: "stages.\(key).from")
        }
        var length = LengthRange.standard
        if let node = reader.node("story_length") {
            if let mapping = node.mapping { checkKeys(mapping, known: ["min", "max"], reader: &reader) }
            if let value = reader.decode(LengthRange.self, from: node, key: "story_length", expected: "{min: 2000, max: 4000}") {
                if value.min < 0 || value.min > value.max {
                    reader.report(.wrongType(key: "story_length", expected: "{min: …, max: …} with 0 ≤ min ≤ max"), at: node)
                } else {
                    length = value
                }
            }
        }
        var announcement = Announcement()
        if let node = reader.node("announcement") {
            if let mapping = node.mapping { checkKeys(mapping, known: Announcement.keys, reader: &reader) }
            announcement = reader.decode(Announcement.self, from: node, key: "announcement",
                                         expected: "{from: YYYY-MM-DD, to: YYYY-MM-DD, feedback: …}") ?? announcement
        }
        let all = errors + reader.diagnostics
        guard let title, let referenceDate, let stages, !all.hasErrors else { return (nil, all) }
        return (Edition(year: year, title: title, referenceDate: referenceDate, quotaPerPrefecture: quota,
                        winners: winners, stages: stages, storyLength: length, announcement: announcement, source: source,
                        locations: reader.locations), all)
    }

    // MARK: Stories

    struct StoryPlace: Equatable {
        var year: Int
        var slug: String
        var folder: String?
        var files: [Attachment]
    }

    static func story(_ text: String, place: StoryPlace, source: SourceFile) -> (Story?, [Diagnostic]) {
        let (story, diagnostics) = strictStory(text, place: place, source: source)
        // Work in progress never stops anyone's publication: a draft's problems are warnings
        // (the story is simply not loaded when it cannot be); it is held to every rule the
        // moment it is nominated. A draft whose YAML does not parse says so in its text.
        let isDraft = story.map { $0.status == .draft } ?? says(text, key: "status", value: "draft")
        guard isDraft else { return (story, diagnostics) }
        return (story, demoted(diagnostics))
    }

    /// A draft's problems as warnings, but for those that stand between a private value and
    /// the web (a misspelt `private:`), which stay errors in a draft too.
    static func demoted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            switch diagnostic.problem {
            case .privateKeyMisspelt, .privateBlockInText, .privateBlockNested: return diagnostic
            default: break
            }
            var warning = diagnostic
            warning.severity = .warning
            return warning
        }
    }

    /// The file beside a story that a photo name not found most likely means: the same name in
    /// another case (`IMG_2031.PNG` for `img_2031.png`), the same stem with another extension,
    /// a close name, or the only image there.
    static func nearMiss(_ name: String, in files: [Attachment]) -> String? {
        let images = files.filter { $0.imageFormat != nil }.map(\.name).sorted()
        let lower = name.lowercased()
        if let same = files.map(\.name).sorted().first(where: { $0.lowercased() == lower }) { return same }
        let stem = (lower as NSString).deletingPathExtension
        if let sameStem = images.first(where: { ($0.lowercased() as NSString).deletingPathExtension == stem }) { return sameStem }
        if let close = closestMatch(to: name, in: images) { return close }
        return images.count == 1 ? images[0] : nil
    }

    /// The terms a story names (prefecture, programmes, fields), each where it is, read from its
    /// front matter alone: for a story that did not load, so they are checked in the same run.
    static func terms(ofStory text: String, display: String) -> [UnloadedStory.NamedTerm] {
        unloaded(text, display: display).terms
    }

    /// What a story that did not load still tells: its terms, each where it is, and its private
    /// values, read even when its YAML does not parse (`loosePrivateValues`).
    static func unloaded(_ text: String, display: String) -> (terms: [UnloadedStory.NamedTerm], privateValues: LoosePrivateRead) {
        let source = SourceFile(display: display, relative: display)
        let privateValues = loosePrivateValues(text, display: display)
        guard let reader = document(text, source: source, known: Story.keys, what: "the story's front matter").0 else {
            return ([], privateValues)
        }
        var r = reader
        var terms: [UnloadedStory.NamedTerm] = []
        if let prefecture: String = r.optional("prefecture", expected: "a prefecture's name") {
            terms.append(.init(key: "prefecture", value: prefecture, location: r.location(of: "prefecture")))
        }
        for key in ["programs", "fields"] {
            let values: [String] = r.optional(key, expected: "a list") ?? []
            for (index, value) in values.enumerated() {
                terms.append(.init(key: "\(key)[\(index)]", value: value, location: r.location(of: "\(key)[\(index)]")))
            }
        }
        return (terms, privateValues)
    }

    static func strictStory(_ text: String, place: StoryPlace, source: SourceFile) -> (Story?, [Diagnostic]) {
        let (parsed, split, errors) = document(text, source: source, known: Story.keys, what: "the story's front matter")
        guard var r = parsed, let split else { return (nil, errors) }

        let title: String? = r.required("title", expected: "text")
        let name: String? = r.required("name", expected: "text")
        let gender = r.oneOf("gender", allowed: ["男", "女"], required: false)  // content vocabulary, not interface text
        let ethnicity: String? = r.optional("ethnicity", expected: "text")
        let born: YearMonth? = r.required("born", expected: "a month YYYY-MM")
        let university: String? = r.required("university", expected: "text")
        let graduated: Int? = r.required("graduated", expected: "a year YYYY")
        let prefecture: String? = r.required("prefecture", expected: "a prefecture's name")
        let workplace: String? = r.required("workplace", expected: "text")
        let since: YearMonth? = r.required("grassroots_since", expected: "a month YYYY-MM")
        let programs: [String] = r.optional("programs", expected: "a list of programme names") ?? []
        let fields: [String] = r.optional("fields", expected: "a list of field names") ?? []
        let status = r.oneOf("status", allowed: Status.allCases.map(\.rawValue), required: true).flatMap(Status.init(rawValue:))
        let announced: Bool = r.optional("announced", expected: "true or false") ?? false
        let winner: Bool = r.optional("winner", expected: "true or false") ?? false
        let date: Day? = r.required("date", expected: "a date YYYY-MM-DD")
        let summary: String? = r.optional("summary", expected: "text")
        let photo: String? = r.optional("photo", expected: "a file name")
        let photoAlt: String? = r.optional("photo_alt", expected: "text")
        let videos = r.node("videos").map { Self.videos($0, files: place.files, reader: &r) } ?? []
        var privateValues: [PrivateValue] = []
        var knownPublic: [String] = []
        // `privte:`, `Private:`, `隐私:`, `private:` nested or after the front matter: errors even in
        // a draft; and every value that may be private outside the block, guarded.
        let outside = privateOutsideTheBlock(r.mapping, known: Story.keys, file: source.display, lineOffset: split.yamlLineOffset)
        let inText = privateBlocksInText(lines(of: split.body), firstLine: split.bodyLine, file: source.display)
        for problem in outside.problems {
            if case .privateKeyMisspelt(let key) = problem.problem { r.dropUnknownKey(key) }
        }
        r.add(outside.problems + inText.problems)
        if let node = r.node("private") {
            if node.mapping == nil {
                r.report(.wrongType(key: "private", expected: "a mapping of the nomination form's fields"), at: node)
            }
            privateValues = FieldReader.values(in: node, path: "private")
            if let list = node.mapping?["known_public"] {
                privateValues.removeAll { $0.key == "private.known_public" || $0.key.hasPrefix("private.known_public[") }
                let names = r.decode([String].self, from: list, key: "private.known_public",
                                     expected: "a list of keys under private, e.g. [hukou]") ?? []
                let keys = Set(privateValues.map(\.key))
                for (index, name) in names.enumerated() {
                    let path = name.hasPrefix("private.") ? name : "private." + name
                    guard keys.contains(where: { $0 == path || $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[") }) else {
                        let candidates = privateValues.map { String($0.key.dropFirst("private.".count)) }
                        r.report(.knownPublicUnknownKey(key: name, suggestion: closestMatch(to: name, in: candidates)),
                                 at: "private.known_public[\(index)]", severity: .warning)
                        continue
                    }
                    knownPublic.append(path)
                }
            }
        }
        // Inside each value, what else a reader may meet alone: a phone or ID number within a longer
        // value, and the parts of a value that swallowed YAML (`phone:"139…"` read as one text).
        let readings = readingsWithin(privateValues.filter { value in
            !knownPublic.contains { value.key == $0 || value.key.hasPrefix($0 + ".") || value.key.hasPrefix($0 + "[") }
        }.map { LoosePrivateValue(key: $0.key, value: $0.value, location: r.location(of: $0.key), origin: .privateBlock) })
        if let graduated, !(1900...2999).contains(graduated) {
            r.report(.wrongType(key: "graduated", expected: "a year YYYY"), at: "graduated")
        }
        if let photo {
            if leadsOutsideFolder(photo) {
                r.report(.pathOutsideFolder(path: photo), at: "photo")
            } else if !place.files.contains(where: { $0.name == photo }) {
                r.report(.missingPhoto(path: photo, suggestion: nearMiss(photo, in: place.files)), at: "photo")
            }
            if photoAlt?.isEmpty ?? true { r.report(.photoWithoutAlt, at: "photo") }
        }

        let all = errors + r.diagnostics
        guard let title, let name, let born, let university, let graduated, let prefecture, let workplace,
              let since, let status, let date, !all.hasErrors else { return (nil, all) }
        var sourceWithBody = source
        sourceWithBody.bodyLine = split.bodyLine
        return (Story(
            year: place.year, slug: place.slug, title: title, name: name, gender: gender, ethnicity: ethnicity,
            born: born, university: university, graduated: graduated, prefecture: prefecture,
            workplace: workplace, grassrootsSince: since, programs: programs, fields: fields, status: status,
            announced: announced, winner: winner, date: date, summary: summary, photo: photo, photoAlt: photoAlt, videos: videos, body: split.body,
            files: place.files, folder: place.folder, source: sourceWithBody,
            locations: r.locations, privateValues: privateValues, knownPublic: knownPublic,
            strayPrivateValues: outside.values + inText.values + readings), all)
    }

    /// A story's `videos:`: a list of `{file, title, poster, captions, captions_language}`,
    /// each file beside the story and of the kind its key takes (by its extension here; by
    /// its bytes in the attachment rule). Every problem of every entry is reported.
    static func videos(_ node: Node, files: [Attachment], reader r: inout FieldReader) -> [Video] {
        guard let items = node.sequence else {
            r.report(.wrongType(key: "videos", expected: "a list of videos, each {file: …, title: …, poster: …, captions: …}"), at: node)
            return []
        }
        let kinds: [String: (types: Set<String>, expected: String)] = [
            "file": (["mp4", "webm"], "an MP4 or WebM video (.mp4, .m4v, .webm)"),
            "poster": (["jpeg", "png", "webp"], "a JPEG, PNG or WebP image"),
            "captions": (["vtt"], "a WebVTT caption file (.vtt)"),
        ]
        var videos: [Video] = []
        for (index, item) in items.enumerated() {
            let key = "videos[\(index)]"
            guard let mapping = item.mapping else {
                r.report(.wrongType(key: key, expected: "a mapping {file: …, title: …, poster: …, captions: …}"), at: item)
                continue
            }
            checkKeys(mapping, known: Video.keys, reader: &r)
            func text(_ name: String, required: Bool, expected: String) -> String? {
                let value = mapping[name].flatMap { node -> Node? in
                    if case .scalar(let scalar) = node, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                        return nil
                    }
                    return node
                }
                guard let value else {
                    if required { r.report(.missingKey(key: "\(key).\(name)"), at: item) }
                    return nil
                }
                guard let string = r.decode(String.self, from: value, key: "\(key).\(name)", expected: expected) else { return nil }
                if string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    r.report(.wrongType(key: "\(key).\(name)", expected: expected), at: value)
                    return nil
                }
                return string
            }
            func file(_ name: String, required: Bool) -> String? {
                guard let path = text(name, required: required, expected: "a file name") else { return nil }
                let at = "\(key).\(name)"
                if leadsOutsideFolder(path) {
                    r.report(.pathOutsideFolder(path: path), at: at)
                } else if let attachment = files.first(where: { $0.name == path }) {
                    let kind = kinds[name]!
                    if !kind.types.contains(attachment.allowedType ?? "") {
                        r.report(.videoFileType(key: at, path: path, expected: kind.expected), at: at)
                    }
                } else {
                    r.report(.videoFileMissing(key: at, path: path), at: at)
                }
                return path
            }
            let video = file("file", required: true)
            let title = text("title", required: true, expected: "text")
            let poster = file("poster", required: true)
            let captions = file("captions", required: false)
            let language = text("captions_language", required: false, expected: "a language tag such as zh-Hans, ug or kk-Arab")
            if let language, !isLanguageTag(language) {
                r.report(.wrongType(key: "\(key).captions_language", expected: "a language tag such as zh-Hans, ug or kk-Arab"),
                         at: "\(key).captions_language")
            }
            guard let video, let title, let poster else { continue }
            videos.append(Video(file: video, title: title, poster: poster, captions: captions, captionsLanguage: language))
        }
        return videos
    }

    /// A path in front matter that names something outside the story's folder (absolute, `..`, a backslash).
    static func leadsOutsideFolder(_ path: String) -> Bool {
        path.hasPrefix("/") || path.split(separator: "/").contains("..") || path.contains("\\")
    }

    /// The most opening brackets (`[`) a Markdown text may hold: Debian's libcmark 0.30.2
    /// takes time quadratic in them for `![[]()` repeated (CVE-2023-22486, fixed in 0.30.3):
    /// 100,000 took 69 s; 10,000 take well under a second. A story has a few dozen.
    static let maximumBrackets = 10_000

    /// How many `[` the text holds and the line of the first one past the limit, when past it.
    static func bracketOverflow(_ body: String) -> (count: Int, line: Int)? {
        var count = 0
        var line = 1
        var lineOfOverflow = 0
        for byte in body.utf8 {
            if byte == 10 { line += 1 }
            if byte == UInt8(ascii: "[") {
                count += 1
                if count == maximumBrackets + 1 { lineOfOverflow = line }
            }
        }
        return count > maximumBrackets ? (count, lineOfOverflow) : nil
    }

    /// Splits a Markdown file's front matter from its body and starts reading its keys.
    static func document(_ text: String, source: SourceFile, known: [String], what: String)
        -> (FieldReader?, SplitDocument?, [Diagnostic]) {
        switch splitFrontMatter(text) {
        case .failure(let problem):
            return (nil, nil, [Diagnostic(file: source.display, line: 1, column: 1, problem: problem)])
        case .success(let split):
            let (reader, errors) = FieldReader.parse(split.yaml, file: source.display, lineOffset: split.yamlLineOffset,
                                                     known: known, what: what)
            if let (count, line) = bracketOverflow(split.body) {
                let diagnostic = Diagnostic(file: source.display, line: split.bodyLine + line - 1, column: 1,
                                            problem: .tooManyBrackets(count: count, limit: maximumBrackets))
                return (nil, nil, errors + [diagnostic])
            }
            return (reader, split, errors)
        }
    }

    // MARK: Study material and pages

    static func study(_ text: String, slug: String, source: SourceFile) -> (StudyMaterial?, [Diagnostic]) {
        let (parsed, split, errors) = document(text, source: source, known: StudyMaterial.keys, what: "the study material's front matter")
        guard var r = parsed, let split else { return (nil, errors) }
        let title: String? = r.required("title", expected: "text")
        let date: Day? = r.required("date", expected: "a date YYYY-MM-DD")
        let summary: String? = r.optional("summary", expected: "text")
        let stories: [String] = r.optional("stories", expected: "a list of stories as <year>/<slug>") ?? []
        let questions: [String] = r.optional("questions", expected: "a list of questions") ?? []
        let draft: Bool = r.optional("draft", expected: "true or false") ?? false
        let all = errors + r.diagnostics
        guard let title, let date, !all.hasErrors else { return (nil, all) }
        var sourceWithBody = source
        sourceWithBody.bodyLine = split.bodyLine
        return (StudyMaterial(slug: slug, title: title, date: date, summary: summary, stories: stories,
                              questions: questions, draft: draft, body: split.body, source: sourceWithBody,
                              locations: r.locations), all)
    }

    static func page(_ text: String, slug: String, source: SourceFile) -> (Page?, [Diagnostic]) {
        let (parsed, split, errors) = document(text, source: source, known: Page.keys, what: "the page's front matter")
        guard var r = parsed, let split else { return (nil, errors) }
        let title: String? = r.required("title", expected: "text")
        let summary: String? = r.optional("summary", expected: "text")
        let navTitle: String? = r.optional("nav_title", expected: "text")
        let draft: Bool = r.optional("draft", expected: "true or false") ?? false
        let all = errors + r.diagnostics
        guard let title, !all.hasErrors else { return (nil, all) }
        var sourceWithBody = source
        sourceWithBody.bodyLine = split.bodyLine
        return (Page(slug: slug, title: title, summary: summary, navTitle: navTitle, draft: draft, body: split.body,
                     source: sourceWithBody, locations: r.locations), all)
    }
}

/// Lowercase ASCII letters and digits in hyphen-separated runs: what a slug may be.
public func isValidSlug(_ text: String) -> Bool { Parse.isSlug(text) }

/// Reads `site.yml` alone (for `zuimei new`): the configuration, or the problems.
public func loadSiteConfig(at path: String) -> (SiteConfig?, [Diagnostic]) {
    guard let data = FileManager.default.contents(atPath: path) else {
        return (nil, [Diagnostic(file: path, problem: .missingFile(path: path))])
    }
    guard let text = decodeText(data) else { return (nil, [Diagnostic(file: path, problem: .notUTF8)]) }
    return Parse.site(text, file: path)
}

/// `editions/<year>.yml` alone (for `zuimei new story`): nil with the problems when it is
/// missing or wrong.
public func loadEdition(content: String, year: Int) -> (Edition?, [Diagnostic]) {
    let relative = ContentLayout.edition(year)
    let path = content + "/" + relative
    guard let data = FileManager.default.contents(atPath: path) else {
        return (nil, [Diagnostic(file: path, problem: .missingFile(path: path))])
    }
    guard let text = decodeText(data) else { return (nil, [Diagnostic(file: path, problem: .notUTF8)]) }
    return Parse.edition(text, year: year, source: SourceFile(display: path, relative: relative))
}

/// A BCP 47 language tag as sites write them: `zh-Hans`, `ug`, `kk-Arab`, `en-GB`.
func isLanguageTag(_ tag: String) -> Bool {
    let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
    return parts.dropFirst().allSatisfy { part in
        (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}

/// The story parser as `zuimei build` runs it on a file's bytes: decoding (UTF-8, BOM, CRLF,
/// NUL), the front-matter split, YAML, every field's checks. For the fuzzer (`make fuzz`).
public func parseStoryBytes(_ data: Data) -> [Diagnostic] {
    guard let text = decodeText(data) else { return [Diagnostic(file: "fuzz.md", problem: .notUTF8)] }
    if nulLocation(in: data) != nil { return [Diagnostic(file: "fuzz.md", problem: .nulCharacter)] }
    let place = Parse.StoryPlace(year: 2021, slug: "fuzz", folder: nil, files: [])
    return Parse.story(text, place: place, source: SourceFile(display: "fuzz.md", relative: "stories/2021/fuzz.md")).1
}

extension Parse {
    /// A translation's file: its front matter (a Markdown file) or its YAML (an edition). It
    /// may set the text of its kind (`TranslationKind.keys`); a fact of the original is an
    /// error at its key, another key the usual unknown-key one.
    /// Whether a file says `draft: true` on a line of its own: what a file whose YAML does not
    /// parse can still be taken at (its problems are then warnings, as a draft's).
    static func saysDraft(_ text: String) -> Bool {
        says(text, key: "draft", value: "true") || says(text, key: "draft", value: "yes")
    }

    /// Whether a line of `text` (broken at any line break: LF, CR, U+2028…) is `key: value`,
    /// the value quoted or not, a comment after it: what a file that does not parse is taken at.
    static func says(_ text: String, key: String, value: String) -> Bool {
        lines(of: text).contains { line in
            guard line.hasPrefix(key + ":") else { return false }
            var rest = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            if let hash = rest.range(of: "#") { rest = rest[..<hash.lowerBound].trimmingCharacters(in: .whitespaces) }
            return rest == value || rest == "\"\(value)\"" || rest == "'\(value)'"
        }
    }

    static func translation(_ text: String, kind: TranslationKind, language: String, original: String,
                            source: SourceFile) -> (Translation?, [Diagnostic]) {
        let (translation, diagnostics) = strictTranslation(text, kind: kind, language: language, original: original, source: source)
        // Work in progress never blocks anyone: a draft's problems are warnings, even one that does not parse.
        guard kind != .edition, translation?.draft ?? saysDraft(text) else { return (translation, diagnostics) }
        return (translation, demoted(diagnostics))
    }

    static func strictTranslation(_ text: String, kind: TranslationKind, language: String, original: String,
                                  source: SourceFile) -> (Translation?, [Diagnostic]) {
        let known = kind.keys + kind.facts
        var reader: FieldReader
        var errors: [Diagnostic]
        var body: String?
        var sourceWithBody = source
        if kind == .edition {
            let (parsed, found) = FieldReader.parse(text, file: source.display, lineOffset: 0, known: known, what: "the translation")
            guard let parsed else { return (nil, found) }
            (reader, errors) = (parsed, found)
        } else {
            let (parsed, split, found) = document(text, source: source, known: known, what: "the translation's front matter")
            guard let parsed, let split else { return (nil, found) }
            (reader, errors) = (parsed, found)
            body = split.body
            sourceWithBody.bodyLine = split.bodyLine
        }
        for fact in kind.facts where reader.node(fact) != nil {
            reader.report(.translationSetsFact(key: fact), at: fact)
        }
        for (key, _) in reader.mapping {
            guard let name = key.string, Parse.looksLikePrivate(name) else { continue }
            reader.replaceUnknownKey(name, with: .privateKeyMisspelt(key: name), at: key)
        }
        var fields: [String: String] = [:]
        for key in kind.keys where !["questions", "translated_from", "draft"].contains(key) {
            if let value: String = reader.optional(key, expected: "text") { fields[key] = value }
        }
        let questions: [String]? = kind == .study ? reader.optional("questions", expected: "a list of questions") : nil
        let versionExpected = "the original's version: 12 hexadecimal digits, as zuimei new translation writes them"
        var translatedFrom: String? = reader.optional("translated_from", expected: versionExpected)
        if let version = translatedFrom, version.wholeMatch(of: /[0-9a-f]{12}/) == nil {
            reader.report(.wrongType(key: "translated_from", expected: versionExpected), at: "translated_from")
            translatedFrom = nil
        }
        let draft: Bool = kind == .edition ? false : reader.optional("draft", expected: "true or false") ?? false
        // A translation is published with its title; an empty text would print as nothing.
        for key in kind.keys where fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true {
            reader.report(.wrongType(key: key, expected: "the translated text"), at: key)
        }
        if reader.node("title") == nil { reader.report(.missingKey(key: "title"), at: "title") }
        let all = errors + reader.diagnostics
        // A draft with errors is not published, not even in a preview; its problems are warnings (`translation`).
        guard !all.hasErrors else { return (nil, all) }
        var translation = Translation(kind: kind, language: language, original: original, fields: fields, questions: questions,
                                      body: body, translatedFrom: translatedFrom, source: sourceWithBody, locations: reader.locations)
        translation.draft = draft
        return (translation, all)
    }
}
