import Foundation

extension Problem {
    /// Which problem this is: the name of its entry in `Messages/problems.json`.
    public enum Kind: String, CaseIterable, Sendable {
        case notUTF8
        case nulCharacter
        case tooManyBrackets
        case unreadable
        case missingFile
        case missingFrontMatter
        case unclosedFrontMatter
        case yamlSyntax
        case fullWidthColon
        case fullWidthSpace
        case fullWidthQuote
        case unclosedQuote
        case yamlTooLarge
        case notAMapping
        case unknownKey
        case missingKey
        case wrongType
        case badDate
        case invalidValue
        case unknownTerm
        case duplicateTerm
        case invisibleInTerm
        case badBaseURL
        case placeholderBaseURL
        case missingPhoto
        case photoWithoutAlt
        case pathOutsideFolder
        case symlinkOutside
        case badSlug
        case badFileName
        case badLocation
        case duplicateURL
        case unknownEdition
        case editionYear
        case unknownLanguage
        case exportUnknownStory
        case exportDraft
        case exportFuture
        case exportNotApproved
        case translationWithoutOriginal
        case translationSetsFact
        case translationOutdated
        case translationUnversioned
        case missingString
        case unknownString
        case ageLimit
        case serviceYears
        case graduationAfterService
        case graduationBeforeAdulthood
        case prefectureQuota
        case winnerQuota
        case winnerNotApproved
        case storyLength
        case photoFormat
        case brokenLink
        case unpublishedLink
        case unknownStory
        case stageDates
        case stageOverlap
        case dateBeforePublicity
        case privateDataLeak
        case privateDataInContent
        case privateValueTooShort
        case privateValuePublic
        case privateKeyMisspelt
        case privateBlockInText
        case privateBlockNested
        case unknownKeyValueInContent
        case privateValuesGuessed
        case guessedPrivateDataInContent
        case cacheUntrusted
        case knownPublicUnknownKey
        case attachmentNotAllowed
        case imageInvalid
        case unlinkedFile
        case wrongFileType
        case photoLocation
        case videoFileMissing
        case videoFileType
        case videoWithoutCaptions
        case captionsInvalid
        case videoTooLarge
        case videoInvalid
        case videoLocation
        case bidiControl
        case controlCharacter
        case dataURL
        case unscannableFile
        case reorderedText
        case staticImageMetadata
        case pdfUnreadable
        case redacted
        case templateSyntax
        case missingPartial
        case missingParent
        case missingTemplate
        case unescapedInTemplate
        case templateCycle
        case outputFailed
        case unsafeOutput
        case changedWhileBuilding
    }

