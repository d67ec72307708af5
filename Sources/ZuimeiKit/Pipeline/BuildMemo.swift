import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiRules
import ZuimeiSearch
import ZuimeiSite
import ZuimeiTemplates
import ZuimeiTheme

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
    /// The study booklet's books' entries as last compressed: a book is packed again only in the
    /// entries whose bytes changed (a story, its questions, the theme).
    let books = PackMemo()
    /// The WeChat export's pages' views, each made again only when its story changed.
    let wechat = WeChatMemo()
    /// Photos re-encoded without a cache to keep them in, served while `zuimei serve` runs.
    let scratch = PrivateTemporaryDirectory()

    public init() {}
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
