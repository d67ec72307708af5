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
func searchFiles(_ model: SiteModel, views: PageViews, jobs: Int, memo: SearchMemo? = nil) -> [PlannedFile] {
    let documents = parallelMap(model.stories, jobs: jobs) { rendered -> SearchDocument in
        let story = rendered.story
        let facts = views.facts(rendered).map { fact in
            fact.label + "：" + fact.items.map(\.text).joined(separator: views.strings("list.separator"))
        }
        return SearchDocument(
            url: rendered.path.directory, title: story.title, date: story.date.description, summary: rendered.summary,
            edition: story.year, prefecture: story.prefecture, programs: story.programs,
            fields: [story.title, story.name, rendered.summary] + facts + [plainText(ofMarkdown: story.body)])
    }
    if let known = memo?.files(for: documents) { return known }
    let index = SearchIndex.build(documents, jobs: jobs)
    let files = SearchFiles.files(for: index, jobs: jobs).map { file in
        // Each language has its index under its prefix: `ug/search/`.
        var planned = PlannedFile(file: OutputFile(path: model.routes.prefix + file.path, text: file.text),
                                  origin: "(generated) search index")
        planned.nameOnly = file.path.hasPrefix(SearchFiles.directory + "i/")
        planned.readable = { Data(SearchFiles.readable(String(decoding: $0, as: UTF8.self)).utf8) }
        return planned
    }
    memo?.remember(documents, files)
    return files
}
