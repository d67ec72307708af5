import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiRules

/// What is published on the build date: approved stories dated on or before
/// it, pages and study material that are not drafts. A preview publishes
/// drafts and nominated stories too.
public struct Publication: Sendable {
    public var site: SiteConfig
    public var editions: [Int: Edition]
    public var stories: [Story]
    public var pages: [Page]
    public var study: [StudyMaterial]
    public var staticFiles: [StaticFile]
    public var buildDate: Day
    public var preview: Bool
    /// Every content file's page, for resolving links between them.
    public var index: ContentIndex
}

/// Stage: choose what is published.
public func publish(_ content: Content, on day: Day, preview: Bool = false) -> Publication {
    Publication(
        site: content.site,
        editions: content.editions,
        stories: content.stories.filter { $0.isPublished(on: day, preview: preview) },
        pages: content.pages.filter { $0.isPublished(preview: preview) },
        study: content.study.filter { $0.isPublished(on: day, preview: preview) },
        staticFiles: content.staticFiles,
        buildDate: day,
        preview: preview,
        index: ContentIndex(content, on: day, preview: preview))
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
    public var preview: Bool
    public var index: ContentIndex

    public func story(id: String) -> RenderedStory? { stories.first { $0.story.id == id } }
}

/// Stage: render every published Markdown body, resolving links to content
/// files (`../other.md`) to their pages. Stories in the process but not
/// published are parsed too, without HTML, so that their links and length are
/// checked on every build. Each document is independent of the others.
public func render(_ publication: Publication, checking content: Content) -> (RenderedSite, [Diagnostic]) {
    let index = publication.index
    var diagnostics: [Diagnostic] = []
    var stories: [RenderedStory] = []
    let published = Set(publication.stories.map(\.id))
    for story in content.stories {
        let isPublished = published.contains(story.id)
        guard isPublished || severity(for: story) != nil else { continue }
        let (markdown, problems) = renderBody(story.body, source: story.source, directory: story.outputDirectory,
                                             published: isPublished, severity: severity(for: story) ?? .warning,
                                             index: index, html: isPublished)
        diagnostics += problems
        if let problem = checkLength(story, characters: markdown.characterCount, edition: publication.editions[story.year]) {
            diagnostics.append(problem)
        }
        if isPublished {
            stories.append(RenderedStory(story: story, path: PagePath(story.outputDirectory), markdown: markdown))
        }
    }
    stories.sort { ($0.story.date, $1.path) > ($1.story.date, $0.path) }

    var pages: [RenderedDocument] = []
    for page in content.pages {
        let isPublished = page.isPublished(preview: publication.preview)
        let (markdown, problems) = renderBody(page.body, source: page.source, directory: page.outputDirectory,
                                             published: isPublished, severity: page.draft ? .warning : .error,
                                             index: index, html: isPublished)
        diagnostics += problems
        guard isPublished else { continue }
        pages.append(RenderedDocument(slug: page.slug, title: page.title, summary: page.summary ?? markdown.excerpt,
                                      path: PagePath(page.outputDirectory), markdown: markdown, source: page.source,
                                      navTitle: page.navTitle))
    }
    pages.sort { $0.path < $1.path }

    var study: [RenderedStudy] = []
    for material in content.study {
        let isPublished = material.isPublished(on: publication.buildDate, preview: publication.preview)
        let (markdown, problems) = renderBody(material.body, source: material.source, directory: material.outputDirectory,
                                             published: isPublished, severity: material.draft ? .warning : .error,
                                             index: index, html: isPublished)
        diagnostics += problems
        guard isPublished else { continue }
        // A published study page must not point at a story that is not published.
        for (position, id) in material.stories.enumerated() where index.story(id)?.published == false {
            diagnostics.append(Diagnostic(material.locations["stories[\(position)]"] ?? SourceLocation(file: material.source.display, line: 1, column: 1),
                                          .unpublishedLink(destination: id)))
        }
        study.append(RenderedStudy(material: material, document: RenderedDocument(
            slug: material.slug, title: material.title, summary: material.summary ?? markdown.excerpt,
            path: PagePath(material.outputDirectory), markdown: markdown, source: material.source)))
    }
    study.sort { ($0.material.date, $1.document.path) > ($1.material.date, $0.document.path) }

    let site = RenderedSite(site: publication.site, editions: publication.editions, stories: stories, pages: pages,
                            study: study, staticFiles: publication.staticFiles, buildDate: publication.buildDate,
                            preview: publication.preview, index: index)
    return (site, diagnostics)
}

/// Renders one body. A link to a content file becomes a relative link to its
/// page; a link to a file that does not exist, or from a published page to an
/// unpublished one, is a diagnostic at the link's line in the file.
func renderBody(_ body: String, source: SourceFile, directory: String, published: Bool,
                severity: Diagnostic.Severity, index: ContentIndex, html: Bool) -> (RenderedMarkdown, [Diagnostic]) {
    var problems: [Diagnostic] = []
    let page = PagePath(directory)
    let markdown = renderMarkdown(body, html: html) { link in
        let location = SourceLocation(file: source.display, line: source.bodyLine + link.line - 1, column: link.column)
        switch index.resolve(link.destination, from: source.relative) {
        case .other:
            return nil
        case .missing:
            problems.append(Diagnostic(location, severity: severity, .brokenLink(destination: link.destination)))
            return nil
        case .page(let target, let fragment):
            if published, !target.published {
                problems.append(Diagnostic(location, severity: severity, .unpublishedLink(destination: link.destination)))
            }
            return page.href(to: PagePath(target.directory)) + (fragment.map { "#" + $0 } ?? "")
        }
    }
    return (markdown, problems)
}

/// Stage: a story's HTML for feeds, where every link and image must be an
/// absolute URL (feed readers have no page to resolve a relative one against).
public func feedHTML(for story: RenderedStory, base: String, index: ContentIndex) -> String {
    let pageURL = story.path.absolute(base: base)
    return renderMarkdown(story.story.body) { link in
        if case .page(let target, let fragment) = index.resolve(link.destination, from: story.story.source.relative) {
            return base + target.directory + (fragment.map { "#" + $0 } ?? "")
        }
        return absoluteURL(link.destination, against: pageURL)
    }.html
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

