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
    case rootRelativeLink(destination: String)
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
        case .rootRelativeLink: "root-relative-link"
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
        case .rootRelativeLink(let destination):
            return "link to '\(destination)' starts at the server's root and breaks on a mirror under a sub-path"
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

    /// How to fix it.
    public var hint: String? {
        switch self {
        case .notUTF8:
            return "save the file as UTF-8 (a BOM and CRLF line endings are fine)"
        case .nulCharacter:
            return "remove it (it is invisible in most editors; it often comes from copying out of a PDF or a binary file)"
        case .tooManyBrackets:
            return "a story needs a few dozen links and images; remove the repeated brackets (this place is where the limit is passed)"
        case .unreadable:
            return "check the file's permissions"
        case .missingFile:
            return "create it; see the README's 'Content layout'"
        case .missingFrontMatter:
            return "start the file with '---', the YAML front matter, and another '---'"
        case .unclosedFrontMatter:
            return "add a line '---' after the last front-matter key"
        case .yamlSyntax:
            return "check indentation (spaces, not tabs), quotes and colons around this place"
        case .unclosedQuote(let quote):
            return "end the value with \(quote) on the same line (write \(quote == "'" ? "''" : "\\\"") for a quote inside it)"
        case .yamlTooLarge:
            return "write the values out instead of repeating them with aliases; a value written out is never limited"
        case .notAMapping:
            return "write one 'key: value' per line"
        case .unknownKey(_, let suggestion):
            if let suggestion { return "did you mean '\(suggestion)'? Private data belongs under 'private:'" }
            return "remove it, or move private data under 'private:'"
        case .missingKey(let key):
            return "add '\(key): …'"
        case .wrongType:
            return "change the value to the expected type"
        case .badDate(_, _, let format):
            return "write the date as \(format)"
        case .invalidValue:
            return "use one of the allowed values"
        case .unknownTerm(let kind, _, let suggestion):
            if let suggestion { return "did you mean \(suggestion)?" }
            return "use a \(kind) listed in site.yml, or add it there"
        case .duplicateTerm:
            return "list each name and slug once"
        case .invisibleInTerm:
            return "retype the name without it (zero-width spaces and joiners often come with copied text)"
        case .badBaseURL:
            return "write the site's origin, e.g. 'https://example.org/zuimei/'"
        case .placeholderBaseURL:
            return "write the address where the site will be published (its scheme, host and path, ending in '/') before publishing; a preview does not need it"
        case .missingPhoto(_, let suggestion?):
            return "did you mean '\(suggestion)'? (names are compared exactly, case included)"
        case .missingPhoto:
            return "put the photo file beside the story (stories/<year>/<slug>/index.md with the photo in the same folder), or fix the name"
        case .photoWithoutAlt:
            return "add 'photo_alt:' describing the photo for readers who cannot see it"
        case .pathOutsideFolder:
            return "keep the story's files in its own folder and name them without '..' or '/'"
        case .symlinkOutside:
            return "copy the file into the folder instead of linking to it"
        case .badSlug:
            return "use lowercase ASCII letters, digits and hyphens, e.g. 'ili-wang-fang'"
        case .badFileName:
            return "rename the file (letters, digits, spaces, '-', '_' and '.' are fine)"
        case .badLocation(_, _):
            return "see the README's 'Content layout'"
        case .duplicateURL:
            return "rename one of the two files"
        case .unknownEdition(let year):
            return "create editions/\(year).yml (zuimei new edition \(year))"
        case .editionYear:
            return "an edition's reference date and the start of each stage fall in the year its file is named for; check the year, or the file's name"
        case .unknownLanguage:
            return "add the language to site.yml's languages (code, name, direction, prefix), or rename the file"
        case .translationWithoutOriginal:
            return "a translation is named after its original: <slug>.<language>.md beside <slug>.md (index.<language>.md in a story's folder)"
        case .translationSetsFact:
            return "remove the key: the translated page takes it from the original"
        case .translationOutdated(_, _, let current):
            return "bring the translation up to date with the original, then set translated_from: \(current)"
        case .translationUnversioned(_, let current):
            return "if it translates the original as it is now, add translated_from: \(current) (zuimei new translation writes it)"
        case .missingString(let key, let language):
            return "add '\(key)' to the theme's table for '\(language)' (Sources/ZuimeiKit/Theme/strings/\(language).yml); a site cannot add its own tables yet"
        case .unknownString:
            return "correct the phrase's name, or add it to the theme's tables (Sources/ZuimeiKit/Theme/strings/)"
        case .ageLimit(_, _, _, let limit):
            return "the campaign takes candidates aged \(limit) or under"
        case .serviceYears(_, _, _, let minimum):
            return "the campaign takes candidates with \(minimum) years or more at the grassroots"
        case .graduationAfterService:
            return "check 'graduated' and 'grassroots_since': service starts after graduation"
        case .graduationBeforeAdulthood:
            return "check 'graduated' and 'born' for a typo"
        case .prefectureQuota:
            return "nominate at most the quota per prefecture; set the others to draft, rejected or withdrawn"
        case .winnerQuota:
            return "mark at most the edition's number of winners"
        case .winnerNotApproved:
            return "approve the story, or remove 'winner: true'"
        case .storyLength:
            return "the notice asks for a story of about 3,000 characters; change the range with story_length in the edition file"
        case .photoFormat:
            return "save the photo as JPEG, PNG or WebP"
        case .brokenLink:
            return "fix the path: a link to another story is written as its file, e.g. ../other-story.md"
        case .unpublishedLink:
            return "a published page must not link to an unpublished one; remove the link or publish the target first"
        case .unknownStory:
            return "name stories as <year>/<slug>, e.g. 2021/ili-example"
        case .rootRelativeLink:
            return "link the content file instead (e.g. /stories/2021/x.md), or write a relative link"
        case .stageDates:
            return "swap 'from' and 'to'"
        case .stageOverlap:
            return "stages run one after the other: mobilisation, nomination, review, publicity, study"
        case .dateBeforePublicity:
            return "stories are published in the publicity stage; check the date"
        case .privateDataLeak(_, _, let source):
            switch source {
            case .template: return "remove the value from the template; nothing was written"
            case .page: return "find where the page's content shows the value (a field, a story's text, a link) and remove it; nothing was written"
            case .copiedFile: return "remove the value from that file, or the file from the content; nothing was written"
            case .fileName: return "rename the file; nothing was written"
            }
        case .privateDataInContent(let key, let owner):
            let name = key.hasPrefix("private.") ? String(key.dropFirst("private.".count)) : key
            if owner != nil {
                return "remove it; if the value is public anyway, list '\(name)' under private.known_public in that story"
            }
            return "remove it; if the value is public anyway, list '\(name)' under private.known_public"
        case .privateValueTooShort(let key, _, _):
            let name = key.hasPrefix("private.") ? String(key.dropFirst("private.".count)) : key
            return "a value this short would match ordinary text, so it is not guarded; make sure it is nowhere on the site and list '\(name)' under private.known_public (an error once the story is nominated, until then a warning)"
        case .privateValuePublic(let key, _):
            let name = key.hasPrefix("private.") ? String(key.dropFirst("private.".count)) : key
            return "if that is right, list '\(name)' under private.known_public: it is then not guarded and not reported (an error once the story is nominated, until then a warning)"
        case .privateKeyMisspelt:
            return "rename the key to 'private:'; this is an error even in a draft, since its values are the nomination form's"
        case .privateBlockInText:
            return "move the block above the front matter's closing '---' (the line that ends it); this is an error even in a draft"
        case .privateBlockNested:
            return "move it to the top level, with no indentation, beside title: and name:; this is an error even in a draft"
        case .unknownKeyValueInContent(let key, let owner):
            return "if it is private, move '\(key)' under 'private:' in \(owner ?? "this story") and remove the value here; if not, correct the key's name"
        case .privateValuesGuessed:
            return "fix the YAML error in this file; until then any published text that holds one of these values is an error naming it"
        case .guessedPrivateDataInContent(_, let owner):
            return "fix the YAML of \(owner) (the error there says where); if the value is private, remove it here too"
        case .cacheUntrusted(let path, _):
            return "Zuimei uses a cache only when the running user owns it and nobody else can write it; remove it (rm -rf \(path)) and the next build makes a new one, readable by you alone"
        case .knownPublicUnknownKey(_, let suggestion):
            if let suggestion { return "did you mean '\(suggestion)'?" }
            return "list keys that exist under private, e.g. known_public: [hukou]"
        case .attachmentNotAllowed:
            return "a story's folder may publish images (JPEG, PNG, WebP, GIF), videos (MP4, WebM), captions (VTT) and PDF; move the file out of Content/, or link an external page instead"
        case .imageInvalid:
            return "replace the file with a whole, still JPEG, PNG, WebP or GIF image of at most 100 megapixels, of the type its name says"
        case .bidiControl:
            return "remove the control character; write the text in the order it is read"
        case .controlCharacter:
            return "remove it (it often comes from copying out of another program); tabs and line breaks are fine"
        case .dataURL:
            return "put the image beside the story (stories/<year>/<slug>/photo.jpg) and link it by name"
        case .unscannableFile:
            return "publish it as a plain file (text, CSV, PDF) or on another site; a nomination form never belongs in static/"
        case .reorderedText:
            return "remove the bidi-override (direction and unicode-bidi) from the file, or write the text in the order it is read"
        case .staticImageMetadata(let path):
            return "remove the metadata (exiftool -all= static/\(path)) or save the image again without it; a story's photos are re-encoded, static/ files are published as they are"
        case .pdfUnreadable:
            return "export the PDF again from the program that made it (Save as or Export as PDF, or print to PDF): without a password or permissions, without attached files, at most 64 MB (compress its pictures); or publish it on another site"
        case .redacted(_, _, let hint):
            return hint
        case .photoLocation:
            return "the published photo has no metadata, but the source file still shows where it was taken: remove the location before sharing Content/"
        case .videoFileMissing:
            return "put the file beside the story (stories/<year>/<slug>/index.md with the video in the same folder), or fix the name"
        case .videoFileType(let key, _, _):
            if key.hasSuffix(".poster") { return "save the poster (a frame of the video) as JPEG, PNG or WebP" }
            if key.hasSuffix(".captions") { return "save the captions as WebVTT (.vtt), starting with the line WEBVTT" }
            return "publish the video as MP4 (H.264) or WebM (VP9/AV1); Zuimei does not transcode"
        case .videoWithoutCaptions(let path):
            let stem = path.lastIndex(of: ".").map { String(path[..<$0]) } ?? path
            return "add 'captions: \(stem).vtt' (WebVTT) to the video: a published video needs captions for readers who cannot hear it (WCAG 1.2.2)"
        case .captionsInvalid:
            return "each cue is a line 'HH:MM:SS.mmm --> HH:MM:SS.mmm' (or MM:SS.mmm) followed by its text; see https://www.w3.org/TR/webvtt1/"
        case .videoTooLarge:
            return "export it again at a lower bit rate (about 2–4 Mbit/s for 1080p) or shorter; Zuimei publishes videos as they are"
        case .videoInvalid:
            return "export the video again as a whole MP4 (H.264) or WebM file"
        case .videoLocation:
            return "the published video has no metadata, but the source file still shows where it was filmed: remove the location before sharing Content/"
        case .templateSyntax:
            return "fix the Mustache tag at this place"
        case .missingPartial, .missingParent:
            return "check the name against the built-in theme's templates or add the file to Content/templates/"
        case .missingTemplate:
            return "add the template to Content/templates/ or restore the built-in one"
        case .unescapedInTemplate:
            return "write it with two braces, {{…}}, which escapes it; only the rendered Markdown (body) is HTML already"
        case .templateCycle:
            return "remove one of these includes, or put it inside a section that ends the recursion"
        case .outputFailed:
            return "check the output directory's permissions and free disk space"
        case .unsafeOutput:
            return "choose another --output directory"
        case .changedWhileBuilding:
            return "build again (when it is saved, the next build searches what is there then)"
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

// MARK: The same text in other languages

/// The language diagnostics are written in: English (the texts above), or Chinese from
/// `Messages/zh-Hans.json`, for teams whose locale is Chinese. Rule ids stay the same.
public enum DiagnosticLanguage: String, Sendable {
    case english, chinese

    /// From the environment as POSIX programs read it: `LC_ALL`, else `LC_MESSAGES`, else
    /// `LANG`; a locale starting with `zh` is Chinese.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DiagnosticLanguage {
        let locale = [environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("zh") ? .chinese : .english
    }

    /// A line of the command line's own output (`cli.<key>` in the table), `{name}` replaced;
    /// `english` in English or when the table lacks it.
    public func phrase(_ key: String, _ values: [String: String] = [:], english: String) -> String {
        guard self == .chinese, let text = Translations.chinese.texts["cli." + key] else { return english }
        return fillPlaceholders(text, values)
    }
}

extension Problem {
    /// The case's name and its values by label (`{label}` in a translation).
    var arguments: (name: String, values: [String: Argument]) {
        switch self {
        case .notUTF8: ("notUTF8", [:])
        case .nulCharacter: ("nulCharacter", [:])
        case .tooManyBrackets(let a0, let a1): ("tooManyBrackets", ["count": argument(a0), "limit": argument(a1)])
        case .unreadable(let a0): ("unreadable", ["reason": argument(a0)])
        case .missingFile(let a0): ("missingFile", ["path": argument(a0)])
        case .missingFrontMatter: ("missingFrontMatter", [:])
        case .unclosedFrontMatter: ("unclosedFrontMatter", [:])
        case .yamlSyntax(let a0): ("yamlSyntax", ["problem": argument(a0)])
        case .unclosedQuote(let a0): ("unclosedQuote", ["quote": argument(a0)])
        case .yamlTooLarge(let a0): ("yamlTooLarge", ["limit": argument(a0)])
        case .notAMapping(let a0): ("notAMapping", ["expected": argument(a0)])
        case .unknownKey(let a0, let a1): ("unknownKey", ["key": argument(a0), "suggestion": argument(a1)])
        case .missingKey(let a0): ("missingKey", ["key": argument(a0)])
        case .wrongType(let a0, let a1): ("wrongType", ["key": argument(a0), "expected": argument(a1)])
        case .badDate(let a0, let a1, let a2): ("badDate", ["key": argument(a0), "value": argument(a1), "format": argument(a2)])
        case .invalidValue(let a0, let a1, let a2): ("invalidValue", ["key": argument(a0), "value": argument(a1), "allowed": argument(a2)])
        case .unknownTerm(let a0, let a1, let a2): ("unknownTerm", ["kind": argument(a0), "value": argument(a1), "suggestion": argument(a2)])
        case .duplicateTerm(let a0, let a1): ("duplicateTerm", ["kind": argument(a0), "value": argument(a1)])
        case .invisibleInTerm(let a0, let a1): ("invisibleInTerm", ["kind": argument(a0), "value": argument(visible(a1))])
        case .badBaseURL(let a0): ("badBaseURL", ["value": argument(a0)])
        case .placeholderBaseURL(let a0, let a1): ("placeholderBaseURL", ["value": argument(a0), "host": argument(a1)])
        case .missingPhoto(let a0, let a1): ("missingPhoto", ["path": argument(a0), "suggestion": argument(a1)])
        case .photoWithoutAlt: ("photoWithoutAlt", [:])
        case .pathOutsideFolder(let a0): ("pathOutsideFolder", ["path": argument(a0)])
        case .symlinkOutside(let a0): ("symlinkOutside", ["path": argument(a0)])
        case .badSlug(let a0): ("badSlug", ["slug": argument(a0)])
        case .badFileName(let a0): ("badFileName", ["name": argument(a0)])
        case .badLocation(let a0, let a1): ("badLocation", ["path": argument(a0), "expected": argument(a1)])
        case .duplicateURL(let a0, let a1): ("duplicateURL", ["url": argument(a0), "otherFile": argument(a1)])
        case .unknownEdition(let a0): ("unknownEdition", ["year": argument(a0)])
        case .editionYear(let a0, let a1, let a2): ("editionYear", ["key": argument(a0), "date": argument(a1), "year": argument(a2)])
        case .unknownLanguage(let a0, let a1): ("unknownLanguage", ["language": argument(a0), "known": argument(a1)])
        case .translationWithoutOriginal(let a0, let a1): ("translationWithoutOriginal", ["language": argument(a0), "original": argument(a1)])
        case .translationSetsFact(let a0): ("translationSetsFact", ["key": argument(a0)])
        case .translationOutdated(let a0, let a1, let a2): ("translationOutdated", ["language": argument(a0), "recorded": argument(a1), "current": argument(a2)])
        case .translationUnversioned(let a0, let a1): ("translationUnversioned", ["language": argument(a0), "current": argument(a1)])
        case .missingString(let a0, let a1): ("missingString", ["key": argument(a0), "language": argument(a1)])
        case .unknownString(let a0, let a1): ("unknownString", ["template": argument(a0), "key": argument(a1)])
        case .ageLimit(let a0, let a1, let a2, let a3): ("ageLimit", ["born": argument(a0), "age": argument(a1), "referenceDate": argument(a2), "limit": argument(a3)])
        case .serviceYears(let a0, let a1, let a2, let a3): ("serviceYears", ["years": argument(a1 / 12), "remainder": argument(a1 % 12), "since": argument(a0), "months": argument(a1), "referenceDate": argument(a2), "minimumYears": argument(a3)])
        case .graduationAfterService(let a0, let a1): ("graduationAfterService", ["graduated": argument(a0), "since": argument(a1)])
        case .graduationBeforeAdulthood(let a0, let a1): ("graduationBeforeAdulthood", ["graduated": argument(a0), "born": argument(a1)])
        case .prefectureQuota(let a0, let a1, let a2, let a3): ("prefectureQuota", ["count": argument(a3.count), "prefecture": argument(a0), "edition": argument(a1), "quota": argument(a2), "stories": argument(a3)])
        case .winnerQuota(let a0, let a1, let a2): ("winnerQuota", ["count": argument(a2.count), "edition": argument(a0), "limit": argument(a1), "stories": argument(a2)])
        case .winnerNotApproved(let a0): ("winnerNotApproved", ["status": argument(a0)])
        case .storyLength(let a0, let a1, let a2): ("storyLength", ["characters": argument(a0), "min": argument(a1), "max": argument(a2)])
        case .photoFormat(let a0): ("photoFormat", ["path": argument(a0)])
        case .brokenLink(let a0): ("brokenLink", ["destination": argument(a0)])
        case .unpublishedLink(let a0): ("unpublishedLink", ["destination": argument(a0)])
        case .rootRelativeLink(let a0): ("rootRelativeLink", ["destination": argument(a0)])
        case .unknownStory(let a0): ("unknownStory", ["id": argument(a0)])
        case .stageDates(let a0, let a1, let a2): ("stageDates", ["stage": argument(a0), "from": argument(a1), "to": argument(a2)])
        case .stageOverlap(let a0, let a1): ("stageOverlap", ["stage": argument(a0), "previous": argument(a1)])
        case .dateBeforePublicity(let a0, let a1): ("dateBeforePublicity", ["date": argument(a0), "publicityFrom": argument(a1)])
        case .privateDataLeak(let a0, let a1, let a2): ("privateDataLeak", ["key": argument(a0), "output": argument(a1), "source": argument(a2)])
        case .privateDataInContent(let a0, let a1): ("privateDataInContent", ["key": argument(a0), "owner": argument(a1)])
        case .privateValueTooShort(let a0, let a1, let a2): ("privateValueTooShort", ["key": argument(a0), "length": argument(a1), "minimum": argument(a2)])
        case .privateValuePublic(let a0, let a1): ("privateValuePublic", ["key": argument(a0), "reason": argument(a1)])
        case .privateKeyMisspelt(let a0): ("privateKeyMisspelt", ["key": argument(a0)])
        case .privateBlockInText(let a0): ("privateBlockInText", ["key": argument(a0)])
        case .privateBlockNested(let a0): ("privateBlockNested", ["key": argument(a0)])
        case .unknownKeyValueInContent(let a0, let a1): ("unknownKeyValueInContent", ["key": argument(a0), "owner": argument(a1)])
        case .privateValuesGuessed(let a0): ("privateValuesGuessed", ["count": argument(a0)])
        case .guessedPrivateDataInContent(let a0, let a1): ("guessedPrivateDataInContent", ["key": argument(a0), "owner": argument(a1)])
        case .cacheUntrusted(let a0, let a1): ("cacheUntrusted", ["path": argument(a0), "reason": argument(a1)])
        case .knownPublicUnknownKey(let a0, let a1): ("knownPublicUnknownKey", ["key": argument(a0), "suggestion": argument(a1)])
        case .attachmentNotAllowed(let a0): ("attachmentNotAllowed", ["path": argument(a0)])
        case .imageInvalid(let a0, let a1): ("imageInvalid", ["path": argument(a0), "reason": argument(a1)])
        case .photoLocation(let a0): ("photoLocation", ["path": argument(a0)])
        case .videoFileMissing(let a0, let a1): ("videoFileMissing", ["key": argument(a0), "path": argument(a1)])
        case .videoFileType(let a0, let a1, let a2): ("videoFileType", ["key": argument(a0), "path": argument(a1), "expected": argument(a2)])
        case .videoWithoutCaptions(let a0): ("videoWithoutCaptions", ["path": argument(a0)])
        case .captionsInvalid(let a0, let a1): ("captionsInvalid", ["path": argument(a0), "reason": argument(a1)])
        case .videoTooLarge(let a0, let a1, let a2): ("videoTooLarge", ["sizeText": argument(megabytes(a1)), "limitText": argument(megabytes(a2)), "path": argument(a0), "size": argument(a1), "limit": argument(a2)])
        case .videoInvalid(let a0, let a1): ("videoInvalid", ["path": argument(a0), "reason": argument(a1)])
        case .videoLocation(let a0): ("videoLocation", ["path": argument(a0)])
        case .bidiControl: ("bidiControl", [:])
        case .controlCharacter(let a0): ("controlCharacter", ["code": argument(a0)])
        case .dataURL: ("dataURL", [:])
        case .unscannableFile(let a0): ("unscannableFile", ["path": argument(a0)])
        case .reorderedText(let a0): ("reorderedText", ["path": argument(a0)])
        case .staticImageMetadata(let a0): ("staticImageMetadata", ["path": argument(a0)])
        case .pdfUnreadable(let a0, let a1): ("pdfUnreadable", ["path": argument(a0), "reason": argument(a1)])
        case .redacted(let a0, let a1, let a2): ("redacted", ["rule": argument(a0), "message": argument(a1), "hint": argument(a2)])
        case .templateSyntax(let a0, let a1): ("templateSyntax", ["template": argument(a0), "problem": argument(a1)])
        case .missingPartial(let a0, let a1): ("missingPartial", ["template": argument(a0), "partial": argument(a1)])
        case .missingParent(let a0, let a1): ("missingParent", ["template": argument(a0), "parent": argument(a1)])
        case .missingTemplate(let a0): ("missingTemplate", ["template": argument(a0)])
        case .unescapedInTemplate(let a0, let a1): ("unescapedInTemplate", ["template": argument(a0), "name": argument(a1)])
        case .templateCycle(let a0): ("templateCycle", ["chain": argument(a0)])
        case .outputFailed(let a0): ("outputFailed", ["reason": argument(a0)])
        case .unsafeOutput(let a0, let a1): ("unsafeOutput", ["path": argument(a0), "reason": argument(a1)])
        case .changedWhileBuilding(let a0): ("changedWhileBuilding", ["output": argument(a0)])
        }
    }

    /// The message in `language`; English when a translation is missing.
    public func message(in language: DiagnosticLanguage) -> String {
        guard language == .chinese else { return message }
        return Translations.chinese.text(for: arguments, part: "message") ?? message
    }

    /// The hint in `language`; English when a translation is missing.
    public func hint(in language: DiagnosticLanguage) -> String? {
        guard language == .chinese, hint != nil else { return hint }
        return Translations.chinese.text(for: arguments, part: "hint") ?? hint
    }
}

/// An associated value as a translation uses it: text, or a nested case with its values.
enum Argument {
    case text(String)
    case nested(name: String, values: [String: String])

    var isEmpty: Bool { if case .text(let text) = self { text.isEmpty } else { false } }
}

func argument(_ value: String) -> Argument { .text(value) }
func argument(_ value: String?) -> Argument { .text(value ?? "") }
func argument(_ value: Int) -> Argument { .text(String(value)) }
func argument(_ value: [String]) -> Argument { .text(value.joined(separator: Translations.chinese.texts["list.separator"] ?? ", ")) }
func argument(_ value: LeakSource) -> Argument {
    switch value {
    case .template(let name): .nested(name: "template", values: ["0": name])
    case .page(let template): .nested(name: "page", values: ["template": template])
    case .copiedFile(let path): .nested(name: "copiedFile", values: ["0": path])
    case .fileName: .nested(name: "fileName", values: [:])
    }
}

/// A language's texts: `<case>.message` and `<case>.hint`, with variants
/// `<case>.<part>.<label>=<nested case>` for a nested case and `<case>.<part>.<label>` for an
/// argument that is not empty, tried in that order before the plain key.
struct Translations: Sendable {
    let texts: [String: String]

    static let chinese = Translations(resource: "zh-Hans")

    init(resource: String) {
        let url = Bundle.module.url(forResource: "Messages/" + resource, withExtension: "json")
        let data = url.flatMap { try? Data(contentsOf: $0) } ?? Data("{}".utf8)
        texts = (try? JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:]
    }

    func text(for arguments: (name: String, values: [String: Argument]), part: String) -> String? {
        let base = arguments.name + "." + part
        var candidates: [String] = []
        for (label, value) in arguments.values.sorted(by: { $0.key < $1.key }) {
            if case .nested(let name, _) = value { candidates.append("\(base).\(label)=\(name)") }
        }
        for (label, value) in arguments.values.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
            if case .text = value { candidates.append("\(base).\(label)") }
        }
        candidates.append(base)
        guard let template = candidates.lazy.compactMap({ texts[$0] }).first else { return nil }
        var values: [String: String] = [:]
        for (label, value) in arguments.values {
            switch value {
            // Words the code passes in English (`kind`, `expected`) have their own entries.
            case .text(let text): values[label] = ["kind", "expected"].contains(label) ? texts["word." + text] ?? text : text
            case .nested(_, let inner): for (key, text) in inner { values[label + "." + key] = text }
            }
        }
        return fillPlaceholders(template, values)
    }

}

/// A text with its invisible (format) characters shown as `<U+200B>`.
func visible(_ value: String) -> String {
    value.unicodeScalars.map { $0.properties.generalCategory == .format ? String(format: "<U+%04X>", $0.value) : String($0) }.joined()
}

/// `text` with each `{name}` replaced by its value, in one pass: a value is never read for
/// placeholders itself. A `{name}` with no value stays as it is. The string tables of the
/// theme and of the diagnostics both fill their phrases with it.
public func fillPlaceholders(_ text: String, _ values: [String: String]) -> String {
    guard !values.isEmpty, text.utf8.contains(UInt8(ascii: "{")) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 32)
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
        result += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "}") else { break }
        let name = String(rest[rest.index(after: open)..<close])
        result += values[name] ?? String(rest[open...close])
        rest = rest[rest.index(after: close)...]
    }
    return result + rest
}

/// `1 story`, `2 stories`.
public func counted(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(number == 1 ? one : many)" }
