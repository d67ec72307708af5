import Foundation
import ZuimeiDiagnostics
import ZuimeiParallel
import ZuimeiPrivacy

/// The result of loading: the content that could be read, and every problem found.
public struct Loaded: Sendable {
    /// Nil when `site.yml` itself could not be read.
    public var content: Content?
    public var diagnostics: [Diagnostic]
}

/// Reads `Content/`: `site.yml`, `editions/`, `stories/`, `study/`, `pages/`,
/// `static/` and `templates/`. Every file is read once; every problem becomes
/// a diagnostic, and loading goes on with the next file, so one run reports
/// them all.
///
/// - Parameter directory: the content directory as the user named it; it
///   prefixes every path in diagnostics.
public func loadContent(from directory: String, jobs: Int = 1, memo: ParseMemo? = nil) -> Loaded {
    var loader = ContentLoader(display: directory, jobs: jobs)
    loader.memo = memo
    return loader.load()
}

/// Stories parsed by an earlier build in the same process (`zuimei serve`
/// keeps one across rebuilds): a story whose text, name, place and files are
/// exactly what they were is not parsed again, and gets the same story and
/// diagnostics. Only the stories of the latest build are kept.
public final class ParseMemo: Sendable {
    struct Entry {
        var text: String
        var place: Parse.StoryPlace
        var display: String
        var result: (Story?, [Diagnostic])
    }

    private let entries = Locked([String: Entry]())

    public init() {}

    func result(_ relative: String, text: String, place: Parse.StoryPlace, display: String) -> (Story?, [Diagnostic])? {
        // The text by its bytes: String's == compares by canonical equivalence, normalising Chinese text first.
        guard let entry = entries.withLock({ $0[relative] }), entry.display == display, entry.place == place,
              sameBytes(entry.text, text) else { return nil }
        return entry.result
    }

    func remember(_ relative: String, _ entry: Entry) {
        entries.withLock { $0[relative] = entry }
    }

    func keep(only relatives: Set<String>) {
        entries.withLock { $0 = $0.filter { relatives.contains($0.key) } }
    }
}

struct ContentLoader: Sendable {
    let display: String
    var memo: ParseMemo?
    let root: String
    /// Threads for reading and parsing stories.
    let jobs: Int
    var diagnostics: [Diagnostic] = []
    /// Stories whose file is there but did not load (`Content.unloaded`).
    var unloaded: [UnloadedStory] = []
    /// Private values of files that did not load as stories (`Content.loosePrivateValues`).
    var loosePrivateValues: [LoosePrivateValue] = []
    /// Translation files found while walking: read and parsed once the site's languages are known.
    var translationFiles: [(relative: String, kind: TranslationKind, language: String, original: String)] = []

    init(display: String, jobs: Int = 1) {
        self.jobs = max(1, jobs)
        self.display = display.hasSuffix("/") && display.count > 1 ? String(display.dropLast()) : display
        let absolute = URL(fileURLWithPath: display).standardizedFileURL.path
        self.root = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
    }

    func displayPath(_ relative: String) -> String { display + "/" + relative }
    func absolute(_ relative: String) -> String { root + "/" + relative }

