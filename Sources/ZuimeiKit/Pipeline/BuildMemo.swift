import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiParallel
import ZuimeiRules
import ZuimeiSearch
import ZuimeiTemplates

/// What a build works out that the next build in the same process can reuse
/// when its input is exactly the same: `zuimei serve` keeps one across
/// rebuilds, so a saved story costs the work of that story, not of the site.
/// Every entry is found by comparing the whole input (a story's text, place
/// and files), never by time stamps; the incremental property test holds a
/// rebuild with it byte for byte equal to a clean build.
public final class BuildMemo: Sendable {
    /// Stories as parsed.
    public let parsed = ParseMemo()
    /// Markdown bodies: their links, length, excerpt and HTML.
    public let markdown = MarkdownMemo()
    /// Where the content's texts hold private values.
    let privacy = PrivacyMemo()
    /// Photos as found in the photo cache.
    let images = ImageMemo()
    /// Stories' feed content, escaped for XML.
    let feeds = FeedContentMemo()
    /// Pages as templated.
    let pages = PageMemo()
    /// The search index of the last build, with the documents it was made from.
    let search = SearchMemo()
    /// The theme's and the site's templates as last parsed.
    let templates = TemplateMemo()
    /// Photos re-encoded without a cache to keep them in, served while `zuimei serve` runs.
    let scratch = PrivateTemporaryDirectory()

    public init() {}
}

/// The pages of the last build, by output path, with what they were made from.
final class PageMemo: @unchecked Sendable {
    struct Entry {
        var template: String
        var origin: String
        var view: any PageViewModel
        var file: PlannedFile
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var templates: [String: String] = [:]

    /// At the start of a build: every page is forgotten when any template changed.
    func begin(with set: TemplateSet) {
        let texts = set.sources
        lock.lock()
        if texts != templates {
            entries = [:]
            templates = texts
        }
        lock.unlock()
    }

    func file(for job: PageJob, view: any PageViewModel) -> PlannedFile? {
        lock.lock()
        let entry = entries[job.file]
        lock.unlock()
        guard let entry, entry.template == job.template, entry.origin == job.origin, entry.view.isEqual(to: view) else { return nil }
        return entry.file
    }

    func remember(_ job: PageJob, view: any PageViewModel, file: PlannedFile) {
        lock.lock()
        entries[job.file] = Entry(template: job.template, origin: job.origin, view: view, file: file)
        lock.unlock()
    }

    /// After a build: only its pages are kept.
    func keep(only paths: Set<String>) {
        lock.lock()
        entries = entries.filter { paths.contains($0.key) }
        lock.unlock()
    }
}

/// The last build's search index (its raw shards and documents) and its files, so the next
/// build in serve reads only the changed documents and encodes only the shards they change
/// (`SearchIndex.updated`, which the incremental property test and `SearchIndexUpdateTests`
/// hold byte for byte equal to a fresh index).
final class SearchMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var index: SearchIndex?
    private var files: [PlannedFile] = []
    private var prefix = ""

    /// The last index and files, when they were made for the same language (`prefix`).
    func last(prefix: String) -> (index: SearchIndex, files: [PlannedFile])? {
        lock.lock()
        defer { lock.unlock() }
        guard let index, self.prefix == prefix else { return nil }
        return (index, files)
    }

    func remember(_ index: SearchIndex, _ files: [PlannedFile], prefix: String) {
        lock.lock()
        self.index = index
        self.files = files
        self.prefix = prefix
        lock.unlock()
    }
}

/// The template set of the last build, with the files it was parsed from: reused while
/// every file is the same, byte for byte (name, path and text).
final class TemplateMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [TemplateSource] = []
    private var result: (TemplateSet?, [Diagnostic])?

    func result(for sources: [TemplateSource]) -> (TemplateSet?, [Diagnostic])? {
        lock.lock()
        defer { lock.unlock() }
        func same(_ a: TemplateSource, _ b: TemplateSource) -> Bool {
            sameBytes(a.name, b.name) && sameBytes(a.path, b.path) && sameBytes(a.text, b.text)
        }
        guard let result, sources.count == self.sources.count, zip(sources, self.sources).allSatisfy(same) else { return nil }
        return result
    }

    func remember(_ sources: [TemplateSource], _ result: (TemplateSet?, [Diagnostic])) {
        lock.lock()
        self.sources = sources
        self.result = result
        lock.unlock()
    }
}
