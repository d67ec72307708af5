import Foundation
import ZuimeiContent
import ZuimeiDiagnostics

/// `zuimei new`: files a media team starts from, with a Chinese comment on
/// every field. They never overwrite anything.
public enum Scaffold {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case exists(String)
        case badStoryID(String)
        case badYear(String)
        case noSite(String)
        case noEdition(path: String, year: Int, missing: Bool)
        case unknownPrefecture(String, suggestion: String?)
        case cannotWrite(String, String)
        case unknownLanguage(String, known: [String])
        case noOriginal(String)

        public var description: String { message(in: .english) }

        /// The error in `language`; every command it names repeats `options` (`--content team`),
        /// so that it runs as written from where the user is.
        public func message(in language: DiagnosticLanguage, options: String = "") -> String {
            let more = options.isEmpty ? "" : " " + options
            switch self {
            case .exists(let path):
                return language.phrase("scaffold.exists", ["path": path], english: "\(path) already exists; nothing was written")
            case .badStoryID(let id):
                return language.phrase("scaffold.badStoryID", ["id": id],
                                       english: "'\(id)' is not <year>/<slug> (e.g. 2021/ili-example: lowercase ASCII letters, digits and hyphens)")
            case .badYear(let year):
                return language.phrase("scaffold.badYear", ["year": year], english: "'\(year)' is not a year (YYYY)")
            case .noSite(let path):
                return language.phrase("scaffold.noSite", ["path": path, "options": more],
                                       english: "\(path) is missing or has errors: run zuimei check\(more), or start with zuimei new site DIR")
            case .noEdition(let path, let year, let missing):
                return missing
                    ? language.phrase("scaffold.noEdition", ["path": path, "year": String(year), "options": more],
                                      english: "\(path) does not exist: a story belongs to an edition; write it first with zuimei new edition \(year)\(more)")
                    : language.phrase("scaffold.editionErrors", ["path": path, "options": more],
                                      english: "\(path) has errors: run zuimei check\(more) and fix it first (the story's date comes from its publicity stage)")
            case .unknownPrefecture(let name, let suggestion):
                if let suggestion {
                    return language.phrase("scaffold.unknownPrefecture.suggestion", ["name": name, "suggestion": suggestion],
                                           english: "unknown prefecture '\(name)'; did you mean \(suggestion)?")
                }
                return language.phrase("scaffold.unknownPrefecture", ["name": name],
                                       english: "unknown prefecture '\(name)'; use a name listed in site.yml")
            case .cannotWrite(let path, let reason):
                return language.phrase("scaffold.cannotWrite", ["path": path, "reason": reason], english: "cannot write \(path): \(reason)")
            case .unknownLanguage(let code, let known):
                if known.isEmpty {
                    return language.phrase("scaffold.unknownLanguage.none", ["code": code],
                                           english: "'\(code)' is not one of site.yml's languages; add it under languages: first")
                }
                return language.phrase("scaffold.unknownLanguage", ["code": code, "known": known.joined(separator: ", ")],
                                       english: "'\(code)' is not one of site.yml's languages (\(known.joined(separator: ", ")))")
            case .noOriginal(let id):
                return language.phrase("scaffold.noOriginal", ["id": id, "options": more],
                                       english: "there is no story \(id) that loads: run zuimei check\(more), and translate it once it has no errors")
            }
        }
    }

    /// The content folder `zuimei new site DIR` writes: `DIR/Content/`, the layout every command
    /// expects when run from `DIR`; `DIR` itself when it is already named `Content`.
    public static func contentFolder(forNewSite directory: String) -> String {
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        guard name != "Content" else { return directory }
        return (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/Content"
    }

    // MARK: new story

    /// Writes `stories/<year>/<slug>/index.md` with every front-matter field and `status: draft`.
    /// The edition of that year must exist: the story's date is today, or the first day of the
    /// edition's publicity stage if that is later (an approved story is published from its date).
    /// Returns the file written and the date written into it.
    public static func story(id: String, name: String?, prefecture: String?, content: String,
                             today: Day) throws(Failure) -> (path: String, date: Day) {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), isValidSlug(String(parts[1])) else {
            throw .badStoryID(id)
        }
        let slug = String(parts[1])
        let siteFile = content + "/" + ContentLayout.site
        guard let site = loadSiteConfig(at: siteFile).0 else { throw .noSite(siteFile) }
        if let prefecture, !site.prefectures.contains(where: { $0.name == prefecture }) {
            throw .unknownPrefecture(prefecture, suggestion: closestMatch(to: prefecture, in: site.prefectures.map(\.name)))
        }
        for existing in [ContentLayout.flatStory(year: year, slug: slug), ContentLayout.story(year: year, slug: slug)] where
            FileManager.default.fileExists(atPath: content + "/" + existing) {
            throw .exists(content + "/" + existing)
        }
        let editionPath = content + "/" + ContentLayout.edition(year)
        guard let edition = loadEdition(content: content, year: year).0 else {
            throw .noEdition(path: editionPath, year: year, missing: !FileManager.default.fileExists(atPath: editionPath))
        }
        // Today, or the start of the edition's publicity stage if that is later; for an edition
        // that is over, the start of its publicity stage (a story dated within its edition).
        let date = today > edition.stages.study.to ? edition.stages.publicity.from : max(today, edition.stages.publicity.from)
        let path = content + "/" + ContentLayout.story(year: year, slug: slug)
        try write(storyText(name: name, prefecture: prefecture, today: date, site: site), to: path)
        return (path, date)
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func storyText(name: String?, prefecture: String?, today: Day, site: SiteConfig) -> String {
        fill(resource("story.md"), [
            "title": quoted(name.map { fill(phrase("story.title"), ["name": $0]) } ?? ""),
            "name": name.map(quoted) ?? "",
            "prefecture": prefecture.map(quoted) ?? "",
            "programs": site.programs.map(\.name).joined(separator: phrase("list.separator")),
            "date": today.description,
        ])
    }

    // MARK: new translation

    /// Writes the translation of story `id` into `language` beside it (`index.<language>.md` in
    /// its folder, `<slug>.<language>.md` beside a single file): `draft: true`, the version of
    /// the original it translates (`translated_from`), every text field with the original's
    /// text in a comment above it, and the original's body in a comment to translate from.
    public static func translation(id: String, language: String, content: String) throws(Failure) -> String {
        let siteFile = content + "/" + ContentLayout.site
        guard let site = loadSiteConfig(at: siteFile).0 else { throw .noSite(siteFile) }
        let known = site.translations.map(\.code)
        guard known.contains(language) else { throw .unknownLanguage(language, known: known) }
        guard let story = loadContent(from: content).content?.stories.first(where: { $0.id == id }) else { throw .noOriginal(id) }
        let original = story.source.relative
        let path = content + "/" + String(original.dropLast(3)) + ".\(language).md"
        guard !FileManager.default.fileExists(atPath: path) else { throw .exists(path) }
        try write(translationText(story, language: language), to: path)
        return path
    }

    static func translationText(_ story: Story, language: String) -> String {
        func field(_ key: String, _ value: String?) -> String {
            guard let value else { return "" }
            // On one comment line: every character YAML takes for a line break becomes a space.
            let line = String(value.unicodeScalars.map { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) ? " " : Character($0) })
            return "# \(phrase("translation.original")): \(line)\n\(key): \"\"\n"
        }
        let fields = field("title", story.title) + field("name", story.name) + field("gender", story.gender)
            + field("ethnicity", story.ethnicity) + field("university", story.university) + field("workplace", story.workplace)
            + field("summary", story.summary) + field("photo_alt", story.photoAlt)
        let body = story.body.replacingOccurrences(of: "-->", with: "-- >")
        return fill(resource("translation.md"), ["language": language, "version": story.translationVersion, "fields": fields,
                                                 "id": story.id, "body": body])
    }

    // MARK: new edition

    /// Writes `editions/<year>.yml` with the five stages to fill in.
    public static func edition(year text: String, content: String) throws(Failure) -> String {
        guard text.count == 4, let year = Int(text), year > 1900 else { throw .badYear(text) }
        let path = content + "/" + ContentLayout.edition(year)
        guard !FileManager.default.fileExists(atPath: path) else { throw .exists(path) }
        try write(editionText(year: year), to: path)
        return path
    }

    static func editionText(year: Int) -> String { fill(resource("edition.yml"), ["year": String(year)]) }

    // MARK: new site

    /// Writes a fresh, buildable site into `directory` (which must not exist or be empty).
    public static func site(at directory: String, today: Day) throws(Failure) -> [String] {
        let directory = contentFolder(forNewSite: directory)
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: directory), !entries.isEmpty {
            throw .exists(directory)
        }
        let year = today.year
        var written: [String] = []
        func add(_ relative: String, _ text: String) throws(Failure) {
            try write(text, to: directory + "/" + relative)
            written.append(directory + "/" + relative)
        }
        try add(ContentLayout.site, siteText)
        try add(ContentLayout.edition(year), editionText(year: year))
        try add(ContentLayout.story(year: year, slug: "example-story"), exampleStory(year: year))
        try add("pages/about.md", resource("about.md"))
        return written
    }

    static var siteText: String { resource("site.yml") }

    static func exampleStory(year: Int) -> String {
        fill(resource("example-story.md"), ["born": String(year - 30), "since": String(year - 8), "year": String(year)])
    }

    /// What to do after `zuimei new story`: fill in the required fields (marked as the scaffold marks them), then check.
    public static func nextStep(content: String) -> String { fill(phrase("next.story"), ["content": content]) }

    // MARK: Resources

    /// A scaffold's text, from `Scaffolds/` (written in Chinese, for the team that fills it in).
    static func resource(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: "Scaffolds/" + name, withExtension: nil),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("the scaffold \(name) is missing from the package's resources")
        }
        return text
    }

    /// A phrase the scaffolds put together in code (`Scaffolds/strings.yml`: `key: "text"` lines).
    static func phrase(_ key: String) -> String {
        for line in resource("strings.yml").split(separator: "\n") where line.hasPrefix(key + ": ") {
            let value = line.dropFirst(key.count + 2)
            return value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : String(value)
        }
        return key
    }

    /// `text` with each `{name}` replaced by its value.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path, error.localizedDescription)
        }
        // O_EXCL: never overwrite, even if the file appeared since it was looked for.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw errno == EEXIST ? .exists(path) : .cannotWrite(path, String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Foundation.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw .cannotWrite(path, String(cString: strerror(errno)))
        }
    }
}
