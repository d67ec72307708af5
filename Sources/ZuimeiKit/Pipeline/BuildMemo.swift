import Foundation
import ZuimeiContent
import ZuimeiMarkdown
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

/// The search index's files for the documents they were made from: a rebuild whose
/// published stories show the same text (a template, a study page or a photo changed)
/// reuses them. Compared by bytes, field by field.
final class SearchMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var documents: [SearchDocument] = []
    private var files: [PlannedFile] = []

    func files(for documents: [SearchDocument]) -> [PlannedFile]? {
        lock.lock()
        defer { lock.unlock() }
        guard !files.isEmpty, documents.count == self.documents.count,
              zip(documents, self.documents).allSatisfy(Self.same) else { return nil }
        return files
    }

    func remember(_ documents: [SearchDocument], _ files: [PlannedFile]) {
        lock.lock()
        self.documents = documents
        self.files = files
        lock.unlock()
    }

    static func same(_ a: SearchDocument, _ b: SearchDocument) -> Bool {
        a.edition == b.edition && a.fields.count == b.fields.count && a.programs.count == b.programs.count
            && sameBytes(a.url, b.url) && sameBytes(a.date, b.date) && sameBytes(a.title, b.title) && sameBytes(a.summary, b.summary)
            && sameBytes(a.prefecture, b.prefecture) && zip(a.programs, b.programs).allSatisfy(sameBytes)
            && zip(a.fields, b.fields).allSatisfy(sameBytes)
    }
}
