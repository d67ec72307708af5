import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiParallel
import ZuimeiRules

/// A published story with its Markdown rendered for its own page.
public struct RenderedStory: Sendable {
    public var story: Story
    public var path: PagePath
    public var markdown: RenderedMarkdown
    /// The files of the story's folder that are published beside its page (`publishFiles`).
    public var files: [PublishedFile] = []
    /// Where those files are: the page of the original (a translation's page is elsewhere, its
    /// photo is not copied again).
    public var folder: PagePath? = nil
    /// A translation made from an earlier version of its original: the original's page.
    public var outdatedOriginal: PagePath? = nil
    /// A translation: the original's language, whose characters quoted in it are marked so (`MarkdownTheme`).
    public var quotedLanguage: String? = nil
    public var filesPath: PagePath { folder ?? path }
    /// The summary from the front matter, else the body's opening.
    public var summary: String { story.summary ?? markdown.excerpt }
}

public struct RenderedDocument: Sendable {
    public var title: String
    public var summary: String
    public var path: PagePath
    public var markdown: RenderedMarkdown
    public var source: SourceFile
    /// The label in the site's navigation, if the page is in it.
    public var navTitle: String? = nil
    /// A translation made from an earlier version of its original: the original's page.
    public var outdatedOriginal: PagePath? = nil
    /// A translation: where its original's files are, and the original's language (quoted text is marked in it).
    public var folder: PagePath? = nil
    public var quotedLanguage: String? = nil
    public var filesPath: PagePath { folder ?? path }
}

public struct RenderedStudy: Sendable {
    public var material: StudyMaterial
    public var document: RenderedDocument
}

/// Everything rendered from Markdown, in the order pages list it: stories
/// newest first, ties broken by URL, so output never depends on file-system
/// order.
public struct RenderedSite: Sendable {
    public var site: SiteConfig
    public var editions: [Int: Edition]
    public var stories: [RenderedStory]
    public var pages: [RenderedDocument]
    public var study: [RenderedStudy]
    public var staticFiles: [StaticFile]
    public var buildDate: Day
    public var preview: Bool
    /// The build signs `SHA256SUMS` (`--signing-key`): every page's footer then links
    /// `SHA256SUMS.minisig`, so a `wget --mirror` copy has it.
    public var signed = false
    public var index: ContentIndex
    /// The candidates of the public announcement (公示): nominated and approved, and those
    /// rejected or withdrawn that say they were announced (`announced: true`).
    public var candidates: [Candidate]
    /// In a translated site, the texts not translated: shown in `originalLanguage`, the default
    /// language, and marked so (`lang`, `dir`).
    public var untranslated: Set<ShownText> = []
    public var originalLanguage: SiteLanguage? = nil
    /// In a translated site, the page of each translated content file, by its original's page (`stories/2021/x/`).
    public var translatedPages: [String: PagePath] = [:]
    /// The theme's HTML for images and quoted Han text, for every place a text is rendered.
    public var theme: MarkdownTheme = .none

    public func story(id: String) -> RenderedStory? { stories.first { $0.story.id == id } }
}

/// A text a translation may leave in the default language, by what it is (not by what it says).
public enum ShownText: Hashable, Sendable {
    case siteTitle, siteDescription
    /// A prefecture, programme or field, by its name in the default language.
    case term(String)
    /// A story's field (`name`, `workplace`, `photo_alt`, …).
    case story(id: String, field: String)
    case editionTitle(Int)
    /// A page's label in the navigation, by the page's directory.
    case navTitle(page: String)
    /// A study material's discussion questions, by its page's directory.
    case questions(material: String)
}

/// A candidate as the public announcement (公示) lists them: public facts only.
public struct Candidate: Sendable {
    public var id: String
    public var year: Int
    public var name: String
    public var prefecture: String
    /// The prefecture's place in `site.yml`, for listing in the vocabulary's order.
    public var prefectureOrder: Int
    public var workplace: String
    public var programs: [String]
    public var status: Status
    public var winner: Bool
    /// The language of the name and workplace when not the page's (a candidate whose story is not translated).
    public var language: String? = nil
}

