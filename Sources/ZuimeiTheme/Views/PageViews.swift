import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiSearch
import ZuimeiSite
import ZuimeiTemplates

/// Builds the view model of each page kind.
public struct PageViews: Sendable {
    let model: SiteModel
    let generator: String
    /// `favicon.svg`, `.png` or `.ico` from the site's `static/`: looked up once, shown on every page.
    let icon: Icon?

    public init(model: SiteModel, generator: String) {
        self.model = model
        self.generator = generator
        let names = Set(model.rendered.staticFiles.map(\.outputPath))
        icon = ["favicon.svg", "favicon.png", "favicon.ico"].first(where: names.contains).map { Icon(path: $0, type: mediaType(of: $0)) }
    }

    var config: SiteConfig { model.config }
    public var strings: UIStrings { model.strings }
    var routes: Routes { model.routes }

    /// `text` as this page shows it: with the default language's `lang` and `dir` when it is
    /// `what` a translation left untranslated (`translate` says which).
    func shown(_ text: String, _ what: ShownText) -> TextRun {
        guard let original = model.rendered.originalLanguage, model.rendered.untranslated.contains(what) else { return TextRun(text) }
        return TextRun(text, lang: original.code, dir: original.direction)
    }

    /// A prefecture's, programme's or field's name as this page shows it.
    func term(_ name: String) -> TextRun { shown(name, .term(name)) }

    /// An edition's title as this page shows it.
    func editionTitle(_ edition: Edition) -> TextRun { shown(edition.title, .editionTitle(edition.year)) }

    /// A phrase of the string table as runs: a value in another language (a `TextRun` with a
    /// `lang`) is a run of its own.
    func runs(_ key: String, _ values: [String: Any]) -> [TextRun] {
        var plainValues: [String: Any] = values
        var marked: [String: Any] = values
        var foreign: [TextRun] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let run = value as? TextRun else { continue }
            plainValues[name] = run.text
            marked[name] = run.text
            guard run.lang != nil else { continue }
            marked[name] = "\u{E000}\(foreign.count)\u{E001}"
            foreign.append(run)
        }
        // The markers are private-use characters: a phrase or value that holds one already is one run, unmarked.
        let plain = strings(key, plainValues)
        guard !foreign.isEmpty, !plain.unicodeScalars.contains(where: { $0 == "\u{E000}" || $0 == "\u{E001}" }) else {
            return [TextRun(plain)]
        }
        let filled = strings(key, marked)
        var result: [TextRun] = []
        var rest = filled[...]
        while let open = rest.firstIndex(of: "\u{E000}"), let close = rest[open...].firstIndex(of: "\u{E001}"),
              let number = Int(rest[rest.index(after: open)..<close]), foreign.indices.contains(number) {
            if open > rest.startIndex { result.append(TextRun(String(rest[..<open]))) }
            result.append(foreign[number])
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { result.append(TextRun(String(rest))) }
        return result
    }

    /// A list's heading: the title, and after the first page its number.
    func paged(_ title: String, _ number: Int) -> String {
        number == 1 ? title : strings("list.paged", ["title": title, "page": number])
    }

    /// The same as runs, with the title's language when it is not the page's.
    func paged(_ title: TextRun, _ number: Int) -> [TextRun] {
        number == 1 ? [title] : runs("list.paged", ["title": title, "page": number])
    }

    /// A study material's discussion questions as its pages show them.
    func questions(_ material: RenderedStudy) -> [TextRun] {
        material.material.questions.map { shown($0, .questions(material: material.document.path.directory)) }
    }
    var index: ContentIndex { model.rendered.index }

    // MARK: Layout