    /// The problem's kind and its values by label, as its texts use them (`{label}`), with values
    /// derived for the texts (`{years}` from `months`, `{name}` from a key without `private.`).
    /// This is the one switch a new problem adds a line to; its texts go in the catalogue.
    var arguments: (kind: Kind, values: [String: Argument]) {
        switch self {
        case .notUTF8: (.notUTF8, [:])
        case .nulCharacter: (.nulCharacter, [:])
        case .tooManyBrackets(let a0, let a1): (.tooManyBrackets, ["count": argument(a0), "limit": argument(a1)])
        case .unreadable(let a0): (.unreadable, ["reason": argument(a0)])
        case .missingFile(let a0): (.missingFile, ["path": argument(a0)])
        case .missingFrontMatter: (.missingFrontMatter, [:])
        case .unclosedFrontMatter: (.unclosedFrontMatter, [:])
        case .yamlSyntax(let a0):
            (.yamlSyntax, ["problem": argument(a0), "kind": .nested(name: yamlErrorKind(a0), values: [:]),
                           "keys": argument(a0.hasPrefix("duplicated key ") ? String(a0.dropFirst("duplicated key ".count)) : "")])
        case .fullWidthColon(let a0): (.fullWidthColon, ["key": argument(a0)])
        case .fullWidthSpace: (.fullWidthSpace, [:])
        case .fullWidthQuote(let a0): (.fullWidthQuote, ["quote": argument(a0)])
        case .unclosedQuote(let a0): (.unclosedQuote, ["quote": argument(a0), "escaped": argument(a0 == "'" ? "''" : "\\\"")])
        case .yamlTooLarge(let a0): (.yamlTooLarge, ["limit": argument(a0)])
        case .notAMapping(let a0): (.notAMapping, ["expected": argument(a0)])
        case .unknownKey(let a0, let a1): (.unknownKey, ["key": argument(a0), "suggestion": argument(a1)])
        case .missingKey(let a0): (.missingKey, ["key": argument(a0)])
        case .wrongType(let a0, let a1): (.wrongType, ["key": argument(a0), "expected": argument(a1)])
        case .badDate(let a0, let a1, let a2): (.badDate, ["key": argument(a0), "value": argument(a1), "format": argument(a2),
                                                         "suggestion": argument(dateSuggestion(a1, format: a2))])
        case .invalidValue(let a0, let a1, let a2): (.invalidValue, ["key": argument(a0), "value": argument(a1), "allowed": argument(a2)])
        case .unknownTerm(let a0, let a1, let a2): (.unknownTerm, ["kind": argument(a0), "value": argument(a1), "suggestion": argument(a2)])
        case .duplicateTerm(let a0, let a1): (.duplicateTerm, ["kind": argument(a0), "value": argument(a1)])
        case .invisibleInTerm(let a0, let a1): (.invisibleInTerm, ["kind": argument(a0), "value": argument(visible(a1))])
        case .badBaseURL(let a0): (.badBaseURL, ["value": argument(a0)])
        case .placeholderBaseURL(let a0, let a1): (.placeholderBaseURL, ["value": argument(a0), "host": argument(a1)])
        case .missingPhoto(let a0, let a1): (.missingPhoto, ["path": argument(a0), "suggestion": argument(a1)])
        case .photoWithoutAlt: (.photoWithoutAlt, [:])
        case .pathOutsideFolder(let a0): (.pathOutsideFolder, ["path": argument(a0)])
        case .symlinkOutside(let a0): (.symlinkOutside, ["path": argument(a0)])
        case .badSlug(let a0): (.badSlug, ["slug": argument(a0)])
        case .badFileName(let a0): (.badFileName, ["name": argument(a0)])
        case .badLocation(let a0, let a1): (.badLocation, ["path": argument(a0), "expected": argument(a1)])
        case .duplicateURL(let a0, let a1): (.duplicateURL, ["url": argument(a0), "otherFile": argument(a1)])
        case .unknownEdition(let a0): (.unknownEdition, ["year": argument(a0)])
        case .editionYear(let a0, let a1, let a2): (.editionYear, ["key": argument(a0), "date": argument(a1), "year": argument(a2)])
        case .unknownLanguage(let a0, let a1): (.unknownLanguage, ["language": argument(a0), "known": argument(a1)])
        case .exportUnknownStory(let a0, let a1): (.exportUnknownStory, ["id": argument(a0), "suggestion": argument(a1)])
        case .exportDraft(let a0): (.exportDraft, ["id": argument(a0)])
        case .exportFuture(let a0, let a1, let a2): (.exportFuture, ["id": argument(a0), "storyDate": argument(a1), "date": argument(a2)])
        case .exportNotApproved(let a0, let a1): (.exportNotApproved, ["id": argument(a0), "status": argument(a1)])
        case .translationWithoutOriginal(let a0, let a1): (.translationWithoutOriginal, ["language": argument(a0), "original": argument(a1)])
        case .translationSetsFact(let a0): (.translationSetsFact, ["key": argument(a0)])
        case .translationOutdated(let a0, let a1, let a2): (.translationOutdated, ["language": argument(a0), "recorded": argument(a1), "current": argument(a2)])
        case .translationUnversioned(let a0, let a1): (.translationUnversioned, ["language": argument(a0), "current": argument(a1)])
        case .missingString(let a0, let a1): (.missingString, ["key": argument(a0), "language": argument(a1)])
        case .unknownString(let a0, let a1): (.unknownString, ["template": argument(a0), "key": argument(a1)])
        case .ageLimit(let a0, let a1, let a2, let a3): (.ageLimit, ["born": argument(a0), "age": argument(a1), "referenceDate": argument(a2), "limit": argument(a3)])
        case .serviceYears(let a0, let a1, let a2, let a3): (.serviceYears, ["years": argument(a1 / 12), "remainder": argument(a1 % 12), "since": argument(a0), "months": argument(a1), "referenceDate": argument(a2), "minimumYears": argument(a3)])
        case .graduationAfterService(let a0, let a1): (.graduationAfterService, ["graduated": argument(a0), "since": argument(a1)])
        case .graduationBeforeAdulthood(let a0, let a1): (.graduationBeforeAdulthood, ["graduated": argument(a0), "born": argument(a1)])
        case .prefectureQuota(let a0, let a1, let a2, let a3): (.prefectureQuota, ["count": argument(a3.count), "prefecture": argument(a0), "edition": argument(a1), "quota": argument(a2), "stories": argument(a3)])
        case .winnerQuota(let a0, let a1, let a2): (.winnerQuota, ["count": argument(a2.count), "edition": argument(a0), "limit": argument(a1), "stories": argument(a2)])
        case .winnerNotApproved(let a0): (.winnerNotApproved, ["status": argument(a0)])
        case .storyLength(let a0, let a1, let a2): (.storyLength, ["characters": argument(a0), "min": argument(a1), "max": argument(a2)])
        case .photoFormat(let a0): (.photoFormat, ["path": argument(a0)])
        case .brokenLink(let a0): (.brokenLink, ["destination": argument(a0)])
        case .unpublishedLink(let a0): (.unpublishedLink, ["destination": argument(a0)])
        case .unknownStory(let a0): (.unknownStory, ["id": argument(a0)])
        case .stageDates(let a0, let a1, let a2): (.stageDates, ["stage": argument(a0), "from": argument(a1), "to": argument(a2)])
        case .stageOverlap(let a0, let a1): (.stageOverlap, ["stage": argument(a0), "previous": argument(a1)])
        case .dateBeforePublicity(let a0, let a1): (.dateBeforePublicity, ["date": argument(a0), "publicityFrom": argument(a1)])
        case .privateDataLeak(let a0, let a1, let a2): (.privateDataLeak, ["key": argument(a0), "output": argument(a1), "source": argument(a2)])
        case .privateDataInContent(let a0, let a1): (.privateDataInContent, ["key": argument(a0), "name": argument(keyName(a0)), "owner": argument(a1)])
        case .privateValueTooShort(let a0, let a1, let a2): (.privateValueTooShort, ["key": argument(a0), "name": argument(keyName(a0)), "length": argument(a1), "minimum": argument(a2)])
        case .privateValuePublic(let a0, let a1): (.privateValuePublic, ["key": argument(a0), "name": argument(keyName(a0)), "reason": argument(a1)])
        case .privateKeyMisspelt(let a0): (.privateKeyMisspelt, ["key": argument(a0)])
        case .privateBlockInText(let a0): (.privateBlockInText, ["key": argument(a0)])
        case .privateBlockNested(let a0): (.privateBlockNested, ["key": argument(a0)])
        case .unknownKeyValueInContent(let a0, let a1): (.unknownKeyValueInContent, ["key": argument(a0), "owner": argument(a1)])
        case .privateValuesGuessed(let a0): (.privateValuesGuessed, ["count": argument(a0), "one": argument(a0 == 1 ? "1" : "")])
        case .guessedPrivateDataInContent(let a0, let a1): (.guessedPrivateDataInContent, ["key": argument(a0), "owner": argument(a1)])
        case .cacheUntrusted(let a0, let a1): (.cacheUntrusted, ["path": argument(a0), "reason": argument(a1)])
        case .knownPublicUnknownKey(let a0, let a1): (.knownPublicUnknownKey, ["key": argument(a0), "suggestion": argument(a1)])
        case .attachmentNotAllowed(let a0): (.attachmentNotAllowed, ["path": argument(a0)])
        case .imageInvalid(let a0, let a1): (.imageInvalid, ["path": argument(a0), "reason": argument(a1)])
        case .unlinkedFile(let a0): (.unlinkedFile, ["path": argument(a0)])
        case .wrongFileType(let a0, let a1, let a2):
            (.wrongFileType, ["path": argument(a0), "declared": argument(a1.uppercased()), "detected": argument(a2?.uppercased()),
                              "extension": argument(a2.map { $0 == "jpeg" ? "jpg" : $0 })])
        case .photoLocation(let a0): (.photoLocation, ["path": argument(a0)])
        case .videoFileMissing(let a0, let a1): (.videoFileMissing, ["key": argument(a0), "path": argument(a1)])
        case .videoFileType(let a0, let a1, let a2): (.videoFileType, ["file": .nested(name: a0.hasSuffix(".poster") ? "poster" : a0.hasSuffix(".captions") ? "captions" : "video", values: [:]), "key": argument(a0), "path": argument(a1), "expected": argument(a2)])
        case .videoWithoutCaptions(let a0): (.videoWithoutCaptions, ["path": argument(a0), "stem": argument(a0.lastIndex(of: ".").map { String(a0[..<$0]) } ?? a0)])
        case .captionsInvalid(let a0, let a1): (.captionsInvalid, ["path": argument(a0), "reason": argument(a1)])
        case .videoTooLarge(let a0, let a1, let a2): (.videoTooLarge, ["sizeText": argument(megabytes(a1)), "limitText": argument(megabytes(a2)), "path": argument(a0), "size": argument(a1), "limit": argument(a2)])
        case .videoInvalid(let a0, let a1): (.videoInvalid, ["path": argument(a0), "reason": argument(a1)])
        case .videoLocation(let a0): (.videoLocation, ["path": argument(a0)])
        case .bidiControl: (.bidiControl, [:])
        case .controlCharacter(let a0): (.controlCharacter, ["code": argument(a0)])
        case .dataURL: (.dataURL, [:])
        case .unscannableFile(let a0): (.unscannableFile, ["path": argument(a0)])
        case .reorderedText(let a0): (.reorderedText, ["path": argument(a0)])
        case .staticImageMetadata(let a0): (.staticImageMetadata, ["path": argument(a0)])
        case .pdfUnreadable(let a0, let a1): (.pdfUnreadable, ["path": argument(a0), "reason": argument(a1)])
        case .redacted(let a0, let a1, let a2): (.redacted, ["rule": argument(a0), "message": argument(a1), "hint": argument(a2)])
        case .templateSyntax(let a0, let a1): (.templateSyntax, ["template": argument(a0), "problem": argument(a1)])
        case .missingPartial(let a0, let a1): (.missingPartial, ["template": argument(a0), "partial": argument(a1)])
        case .missingParent(let a0, let a1): (.missingParent, ["template": argument(a0), "parent": argument(a1)])
        case .missingTemplate(let a0): (.missingTemplate, ["template": argument(a0)])
        case .unescapedInTemplate(let a0, let a1): (.unescapedInTemplate, ["template": argument(a0), "name": argument(a1)])
        case .templateCycle(let a0): (.templateCycle, ["chain": argument(a0.joined(separator: " → "))])
        case .outputFailed(let a0): (.outputFailed, ["reason": argument(a0)])
        case .unsafeOutput(let a0, let a1): (.unsafeOutput, ["path": argument(a0), "reason": argument(a1)])
        case .changedWhileBuilding(let a0): (.changedWhileBuilding, ["output": argument(a0)])
        }
    }

