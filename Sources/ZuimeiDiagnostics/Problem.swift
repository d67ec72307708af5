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

/// What is wrong, as a value. Each case has a stable rule id, a message that says what is
/// wrong and a hint that says how to fix it, side by side in every language in
/// `Messages/problems.json` (its entry is named by `kind`). A new problem is a case here, a
/// line in `arguments` (`Problem+Arguments.swift`) and an entry in the catalogue.
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
    /// `key：` with a full-width colon, as Chinese keyboards type it.
    case fullWidthColon(key: String)
    /// A full-width space (U+3000) in a line's indentation.
    case fullWidthSpace
    /// A value opened with a full-width quote (`“`), where YAML then fails.
    case fullWidthQuote(quote: String)
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
    /// `zuimei export wechat 2021/x`: no such story; a draft; a story not published on the build date.
    case exportUnknownStory(id: String, suggestion: String? = nil)
    case exportDraft(id: String)
    case exportFuture(id: String, storyDate: String, date: String)
    case exportNotApproved(id: String, status: String)
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
    /// A file of a story's folder that neither the story nor a translation links to: not published.
    case unlinkedFile(path: String)
    /// A file of a story's folder whose bytes are not the type its extension names (`pdf`,
    /// `jpeg`, …): `detected` is what they are, when Zuimei can tell.
    case wrongFileType(path: String, declared: String, detected: String?)
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
}

/// `12.3 MB`: sizes in diagnostics, in decimal megabytes as file managers show them.
func megabytes(_ bytes: Int) -> String { megabytesNumber(bytes) + " MB" }

/// `12.3`: a size in decimal megabytes to a tenth, rounded, as file managers show it (diagnostics
/// and the pages' file sizes both write it so).
public func megabytesNumber(_ bytes: Int) -> String {
    let tenths = (bytes + 50_000) / 100_000
    return "\(tenths / 10).\(tenths % 10)"
}
