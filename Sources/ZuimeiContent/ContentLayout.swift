/// Where each file of a content folder is, named once: the loader reads there, `zuimei new`
/// writes there, and diagnostics name those paths (relative to the content folder).
public enum ContentLayout {
    public static let site = "site.yml"
    public static let editions = "editions"
    public static let stories = "stories"
    public static let pages = "pages"
    public static let study = "study"
    public static let templates = "templates"
    public static let staticFiles = "static"
    /// A story in a folder of its own (its photos and files beside it): `stories/2021/x/index.md`.
    public static let storyFile = "index.md"

    /// `editions/2021.yml`
    public static func edition(_ year: Int) -> String { editions + "/\(year).yml" }
    /// `stories/2021`
    public static func storyYear(_ year: Int) -> String { stories + "/\(year)" }
    /// `stories/2021/x`: a story's folder.
    public static func storyFolder(year: Int, slug: String) -> String { storyYear(year) + "/" + slug }
    /// `stories/2021/x/index.md`
    public static func story(year: Int, slug: String) -> String { storyFolder(year: year, slug: slug) + "/" + storyFile }
    /// `stories/2021/x.md`: a story as one file, without files of its own.
    public static func flatStory(year: Int, slug: String) -> String { storyYear(year) + "/" + slug + ".md" }
}
