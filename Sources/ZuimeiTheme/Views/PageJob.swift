import Foundation
import ZuimeiContent
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiSite
import ZuimeiTemplates

/// Stories per listing page.
let pageSize = 20

/// One page to template: where it goes and how to make its view model from its language's
/// `PageViews` (given when it is rendered, once every language's pages are known).
public struct PageJob: Sendable {
    public var file: String
    var template: String
    public var origin: String
    /// The prefix of the page's language (`""`, `ug/`): which `PageViews` makes it.
    var language = ""
    var view: @Sendable (PageViews) -> any PageViewModel
    /// The page, for a page with a URL of its own (not the 404 page).
    var page: PagePath?
    /// Listed in the sitemap: every page but the later pages of a list and the 404 page.
    var inSitemap: Bool
    /// The sitemap's `lastmod`: the date of what the page shows that changed last.
    var lastmod: Day?

    init(_ path: PagePath, _ template: String, origin: String, inSitemap: Bool = true, lastmod: Day? = nil,
         view: @escaping @Sendable (PageViews) -> any PageViewModel) {
        self.init(file: path.file, template, origin: origin, view: view)
        page = path
        self.inSitemap = inSitemap
        self.lastmod = lastmod
    }

    init(file: String, _ template: String, origin: String, view: @escaping @Sendable (PageViews) -> any PageViewModel) {
        self.file = file
        self.template = template
        self.origin = origin
        self.view = view
        page = nil
        inSitemap = false
        lastmod = nil
    }
}

/// Stage: every page of a language, as a job that makes its view model. The
/// sitemap and the language switcher are made from these lists, so they name exactly the
/// pages built.
public func pageJobs(_ model: SiteModel) -> [PageJob] {
    let routes = model.routes
    let newest = model.stories.first?.story.date
    let newestStudy = model.rendered.study.first?.material.date
    var pages: [PageJob] = [PageJob(model.routes.home, "home", origin: "(generated) home page",
                                    lastmod: [newest, newestStudy].compactMap { $0 }.max()) { views in views.home() }]
    /// The pages of a list: the first in the sitemap, dated by its newest story.
    func list(_ stories: [RenderedStory], base: PagePath, origin: String,
              view: @escaping @Sendable (PageViews, (path: PagePath, number: Int, items: ArraySlice<RenderedStory>)) -> any PageViewModel) {
        for page in paginate(stories, base: base, size: pageSize) {
            pages.append(PageJob(page.path, "list", origin: origin, inSitemap: page.number == 1,
                                 lastmod: page.number == 1 ? stories.first?.story.date : nil) { views in view(views, page) })
        }
    }
    list(model.stories, base: routes.stories, origin: "(generated) story list") { views, page in views.storyList(page) }
    for story in model.stories {
        pages.append(PageJob(story.path, "story", origin: story.story.source.display, lastmod: story.story.date) { views in
            views.story(story)
        })
    }
    for taxonomy in model.taxonomies {
        pages.append(PageJob(taxonomy.path, "terms", origin: "(generated) \(taxonomy.path.directory)",
                             lastmod: taxonomy.groups.compactMap { $0.stories.first?.story.date }.max()) { views in views.terms(taxonomy) })
        for group in taxonomy.groups where !group.stories.isEmpty {
            list(group.stories, base: group.path, origin: "(generated) \(group.path.directory)") { views, page in
                views.termList(taxonomy, group, page)
            }
        }
    }
    pages.append(PageJob(routes.editions, "terms", origin: "(generated) \(routes.editions.directory)", lastmod: newest) { views in
        views.editionIndex()
    })
    for (edition, group) in model.editions {
        list(group.stories, base: group.path, origin: edition.source.display) { views, page in views.editionList(edition, group, page) }
        if edition.announcementIsPublic(on: model.day) {
            pages.append(PageJob(routes.announcement(edition.year), "announcement",
                                 origin: edition.source.display) { views in views.announcement(edition) })
        }
    }
    for page in model.rendered.pages {
        pages.append(PageJob(page.path, "page", origin: page.source.display) { views in views.page(page) })
    }
    pages.append(PageJob(routes.study, "study-index", origin: "(generated) study index", lastmod: newestStudy) { views in
        views.studyIndex()
    })
    for material in model.rendered.study {
        pages.append(PageJob(material.document.path, "study", origin: material.material.source.display,
                             lastmod: material.material.date) { views in views.study(material) })
    }
    if model.bookletEdition != nil {
        pages.append(PageJob(routes.booklet, "booklet", origin: "(generated) study booklet") { views in views.booklet()! })
    }
    pages.append(PageJob(routes.search, "search", origin: "(generated) search page") { views in views.search() })
    if routes.prefix.isEmpty {
        pages.append(PageJob(file: Routes.notFound, "404", origin: "(generated) 404 page") { views in views.notFound() })
    }
    // Where the language switcher leads from a page not translated into this language (every
    // language has one: the default's too, for a page that exists only in a translation).
    if model.config.languages.count > 1 {
        pages.append(PageJob(routes.untranslated, "untranslated", origin: "(generated) notice: not yet translated",
                             inSitemap: false) { views in views.untranslated() })
    }
    for index in pages.indices { pages[index].language = routes.prefix }
    return pages
}

/// A page's view model: what its template sees, compared with the last
/// build's to know whether the page must be templated again.
protocol PageViewModel: TemplateContext, Equatable {}

extension PageViewModel {
    func isEqual(to other: any PageViewModel) -> Bool { (other as? Self) == self }
}

/// Stage: pages through the templates. Each page gets its own view model,
/// made and templated on one of `jobs` threads; templates see nothing else.
/// With a memo (`zuimei serve`), a page whose template set, template, origin
/// and view model are all equal to the last build's is that build's file
/// again, not templated.
public func renderPages(_ pages: some Collection<PageJob>, views: [String: PageViews], templates: TemplateSet, jobs: Int = 1,
                 memo: PageMemo? = nil) throws(TemplateError) -> [PlannedFile] {
    let rendered = parallelMap(Array(pages), jobs: jobs) { job -> Result<PlannedFile, TemplateError> in
        Result { () throws(TemplateError) -> PlannedFile in
            let view = job.view(views[job.language]!)
            if let known = memo?.file(for: job, view: view) { return known }
            let html = try templates.render(view, with: job.template)
            let file = PlannedFile(file: OutputFile(path: job.file, text: html), origin: job.origin, template: job.template)
            memo?.remember(job, view: view, file: file)
            return file
        }
    }
    var files: [PlannedFile] = []
    files.reserveCapacity(rendered.count)
    for page in rendered { files.append(try page.get()) }
    return files
}
