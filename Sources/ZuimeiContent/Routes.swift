/// A page's place in the site: its directory, `""` for the home page or
/// `stories/2021/ili-example/`. The page itself is that directory's `index.html`.
///
/// Links between pages are relative and name the `index.html` file, so the
/// site works under any sub-path and straight from disk (`file://`).
public struct PagePath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let directory: String
    /// `stories/2021/x/index.html`
    public let file: String
    /// `../../../` from this page back to the site's root.
    public let root: String

    public init(_ directory: String) {
        precondition(directory.isEmpty || directory.hasSuffix("/"), "a page directory ends in /")
        self.directory = directory
        file = directory + "index.html"
        root = String(repeating: "../", count: directory.split(separator: "/").count)
    }

    public static let home = PagePath("")

    // Equal and hashed by the directory alone: the rest follows from it.
    public static func == (lhs: PagePath, rhs: PagePath) -> Bool { lhs.directory == rhs.directory }
    public func hash(into hasher: inout Hasher) { hasher.combine(directory) }

    /// A relative link from this page to another page.
    public func href(to other: PagePath) -> String { root + other.file }

    /// A relative link from this page to a file of the site (`assets/style.css`).
    public func href(toFile path: String) -> String { root + path }

    /// The page's absolute URL at the origin: `https://example.org/zuimei/stories/2021/x/`.
    public func absolute(base: String) -> String { base + directory }

    public var description: String { "/" + directory }

    /// A file of a story's folder as a URL path, relative to its page: `采访 视频.webm` →
    /// `%E9%87%87%E8%AE%BF%20%E8%A7%86%E9%A2%91.webm`. Every byte but ASCII letters, digits,
    /// `-._~` and `/` is percent-encoded (as libcmark writes a Markdown image's URL), so a
    /// name with a space, a comma (which would split a `srcset`) or Chinese is one valid
    /// URL in HTML, feeds and the sitemap alike.
    public static func encoded(_ name: String) -> String {
        var result = ""
        result.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return result
    }

    public static func < (lhs: PagePath, rhs: PagePath) -> Bool { lhs.directory < rhs.directory }
}

/// Every place in the site, from one source: pages, feeds and the files for
/// machines. Pages, feeds, the sitemap, links between pages, the rule that
/// keeps a page from taking a section's name, and content links all ask here
/// (as Hugo's `page_paths.go` and Zola's `permalink` are the one answer there).
/// A language's pages are under its prefix (`ug/stories/2021/x/`): `Routes(prefix:)`
/// answers for it, `Routes.site` for the default language at the root.
public struct Routes: Sendable, Equatable {
    /// `""` for the default language, `ug/` for another.
    public let prefix: String

    public init(prefix: String = "") {
        precondition(prefix.isEmpty || prefix.hasSuffix("/"), "a language prefix ends in /")
        self.prefix = prefix
    }

    /// The default language's places, at the site's root.
    public static let site = Routes()

    /// The sections' folders, each named once: renaming one is a change here alone (a test
    /// builds a site with one renamed). A page slug may not take one of these names.
    public enum Section {
        public static let stories = "stories/"
        public static let editions = "editions/"
        public static let study = "study/"
        /// Below `study/`.
        public static let booklet = "booklet/"
        public static let search = "search/"
        public static let untranslated = "untranslated/"
        /// Below an edition's folder.
        public static let announcement = "announcement/"
    }

    public var home: PagePath { PagePath(prefix) }
    public var stories: PagePath { PagePath(prefix + Section.stories) }
    public var editions: PagePath { PagePath(prefix + Section.editions) }
    public var study: PagePath { PagePath(prefix + Section.study) }
    public var booklet: PagePath { PagePath(prefix + Section.study + Section.booklet) }
    /// The study booklet as an EPUB book, beside its page (`study/booklet.epub`).
    public var bookletBook: String { prefix + Section.study + "booklet.epub" }
    /// The search page; its index is beside it (`search/meta.js`, `search/i/…`).
    public var search: PagePath { PagePath(prefix + Section.search) }
    /// The notice a reader who switches to this language on a page not translated into it lands on.
    public var untranslated: PagePath { PagePath(prefix + Section.untranslated) }
    /// The folder of the theme's and the site's assets, shared by every language.
    public static let assets = "assets/"
    /// The theme's stylesheet, in `assets/`.
    public static let stylesheet = assets + "style.css"
    /// The taxonomies, by key, in the order the site lists them.
    public static let taxonomies = ["prefectures", "programs", "fields"]

    /// The top-level directories that belong to the site's sections (in each language).
    public static var sections: [String] {
        [Section.stories, Section.study, Section.editions, Section.search, Section.untranslated] + taxonomies.map { $0 + "/" } + [assets]
    }

    /// `stories/2021/ili-example/`
    public func story(year: Int, slug: String) -> PagePath { PagePath(prefix + Section.stories + "\(year)/\(slug)/") }
    /// `about/`: a plain page sits at the top level of its language.
    public func page(slug: String) -> PagePath { PagePath(prefix + "\(slug)/") }
    /// `study/guide/`
    public func studyMaterial(slug: String) -> PagePath { PagePath(prefix + Section.study + "\(slug)/") }
    /// `prefectures/`
    public func taxonomy(_ key: String) -> PagePath { PagePath(prefix + "\(key)/") }
    /// `prefectures/ili/`
    public func term(_ key: String, slug: String) -> PagePath { PagePath(prefix + "\(key)/\(slug)/") }
    /// `editions/2021/`
    public func edition(_ year: Int) -> PagePath { PagePath(prefix + Section.editions + "\(year)/") }
    /// `editions/2021/announcement/`: the 公示.
    public func announcement(_ year: Int) -> PagePath { PagePath(prefix + Section.editions + "\(year)/" + Section.announcement) }
    /// Page `number` of a list that starts at `base`: `base` itself, then `base/page/2/`, ….
    public static func listPage(_ base: PagePath, number: Int) -> PagePath {
        number == 1 ? base : PagePath(base.directory + "page/\(number)/")
    }
    /// The same place in another language: `stories/2021/x/` → `ug/stories/2021/x/`.
    public func translated(_ page: PagePath, to other: Routes) -> PagePath {
        PagePath(other.prefix + page.directory.dropFirst(prefix.count))
    }

    /// The feed beside a page: `feed.xml` for the home page, `prefectures/ili/feed.xml`.
    public static func feed(of page: PagePath) -> String { page.directory + "feed.xml" }
    public var mainFeed: String { Routes.feed(of: home) }
    public var studyFeed: String { Routes.feed(of: study) }
    public static let sitemap = "sitemap.xml"
    public static let robots = "robots.txt"
    public static let notFound = "404.html"
}
