import ZuimeiContent
import ZuimeiOutput
import ZuimeiTemplates

/// An output file and what produced it, for diagnostics about collisions.
public struct PlannedFile: Sendable {
    public var file: OutputFile
    /// The content file (or theme file) it comes from.
    public var origin: String
    /// The template that wrote it, for generated pages.
    public var template: String? = nil
}

/// Stage: turn the rendered site into HTML pages through the templates.
/// Each page gets its own view model; templates see nothing else.
func renderPages(_ site: RenderedSite, templates: TemplateSet, generator: String) throws(TemplateError) -> [PlannedFile] {
    let views = PageViews(site: site, generator: generator)
    var files: [PlannedFile] = []
    func emit(_ path: PagePath, _ template: String, _ view: Any, origin: String) throws(TemplateError) {
        let html = try templates.render(view, with: template)
        files.append(PlannedFile(file: OutputFile(path: path.file, text: html), origin: origin, template: template))
    }
    try emit(.home, "home", views.home(), origin: "(generated) home page")
    try emit(PagePath("stories/"), "stories", views.storyIndex(), origin: "(generated) story index")
    for story in site.stories {
        try emit(story.path, "story", views.story(story), origin: story.story.source.display)
    }
    for page in site.pages {
        try emit(page.path, "page", views.page(page), origin: page.source.display)
    }
    try emit(PagePath("study/"), "study-index", views.studyIndex(), origin: "(generated) study index")
    for material in site.study {
        try emit(material.document.path, "study", views.study(material), origin: material.material.source.display)
    }
    return files
}

/// Builds the view model of each page kind.
struct PageViews {
    let site: RenderedSite
    let generator: String

    var config: SiteConfig { site.site }

    func layout(for path: PagePath, title: String?, description: String, section: PagePath?) -> Layout {
        var nav = [
            NavItem(title: "首页", href: path.href(to: .home), current: path == .home),
            NavItem(title: "人物故事", href: path.href(to: PagePath("stories/")), current: section == PagePath("stories/")),
            NavItem(title: "学习材料", href: path.href(to: PagePath("study/")), current: section == PagePath("study/")),
        ]
        for page in site.pages {
            guard let title = page.navTitle else { continue }
            nav.append(NavItem(title: title, href: path.href(to: page.path), current: page.path == path))
        }
        return Layout(
            language: config.language,
            direction: direction(of: config.language),
            documentTitle: title.map { "\($0) - \(config.title)" } ?? config.title,
            siteTitle: config.title,
            siteDescription: config.description,
            description: description.isEmpty ? config.description : description,
            canonical: path.absolute(base: config.baseURL),
            root: path.root,
            generator: generator,
            noindex: site.preview,
            preview: site.preview,
            nav: nav)
    }

    func card(_ story: RenderedStory, from path: PagePath) -> StoryCard {
        StoryCard(title: story.story.title, href: path.href(to: story.path), name: story.story.name,
                  prefecture: story.story.prefecture, isoDate: story.story.date.description,
                  displayDate: story.story.date.chinese, summary: story.summary, winner: story.story.winner)
    }

    func home() -> HomeView {
        let latest = site.stories.prefix(12).map { card($0, from: .home) }
        return HomeView(layout: layout(for: .home, title: nil, description: config.description, section: .home),
                        stories: Array(latest), hasStories: !latest.isEmpty, storyCount: site.stories.count)
    }

    func storyIndex() -> StoriesView {
        let path = PagePath("stories/")
        let cards = site.stories.map { card($0, from: path) }
        return StoriesView(layout: layout(for: path, title: "人物故事", description: "全部已发布的人物故事", section: path),
                           heading: "人物故事", stories: cards, hasStories: !cards.isEmpty, storyCount: cards.count)
    }

    func story(_ rendered: RenderedStory) -> StoryView {
        let story = rendered.story
        var facts = [Fact(label: "姓名", value: story.name)]
        if let gender = story.gender { facts.append(Fact(label: "性别", value: gender)) }
        if let ethnicity = story.ethnicity { facts.append(Fact(label: "民族", value: ethnicity)) }
        facts.append(Fact(label: "毕业院校", value: "\(story.university)（\(story.graduated)年毕业）"))
        facts.append(Fact(label: "所在地州", value: story.prefecture))
        facts.append(Fact(label: "工作单位", value: story.workplace))
        facts.append(Fact(label: "扎根基层", value: "\(story.grassrootsSince.year)年\(story.grassrootsSince.month)月起"))
        if !story.programs.isEmpty { facts.append(Fact(label: "服务项目", value: story.programs.joined(separator: "、"))) }
        if !story.fields.isEmpty { facts.append(Fact(label: "工作领域", value: story.fields.joined(separator: "、"))) }
        let photo = story.photo.map { PhotoView(src: $0, alt: story.photoAlt ?? "") }
        return StoryView(
            layout: layout(for: rendered.path, title: story.title, description: rendered.summary, section: PagePath("stories/")),
            title: story.title, edition: site.editions[story.year]?.title ?? "\(story.year)年",
            isoDate: story.date.description, displayDate: story.date.chinese, prefecture: story.prefecture,
            winner: story.winner, photo: photo, facts: facts, body: rendered.markdown.html)
    }

    func page(_ page: RenderedDocument) -> PageView {
        PageView(layout: layout(for: page.path, title: page.title, description: page.summary, section: page.path),
                 title: page.title, body: page.markdown.html)
    }

    func studyIndex() -> StudyIndexView {
        let path = PagePath("study/")
        let items = site.study.map {
            StudyItem(title: $0.document.title, href: path.href(to: $0.document.path),
                      isoDate: $0.material.date.description, displayDate: $0.material.date.chinese,
                      summary: $0.material.summary)
        }
        return StudyIndexView(layout: layout(for: path, title: "学习材料", description: "深入学习阶段的学习材料", section: path),
                              items: items, hasItems: !items.isEmpty)
    }

    func study(_ study: RenderedStudy) -> StudyView {
        let path = study.document.path
        let cards = study.material.stories.compactMap { site.story(id: $0) }.map { card($0, from: path) }
        return StudyView(
            layout: layout(for: path, title: study.document.title, description: study.document.summary, section: PagePath("study/")),
            title: study.document.title, isoDate: study.material.date.description,
            displayDate: study.material.date.chinese, body: study.document.markdown.html,
            stories: cards, hasStories: !cards.isEmpty, questions: study.material.questions,
            hasQuestions: !study.material.questions.isEmpty)
    }
}
