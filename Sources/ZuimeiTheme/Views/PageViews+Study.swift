import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiSearch
import ZuimeiSite
import ZuimeiTemplates

extension PageViews {
    // MARK: Pages and study

    /// The search page. The script (`assets/search.js`) reads the query from the URL and
    /// shows the results; the page itself is the same for every query.
    func search() -> SearchView {
        let path = routes.search
        let keys = ["search.results", "search.none", "search.loading", "search.failed", "search.empty", "search.more",
                    "search.match.title"]
        // With the pattern of a long date, so the results write dates as every other page does.
        let table = keys.map { "\(SearchFiles.json(String($0.dropFirst("search.".count)))):\(SearchFiles.json(strings($0)))" }
            + ["\(SearchFiles.json("date")):\(SearchFiles.json(strings.table["date.long"] ?? "{year}-{month}-{day}"))"]
        let stories = model.stories
        return SearchView(
            layout: layout(for: path, title: strings("search.title"), description: strings("search.description"), section: "search"),
            title: strings("search.title"), query: "",
            editions: Array(Set(stories.map { String($0.story.year) })).sorted(by: >),
            prefectures: Array(Set(stories.map(\.story.prefecture))).sorted().map(term),
            programs: Array(Set(stories.flatMap(\.story.programs))).sorted().map(term),
            stringsJSON: "{" + table.joined(separator: ",") + "}",
            scriptHref: path.href(toFile: Routes.assets + "search.js"),
            indexPath: routes.search.directory, metaFile: SearchFiles.metaFile)
    }

    func page(_ page: RenderedDocument) -> PageView {
        PageView(layout: layout(for: page.path, title: page.title, description: page.summary, section: page.path.directory),
                 title: page.title, body: page.markdown.html, outdatedHref: page.outdatedOriginal.map { page.path.href(to: $0) })
    }

    func studyIndex() -> StudyIndexView {
        let path = routes.study
        let items = model.rendered.study.map { studyItem($0, from: path) }
        let feed = FeedLink(title: strings("title.withSite", ["title": strings("study.title"), "site": config.title]),
                            href: path.href(toFile: routes.studyFeed))
        return StudyIndexView(layout: layout(for: path, title: strings("study.title"), description: strings("study.description"),
                                             section: "study", feed: feed),
                              items: items,
                              bookletHref: bookletEdition() == nil ? nil : path.href(to: routes.booklet),
                              feedHref: feed.href, book: bookLink(from: path))
    }

    func study(_ study: RenderedStudy) -> StudyView {
        let path = study.document.path
        let cards = study.material.stories.compactMap { model.rendered.story(id: $0) }.map { card($0, from: path, level: 3) }
        return StudyView(
            layout: layout(for: path, title: study.document.title, description: study.document.summary, section: "study",
                           trail: [(TextRun(strings("study.title")), routes.study)],
                           feed: FeedLink(title: strings("title.withSite", ["title": strings("study.title"), "site": config.title]),
                                         href: path.href(toFile: routes.studyFeed))),
            title: study.document.title, isoDate: study.material.date.description,
            displayDate: strings.date(study.material.date), body: study.document.markdown.html,
            stories: cards, questions: questions(study),
            outdatedHref: study.document.outdatedOriginal.map { path.href(to: $0) })
    }

    func bookletEdition() -> Edition? { model.bookletEdition }

    /// All published stories of an edition and their study questions on one page, for printing.
    func booklet() -> BookletView? {
        guard let edition = bookletEdition(), let group = model.editions.first(where: { $0.edition.year == edition.year })?.group else {
            return nil
        }
        let path = routes.booklet
        let stories = group.stories.reversed()  // oldest first, as they were published
        let entries = stories.enumerated().map { number, story in
            let questions = (model.studyByStory[story.story.id] ?? []).flatMap { self.questions($0) }
            return BookletEntry(number: number + 1, anchor: "story-\(number + 1)", title: story.story.title,
                                name: shown(story.story.name, .story(id: story.story.id, field: "name")), prefecture: term(story.story.prefecture),
                                workplace: shown(story.story.workplace, .story(id: story.story.id, field: "workplace")),
                                photo: photoView(story, prefix: path.href(toFile: story.filesPath.directory), lazy: true),
                                body: relocatedHTML(for: story, index: index, base: nil, from: path,
                                                    translated: model.rendered.translatedPages, theme: model.rendered.theme),
                                questions: questions)
        }
        let ids = Set(group.stories.map(\.story.id))
        var questions: [TextRun] = []
        for material in model.rendered.study where material.material.stories.contains(where: ids.contains) {
            for question in self.questions(material) where !questions.contains(where: { $0.text == question.text }) { questions.append(question) }
        }
        let heading = strings("booklet.title", ["edition": edition.title])
        return BookletView(layout: layout(for: path, title: heading, description: strings("booklet.description", ["edition": edition.title]),
                                          section: "study", trail: [(TextRun(strings("study.title")), routes.study)],
                                          titleRuns: runs("booklet.title", ["edition": editionTitle(edition)])),
                           heading: heading, headingRuns: runs("booklet.title", ["edition": editionTitle(edition)]),
                           editionTitle: edition.title, entries: Array(entries),
                           lead: runs("booklet.lead", ["edition": editionTitle(edition)]),
                           questions: questions, book: bookLink(from: path))
    }

    /// The booklet's book, linked from `path` with its size.
    func bookLink(from path: PagePath) -> BookLink? {
        model.book.map { BookLink(href: path.href(toFile: $0.path), label: strings("book.download", ["size": fileSize($0.size)])) }
    }

    /// The notice a reader who switches to this language on a page not translated into it lands on.
    func untranslated() -> UntranslatedView {
        let path = routes.untranslated
        return UntranslatedView(layout: layout(for: path, title: strings("untranslated.title"),
                                               description: strings("untranslated.description"), section: nil),
                                originalHref: path.href(to: Routes.site.home))
    }

    /// The 404 page is served at any depth, so its links are absolute, at the origin.
    func notFound() -> NotFoundView {
        NotFoundView(layout: layout(for: .home, title: strings("notfound.title"), description: strings("notfound.title"), section: nil, trail: nil, absoluteRoot: true),
                     homeHref: config.baseURL)
    }
}
