import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiSearch

/// Stage: the search index of the published stories (`ZuimeiSearch`), as files under
/// `search/`. A story's searched text is what its page shows: the title, the name, the
/// summary, the fact box and the text without markup. Drafts are never in it: only the
/// stories the site publishes are.
func searchFiles(_ model: SiteModel, views: PageViews, jobs: Int, markdown: MarkdownMemo = MarkdownMemo(), memo: SearchMemo? = nil)
    -> [PlannedFile] {
    let documents = parallelMap(model.stories, jobs: jobs) { rendered -> SearchDocument in
        let story = rendered.story
        let facts = views.facts(rendered).map { fact in
            fact.label + "：" + fact.items.map(\.text).joined(separator: views.strings("list.separator"))
        }
        return SearchDocument(
            url: rendered.path.directory, title: story.title, date: story.date.description, summary: rendered.summary,
            edition: story.year, prefecture: story.prefecture, programs: story.programs,
            fields: [story.title, story.name, rendered.summary] + facts + [markdown.plainText(story.body)])
    }
    func planned(_ file: (path: String, text: String)) -> PlannedFile {
        // Each language has its index under its prefix: `ug/search/`.
        var planned = PlannedFile(file: OutputFile(path: model.routes.prefix + file.path, text: file.text),
                                  origin: "(generated) search index")
        planned.nameOnly = file.path.hasPrefix(SearchFiles.directory + "i/")
        planned.readable = { Data(SearchFiles.readable(String(decoding: $0, as: UTF8.self)).utf8) }
        return planned
    }
    // In serve: the last build's index, with only the changed documents read again and only the
    // shards they change encoded again (`SearchIndex.updated`); the other files as they were.
    if let memo, let last = memo.last(prefix: model.routes.prefix), let update = last.index.updated(with: documents, jobs: jobs) {
        let changed = SearchFiles.changedFiles(for: update, jobs: jobs).map(planned)
        let byPath = Dictionary(changed.map { ($0.file.path, $0) }, uniquingKeysWith: { first, _ in first })
        let files = last.files.map { byPath[$0.file.path] ?? $0 }
        memo.remember(update.index, files, prefix: model.routes.prefix)
        return files
    }
    let index = SearchIndex.build(documents, jobs: jobs)
    let files = SearchFiles.files(for: index, jobs: jobs).map(planned)
    memo?.remember(index, files, prefix: model.routes.prefix)
    return files
}
