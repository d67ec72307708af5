import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiRules
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
