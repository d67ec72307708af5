import Foundation

/// Where a private value reached the output from.
public enum LeakSource: Equatable, Hashable, Sendable, Codable {
    /// The template's own text holds it.
    case template(String)
    /// A page that template wrote, from the content's data.
    case page(template: String)
    /// A file copied to the site (an attachment, a static file), by its display path.
    case copiedFile(String)
    /// The output file's own name or path.
    case fileName
}

/// What is wrong, as a value. Each case has a stable rule id, a message that
/// says what is wrong, and a hint that says how to fix it.
public enum Problem: Error, Equatable, Hashable, Sendable, Codable {
    // Reading files
    case notUTF8
    /// A NUL character: libcmark and C strings end the text there, silently.
    case nulCharacter
    /// More `[` than libcmark 0.30.2 handles in bounded time.
    case tooManyBrackets(count: Int, limit: Int)
    case unreadable(reason: String)
    case missingFile(path: String)
    // Front matter and YAML
    case missingFrontMatter
    case unclosedFrontMatter
    case yamlSyntax(problem: String)
    /// A quoted value not closed on its line (where libyaml would report an error lines later).
    case unclosedQuote(quote: String)
    /// Aliases that stand for more values than a front matter may hold (an alias bomb).
    case yamlTooLarge(limit: Int)
    case notAMapping(expected: String)
    case unknownKey(key: String, suggestion: String?)
    case missingKey(key: String)
    case wrongType(key: String, expected: String)
    case badDate(key: String, value: String, format: String)
    case invalidValue(key: String, value: String, allowed: [String])
    case unknownTerm(kind: String, value: String, suggestion: String?)
    case duplicateTerm(kind: String, value: String)
    case invisibleInTerm(kind: String, value: String)
    case badBaseURL(value: String)
    /// `base_url` still names a placeholder host (example.org, localhost, …): a warning.
    case placeholderBaseURL(value: String, host: String)
    // Files and paths
    /// With the file beside the story it most likely means (another case, another extension, the only image).
    case missingPhoto(path: String, suggestion: String? = nil)
    case photoWithoutAlt
    case pathOutsideFolder(path: String)
    case symlinkOutside(path: String)
    case badSlug(slug: String)
    case badFileName(name: String)
    case badLocation(path: String, expected: String)
    case duplicateURL(url: String, otherFile: String)
    case unknownEdition(year: Int)
    case editionYear(key: String, date: String, year: Int)
    /// A translation (`x.ug.md`) in a language `site.yml` does not list: not published.
    case unknownLanguage(language: String, known: [String])
    /// A translation whose original (`x.md`) is not there.
    case translationWithoutOriginal(language: String, original: String)
    /// A translation sets a fact that is the same in every language (a date, the prefecture, the status).
    case translationSetsFact(key: String)
    /// The original changed after the translation was made from it (`translated_from` names another version).
    case translationOutdated(language: String, recorded: String, current: String)
    /// A translation that does not say which version of its original it translates.
    case translationUnversioned(language: String, current: String)
    /// The interface text of a language lacks a phrase: the default language's is shown.
    case missingString(key: String, language: String)
    /// A template names a phrase that no string table has.
    case unknownString(template: String, key: String)
    // Campaign rules
    case ageLimit(born: String, age: Int, referenceDate: String, limit: Int)
    case serviceYears(since: String, months: Int, referenceDate: String, minimumYears: Int)
    case graduationAfterService(graduated: Int, since: String)
    case graduationBeforeAdulthood(graduated: Int, born: String)
    case prefectureQuota(prefecture: String, edition: Int, quota: Int, stories: [String])
    case winnerQuota(edition: Int, limit: Int, stories: [String])
    case winnerNotApproved(status: String)
    case storyLength(characters: Int, min: Int, max: Int)
    case photoFormat(path: String)
    case brokenLink(destination: String)
    case unpublishedLink(destination: String)
    case unknownStory(id: String)
    case stageDates(stage: String, from: String, to: String)
    case stageOverlap(stage: String, previous: String)
    case dateBeforePublicity(date: String, publicityFrom: String)
    case privateDataLeak(key: String, output: String, source: LeakSource)
    case privateDataInContent(key: String, owner: String?)
    case privateValueTooShort(key: String, length: Int, minimum: Int)
    case privateValuePublic(key: String, reason: String)
    /// A key that looks like a misspelt `private` (`privte`, `Private`, `隐私`): its values would not be guarded.
    case privateKeyMisspelt(key: String)
    /// A private block after the front matter's closing `---`: it would be published as text.
    case privateBlockInText(key: String)
    /// `private:` below the top level of the front matter (`nomination.private`): not read as private there.
    case privateBlockNested(key: String)
    /// A value under a key a story does not know (`phone:` outside `private:`) appears here.
    case unknownKeyValueInContent(key: String, owner: String?)
    /// A story file whose front matter does not parse: `count` values that look private are guarded.
    case privateValuesGuessed(count: Int)
    /// A value guessed private in a file whose front matter does not parse (`owner`) appears here.
    case guessedPrivateDataInContent(key: String, owner: String)
    /// `.zuimei-cache` is not the running user's alone: the build goes on without it.
    case cacheUntrusted(path: String, reason: String)
    case knownPublicUnknownKey(key: String, suggestion: String?)
    case attachmentNotAllowed(path: String)
    case imageInvalid(path: String, reason: String)
    case photoLocation(path: String)
    // Videos
    /// `videos[0].file` (or `.poster`, `.captions`) names a file that is not beside the story.
    case videoFileMissing(key: String, path: String)
    /// The file named there is not of the kind the key takes (`expected`: "an MP4 or WebM video").
    case videoFileType(key: String, path: String, expected: String)
    case videoWithoutCaptions(path: String)
    case captionsInvalid(path: String, reason: String)
    case videoTooLarge(path: String, size: Int, limit: Int)
    case videoInvalid(path: String, reason: String)
    case videoLocation(path: String)
    case bidiControl
    case controlCharacter(code: String)
    case dataURL
    case unscannableFile(path: String)
    /// A text file in `static/` that reorders what it shows (`bidi-override`).
    case reorderedText(path: String)
    /// An image in `static/` (published as it is) that carries metadata.
    case staticImageMetadata(path: String)
    /// A PDF whose text Zuimei cannot read (encrypted, LZW, attached files, a bomb): not published unread.
    case pdfUnreadable(path: String, reason: String)
    /// Another problem whose text named a private value, shown masked.
    case redacted(rule: String, message: String, hint: String?)
    // Templates
    case templateSyntax(template: String, problem: String)
    case missingPartial(template: String, partial: String)
    case missingParent(template: String, parent: String)
    case missingTemplate(template: String)
    /// A site's own template prints a value without escaping that the built-in one escapes.
    case unescapedInTemplate(template: String, name: String)
    /// Partials or parents that include each other without end: the chain, first name repeated last.
    case templateCycle(chain: [String])
    // Output
    case outputFailed(reason: String)
    case unsafeOutput(path: String, reason: String)
    /// A copied file whose bytes, when the writer copied it, were not those the private-data
    /// guard searched (`output`: its path in the site).
    case changedWhileBuilding(output: String)