    /// `trail`: the pages above this one, for the breadcrumb (首页 › … › this page); nil for
    /// none (the home page, the 404 page).
    func layout(for path: PagePath, title: String?, description: String, section: String?,
                trail: [(title: TextRun, page: PagePath)]? = [], titleRuns: [TextRun] = [],
                feed: FeedLink? = nil, image: PhotoView? = nil, imageBase: PagePath? = nil, article: Bool = false,
                absoluteRoot: Bool = false) -> Layout {
        // The site's root (shared files) and the language's (its sections): the same for the default language.
        let siteRoot = absoluteRoot ? config.baseURL : path.root
        let root = siteRoot + routes.prefix
        func href(_ target: PagePath) -> String { absoluteRoot ? config.baseURL + target.directory : path.href(to: target) }
        func item(_ key: String, _ target: PagePath, current: Bool) -> NavItem {
            NavItem(runs: [TextRun(strings(key))], href: href(target), current: current)
        }
        var nav = [item("nav.home", routes.home, current: section == "")]
        nav.append(item("nav.stories", routes.stories, current: section == "stories"))
        if let current = model.current {
            nav.append(item("nav.editions", routes.edition(current.year),
                            current: section == "editions" && path != routes.announcement(current.year)))
            // While the 公示 is open, readers are asked to respond to it: it is in the menu.
            if current.announcementPeriod.contains(model.day) {
                nav.append(item("nav.announcement", routes.announcement(current.year),
                                current: path == routes.announcement(current.year)))
            }
        }
        nav.append(item("nav.prefectures", routes.taxonomy("prefectures"), current: section == "prefectures"))
        nav.append(item("nav.study", routes.study, current: section == "study"))
        for page in model.rendered.pages {
            guard let title = page.navTitle else { continue }
            nav.append(NavItem(runs: [shown(title, .navTitle(page: page.path.directory))], href: href(page.path), current: page.path == path))
        }
        var crumbs: [NavItem] = []
        if let trail, let title {
            crumbs = [NavItem(runs: [TextRun(strings("nav.home"))], href: href(routes.home), current: false)]
                + trail.map { NavItem(runs: [$0.title], href: href($0.page), current: false) }
                + [NavItem(runs: titleRuns.isEmpty ? [TextRun(title)] : titleRuns, href: "", current: true)]
        }
        var feeds = [FeedLink(title: config.title, href: siteRoot + routes.mainFeed)]
        if let feed { feeds.append(feed) }
        let pageTitle = title.map { strings("title.withSite", ["title": $0, "site": config.title]) } ?? config.title
        let summary = description.isEmpty ? config.description : description
        let imageURL = image.flatMap { photo in imageBase.map { $0.absolute(base: config.baseURL) + photo.openGraph } }
        // The same image, relative: `<link rel="image_src">` names it for link previews, and lets a
        // `wget --mirror` copy reach it (wget follows every `<link href>`, not `og:image`).
        let imageSource = image.flatMap { photo in imageBase.map { path.href(toFile: $0.directory) + photo.openGraph } }
        // The page in every language: alternates where it is translated, and the switcher.
        var alternates: [AlternateLink] = []
        var languages: [LanguageLink] = []
        let versions = model.alternates.versions(of: path, prefix: routes.prefix)
        if versions.count > 1, !absoluteRoot {
            let translated = versions.compactMap { version in version.page.map { (version.language, $0) } }
            if translated.count > 1 {
                alternates = translated.map { AlternateLink(hreflang: $0.0.code, href: $0.1.absolute(base: config.baseURL)) }
                if let original = versions.first?.page {
                    alternates.append(AlternateLink(hreflang: "x-default", href: original.absolute(base: config.baseURL)))
                }
            }
            let place = String(path.directory.dropFirst(routes.prefix.count))
            languages = versions.map { language, page in
                let notice = Routes(prefix: language.prefix).untranslated
                return LanguageLink(code: language.code, name: language.name.isEmpty ? strings("language.\(language.code)") : language.name,
                                    direction: language.direction,
                                    href: page.map { path.href(to: $0) } ?? path.href(to: notice) + "#" + place,
                                    current: language.code == model.language.code, translated: page != nil,
                                    original: language.prefix.isEmpty)
            }
        }
        return Layout(
            language: model.language.code,
            direction: model.language.direction,
            documentTitle: pageTitle,
            siteTitle: shown(config.title, .siteTitle),
            siteDescription: shown(config.description, .siteDescription),
            description: summary,
            canonical: path.absolute(base: config.baseURL),
            root: root,
            siteRoot: siteRoot,
            t: strings.node,
            generator: generator,
            generatorLine: strings("footer.generator", ["generator": generator]),
            checksums: strings("footer.checksums"),
            signed: model.rendered.signed,
            // The notice of untranslated pages says nothing a search engine should list.
            noindex: model.rendered.preview || path == routes.untranslated,
            preview: model.rendered.preview,
            nav: nav,
            crumbs: crumbs,
            feeds: feeds,
            openGraph: OpenGraph(
                type: article ? "article" : "website", title: title ?? config.title, description: summary,
                url: path.absolute(base: config.baseURL), siteName: config.title,
                locale: openGraphLocale(config.language), image: imageURL, imageSource: imageSource,
                imageWidth: image?.openGraphWidth, imageHeight: image?.openGraphHeight, imageAlt: image?.alt.text,
                twitterCard: imageURL == nil ? "summary" : "summary_large_image"),
            icon: icon,
            alternates: alternates,
            languages: languages,
            urls: SiteURLs(siteRoot: siteRoot, routes: routes))
    }

