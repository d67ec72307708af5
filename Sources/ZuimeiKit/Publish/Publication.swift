import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiParallel
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