    /// Stable identifier, shown in brackets after each diagnostic.
    public var rule: String {
        switch self {
        case .notUTF8, .nulCharacter: "encoding"
        case .tooManyBrackets: "markdown-limit"
        case .unreadable: "unreadable"
        case .missingFile: "missing-file"
        case .missingFrontMatter: "front-matter-missing"
        case .unclosedFrontMatter: "front-matter-unclosed"
        case .yamlSyntax, .yamlTooLarge, .unclosedQuote: "yaml-syntax"
        case .notAMapping: "yaml-not-mapping"
        case .unknownKey: "unknown-key"
        case .missingKey: "missing-key"
        case .wrongType: "wrong-type"
        case .badDate: "bad-date"
        case .invalidValue: "invalid-value"
        case .unknownTerm: "unknown-term"
        case .duplicateTerm, .invisibleInTerm: "duplicate-term"
        case .badBaseURL: "base-url"
        case .placeholderBaseURL: "base-url-placeholder"
        case .missingPhoto: "photo-missing"
        case .photoWithoutAlt: "photo-alt"
        case .pathOutsideFolder: "path-outside"
        case .symlinkOutside: "symlink-outside"
        case .badSlug: "slug"
        case .badFileName: "file-name"
        case .badLocation: "file-location"
        case .duplicateURL: "duplicate-url"
        case .unknownEdition: "unknown-edition"
        case .editionYear: "edition-year"
        case .unknownLanguage: "translation-language"
        case .translationWithoutOriginal: "translation-original"
        case .translationSetsFact: "translation-fact"
        case .translationOutdated, .translationUnversioned: "translation-outdated"
        case .missingString: "string-missing"
        case .unknownString: "template-string"
        case .ageLimit: "age-limit"
        case .serviceYears: "service-years"
        case .graduationAfterService, .graduationBeforeAdulthood: "graduation-date"
        case .prefectureQuota: "prefecture-quota"
        case .winnerQuota: "winner-quota"
        case .winnerNotApproved: "winner-status"
        case .storyLength: "story-length"
        case .photoFormat: "photo-format"
        case .brokenLink: "broken-link"
        case .unpublishedLink: "unpublished-link"
        case .unknownStory: "unknown-story"
        case .stageDates: "stage-dates"
        case .stageOverlap: "stage-overlap"
        case .dateBeforePublicity: "date-before-publicity"
        case .privateDataLeak, .privateDataInContent: "private-data"
        case .privateValueTooShort: "private-too-short"
        case .privateValuePublic: "private-public"
        case .privateKeyMisspelt, .privateBlockInText, .privateBlockNested: "private-key"
        case .unknownKeyValueInContent: "private-data"
        case .privateValuesGuessed: "private-guessed"
        case .guessedPrivateDataInContent: "private-data"
        case .cacheUntrusted: "cache"
        case .knownPublicUnknownKey: "private-known-public"
        case .attachmentNotAllowed: "attachment-type"
        case .imageInvalid: "image-invalid"
        case .photoLocation: "photo-location"
        case .videoFileMissing: "video-missing"
        case .videoFileType: "video-type"
        case .videoWithoutCaptions: "video-captions"
        case .captionsInvalid: "captions-invalid"
        case .videoTooLarge: "video-size"
        case .videoInvalid: "video-invalid"
        case .videoLocation: "video-location"
        case .bidiControl: "bidi-control"
        case .controlCharacter: "control-character"
        case .dataURL: "data-url"
        case .unscannableFile: "unscannable-file"
        case .reorderedText: "bidi-control"
        case .staticImageMetadata: "static-metadata"
        case .pdfUnreadable: "pdf-unreadable"
        case .redacted(let rule, _, _): rule
        case .templateSyntax: "template-syntax"
        case .missingPartial: "template-partial"
        case .missingParent: "template-parent"
        case .missingTemplate: "template-missing"
        case .unescapedInTemplate: "template-unescaped"
        case .templateCycle: "template-cycle"
        case .outputFailed: "output"
        case .unsafeOutput: "output-unsafe"
        case .changedWhileBuilding: "changed-while-building"
        }
    }

