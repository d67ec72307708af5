import ZuimeiContent
import ZuimeiSite

/// A group of stories with a page of its own: a prefecture, programme, field or edition.
struct StoryGroup: Sendable {
    var title: String
    var path: PagePath
    /// Newest first.
    var stories: [RenderedStory]
    var feedPath: String { Routes.feed(of: path) }
}

/// A taxonomy (地州市, 服务项目, 工作领域) and its terms, in `site.yml`'s order.
struct Taxonomy: Sendable {
    var key: String
    var title: String
    var path: PagePath
    /// Every term of the vocabulary, with the published stories that carry it.
    var groups: [StoryGroup]
}

/// The site as pages see it: what is published, grouped every way the site
/// lists it. Built once from the rendered site; every page and feed reads it.
public struct SiteModel: Sendable {
    var rendered: RenderedSite
    var taxonomies: [Taxonomy]
    /// Newest edition first.
    var editions: [(edition: Edition, group: StoryGroup)]
    /// The edition a reader arriving on the build date cares about.
    var current: Edition?
    var related: [String: [RenderedStory]]
    /// For each story id: the newer and the older story in the newest-first list.
    var neighbours: [String: (newer: RenderedStory?, older: RenderedStory?)]
    /// Study material that studies each story.
    var studyByStory: [String: [RenderedStudy]]
    /// The interface text of the theme, in the model's language.
    var strings: UIStrings
    /// The language this model is of, and where its pages are.
    var language: SiteLanguage
    public var routes: Routes
    /// The site's pages in each language (`Alternates.none` until the pages are known).
    public var alternates: Alternates = .none
    /// The study booklet as a book (`study/booklet.epub`) and its size, once it is made.
    public var book: (path: String, size: Int)? = nil

    /// The edition the study booklet prints: the current one if it has
    /// published stories, else the latest that has; nil (no booklet) when none has.
    var bookletEdition: Edition? {
        let withStories = editions.filter { !$0.group.stories.isEmpty }.map(\.edition)
        if let current, withStories.contains(where: { $0.year == current.year }) { return current }
        return withStories.first
    }

    var config: SiteConfig { rendered.site }
    public var stories: [RenderedStory] { rendered.stories }
    var day: Day { rendered.buildDate }
}

/// Stage: the site model.
public func makeSiteModel(_ site: RenderedSite, strings: UIStrings = .load(), language: SiteLanguage? = nil) -> SiteModel {
    let config = site.site
    let language = language ?? config.languages.first
        ?? SiteLanguage(code: config.language, name: config.language, direction: SiteLanguage.direction(of: config.language), prefix: "")
    let routes = Routes(prefix: language.prefix)
    func taxonomy(_ key: String, _ title: String, _ terms: [Term], _ values: (Story) -> [String]) -> Taxonomy {
        var byName: [String: [RenderedStory]] = [:]
        for story in site.stories {
            for value in Set(values(story.story)) { byName[value, default: []].append(story) }
        }
        let groups = terms.map { term in
            StoryGroup(title: term.name, path: routes.term(key, slug: term.slug), stories: byName[term.name] ?? [])
        }
        return Taxonomy(key: key, title: title, path: routes.taxonomy(key), groups: groups)
    }
    let taxonomies = [
        taxonomy("prefectures", strings("taxonomy.prefectures"), config.prefectures) { [$0.prefecture] },
        taxonomy("programs", strings("taxonomy.programs"), config.programs) { $0.programs },
        taxonomy("fields", strings("taxonomy.fields"), config.fields) { $0.fields },
    ]
    let byYear = Dictionary(grouping: site.stories) { $0.story.year }
    let editions = site.editions.values.sorted { $0.year > $1.year }.map { edition in
        (edition, StoryGroup(title: edition.title, path: routes.edition(edition.year), stories: byYear[edition.year] ?? []))
    }

    var neighbours: [String: (newer: RenderedStory?, older: RenderedStory?)] = [:]
    for (index, story) in site.stories.enumerated() {
        neighbours[story.story.id] = (index > 0 ? site.stories[index - 1] : nil,
                                      index + 1 < site.stories.count ? site.stories[index + 1] : nil)
    }

    var studyByStory: [String: [RenderedStudy]] = [:]
    for material in site.study {
        for id in material.material.stories { studyByStory[id, default: []].append(material) }
    }

    return SiteModel(rendered: site, taxonomies: taxonomies, editions: editions,
                     current: currentEdition(site.editions, on: site.buildDate),
                     related: relatedStories(site.stories, limit: 4), neighbours: neighbours, studyByStory: studyByStory,
                     strings: strings, language: language, routes: routes)
}