    func card(_ story: RenderedStory, from path: PagePath, level: Int = 2) -> StoryCard {
        StoryCard(title: story.story.title, href: path.href(to: story.path), name: shown(story.story.name, .story(id: story.story.id, field: "name")),
                  prefecture: term(story.story.prefecture), isoDate: story.story.date.description,
                  displayDate: strings.date(story.story.date), summary: story.summary, winner: story.story.winner, level: level)
    }

    func studyItem(_ material: RenderedStudy, from path: PagePath) -> StudyItem {
        StudyItem(title: material.document.title, href: path.href(to: material.document.path),
                  isoDate: material.material.date.description, displayDate: strings.date(material.material.date),
                  summary: material.material.summary)
    }

    func pagination(_ number: Int, of base: PagePath, count: Int, from path: PagePath) -> PaginationView? {
        let total = max(1, (count + pageSize - 1) / pageSize)
        guard total > 1 else { return nil }
        func target(_ n: Int) -> PagePath { Routes.listPage(base, number: n) }
        // The first and last pages and two either side of this one: a listing of
        // thousands of pages must not link every page from every page.
        let shown = Set([1, total] + ((number - 2)...(number + 2)).filter { (1...total).contains($0) }).sorted()
        var links: [PageLinkView] = []
        for page in shown {
            if let last = links.last, page > last.number + 1 {
                links.append(PageLinkView(number: last.number + 1, href: "", current: false, gap: true))
            }
            links.append(PageLinkView(number: page, href: path.href(to: target(page)), current: page == number, gap: false))
        }
        return PaginationView(
            pages: links,
            previous: number > 1 ? path.href(to: target(number - 1)) : nil,
            next: number < total ? path.href(to: target(number + 1)) : nil,
            current: number, total: total)
    }

    // MARK: Home and campaign stage

    func stage(from path: PagePath) -> StageView? {
        guard let edition = model.current else { return nil }
        let day = model.day
        var now: [TextRun]
        if let stage = edition.stage(on: day) {
            now = [TextRun(strings("stage.now", ["stage": strings.stage(stage), "range": strings.range(edition.stages[stage])]))]
        } else if day < edition.stages.mobilisation.from {
            now = [TextRun(strings("stage.before"))]
        } else if day > edition.stages.study.to {
            // Between editions: when the next one starts, if its file is there.
            let next = model.editions.map(\.edition).filter { $0.year > edition.year && $0.stages.mobilisation.from > day }
                .min { $0.stages.mobilisation.from < $1.stages.mobilisation.from }
            now = next.map { runs("stage.afterWithNext", ["edition": editionTitle($0), "date": strings.date($0.stages.mobilisation.from)]) }
                ?? [TextRun(strings("stage.after"))]
        } else {
            now = [TextRun(strings("stage.between"))]
        }
        let next = edition.nextStage(after: day).map {
            strings("stage.next", ["stage": strings.stage($0), "date": strings.date(edition.stages[$0].from)])
        }
        let announcement = edition.announcementIsPublic(on: day)
            ? path.href(to: routes.announcement(edition.year)) : nil
        return StageView(editionTitle: editionTitle(edition), timelineHref: path.href(to: routes.edition(edition.year)),
                         now: now, next: next, announcementHref: announcement)
    }