    /// What is wrong.
    public var message: String {
        switch self {
        case .notUTF8:
            return "the file is not valid UTF-8 text"
        case .nulCharacter:
            return "a NUL character (byte 0) is here; everything after it would be lost"
        case .tooManyBrackets(let count, let limit):
            return "the text holds \(count) opening brackets '[', more than the \(limit) the Markdown renderer handles in bounded time"
        case .unreadable(let reason):
            return "cannot read the file: \(reason)"
        case .missingFile(let path):
            return "required file \(path) does not exist"
        case .missingFrontMatter:
            return "the file does not start with front matter (a line '---')"
        case .unclosedFrontMatter:
            return "the front matter opened on line 1 is never closed"
        case .yamlSyntax(let problem):
            return "YAML syntax error: \(problem)"
        case .unclosedQuote(let quote):
            return "the value that starts with \(quote) here is not closed on its line"
        case .yamlTooLarge(let limit):
            return "the value anchored here is repeated by aliases (*name) until they stand for more than \(limit) values beyond what the file writes out"
        case .notAMapping(let expected):
            return "expected \(expected) as a mapping of 'key: value' lines"
        case .unknownKey(let key, _):
            return "unknown key '\(key)'"
        case .missingKey(let key):
            return "required key '\(key)' is missing"
        case .wrongType(let key, let expected):
            return "'\(key)' must be \(expected)"
        case .badDate(let key, let value, let format):
            return "'\(key)' is '\(value)', which is not a valid date of the form \(format)"
        case .invalidValue(let key, let value, let allowed):
            return "'\(key)' is '\(value)'; allowed values are \(allowed.joined(separator: ", "))"
        case .unknownTerm(let kind, let value, _):
            return "unknown \(kind) '\(value)'"
        case .duplicateTerm(let kind, let value):
            return "\(kind) '\(value)' is listed more than once"
        case .invisibleInTerm(let kind, let value):
            return "\(kind) '\(visible(value))' holds an invisible character: it would look exactly like another name"
        case .badBaseURL(let value):
            return "base_url '\(value)' is not an absolute http(s) URL ending in '/', without spaces, quotes or a user name"
        case .placeholderBaseURL(let value, let host):
            return "base_url '\(value)' is a placeholder: canonical links, Open Graph, feeds, the sitemap and the 404 page would point to \(host)"
        case .missingPhoto(let path, _):
            return "photo '\(path)' does not exist beside the story"
        case .photoWithoutAlt:
            return "'photo' is given without 'photo_alt'"
        case .pathOutsideFolder(let path):
            return "'\(path)' leads outside the story's folder"
        case .symlinkOutside(let path):
            return "symbolic link '\(path)' leads outside its folder or outside the content directory; it is not followed"
        case .badSlug(let slug):
            return "'\(slug)' is not a valid slug"
        case .badFileName(let name):
            return "the file name '\(name)' holds a line break, a control character or a backslash: the site's SHA256SUMS cannot list it"
        case .badLocation(let path, let expected):
            return "'\(path)' is not where \(expected) belongs"
        case .duplicateURL(let url, let otherFile):
            return "this file and \(otherFile) both map to the URL \(url)"
        case .unknownEdition(let year):
            return "there is no edition file for \(year)"
        case .editionYear(let key, let date, let year):
            return "'\(key)' is \(date), outside the edition's year \(year)"
        case .unknownLanguage(let language, let known):
            return known.isEmpty ? "a translation into '\(language)', but site.yml lists no languages besides the default; this file is not published"
                : "a translation into '\(language)', which site.yml's languages do not list (\(known.joined(separator: ", "))); this file is not published"
        case .translationWithoutOriginal(let language, let original):
            return "a translation into '\(language)' of \(original), which does not exist"
        case .translationSetsFact(let key):
            return "'\(key)' is the same in every language: a translation cannot set it"
        case .translationOutdated(let language, let recorded, let current):
            return "the original changed after this '\(language)' translation was made (translated_from \(recorded), the original is now \(current))"
        case .translationUnversioned(let language, let current):
            return "this '\(language)' translation does not say which version of the original it translates (the original is now \(current))"
        case .missingString(let key, let language):
            return "the interface text in '\(language)' has no phrase '\(key)'; the default language's is shown"
        case .unknownString(let template, let key):
            return "template '\(template)' prints the phrase '\(key)', which the string table does not have"
        case .ageLimit(let born, let age, let referenceDate, _):
            return "born \(born) makes the candidate \(age) at \(referenceDate)"
        case .serviceYears(let since, let months, let referenceDate, _):
            return "grassroots_since \(since) gives \(months / 12) years \(months % 12) months at the grassroots at \(referenceDate)"
        case .graduationAfterService(let graduated, let since):
            return "graduated \(graduated) is after grassroots_since \(since)"
        case .graduationBeforeAdulthood(let graduated, let born):
            return "graduated \(graduated) is less than 15 years after born \(born)"
        case .prefectureQuota(let prefecture, let edition, let quota, let stories):
            return "\(stories.count) stories of \(prefecture) are nominated or approved in \(edition), more than the quota of \(quota): \(stories.joined(separator: ", "))"
        case .winnerQuota(let edition, let limit, let stories):
            return "\(stories.count) stories are winners in \(edition), more than the \(limit) the edition allows: \(stories.joined(separator: ", "))"
        case .winnerNotApproved(let status):
            return "the story is a winner but its status is \(status)"
        case .storyLength(let characters, let min, let max):
            return "the story has \(characters) characters of text, outside the \(min)–\(max) the edition asks for"
        case .photoFormat(let path):
            return "photo '\(path)' is not a JPEG, PNG or WebP image"
        case .brokenLink(let destination):
            return "link to '\(destination)', which does not exist"
        case .unpublishedLink(let destination):
            return "link to '\(destination)', which is not published"
        case .unknownStory(let id):
            return "story '\(id)' does not exist"
        case .stageDates(let stage, let from, let to):
            return "stage \(stage) ends (\(to)) before it starts (\(from))"
        case .stageOverlap(let stage, let previous):
            return "stage \(stage) starts before stage \(previous) ends"
        case .dateBeforePublicity(let date, let publicityFrom):
            return "date \(date) is before the publicity stage starts (\(publicityFrom))"
        case .privateDataLeak(let key, let output, let source):
            switch source {
            case .template(let template):
                return "the value of '\(key)' is in the text of template '\(template)': \(output) and every other file it writes would show it"
            case .page(let template):
                return "the value of '\(key)' appears in \(output) (and any other page template '\(template)' writes from the same content)"
            case .copiedFile(let file):
                return "the value of '\(key)' appears in \(output), copied from \(file)"
            case .fileName:
                return "the value of '\(key)' appears in the file name \(output)"
            }
        case .privateDataInContent(let key, let owner):
            if let owner { return "the value of '\(key)' of \(owner) (another candidate's private data) appears here" }
            return "the value of '\(key)' (private data) appears here"
        case .privateValueTooShort(let key, let length, let minimum):
            return "'\(key)' has \(length) letters and digits, fewer than the \(minimum) needed to recognise it: it cannot be protected"
        case .privateValuePublic(let key, let reason):
            return "'\(key)' cannot be kept private: \(reason)"
        case .privateKeyMisspelt(let key):
            return "'\(key)' looks like 'private' misspelt: the values under it would not be guarded as private data"
        case .privateBlockInText(let key):
            return "'\(key):' here is after the front matter's closing '---', so its block would be published as the story's text"
        case .privateBlockNested(let key):
            return "'\(key)' is not at the top level of the front matter, so its values would not be read as private data"
        case .unknownKeyValueInContent(let key, let owner):
            if let owner { return "the value of '\(key)', a key a story does not have, in \(owner) appears here: it may be private data outside 'private:'" }
            return "the value of '\(key)', a key a story does not have, appears here: it may be private data outside 'private:'"
        case .privateValuesGuessed(let count):
            return "the front matter does not parse, so its private values cannot be told from the rest: \(count) \(count == 1 ? "value" : "values") that may be private (phone and ID numbers, values not under a key a story publishes, or every value when no private block can be read) are guarded as private data"
        case .guessedPrivateDataInContent(let key, let owner):
            return "a value of \(owner) ('\(key)'), a file whose front matter does not parse, appears here: it is guarded as private data until that file parses"
        case .cacheUntrusted(let path, let reason):
            return "the cache \(path) is not used: \(reason)"
        case .knownPublicUnknownKey(let key, _):
            return "private.known_public names '\(key)', which is not a key under private"
        case .attachmentNotAllowed(let path):
            return "'\(path)' is not a kind of file a story may publish"
        case .imageInvalid(let path, let reason):
            return "image '\(path)' cannot be published: \(reason)"
        case .photoLocation(let path):
            return "photo '\(path)' carries a GPS position in its metadata"
        case .videoFileMissing(let key, let path):
            return "'\(key)' names '\(path)', which does not exist beside the story"
        case .videoFileType(let key, let path, let expected):
            return "'\(key)' names '\(path)', which is not \(expected)"
        case .videoWithoutCaptions(let path):
            return "video '\(path)' has no captions"
        case .captionsInvalid(let path, let reason):
            return "captions '\(path)' are not valid WebVTT: \(reason)"
        case .videoTooLarge(let path, let size, let limit):
            return "video '\(path)' is \(megabytes(size)), more than \(megabytes(limit)): readers on mobile data download all of it"
        case .videoInvalid(let path, let reason):
            return "video '\(path)' cannot be published: \(reason)"
        case .videoLocation(let path):
            return "video '\(path)' carries where it was filmed in its metadata"
        case .bidiControl:
            return "an invisible bidirectional control character (U+202A–202E, U+2066–2069) reorders the text here: what readers see is not what is written"
        case .controlCharacter(let code):
            return "an invisible control character (\(code)) is here; it would reach the pages, the feeds and the sitemap"
        case .dataURL:
            return "a link or image is a data: URL, whose content is published without any check"
        case .unscannableFile(let path):
            return "'\(path)' is compressed or an office document: its content cannot be checked for private data"
        case .reorderedText(let path):
            return "'\(path)' reorders the text it shows (bidi-override): a reader sees its characters in another order than the one searched for private data"
        case .staticImageMetadata(let path):
            return "image '\(path)' carries metadata (EXIF, XMP, IPTC, comments or text chunks), which would be published as it is and cannot all be searched for private data"
        case .pdfUnreadable(let path, let reason):
            return "PDF '\(path)' is not published: Zuimei cannot read its text to check it for private data (\(reason))"
        case .redacted(_, let message, _):
            return message
        case .templateSyntax(let template, let problem):
            return "template '\(template)' cannot be parsed: \(problem)"
        case .missingPartial(let template, let partial):
            return "template '\(template)' includes the partial '\(partial)', which does not exist"
        case .missingParent(let template, let parent):
            return "template '\(template)' extends '\(parent)', which does not exist"
        case .missingTemplate(let template):
            return "the template '\(template)' does not exist"
        case .unescapedInTemplate(let template, let name):
            return "template '\(template)' prints '\(name)' without escaping ({{{…}}} or {{&…}}): a title or name with '<' would become markup on the page"
        case .templateCycle(let chain):
            return "templates include each other without end: \(chain.joined(separator: " → "))"
        case .outputFailed(let reason):
            return "cannot write the site: \(reason)"
        case .unsafeOutput(let path, let reason):
            return "refusing to write the site to '\(path)': \(reason)"
        case .changedWhileBuilding(let output):
            return "the file changed while the site was being built: its bytes to publish as '\(output)' are not the bytes searched for private data, so nothing was published"
        }
    }
}

/// `12.3 MB`: sizes in diagnostics, in decimal megabytes as file managers show them.
func megabytes(_ bytes: Int) -> String { megabytesNumber(bytes) + " MB" }

/// `12.3`: a size in decimal megabytes to a tenth, rounded, as file managers show it (diagnostics
/// and the pages' file sizes both write it so).
public func megabytesNumber(_ bytes: Int) -> String {
    let tenths = (bytes + 50_000) / 100_000
    return "\(tenths / 10).\(tenths % 10)"
}