/// Related stories: the nearest in time from the same prefecture, then from
/// the same fields. Each story's neighbours in a newest-first list, so adding
/// or editing one story changes only the related lists near it.
func relatedStories(_ stories: [RenderedStory], limit: Int) -> [String: [RenderedStory]] {
    var lists: [String: [RenderedStory]] = [:]
    for story in stories {
        lists["p:" + story.story.prefecture, default: []].append(story)
        for field in Set(story.story.fields) { lists["f:" + field, default: []].append(story) }
    }
    var positions: [String: [String: Int]] = [:]
    for (key, list) in lists {
        var index: [String: Int] = [:]
        for (position, story) in list.enumerated() { index[story.story.id] = position }
        positions[key] = index
    }
    var result: [String: [RenderedStory]] = [:]
    for story in stories {
        var chosen: [RenderedStory] = []
        var seen: Set<String> = [story.story.id]
        let keys = ["p:" + story.story.prefecture] + story.story.fields.map { "f:" + $0 }
        for key in keys where chosen.count < limit {
            guard let list = lists[key], let position = positions[key]?[story.story.id] else { continue }
            var distance = 1
            while chosen.count < limit, position - distance >= 0 || position + distance < list.count {
                for candidate in [position - distance, position + distance] where list.indices.contains(candidate) {
                    let other = list[candidate]
                    if chosen.count < limit, seen.insert(other.story.id).inserted { chosen.append(other) }
                }
                distance += 1
            }
        }
        result[story.story.id] = chosen
    }
    return result
}

/// Splits a list into pages of `size`: page 1 at `base`, page k at `base/page/k/`.
func paginate<T>(_ items: [T], base: PagePath, size: Int = 20) -> [(path: PagePath, number: Int, items: ArraySlice<T>)] {
    let count = max(1, (items.count + size - 1) / size)
    return (1...count).map { number in
        let path = Routes.listPage(base, number: number)
        let start = (number - 1) * size
        return (path, number, items[start..<min(items.count, start + size)])
    }
}

/// Which pages each language of the site has: for `hreflang` alternates, the sitemap's, and
/// the language switcher. Made from the pages actually built (`pageJobs`), by their place
/// without the language's prefix (`stories/2021/x/`).
public struct Alternates: Sendable, Equatable {
    /// The site's languages, the default first.
    var languages: [SiteLanguage]
    /// Per language (same order), the places of its pages.
    var available: [Set<String>]

    public static let none = Alternates(languages: [], available: [])

    init(languages: [SiteLanguage], available: [Set<String>]) {
        self.languages = languages
        self.available = available
    }

    public init(models: [SiteModel], pages: [[PageJob]]) {
        languages = models.map(\.language)
        available = zip(models, pages).map { model, jobs in
            Set(jobs.compactMap { $0.page.map { String($0.directory.dropFirst(model.routes.prefix.count)) } })
        }
    }

    /// The page at `page` (of the language with `prefix`) in every language: nil where it is not translated.
    func versions(of page: PagePath, prefix: String) -> [(language: SiteLanguage, page: PagePath?)] {
        let place = String(page.directory.dropFirst(prefix.count))
        return zip(languages, available).map { language, places in
            (language, places.contains(place) ? PagePath(language.prefix + place) : nil)
        }
    }
}
