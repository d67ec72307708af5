import Foundation

// Which content file becomes which page, and what is published when.

extension Story {
    /// The page's directory in the site: `stories/2021/ili-example/`.
    public var outputDirectory: String { Routes.site.story(year: year, slug: slug).directory }

    /// Published on `day`: approved and dated on or before it. A preview also
    /// shows drafts, nominated stories and approved stories dated later.
    public func isPublished(on day: Day, preview: Bool = false) -> Bool {
        if preview { return [.draft, .nominated, .approved].contains(status) }
        return status == .approved && date <= day
    }
}

extension Page {
    public var outputDirectory: String { Routes.site.page(slug: slug).directory }
    public func isPublished(preview: Bool = false) -> Bool { preview || !draft }
}

extension StudyMaterial {
    public var outputDirectory: String { Routes.site.studyMaterial(slug: slug).directory }
    public func isPublished(on day: Day, preview: Bool = false) -> Bool { preview || (!draft && date <= day) }
}
