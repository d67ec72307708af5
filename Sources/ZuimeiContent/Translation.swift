import CCrypto
import Foundation
import ZuimeiDiagnostics

/// A language the site is published in (`languages:` in `site.yml`).
public struct SiteLanguage: Codable, Sendable, Equatable, Hashable {
    /// BCP 47: `zh-Hans`, `ug`, `kk-Arab`.
    public var code: String
    /// The language's name in its own script: `ئۇيغۇرچە`; empty for the default language when
    /// `site.yml` does not name it (the theme's string table does: `language.zh-Hans`).
    public var name: String
    /// `ltr` or `rtl`.
    public var direction: String
    /// Where its pages are, relative to the site's root: `""` for the default language, `ug/`.
    public var prefix: String
    /// The site's title and description in this language (the default's when not given).
    public var title: String?
    public var description: String?

    public static let keys = ["code", "name", "direction", "prefix", "title", "description"]

    public init(code: String, name: String, direction: String, prefix: String, title: String? = nil, description: String? = nil) {
        self.code = code
        self.name = name
        self.direction = direction
        self.prefix = prefix
        self.title = title
        self.description = description
    }

    /// Scripts written right to left: Uyghur, Kazakh in Arabic script, Arabic, Persian, Hebrew, Urdu….
    public static func direction(of code: String) -> String {
        let primary = code.split(separator: "-").first.map { $0.lowercased() } ?? ""
        let rtl = ["ar", "fa", "he", "ug", "ur", "ps", "sd", "yi", "ckb", "dv"]
        return rtl.contains(primary) || code.contains("-Arab") || code.contains("-Hebr") ? "rtl" : "ltr"
    }
}

/// What a translation translates.
public enum TranslationKind: String, Codable, Sendable {
    case story, page, study, edition

    /// The keys a translation of this kind may set: the text that changes with language.
    public var keys: [String] {
        switch self {
        case .story: ["title", "name", "gender", "ethnicity", "university", "workplace", "summary", "photo_alt", "translated_from", "draft"]
        case .page: ["title", "summary", "nav_title", "translated_from", "draft"]
        case .study: ["title", "summary", "questions", "translated_from", "draft"]
        case .edition: ["title", "translated_from"]
        }
    }

    /// The keys of the original that are the same in every language: a translation that sets one is told so.
    public var facts: [String] {
        switch self {
        case .story: Story.keys.filter { !keys.contains($0) }
        case .page: Page.keys.filter { !keys.contains($0) && $0 != "draft" }
        case .study: StudyMaterial.keys.filter { !keys.contains($0) && $0 != "draft" }
        case .edition: Edition.keys.filter { !keys.contains($0) }
        }
    }
}

/// A translation of a story, page, study material or edition: `<slug>.<language>.md`
/// (`index.<language>.md` in a story's folder, `<year>.<language>.yml` for an edition),
/// with the translated text. Everything else comes from the original.
public struct Translation: Sendable, Equatable {
    public var kind: TranslationKind
    public var language: String
    /// The original's file, relative to the content directory: `stories/2021/x/index.md`.
    public var original: String
    /// The translated text fields by key (`title`, `name`, `photo_alt`…).
    public var fields: [String: String]
    /// A study material's questions, translated.
    public var questions: [String]?
    /// The Markdown body (nil for an edition).
    public var body: String?
    /// The version of the original this translates (`translated_from`), if it says.
    public var translatedFrom: String?
    /// Work in progress (`draft: true`): not published (a preview shows it), its problems warnings.
    public var draft = false
    /// The original changed after it was made (`translated_from` names an earlier version): its
    /// page says so, with a link to the original.
    public var outdated = false
    public var source: SourceFile
    public var locations: [String: SourceLocation]

    public init(kind: TranslationKind, language: String, original: String, fields: [String: String], questions: [String]? = nil,
                body: String?, translatedFrom: String?, source: SourceFile, locations: [String: SourceLocation] = [:]) {
        self.kind = kind
        self.language = language
        self.original = original
        self.fields = fields
        self.questions = questions
        self.body = body
        self.translatedFrom = translatedFrom
        self.source = source
        self.locations = locations
    }

    public func location(of key: String) -> SourceLocation {
        locations[key] ?? SourceLocation(file: source.display, line: 1, column: 1)
    }
}

/// The version of an original that a translation records (`translated_from`): the first 12
/// hexadecimal digits of the SHA-256 of the text a translator translates (the translatable
/// fields and the body), so a change of status or date does not make a translation outdated.
public func translationVersion(fields: [(String, String?)], body: String?) -> String {
    var text = ""
    for (key, value) in fields {
        guard let value else { continue }
        text += key + "\u{1F}" + value + "\u{1E}"
    }
    text += body ?? ""
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
    return digest.prefix(6).map { String(format: "%02x", $0) }.joined()
}

extension Story {
    /// The version a translation of this story records (`translated_from`).
    public var translationVersion: String {
        ZuimeiContent.translationVersion(fields: [("title", title), ("name", name), ("gender", gender), ("ethnicity", ethnicity),
                                                  ("university", university), ("workplace", workplace), ("summary", summary),
                                                  ("photo_alt", photoAlt)], body: body)
    }
}

extension Page {
    public var translationVersion: String {
        ZuimeiContent.translationVersion(fields: [("title", title), ("summary", summary), ("nav_title", navTitle)], body: body)
    }
}

extension StudyMaterial {
    public var translationVersion: String {
        ZuimeiContent.translationVersion(fields: [("title", title), ("summary", summary)] + questions.map { ("questions", $0) },
                                         body: body)
    }
}

extension Edition {
    public var translationVersion: String { ZuimeiContent.translationVersion(fields: [("title", title)], body: nil) }
}