/// Stage: render every published Markdown body, resolving links to content
/// files (`../other.md`) to their pages, a story's own photos shown with their sizes (`files`,
/// through the theme's `render/image`). The rules over bodies (links,
/// length) ran in the rules stage (`checkBodies`); this reports nothing. Each
/// document is independent of the others.
public func render(_ publication: Publication, checking content: Content, files: StoryFiles = [:],
                   theme: MarkdownTheme = .none, jobs: Int = 1, markdown memo: MarkdownMemo = MarkdownMemo()) -> RenderedSite {
    let index = publication.index
    // What is published was decided once, by `publish`.
    var stories = parallelMap(content.stories.filter(publication.publishes), jobs: jobs) { story in
        let published = files[story.id] ?? []
        var rendered = RenderedStory(story: story, path: Routes.site.story(year: story.year, slug: story.slug),
                                     markdown: renderBody(story.body, source: story.source, directory: story.outputDirectory,
                                                          index: index, memo: memo, hooks: theme.hooks(sizing: published)))
        rendered.files = published
        return rendered
    }
    stories.sort { ($0.story.date, $1.path) > ($1.story.date, $0.path) }

    var pages = content.pages.filter(publication.publishes).map { page in
        let markdown = renderBody(page.body, source: page.source, directory: page.outputDirectory, index: index, memo: memo,
                                  hooks: theme.hooks())
        return RenderedDocument(title: page.title, summary: page.summary ?? markdown.excerpt,
                                path: Routes.site.page(slug: page.slug), markdown: markdown, source: page.source,
                                navTitle: page.navTitle)
    }
    pages.sort { $0.path < $1.path }

    var study = content.study.filter(publication.publishes).map { material in
        let markdown = renderBody(material.body, source: material.source, directory: material.outputDirectory, index: index,
                                  memo: memo, hooks: theme.hooks())
        return RenderedStudy(material: material, document: RenderedDocument(
            title: material.title, summary: material.summary ?? markdown.excerpt,
            path: Routes.site.studyMaterial(slug: material.slug), markdown: markdown, source: material.source))
    }
    study.sort { ($0.material.date, $1.document.path) > ($1.material.date, $0.document.path) }

    var site = RenderedSite(site: content.site, editions: content.editions, stories: stories, pages: pages,
                            study: study, staticFiles: content.staticFiles, buildDate: publication.buildDate,
                            preview: publication.preview, index: index, candidates: candidates(content))
    site.theme = theme
    return site
}

func candidates(_ content: Content) -> [Candidate] {
    let order = Dictionary(content.site.prefectures.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    return content.stories.filter {
        $0.status == .nominated || $0.status == .approved || ($0.announced && [.rejected, .withdrawn].contains($0.status))
    }.map {
        Candidate(id: $0.id, year: $0.year, name: $0.name, prefecture: $0.prefecture,
                  prefectureOrder: order[$0.prefecture] ?? Int.max, workplace: $0.workplace, programs: $0.programs,
                  status: $0.status, winner: $0.winner)
    }
}

/// Renders one body for its own page (`BodyLinks`: a link to a content file becomes a
/// relative link to its page; a `data:` URL is emptied, which the rules stage reported).
func renderBody(_ body: String, source: SourceFile, directory: String, index: ContentIndex,
                memo: MarkdownMemo, hooks: MarkdownHooks) -> RenderedMarkdown {
    let links = BodyLinks(index: index, source: source.relative, folder: directory)
    return memo.render(body, hooks: hooks) { links.href($0.destination, from: .page(PagePath(directory))) }
}

/// A story's HTML for a place other than its own page: a feed (`base` set:
/// every URL absolute at the origin) or another page of the site such as the
/// study booklet (every URL relative to `page`). Its links lead where they do on its page (`BodyLinks`);
/// its images are written by the theme without their sizes (a feed reader, a printed booklet).
public func relocatedHTML(for story: RenderedStory, index: ContentIndex, base: String?, from page: PagePath = .home,
                          translated: [String: PagePath] = [:], theme: MarkdownTheme = .none, memo: MarkdownMemo? = nil) -> String {
    relocatedHTML(body: story.story.body, source: story.story.source.relative, directory: story.filesPath.directory,
                  index: index, base: base, from: page, translated: translated,
                  hooks: theme.hooks(quoted: story.quotedLanguage), memo: memo)
}

/// The same for any Markdown body written in `source`, whose files are in `directory`. In a
/// translated site, `translated` gives the page of a content file in its language.
public func relocatedHTML(body: String, source: String, directory: String, index: ContentIndex, base: String?,
                   from page: PagePath = .home, translated: [String: PagePath] = [:], hooks: MarkdownHooks = .none,
                   memo: MarkdownMemo? = nil) -> String {
    let links = BodyLinks(index: index, source: source, folder: directory, translated: translated)
    let place: BodyLinks.Place = base.map { .origin($0) } ?? .page(page)
    return (memo ?? MarkdownMemo()).render(body, hooks: hooks) { links.href($0.destination, from: place) }.html
}

/// Where the links of a story's text lead from outside the site (a WeChat article): each
/// absolute at `base`, as in a feed (`BodyLinks`); nil keeps a web address as written.
public func absoluteLinks(for story: RenderedStory, index: ContentIndex, base: String,
                          translated: [String: PagePath] = [:]) -> (Link) -> String? {
    let links = BodyLinks(index: index, source: story.story.source.relative, folder: story.filesPath.directory,
                          translated: translated)
    return { links.href($0.destination, from: .origin(base)) }
}