    func home() -> HomeView {
        let path = routes.home
        let edition = model.current
        let winners = model.stories.filter { $0.story.winner && $0.story.year == edition?.year }
        let winnerIDs = Set(winners.map(\.story.id))
        let latest = model.stories.filter { !winnerIDs.contains($0.story.id) }.prefix(12)
        let studyStage = edition.map { $0.stage(on: model.day) == .study } ?? false
        let study = model.rendered.study.prefix(studyStage ? 6 : 3).map { studyItem($0, from: path) }
        return HomeView(
            layout: layout(for: path, title: nil, description: config.description, section: ""),
            stage: stage(from: path), studyFirst: studyStage, study: Array(study),
            winners: winners.map { card($0, from: path, level: 3) },
            stories: latest.map { card($0, from: path, level: 3) },
            storyCount: model.stories.count,
            allStoriesLabel: strings("home.allStories", ["count": model.stories.count]), storiesHref: path.href(to: routes.stories),
            bookletHref: studyStage && bookletEdition() != nil ? path.href(to: routes.booklet) : nil)
    }

    // MARK: Stories

    /// A story's photo as pages show it: its renditions in `srcset` (JPEG and WebP),
    /// the largest JPEG as `src` with its width and height. `prefix` leads from the
    /// page to the story's folder.
    func photoView(_ rendered: RenderedStory, prefix: String, lazy: Bool) -> PhotoView? {
        guard let name = rendered.story.photo else { return nil }
        let file = rendered.files.first { $0.name == name }
        let jpegs = file?.jpegSizes ?? []
        let webps = file?.webpSizes ?? []
        let crop = file?.openGraphCrop
        func set(_ list: [PublishedRendition]) -> String {
            list.map { "\(prefix)\(PagePath.encoded($0.name)) \($0.width)w" }.joined(separator: ", ")
        }
        let main = jpegs.last
        return PhotoView(src: prefix + PagePath.encoded(main?.name ?? name), alt: shown(rendered.story.photoAlt ?? "", .story(id: rendered.story.id, field: "photo_alt")),
                         srcset: set(jpegs),
                         webpSrcset: jpegs.isEmpty || webps.isEmpty ? nil : set(webps),
                         width: main?.width, height: main?.height, lazy: lazy, full: prefix + PagePath.encoded(name),
                         openGraph: PagePath.encoded(crop?.name ?? main?.name ?? name),
                         openGraphWidth: crop?.width ?? main?.width, openGraphHeight: crop?.height ?? main?.height)
    }

    /// A story's videos as its page shows them; `prefix` leads from the page to the story's folder.
    func videoViews(_ rendered: RenderedStory, prefix: String) -> [VideoView] {
        rendered.story.videos.map { video in
            let file = rendered.files.first { $0.name == video.file }
            let poster = rendered.files.first { $0.name == video.poster }
            let chosen = poster.flatMap(posterRendition)
            let language = video.captionsLanguage ?? config.language
            let type = mediaType(of: video.file)
            return VideoView(title: video.title, src: prefix + PagePath.encoded(video.file), type: type,
                             format: type == "video/webm" ? "WebM" : "MP4",
                             size: fileSize(file?.size ?? 0),
                             downloadLabel: strings("video.download", ["format": type == "video/webm" ? "WebM" : "MP4",
                                                                       "size": fileSize(file?.size ?? 0)]),
                             poster: prefix + PagePath.encoded(chosen?.name ?? video.poster), width: chosen?.width, height: chosen?.height,
                             captions: video.captions.map { prefix + PagePath.encoded($0) },
                             captionsSource: video.captions.map { name in
                                 rendered.files.first { $0.name == name }?.inline ?? prefix + PagePath.encoded(name)
                             },
                             captionsLanguage: language,
                             captionsLabel: strings.table["language.\(language)"] ?? language)
        }
    }

