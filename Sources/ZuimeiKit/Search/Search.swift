import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiGuard
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiSearch
import ZuimeiSite
import ZuimeiTheme

/// Stage: the search index of the published stories (`ZuimeiSearch`), as files under
/// `search/`. A story's searched text is what its page shows: the title, the name, the
/// summary, the fact box and the text without markup. Drafts are never in it: only the
/// stories the site publishes are.
/// The search stage's files, with the record of the index they hold (for the cache, when one
/// is kept) and, when it was updated from the last build's, how much it did.
struct SearchOutput {
    var files: [PlannedFile]
    var record: SearchIndexRecord?
    var updated: (shards: Int, documents: Int)?
}

func searchFiles(_ model: SiteModel, views: PageViews, jobs: Int, markdown: MarkdownMemo = MarkdownMemo(), memo: SearchMemo? = nil,
                 recordFile: SearchRecordFile? = nil) -> SearchOutput {
    let documents = parallelMap(model.stories, jobs: jobs) { rendered -> SearchDocument in
        let story = rendered.story
        let facts = views.facts(rendered).map { fact in
            fact.label + "：" + fact.items.map { $0.runs.map(\.text).joined() }.joined(separator: views.strings("list.separator"))
        }
        return SearchDocument(
            url: rendered.path.directory, title: story.title, date: story.date.description, summary: rendered.summary,
            edition: story.year, prefecture: story.prefecture, programs: story.programs,
            fields: [story.title, story.name, rendered.summary] + facts + [markdown.plainText(story.body)])
    }
    let prefix = model.routes.prefix
    // The index is in the search page's folder, each language's under its prefix: `ug/search/`.
    let base = model.routes.search.directory
    func planned(_ file: OutputFile) -> PlannedFile {
        var planned = PlannedFile(file: file, origin: "(generated) search index")
        planned.nameOnly = SearchFiles.isShard(String(file.path.dropFirst(base.count)))
        planned.readable = { Data(SearchFiles.readable(String(decoding: $0, as: UTF8.self)).utf8) }
        return planned
    }
    func planned(_ file: (path: String, text: String)) -> PlannedFile { planned(OutputFile(path: base + file.path, text: file.text)) }
    // In serve: the last build's index, with only the changed documents read again and only the
    // shards they change encoded again (`SearchIndex.updated`); the other files as they were.
    if let memo, let last = memo.last(prefix: prefix), let update = last.index.updated(with: documents, jobs: jobs) {
        let changed = SearchFiles.changedFiles(for: update, jobs: jobs).map(planned)
        let byPath = Dictionary(changed.map { ($0.file.path, $0) }, uniquingKeysWith: { first, _ in first })
        let files = last.files.map { byPath[$0.file.path] ?? $0 }
        memo.remember(update.index, files, prefix: prefix)
        return SearchOutput(files: files, updated: (update.shards.count, update.documents.count))
    }
    // From the command line: the same, from the record the last build kept and the files it wrote.
    if let recordFile, let previous = recordFile.previous, let record = recordFile.load(prefix: prefix),
       let update = updated(record, documents, previous: previous, base: base, jobs: jobs) {
        return SearchOutput(files: update.files.map(planned), record: update.record, updated: update.counts)
    }
    let index = SearchIndex.build(documents, jobs: jobs)
    let files = SearchFiles.files(for: index, jobs: jobs).map(planned)
    memo?.remember(index, files, prefix: prefix)
    let record = recordFile.map { _ in index.record(digests: parallelMap(index.documents, jobs: jobs) { $0.digest }) }
    return SearchOutput(files: files, record: record)
}

/// The index updated from the last build's record and files: every file of that index the
/// update keeps must be one the output's manifest vouches for (`PreviousSite.unchanged`), each
/// shard and text it reads back must have the manifest's digest, and the files must be exactly
/// those Zuimei writes; else nil, and the index is made whole.
private func updated(_ record: SearchIndexRecord, _ documents: [SearchDocument], previous: PreviousSite, base prefix: String, jobs: Int)
    -> (files: [OutputFile], record: SearchIndexRecord, counts: (shards: Int, documents: Int))? {
    guard record.documents.count == documents.count else { return nil }
    let paths = (0..<record.shardCount).map(SearchFiles.shardPath) + record.documents.indices.map(SearchFiles.textPath)
    // The record's count of shards is the site's: shard n - 1 is there (below), shard n is not.
    guard !previous.lists(prefix + SearchFiles.shardPath(record.shardCount)) else { return nil }
    let kept = parallelMap(paths, jobs: jobs) { previous.unchanged(prefix + $0) }
    guard kept.allSatisfy({ $0 != nil }) else { return nil }
    let urls = record.documents.map(\.url)
    guard let update = SearchIndex.updated(record, with: documents, digest: { $0.digest },
                                           oldText: { id in
                                               previous.contents(prefix + SearchFiles.textPath(id))
                                                   .flatMap { SearchFiles.text(fromFile: $0, id: id, url: urls[id]) }
                                           },
                                           oldShard: { number in
                                               previous.contents(prefix + SearchFiles.shardPath(number))
                                                   .flatMap { SearchFiles.shard(fromFile: $0, number: number) }
                                           }, jobs: jobs)
    else { return nil }
    let changed = SearchFiles.changedFiles(for: (update.index, update.shards, update.documents), jobs: jobs)
        .map { OutputFile(path: prefix + $0.path, text: $0.text) }
    let byPath = Dictionary(changed.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    let small = changed.filter { !paths.contains(String($0.path.dropFirst(prefix.count))) }
    let files = small + kept.map { byPath[$0!.path] ?? $0! }
    return (files, update.record, (update.shards.count, update.documents.count))
}
