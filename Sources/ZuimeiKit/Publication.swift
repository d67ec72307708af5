import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown

/// What is published on the build date: approved stories dated on or before
/// it, pages and study material that are not drafts.
public struct Publication: Sendable {
    public var site: SiteConfig
    public var editions: [Int: Edition]
    public var stories: [Story]
    public var pages: [Page]
    public var study: [StudyMaterial]
    public var staticFiles: [StaticFile]
    public var buildDate: Day
}

/// Stage: choose what is published.
public func publish(_ content: Content, on day: Day) -> Publication {
    Publication(
        site: content.site,
        editions: content.editions,
        stories: content.stories.filter { $0.status == .approved && $0.date <= day },
        pages: content.pages.filter { !$0.draft },
        study: content.study.filter { !$0.draft && $0.date <= day },
        staticFiles: content.staticFiles,
        buildDate: day)
}

/// A published story with its Markdown rendered for its own page.
public struct RenderedStory: Sendable {
    public var story: Story
    public var path: PagePath
    public var markdown: RenderedMarkdown
    /// The summary from the front matter, else the body's opening.
    public var summary: String { story.summary ?? markdown.excerpt }
}

public struct RenderedDocument: Sendable {
    public var slug: String
    public var title: String
    public var summary: String
    public var path: PagePath
    public var markdown: RenderedMarkdown
    public var source: SourceFile
    /// The label in the site's navigation, if the page is in it.
    public var navTitle: String? = nil
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

    public func story(id: String) -> RenderedStory? { stories.first { $0.story.id == id } }
}

/// Stage: render every published Markdown body. Each document is independent.
public func render(_ publication: Publication) -> RenderedSite {
    let stories = publication.stories.map { story in
        RenderedStory(story: story, path: PagePath("stories/\(story.year)/\(story.slug)/"),
                      markdown: renderMarkdown(story.body))
    }.sorted { ($0.story.date, $1.path) > ($1.story.date, $0.path) }
    let pages = publication.pages.map { page in
        let markdown = renderMarkdown(page.body)
        return RenderedDocument(slug: page.slug, title: page.title, summary: page.summary ?? markdown.excerpt,
                                path: PagePath("\(page.slug)/"), markdown: markdown, source: page.source,
                                navTitle: page.navTitle)
    }.sorted { $0.path < $1.path }
    let study = publication.study.map { material in
        let markdown = renderMarkdown(material.body)
        return RenderedStudy(material: material, document: RenderedDocument(
            slug: material.slug, title: material.title, summary: material.summary ?? markdown.excerpt,
            path: PagePath("study/\(material.slug)/"), markdown: markdown, source: material.source))
    }.sorted { ($0.material.date, $1.document.path) > ($1.material.date, $0.document.path) }
    return RenderedSite(site: publication.site, editions: publication.editions, stories: stories, pages: pages,
                        study: study, staticFiles: publication.staticFiles, buildDate: publication.buildDate)
}

/// Stage: a story's HTML for feeds, where every link and image must be an
/// absolute URL (feed readers have no page to resolve a relative one against).
public func feedHTML(for story: RenderedStory, base: String) -> String {
    let pageURL = story.path.absolute(base: base)
    return renderMarkdown(story.story.body) { link in absoluteURL(link.destination, against: pageURL) }.html
}

/// Resolves a link destination against an absolute page URL.
func absoluteURL(_ destination: String, against page: String) -> String? {
    guard !destination.isEmpty, let base = URL(string: page) else { return nil }
    if let url = URL(string: destination) ?? destination.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed).flatMap(URL.init(string:)) {
        if url.scheme != nil { return nil }  // already absolute
        return URL(string: url.absoluteString, relativeTo: base)?.absoluteURL.absoluteString
    }
    return nil
}

