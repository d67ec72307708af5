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
final class PageMemo: Sendable {
    struct Entry: Sendable {
        var template: String
        var origin: String
        var view: any PageViewModel
        var file: PlannedFile
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var templates: [String: String] = [:]
    }

    private let state = Locked(State())

    /// At the start of a build: every page is forgotten when any template changed.
    func begin(with set: TemplateSet) {
        let texts = set.sources
        state.withLock { state in
            if texts != state.templates {
                state.entries = [:]
                state.templates = texts
            }
        }
    }

    func file(for job: PageJob, view: any PageViewModel) -> PlannedFile? {
        guard let entry = state.withLock({ $0.entries[job.file] }), entry.template == job.template, entry.origin == job.origin,
              entry.view.isEqual(to: view) else { return nil }
        return entry.file
    }

    func remember(_ job: PageJob, view: any PageViewModel, file: PlannedFile) {
        state.withLock { $0.entries[job.file] = Entry(template: job.template, origin: job.origin, view: view, file: file) }
    }

    /// After a build: only its pages are kept.
    func keep(only paths: Set<String>) {
        state.withLock { $0.entries = $0.entries.filter { paths.contains($0.key) } }
    }
}

/// The last build's search index (its raw shards and documents) and its files, so the next
/// build in serve reads only the changed documents and encodes only the shards they change
/// (`SearchIndex.updated`, which the incremental property test and `SearchIndexUpdateTests`
/// hold byte for byte equal to a fresh index).
final class SearchMemo: Sendable {
    private struct State {
        var index: SearchIndex?
        var files: [PlannedFile] = []
        var prefix = ""
    }

    private let state = Locked(State())

    /// The last index and files, when they were made for the same language (`prefix`).
    func last(prefix: String) -> (index: SearchIndex, files: [PlannedFile])? {
        state.withLock { state in
            guard let index = state.index, state.prefix == prefix else { return nil }
            return (index, state.files)
        }
    }

    func remember(_ index: SearchIndex, _ files: [PlannedFile], prefix: String) {
        state.withLock { $0 = State(index: index, files: files, prefix: prefix) }
    }
}

/// The template set of the last build, with the files it was parsed from: reused while
/// every file is the same, byte for byte (name, path and text).
final class TemplateMemo: Sendable {
    private struct State {
        var sources: [TemplateSource] = []
        var result: (TemplateSet?, [Diagnostic])?
    }

    private let state = Locked(State())

    func result(for sources: [TemplateSource]) -> (TemplateSet?, [Diagnostic])? {
        func same(_ a: TemplateSource, _ b: TemplateSource) -> Bool {
            sameBytes(a.name, b.name) && sameBytes(a.path, b.path) && sameBytes(a.text, b.text)
        }
        return state.withLock { state in
            guard let result = state.result, sources.count == state.sources.count, zip(sources, state.sources).allSatisfy(same)
            else { return nil }
            return result
        }
    }

    func remember(_ sources: [TemplateSource], _ result: (TemplateSet?, [Diagnostic])) {
        state.withLock { $0 = State(sources: sources, result: result) }
    }
}