    public var kind: Kind { arguments.kind }
}

/// An associated value as a text uses it: text, a list (joined as the language joins lists),
/// or a nested case with its values (`{source.template}`), which also chooses a variant.
enum Argument {
    case text(String)
    case list([String])
    case nested(name: String, values: [String: String])

    var isEmpty: Bool {
        switch self {
        case .text(let text): text.isEmpty
        case .list(let items): items.isEmpty
        case .nested: false
        }
    }
}

func argument(_ value: String) -> Argument { .text(value) }
func argument(_ value: String?) -> Argument { .text(value ?? "") }
func argument(_ value: Int) -> Argument { .text(String(value)) }
func argument(_ value: [String]) -> Argument { .list(value) }
func argument(_ value: LeakSource) -> Argument {
    switch value {
    case .template(let name): .nested(name: "template", values: ["0": name])
    case .page(let template): .nested(name: "page", values: ["template": template])
    case .copiedFile(let path): .nested(name: "copiedFile", values: ["0": path])
    case .fileName: .nested(name: "fileName", values: [:])
    }
}

/// Which of the common YAML errors libyaml's English text is, for texts in our own words.
func yamlErrorKind(_ problem: String) -> String {
    if problem.contains("could not find expected ':'") { return "missingColon" }
    if problem.contains("mapping values are not allowed") { return "colonInValue" }
    if problem.contains("cannot start any token") { return "badCharacter" }
    if problem.contains("did not find expected key") || problem.contains("did not find expected '-' indicator") { return "indentation" }
    if problem.contains("did not find expected ',' or ']'") || problem.contains("did not find expected ',' or '}'") { return "unclosedList" }
    if problem.hasPrefix("duplicated key ") { return "duplicateKey" }
    return "other"
}

/// A private key as `private.known_public` lists it: without `private.`.
func keyName(_ key: String) -> String { key.hasPrefix("private.") ? String(key.dropFirst("private.".count)) : key }

/// A text with its invisible (format) characters shown as `<U+200B>`.
func visible(_ value: String) -> String {
    value.unicodeScalars.map { $0.properties.generalCategory == .format ? String(format: "<U+%04X>", $0.value) : String($0) }.joined()
}