    /// A story's fact box, as its page shows it (the search indexes the same text).
    public func facts(_ rendered: RenderedStory) -> [Fact] {
        let story = rendered.story
        let path = rendered.path
        func term(_ taxonomy: String, _ name: String, _ terms: [Term]) -> String? {
            terms.first { $0.name == name }.map { path.href(to: routes.term(taxonomy, slug: $0.slug)) }
        }
        func fact(_ label: String, _ values: [(TextRun, String?)]) -> Fact {
            Fact(label: label, items: values.map { FactItem(href: $0.1, runs: [$0.0]) })
        }
        func field(_ key: String, _ value: String) -> TextRun { shown(value, .story(id: story.id, field: key)) }
        var facts = [fact(strings("fact.name"), [(field("name", story.name), nil)])]
        if let gender = story.gender { facts.append(fact(strings("fact.gender"), [(field("gender", gender), nil)])) }
        if let ethnicity = story.ethnicity { facts.append(fact(strings("fact.ethnicity"), [(field("ethnicity", ethnicity), nil)])) }
        let university = ["university": field("university", story.university), "year": story.graduated] as [String: Any]
        facts.append(Fact(label: strings("fact.university"), items: [FactItem(href: nil, runs: runs("fact.university.value", university))]))
        facts.append(fact(strings("fact.prefecture"), [(self.term(story.prefecture), term("prefectures", story.prefecture, config.prefectures))]))
        facts.append(fact(strings("fact.workplace"), [(field("workplace", story.workplace), nil)]))
        facts.append(fact(strings("fact.grassroots"), [(TextRun(strings("fact.grassroots.value", ["year": story.grassrootsSince.year,
                                                                                                  "month": story.grassrootsSince.month])), nil)]))
        if !story.programs.isEmpty {
            facts.append(fact(strings("fact.programs"), story.programs.map { (self.term($0), term("programs", $0, config.programs)) }))
        }
        if !story.fields.isEmpty {
            facts.append(fact(strings("fact.fields"), story.fields.map { (self.term($0), term("fields", $0, config.fields)) }))
        }
        return facts
    }

    func story(_ rendered: RenderedStory) -> StoryView {
        let story = rendered.story
        let path = rendered.path
        func term(_ taxonomy: String, _ name: String, _ terms: [Term]) -> String? {
            terms.first { $0.name == name }.map { path.href(to: routes.term(taxonomy, slug: $0.slug)) }
        }
        let facts = facts(rendered)
        // A translation's page is in its language's folder; the photo and videos are the original's.
        let files = rendered.folder.map { path.href(toFile: $0.directory) } ?? ""
        let photo = photoView(rendered, prefix: files, lazy: false)
        let neighbours = model.neighbours[story.id]
        let related = (model.related[story.id] ?? []).map { card($0, from: path, level: 3) }
        let study = (model.studyByStory[story.id] ?? []).map { studyItem($0, from: path) }
        let prefectureHref = term("prefectures", story.prefecture, config.prefectures)
        return StoryView(
            layout: layout(for: path, title: story.title, description: rendered.summary, section: "stories",
                           trail: [(TextRun(strings("nav.stories")), routes.stories)] + (model.editions.first { $0.edition.year == story.year }.map { [(editionTitle($0.edition), routes.edition(story.year))] } ?? []),
                           feed: config.prefectures.first { $0.name == story.prefecture }.map {
                               FeedLink(title: strings("title.withSite", ["title": story.prefecture, "site": config.title]), href: path.root + Routes.feed(of: routes.term("prefectures", slug: $0.slug)))
                           },
                           image: photo, imageBase: rendered.filesPath, article: true),
            title: story.title, edition: model.rendered.editions[story.year].map { editionTitle($0) } ?? TextRun(strings("story.edition", ["year": story.year])),
            editionHref: path.href(to: routes.edition(story.year)),
            isoDate: story.date.description, displayDate: strings.date(story.date), prefecture: self.term(story.prefecture),
            prefectureHref: prefectureHref,
            readingMinutes: max(1, (rendered.markdown.characterCount + 399) / 400),
            readingTime: strings("story.readingTime", ["minutes": max(1, (rendered.markdown.characterCount + 399) / 400)]),
            winner: story.winner, photo: photo, facts: facts, body: rendered.markdown.html,
            videos: videoViews(rendered, prefix: files),
            newer: neighbours?.newer.map { StoryLink(title: $0.story.title, href: path.href(to: $0.path)) },
            older: neighbours?.older.map { StoryLink(title: $0.story.title, href: path.href(to: $0.path)) },
            related: related, study: study, outdatedHref: rendered.outdatedOriginal.map { path.href(to: $0) })
    }

