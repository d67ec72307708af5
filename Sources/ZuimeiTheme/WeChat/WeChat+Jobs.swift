import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiSite
import ZuimeiParallel
import ZuimeiTemplates

/// Stage (`zuimei export wechat`, and `zuimei serve` at `/__zuimei/wechat/`): the export's pages,
/// as page jobs under `root`: for each published story in each language (those of `only`, by id,
/// when given), `<prefix><year>/<slug>/index.html` and `weibo.txt` beside it; and `index.html`,
/// every exported story newest first. Templated like every page (`renderPages`), searched by the
/// private-data guard like every output.
public func weChatJobs(_ models: [SiteModel], root: String, only: Set<String>? = nil, markdown: MarkdownMemo,
                       memo: WeChatMemo? = nil) -> [PageJob] {
    var jobs: [PageJob] = []
    var entries: [(story: RenderedStory, model: SiteModel, href: String)] = []
    for model in models {
        let prefix = model.routes.prefix
        for story in model.stories where only?.contains(story.story.id) ?? true {
            let folder = "\(prefix)\(story.story.year)/\(story.story.slug)/"
            let up = String(repeating: "../", count: folder.split(separator: "/").count)
            let origin = story.story.source.display
            let file = root + folder + "index.html"
            jobs.append(PageJob(file: file, "wechat/page", origin: origin) { views in
                views.weChatPage(story, indexHref: up + "index.html", markdown: markdown, memo: memo, file: file)
            })
            jobs.append(PageJob(file: root + folder + "weibo.txt", "wechat/weibo", origin: origin) { views in
                WeChatWeiboView(weibo: views.weChatPage(story, indexHref: up + "index.html", markdown: markdown, memo: memo, file: file).weibo)
            })
            entries.append((story, model, folder + "index.html"))
            jobs[jobs.count - 2].language = prefix
            jobs[jobs.count - 1].language = prefix
        }
    }
    entries.sort { ($0.story.story.date, $1.href) > ($1.story.story.date, $0.href) }
    // In the index's language (the default's): the status and each story's language by name.
    let strings = models.first?.strings ?? .load()
    let rows = entries.map { entry in
        let code = entry.model.config.language
        let language = entry.model.config.languages.first { $0.code == code }
        return WeChatIndexEntry(title: entry.story.story.title, href: entry.href, date: entry.story.story.date.description,
                                status: strings(entry.story.story.winner ? "wechat.winner" : "wechat.published"),
                                language: code, languageName: strings.table["language.\(code)"] ?? code,
                                direction: language?.direction ?? "ltr")
    }
    jobs.append(PageJob(file: root + "index.html", "wechat/index", origin: "(generated) WeChat export index") { views in
        WeChatIndexView(layout: views.exportLayout(title: views.strings("wechat.title")), entries: rows)
    })
    return jobs
}

/// A story's Weibo text, as `wechat/weibo` is given it.
struct WeChatWeiboView: PageViewModel {
    var weibo: String
    func child(named name: String) -> TemplateValue? { name == "weibo" ? .string(weibo) : nil }
}

/// The export pages' views of the last build (`zuimei serve`), by page: a story's view is made
/// again only when what it is made from changed (the story and its files, where its page is, the
/// language, and where each of its links leads), so a rebuild after one edit makes one story's.
public final class WeChatMemo: Sendable {
    struct Key: Equatable, Sendable {
        var story: Story
        var path: PagePath
        var files: [PublishedFile]
        var quoted: String?
        var language: String
        var base: String
        var indexHref: String
        var rewrites: [String?]
    }
    private let state = Locked([String: (key: Key, view: WeChatPageView)]())

    public init() {}

    func view(_ key: Key, at file: String, make: () -> WeChatPageView) -> WeChatPageView {
        if let known = state.withLock({ $0[file] }), known.key == key { return known.view }
        let view = make()
        state.withLock { $0[file] = (key, view) }
        return view
    }
}