    mutating func load() -> Loaded {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            return Loaded(content: nil, diagnostics: [Diagnostic(file: display, problem: .missingFile(path: display))])
        }
        let site = loadSite()
        let editions = loadEditions()
        let stories = loadStories()
        let study = loadMarkdownFolder(ContentLayout.study, what: "study material") { text, slug, source in
            Parse.study(text, slug: slug, source: source)
        }
        let pages = loadMarkdownFolder(ContentLayout.pages, what: "a page") { text, slug, source in
            Parse.page(text, slug: slug, source: source)
        }
        let staticFiles = loadStatic()
        let templates = kind(of: ContentLayout.templates).isDirectory ? absolute(ContentLayout.templates) : nil
        guard let site else { return Loaded(content: nil, diagnostics: diagnostics) }
        for story in stories where editions[story.year] == nil {
            diagnostics.append(Diagnostic(file: story.source.display, line: 1, column: 1,
                                          problem: .unknownEdition(year: story.year)))
        }
        var content = Content(site: site, editions: editions, stories: stories, study: study, pages: pages,
                              staticFiles: staticFiles, templatesDirectory: templates, root: root,
                              unloaded: unloaded)
        content.translations = loadTranslations(content)
        loadPrivateBlocksElsewhere()
        content.loosePrivateValues = loosePrivateValues
        return Loaded(content: content, diagnostics: diagnostics)
    }

    // MARK: Files

    enum Kind { case file, directory, symlinkInside(String), symlinkOutside, missing }

    /// What is at `relative`, without following a symbolic link that leads
    /// outside `within` (relative to the root; "" for the whole content directory).
    func kind(of relative: String, within: String = "") -> Kind {
        let path = absolute(relative)
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let boundary = within.isEmpty ? root : absolute(within)
            guard target.hasPrefix(boundary + "/"), FileManager.default.fileExists(atPath: target) else {
                return .symlinkOutside
            }
            // Only a regular file or a folder: a link to a FIFO or a device would block or never end.
            var targetInfo = stat()
            guard stat(target, &targetInfo) == 0,
                  (targetInfo.st_mode & S_IFMT) == S_IFREG || (targetInfo.st_mode & S_IFMT) == S_IFDIR else { return .missing }
            return .symlinkInside(target)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
        if (info.st_mode & S_IFMT) == S_IFREG { return .file }
        return .missing
    }

    /// A file name with its control characters shown as `\u{A}`, for a diagnostic on one line.
    func escapedName(_ name: String) -> String {
        name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined()
    }

    /// Names in a directory, sorted, without hidden files.
    func entries(_ relative: String) -> [String] {
        let path = relative.isEmpty ? root : absolute(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Reads a text file: UTF-8 (BOM and CRLF allowed), or a diagnostic.
    mutating func readText(_ relative: String) -> String? {
        switch readTextFile(relative) {
        case .success(let text): return text
        case .failure(let failure):
            diagnostics.append(failure.diagnostic(file: displayPath(relative)))
            return nil
        }
    }

    /// Why a text file cannot be read, and where.
    struct TextFailure: Error {
        var problem: Problem
        var line = 0
        var column = 0
        func diagnostic(file: String) -> Diagnostic { Diagnostic(file: file, line: line, column: column, problem: problem) }
    }

    func readTextFile(_ relative: String) -> Result<String, TextFailure> {
        guard let data = FileManager.default.contents(atPath: absolute(relative)) else {
            return .failure(TextFailure(problem: .unreadable(reason: "permission denied or not a file")))
        }
        guard let text = decodeText(data) else { return .failure(TextFailure(problem: .notUTF8)) }
        if let (line, column) = nulLocation(in: data) {
            return .failure(TextFailure(problem: .nulCharacter, line: line, column: column))
        }
        return .success(text)
    }

    /// Every regular file below `relative`, recursively, as paths relative to
    /// it. A symbolic link is followed only when it stays inside `within`;
    /// one that leads outside is reported and skipped.
    mutating func files(below relative: String, within: String) -> [String] {
        var result: [String] = []
        for name in entries(relative) {
            let path = relative + "/" + name
            // A line break (or any control character, or a backslash) in a published file's
            // name breaks SHA256SUMS: `sha256sum -c` and `zuimei verify` both fail on it.
            if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) {
                diagnostics.append(Diagnostic(file: displayPath(relative + "/" + escapedName(name)), problem: .badFileName(name: escapedName(name))))
                continue
            }
            switch kind(of: path, within: within) {
            case .file, .symlinkInside:
                if case .symlinkInside(let target) = kind(of: path, within: within),
                   !FileManager.default.isReadableFile(atPath: target) || isDirectory(target) {
                    diagnostics.append(Diagnostic(file: displayPath(path), problem: .symlinkOutside(path: path)))
                    continue
                }
                result.append(name)
            case .directory:
                result += files(below: path, within: within).map { name + "/" + $0 }
            case .symlinkOutside:
                diagnostics.append(Diagnostic(file: displayPath(path), problem: .symlinkOutside(path: path)))
            case .missing:
                break
            }
        }
        return result
    }

    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// A file that may be read: a regular file, or a link that stays inside the content directory.
    mutating func readable(_ relative: String) -> Bool {
        switch kind(of: relative) {
        case .file: return true
        case .symlinkInside(let target): return !isDirectory(target)
        case .symlinkOutside:
            diagnostics.append(Diagnostic(file: displayPath(relative), problem: .symlinkOutside(path: relative)))
            return false
        case .directory, .missing: return false
        }
    }

    // MARK: site.yml and editions

    mutating func loadSite() -> SiteConfig? {
        guard readable(ContentLayout.site) else {
            diagnostics.append(Diagnostic(file: displayPath(ContentLayout.site), problem: .missingFile(path: displayPath(ContentLayout.site))))
            return nil
        }
        guard let text = readText(ContentLayout.site) else { return nil }
        let (site, found) = Parse.site(text, file: displayPath(ContentLayout.site))
        diagnostics += found
        return site
    }

    mutating func loadEditions() -> [Int: Edition] {
        var editions: [Int: Edition] = [:]
        for name in entries(ContentLayout.editions) {
            let relative = ContentLayout.editions + "/" + name
            guard readable(relative) else { continue }
            // A translation: `2021.ug.yml`.
            if name.hasSuffix(".yml"), name.count > 9, Int(name.prefix(4)) != nil, name.dropFirst(4).first == "." {
                let (_, language) = splitLanguage(String(name.dropLast(4)))
                if let language {
                    translationFiles.append((relative, .edition, language, ContentLayout.editions + "/" + name.prefix(4) + ".yml"))
                    continue
                }
            }
            guard name.hasSuffix(".yml"), let year = Int(name.dropLast(4)), name.count == 8 else {
                diagnostics.append(Diagnostic(file: displayPath(relative),
                                              problem: .badLocation(path: relative, expected: "an edition (editions/<year>.yml)")))
                continue
            }
            guard let text = readText(relative) else { continue }
            let (edition, found) = Parse.edition(text, year: year, source: SourceFile(display: displayPath(relative), relative: relative))
            diagnostics += found
            if let edition { editions[year] = edition }
        }
        return editions
    }

    // MARK: Stories

    /// A story file found by walking `stories/`, to be read and parsed.
    struct StoryJob: Sendable {
        var relative: String
        var year: Int
        var slug: String
        /// The story's folder and the names of its other files, for a folder story.
        var folder: String?
        var attachments: [String]
    }

    /// Walks `stories/` on one thread, then reads and parses the stories on `jobs` threads.
    mutating func loadStories() -> [Story] {
        var found: [StoryJob] = []
        for yearName in entries(ContentLayout.stories) {
            let yearPath = ContentLayout.stories + "/" + yearName
            guard case .directory = kind(of: yearPath) else {
                if case .symlinkOutside = kind(of: yearPath) {
                    diagnostics.append(Diagnostic(file: displayPath(yearPath), problem: .symlinkOutside(path: yearPath)))
                } else {
                    diagnostics.append(Diagnostic(file: displayPath(yearPath),
                                                  problem: .badLocation(path: yearPath, expected: "a story (stories/<year>/<slug>.md)")))
                }
                continue
            }
            guard yearName.count == 4, let year = Int(yearName) else {
                diagnostics.append(Diagnostic(file: displayPath(yearPath),
                                              problem: .badLocation(path: yearPath, expected: "a year's stories (stories/<year>/)")))
                continue
            }
            for name in entries(yearPath) {
                let path = yearPath + "/" + name
                switch kind(of: path) {
                case .directory:
                    if let job = folderStory(year: year, folder: path, slug: name) { found.append(job) }
                case .file, .symlinkInside:
                    guard name.hasSuffix(".md") else {
                        diagnostics.append(Diagnostic(file: displayPath(path), severity: .warning,
                                                      problem: .badLocation(path: path, expected: "a story's file (put it in the story's folder)")))
                        continue
                    }
                    guard readable(path) else { continue }
                    guard let slug = slugSkippingTranslation(path, kind: .story) else { continue }
                    found.append(StoryJob(relative: path, year: year, slug: slug, folder: nil, attachments: []))
                case .symlinkOutside:
                    diagnostics.append(Diagnostic(file: displayPath(path), problem: .symlinkOutside(path: path)))
                case .missing:
                    break
                }
            }
        }
        let loader = self
        let results = parallelMap(found, jobs: jobs) { job -> (Story?, [Diagnostic], UnloadedStory?, [LoosePrivateValue]) in
            let (story, problems) = loader.parseStory(job)
            if let story { return (story, problems, nil, story.strayPrivateValues) }
            // Not loaded: what can still be checked now, so problems do not come in waves; and
            // its private values, guarded whatever state the file is in.
            let display = loader.displayPath(job.relative)
            let text = loader.looseText(job.relative)
            let found = text.map { Parse.unloaded($0, display: display) }
            let draft = !problems.isEmpty && problems.allSatisfy { $0.severity == .warning }
            var failed = UnloadedStory(id: "\(job.year)/\(job.slug)", draft: draft, terms: found?.terms ?? [])
            failed.display = display
            failed.files = job.folder.map { folder in job.attachments.map { loader.attachment(folder + "/" + $0, name: $0) } } ?? []
            let read = found?.privateValues ?? LoosePrivateRead()
            return (nil, problems + Self.loosePrivateProblems(read, display: display), failed, read.values)
        }
        memo?.keep(only: Set(found.map(\.relative)))
        var stories: [Story] = []
        for (story, problems, failed, values) in results {
            diagnostics += problems
            if let story { stories.append(story) }
            if let failed { unloaded.append(failed) }
            loosePrivateValues += values
        }
        return stories
    }

    /// Every other text file under the content directory (but `stories/`, read story by story):
    /// pages, study material and their translations, `static/`, notes in a folder of their own
    /// (`drafts/`): a private block in one is guarded (a link in `static/` to such a file would
    /// publish it), and one that is not where a story's is may not be published.
    mutating func loadPrivateBlocksElsewhere() {
        let extensions: Set<String> = ["md", "markdown", "txt", "text", "yml", "yaml"]
        var pending = [""]
        var visited = 0
        while let folder = pending.popLast(), visited < 200_000 {
            let path = folder.isEmpty ? root : absolute(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? [] {
                visited += 1
                let relative = folder.isEmpty ? name : folder + "/" + name
                if folder.isEmpty, name == ContentLayout.stories { continue }
                var info = stat()
                guard lstat(absolute(relative), &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if !name.hasPrefix(".") { pending.append(relative) }
                    continue
                }
                let suffix = (name as NSString).pathExtension.lowercased()
                guard (info.st_mode & S_IFMT) == S_IFREG, extensions.contains(suffix), info.st_size <= 16 << 20,
                      let text = looseText(relative) else { continue }
                let display = displayPath(relative)
                let read = Parse.loosePrivateValues(text, display: display, blocksOnly: true)
                loosePrivateValues += read.values
            }
        }
    }

    /// A file's text for reading its private values loosely: UTF-8, else GB18030 (what a
    /// Chinese editor may save), else UTF-8 with what is not replaced; nil only when it cannot be read.
    func looseText(_ relative: String) -> String? {
        guard let data = FileManager.default.contents(atPath: absolute(relative)) else { return nil }
        if let text = decodeText(data) { return text }
        if let transcoded = transcodeToUTF8(data), let text = decodeText(transcoded) { return text }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// What a file whose front matter does not parse says of its private values: a key that
    /// looks like a misspelt `private`, a block after the front matter (errors, even in a draft:
    /// a file that parses reports them itself, unless `always`), and one warning when no private
    /// block could be read, so every value that may be private is guarded.
    static func loosePrivateProblems(_ read: LoosePrivateRead, display: String, always: Bool = false) -> [Diagnostic] {
        guard read.broken || always else { return [] }
        var found = read.problems
        let guessed = read.guessed.count
        if read.blind, guessed > 0 {
            found.append(Diagnostic(file: display, line: 1, column: 1, severity: .warning, problem: .privateValuesGuessed(count: guessed)))
        }
        return found
    }

    mutating func folderStory(year: Int, folder: String, slug: String) -> StoryJob? {
        let files = files(below: folder, within: folder)
        for file in files where file.hasSuffix(".md") && file != ContentLayout.storyFile {
            // Neither the story nor a translation (`notes.md`): not published, but it may be the
            // nomination form's notes: its private values are guarded all the same.
            guard slugSkippingTranslation(folder + "/" + file, kind: .story) != nil else { continue }
            let relative = folder + "/" + file
            diagnostics.append(Diagnostic(file: displayPath(relative), severity: .warning, problem: .badLocation(
                path: relative, expected: "a story's text or its translation (index.md, index.<language>.md)")))
            if let text = looseText(relative) {
                let read = Parse.loosePrivateValues(text, display: displayPath(relative))
                loosePrivateValues += read.values
                diagnostics += Self.loosePrivateProblems(read, display: displayPath(relative), always: true)
            }
        }
        guard files.contains(ContentLayout.storyFile) else {
            diagnostics.append(Diagnostic(file: displayPath(folder),
                                          problem: .missingFile(path: displayPath(folder + "/" + ContentLayout.storyFile))))
            return nil
        }
        return StoryJob(relative: folder + "/" + ContentLayout.storyFile, year: year, slug: slug, folder: folder,
                        attachments: files.filter { !$0.hasSuffix(".md") })
    }

    /// Reads and parses one story; safe on any thread (it changes nothing).
    func parseStory(_ job: StoryJob) -> (Story?, [Diagnostic]) {
        let display = displayPath(job.relative)
        guard Parse.isSlug(job.slug) else {
            return (nil, [Diagnostic(file: display, line: 1, column: 1, problem: .badSlug(slug: job.slug))])
        }
        let text: String
        switch readTextFile(job.relative) {
        case .success(let value): text = value
        case .failure(let failure): return (nil, [failure.diagnostic(file: display)])
        }
        let files = job.folder.map { folder in job.attachments.map { attachment(folder + "/" + $0, name: $0) } } ?? []
        let place = Parse.StoryPlace(year: job.year, slug: job.slug, folder: job.folder.map(absolute), files: files)
        if let known = memo?.result(job.relative, text: text, place: place, display: display) { return known }
        let result = Parse.story(text, place: place, source: SourceFile(display: display, relative: job.relative))
        memo?.remember(job.relative, ParseMemo.Entry(text: text, place: place, display: display, result: result))
        return result
    }

    /// The slug of a Markdown file (`x.md` → `x`), or nil for a translation (`x.ug.md`),
    /// which is kept to be read once the site's languages are known.
    mutating func slugSkippingTranslation(_ relative: String, kind: TranslationKind) -> String? {
        let name = (relative as NSString).lastPathComponent
        let (slug, language) = splitLanguage(String(name.dropLast(3)))
        guard let language else { return slug }
        let directory = (relative as NSString).deletingLastPathComponent
        translationFiles.append((relative, kind, language, directory + "/" + slug + ".md"))
        return nil
    }

    /// Reads every translation: into a language of the site, of an original that is there.
    /// A translation into another language is a warning (not published: it may be work for a
    /// language still to be added); one whose original is missing, an error; one whose original
    /// changed since (`translated_from`), a warning.
    mutating func loadTranslations(_ content: Content) -> [Translation] {
        let known = content.site.translations.map(\.code)
        var versions: [String: String] = [:]
        for story in content.stories { versions[story.source.relative] = story.translationVersion }
        for page in content.pages { versions[page.source.relative] = page.translationVersion }
        for material in content.study { versions[material.source.relative] = material.translationVersion }
        for edition in content.editions.values { versions[edition.source.relative] = edition.translationVersion }
        // A story that is there but did not load has its own errors: no second one here.
        let unloadedFiles = Set(translationFiles.filter { file in
            file.kind == .story && content.unloaded.contains { $0.id == storyID(of: file.original) }
        }.map(\.original))
        var result: [Translation] = []
        for file in translationFiles {
            let display = displayPath(file.relative)
            // A story's translation may hold what its original does (a copied `private:` block):
            // guarded, whatever language it is in and whether it parses.
            if file.kind == .story, let text = looseText(file.relative) {
                let read = Parse.loosePrivateValues(text, display: display)
                loosePrivateValues += read.values
                // The translation's own parser reports a misspelt key; the rest is said here.
                diagnostics += Self.loosePrivateProblems(read, display: display, always: true).filter {
                    if case .privateKeyMisspelt = $0.problem { read.broken } else { true }
                }
            }
            guard known.contains(file.language) else {
                diagnostics.append(Diagnostic(file: display, severity: .warning,
                                              problem: .unknownLanguage(language: file.language, known: known)))
                continue
            }
            guard let text = readText(file.relative) else { continue }
            guard let current = versions[file.original] else {
                // An original that is there but did not load has its own error: no second one here.
                if !unloadedFiles.contains(file.original), !readable(file.original) {
                    diagnostics.append(Diagnostic(file: display, line: 1, column: 1,
                                                  severity: Parse.saysDraft(text) ? .warning : .error,
                                                  problem: .translationWithoutOriginal(language: file.language,
                                                                                       original: displayPath(file.original))))
                }
                continue
            }
            let (parsed, found) = Parse.translation(text, kind: file.kind, language: file.language, original: file.original,
                                                    source: SourceFile(display: display, relative: file.relative))
            diagnostics += found
            guard var translation = parsed else { continue }
            if let recorded = translation.translatedFrom {
                if recorded != current {
                    translation.outdated = true
                    diagnostics.append(Diagnostic(translation.location(of: "translated_from"), severity: .warning,
                                                  .translationOutdated(language: file.language, recorded: recorded, current: current)))
                }
            } else {
                diagnostics.append(Diagnostic(file: display, line: 1, column: 1, severity: .warning,
                                              problem: .translationUnversioned(language: file.language, current: current)))
            }
            result.append(translation)
        }
        return result.sorted { ($0.language, $0.source.relative) < ($1.language, $1.source.relative) }
    }

    /// `stories/2021/x/index.md` or `stories/2021/x.md` → `2021/x`.
    func storyID(of relative: String) -> String {
        let parts = relative.split(separator: "/")
        guard parts.count >= 3 else { return relative }
        let slug = parts.count >= 4 ? String(parts[2]) : String(parts[2].dropLast(3))
        return "\(parts[1])/\(slug)"
    }

    /// A story's file: its size, and its image format read from its first bytes.
    func attachment(_ relative: String, name: String) -> Attachment {
        let path = absolute(relative)
        // stat and one read of 16 bytes: FileManager's attributes and FileHandle cost more than the reading.
        var info = stat()
        let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
        let bytes = fileHeader(path, count: 16)
        let header: Data? = bytes.isEmpty ? nil : Data(bytes)
        return Attachment(name: name, size: size, imageFormat: header.flatMap(Attachment.imageFormat(of:)),
                          detectedType: header.flatMap(Attachment.detectType(of:)))
    }

    /// `slug.ug` → (`slug`, `ug`): a translation's language suffix.
    func splitLanguage(_ stem: String) -> (String, String?) {
        guard let dot = stem.lastIndex(of: ".") else { return (stem, nil) }
        let language = String(stem[stem.index(after: dot)...])
        guard language.wholeMatch(of: /[a-z]{2,3}(-[A-Za-z0-9]+)*/) != nil else { return (stem, nil) }
        return (String(stem[..<dot]), language)
    }

    // MARK: Study, pages, static

    mutating func loadMarkdownFolder<T>(_ folder: String, what: String,
                                        parse: (String, String, SourceFile) -> (T?, [Diagnostic])) -> [T] {
        var items: [T] = []
        for name in entries(folder) {
            let relative = folder + "/" + name
            guard name.hasSuffix(".md") else {
                if readable(relative) || kind(of: relative).isDirectory {
                    diagnostics.append(Diagnostic(file: displayPath(relative), severity: .warning,
                                                  problem: .badLocation(path: relative, expected: "\(what) (\(folder)/<slug>.md)")))
                }
                continue
            }
            guard readable(relative) else { continue }
            guard let slug = slugSkippingTranslation(relative, kind: folder == ContentLayout.study ? .study : .page) else { continue }
            guard Parse.isSlug(slug) else {
                diagnostics.append(Diagnostic(file: displayPath(relative), line: 1, column: 1, problem: .badSlug(slug: slug)))
                continue
            }
            guard let text = readText(relative) else { continue }
            let (item, found) = parse(text, slug, SourceFile(display: displayPath(relative), relative: relative))
            diagnostics += found
            if let item { items.append(item) }
        }
        return items
    }

    mutating func loadStatic() -> [StaticFile] {
        guard kind(of: ContentLayout.staticFiles).isDirectory else { return [] }
        return files(below: ContentLayout.staticFiles, within: "").map { path in
            let relative = "static/" + path
            return StaticFile(sourcePath: absolute(relative), outputPath: path,
                              source: SourceFile(display: displayPath(relative), relative: relative))
        }
    }
}

extension ContentLoader.Kind {
    var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }
}

/// A regular file's first `count` bytes (fewer for a shorter file), by what it is, never its
/// name; empty for a file that cannot be read or is not a regular file (a FIFO would block).
public func fileHeader(_ path: String, count: Int) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    let got = read(descriptor, &bytes, count)
    return got > 0 ? Array(bytes[0..<got]) : []
}
