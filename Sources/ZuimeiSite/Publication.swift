import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiParallel
import ZuimeiRules

/// What is published on the build date, decided here once: approved stories
/// dated on or before it, pages and study material that are not drafts (a
/// preview publishes drafts and nominated stories too). A selection of the
/// content, not a copy of it: `render` makes the one published model
/// (`RenderedSite`) from the content and this.
public struct Publication: Sendable {
    /// Story ids (`2021/ili-example`).
    public var stories: Set<String>
    /// Pages and study material by their file (`pages/about.md`).
    public var pages: Set<String>
    public var study: Set<String>
    public var buildDate: Day
    public var preview: Bool
    /// Every content file's page, for resolving links between them.
    public var index: ContentIndex

    public func publishes(_ story: Story) -> Bool { stories.contains(story.id) }
    public func publishes(_ page: Page) -> Bool { pages.contains(page.source.relative) }
    public func publishes(_ material: StudyMaterial) -> Bool { study.contains(material.source.relative) }
}

/// Stage: choose what is published.
public func publish(_ content: Content, on day: Day, preview: Bool = false) -> Publication {
    Publication(
        stories: Set(content.stories.filter { $0.isPublished(on: day, preview: preview) }.map(\.id)),
        pages: Set(content.pages.filter { $0.isPublished(preview: preview) }.map(\.source.relative)),
        study: Set(content.study.filter { $0.isPublished(on: day, preview: preview) }.map(\.source.relative)),
        buildDate: day,
        preview: preview,
        index: ContentIndex(content, on: day, preview: preview))
}