    func storyList(_ page: (path: PagePath, number: Int, items: ArraySlice<RenderedStory>)) -> ListView {
        let base = routes.stories
        let heading = paged(strings("stories.title"), page.number)
        return ListView(
            layout: layout(for: page.path, title: heading, description: strings("stories.description"), section: "stories"),
            heading: TextRun(heading), intro: strings("stories.intro", ["count": model.stories.count]), timeline: [],
            announcementHref: nil, stories: page.items.map { card($0, from: page.path) },
            total: model.stories.count,
            pagination: pagination(page.number, of: base, count: model.stories.count, from: page.path),
            feedHref: page.path.href(toFile: routes.mainFeed))
    }

    // MARK: Taxonomies and editions

    func terms(_ taxonomy: Taxonomy) -> TermsView {
        let path = taxonomy.path
        let rows = taxonomy.groups.map { group in
            TermRow(name: term(group.title), href: group.stories.isEmpty ? nil : path.href(to: group.path), count: group.stories.count,
                    countLabel: strings("terms.count", ["count": group.stories.count]))
        }
        return TermsView(layout: layout(for: path, title: taxonomy.title, description: strings("terms.description", ["taxonomy": taxonomy.title]),
                                        section: taxonomy.key),
                         heading: taxonomy.title, intro: strings("terms.intro", ["taxonomy": taxonomy.title]), terms: rows)
    }

    func termList(_ taxonomy: Taxonomy, _ group: StoryGroup,
                  _ page: (path: PagePath, number: Int, items: ArraySlice<RenderedStory>)) -> ListView {
        let heading = paged(group.title, page.number)
        let feed = FeedLink(title: strings("title.withSite", ["title": group.title, "site": config.title]), href: page.path.href(toFile: group.feedPath))
        return ListView(
            layout: layout(for: page.path, title: heading, description: strings("term.description", ["taxonomy": taxonomy.title, "term": group.title]),
                           section: taxonomy.key, trail: [(TextRun(taxonomy.title), routes.taxonomy(taxonomy.key))],
                           titleRuns: paged(term(group.title), page.number), feed: feed),
            heading: page.number == 1 ? term(group.title) : TextRun(heading),
            intro: strings("term.intro", ["taxonomy": taxonomy.title, "count": group.stories.count]), timeline: [],
            announcementHref: nil, stories: page.items.map { card($0, from: page.path) },
            total: group.stories.count,
            pagination: pagination(page.number, of: group.path, count: group.stories.count, from: page.path),
            feedHref: feed.href)
    }

    func editionIndex() -> TermsView {
        let path = routes.editions
        let rows = model.editions.map { edition, group in
            TermRow(name: editionTitle(edition), href: path.href(to: group.path), count: group.stories.count,
                    countLabel: strings("terms.count", ["count": group.stories.count]))
        }
        return TermsView(layout: layout(for: path, title: strings("editions.title"), description: strings("editions.description"),
                                        section: "editions"),
                         heading: strings("editions.title"), intro: strings("editions.intro"), terms: rows)
    }

    func timeline(_ edition: Edition) -> [StageRow] {
        let current = edition.stage(on: model.day)
        return Stage.allCases.map { stage in
            let range = edition.stages[stage]
            return StageRow(name: strings.stage(stage), range: strings.range(range), isoFrom: range.from.description,
                            current: stage == current, past: range.to < model.day)
        }
    }

    func editionList(_ edition: Edition, _ group: StoryGroup,
                     _ page: (path: PagePath, number: Int, items: ArraySlice<RenderedStory>)) -> ListView {
        let heading = paged(edition.title, page.number)
        let feed = FeedLink(title: strings("title.withSite", ["title": edition.title, "site": config.title]), href: page.path.href(toFile: group.feedPath))
        let announcement = edition.announcementIsPublic(on: model.day)
            ? page.path.href(to: routes.announcement(edition.year)) : nil
        return ListView(
            layout: layout(for: page.path, title: heading, description: strings("edition.description", ["edition": edition.title]),
                           section: "editions", trail: [(TextRun(strings("editions.title")), routes.editions)],
                           titleRuns: paged(editionTitle(edition), page.number), feed: feed),
            heading: page.number == 1 ? editionTitle(edition) : TextRun(heading),
            intro: strings("edition.intro", ["count": group.stories.count]),
            timeline: page.number == 1 ? timeline(edition) : [],
            announcementHref: announcement, stories: page.items.map { card($0, from: page.path) },
            total: group.stories.count,
            pagination: pagination(page.number, of: group.path, count: group.stories.count, from: page.path),
            feedHref: feed.href)
    }

    /// 公示: the edition's nominated and approved candidates, public facts only.
    func announcement(_ edition: Edition) -> AnnouncementView {
        let path = routes.announcement(edition.year)
        let period = edition.announcementPeriod
        let ended = model.day > period.to
        let reviewed = model.day > edition.stages.review.to
        // Rejected or withdrawn candidates are here only when they say they were announced.
        let candidates = model.rendered.candidates
            .filter { $0.year == edition.year }
            .sorted { ($0.prefectureOrder, $0.name, $0.id) < ($1.prefectureOrder, $1.name, $1.id) }
            .map { candidate -> CandidateRow in
                // After the period, what changed since, never rewriting who was announced.
                let outcome: String? = switch candidate.status {
                case .withdrawn: strings("announcement.withdrawn")
                case .rejected: strings("announcement.notSelected")
                case .approved where candidate.winner && reviewed: strings("announcement.winner")
                default: nil
                }
                // A candidate whose story is not translated is listed as the original has them.
                func field(_ key: String, _ value: String) -> TextRun {
                    guard candidate.language != nil, let original = model.rendered.originalLanguage else {
                        return shown(value, .story(id: candidate.id, field: key))
                    }
                    return TextRun(value, lang: original.code, dir: original.direction)
                }
                return CandidateRow(name: field("name", candidate.name), prefecture: term(candidate.prefecture),
                                    workplace: field("workplace", candidate.workplace),
                                    programs: candidate.programs.joined(separator: strings("list.separator")), outcome: outcome,
                                    programRuns: candidate.programs.enumerated().flatMap { index, program in
                                        (index > 0 ? [TextRun(strings("list.separator"))] : []) + [term(program)]
                                    })
            }
        let heading = strings("announcement.title", ["year": edition.year])
        return AnnouncementView(
            layout: layout(for: path, title: heading, description: strings("announcement.description", ["edition": edition.title]), section: "editions",
                           trail: [(TextRun(strings("editions.title")), routes.editions), (editionTitle(edition), routes.edition(edition.year))]),
            heading: heading, editionTitle: editionTitle(edition), period: strings.range(edition.announcementPeriod),
            feedback: edition.announcement.feedback,
            // "Changes are in the notes" only when there is a notes column.
            intro: strings(!ended ? "announcement.open" : candidates.contains { $0.outcome != nil } ? "announcement.closed" : "announcement.closedUnchanged",
                           ["period": strings.range(edition.announcementPeriod), "count": candidates.count]),
            candidates: candidates,
            count: candidates.count, timelineHref: path.href(to: routes.edition(edition.year)), ended: ended)
    }

}

extension PageViews {
    /// `12.3 MB`, `85 KB`: a file's size in decimal units, as file managers show it.
    func fileSize(_ bytes: Int) -> String {
        guard bytes >= 1_000_000 else { return strings("size.kilobytes", ["value": max(1, (bytes + 999) / 1000)]) }
        return strings("size.megabytes", ["value": megabytesNumber(bytes)])
    }
}
