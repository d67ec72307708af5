import ZuimeiContent
import ZuimeiOutput
import ZuimeiSite

// One typed context per page kind. Templates see these and nothing else:
// never raw front matter, and never a story's `private:` data.

struct Layout: Sendable, Equatable {
    var language: String
    var direction: String
    var documentTitle: String
    /// The site's title and description, with their language when not the page's.
    var siteTitle: TextRun
    var siteDescription: TextRun
    var description: String
    /// The page's URL at the origin (`<link rel="canonical">`, `og:url`).
    var canonical: String
    /// The relative way back to the home page of the page's language from this page: `../../`
    /// (`../../ug/` from a Uyghur page): links to the site's sections start here.
    var root: String
    /// The site's title and description's language when not the page's (not translated).
    /// The relative way back to the site's root: files every language shares
    /// (`assets/`, the icon, `SHA256SUMS`) are there.
    var siteRoot: String
    /// The interface text in the page's language: `{{layout.t.story.older}}`.
    var t: StringsNode
    var generator: String
    /// The footer's line naming the generator (`footer.generator` in the string table).
    var generatorLine: String
    /// The footer's link to SHA256SUMS, for mirrors (`footer.checksums`): `wget --mirror` fetches what pages link.
    var checksums: String
    /// The build is signed: the footer links `SHA256SUMS.minisig` too (a crawl then fetches it).
    var signed: Bool
    var noindex: Bool
    /// A preview build (`--drafts`): every page carries a banner.
    var preview: Bool
    var nav: [NavItem]
    /// The breadcrumb: 首页 › … › this page (empty on the home page and the 404 page).
    var crumbs: [NavItem]
    /// RSS feeds for `<link rel="alternate">`: the site's, and the section's if any.
    var feeds: [FeedLink]
    var openGraph: OpenGraph
    /// The site's icon, when `static/` has one.
    var icon: Icon?
    /// The same page in the site's other languages (`<link rel="alternate" hreflang>`), with
    /// `x-default`; empty for a site in one language or a page in one.
    var alternates: [AlternateLink]
    /// The language switcher: every language of the site, in its own name and script.
    var languages: [LanguageLink]
    /// Where the layout's own links lead: templates name no path of their own.
    var urls: SiteURLs
}

/// The places every page's layout links to, from that page (relative links naming the
/// `index.html` file; from the site's origin on the 404 page), all from `Routes`:
/// `{{layout.urls.prefectures}}`. Renaming a section changes them with it.
struct SiteURLs: Sendable, Equatable {
    var home: String
    var stories: String
    var prefectures: String
    var programs: String
    var fields: String
    var editions: String
    var study: String
    var search: String
    /// The language's feed.
    var feed: String
    /// The stylesheet, shared by every language.
    var style: String
    /// `SHA256SUMS` and its signature, at the site's root.
    var checksums: String
    var signature: String
}

extension SiteURLs {
    /// From a page whose way back to the site's root is `siteRoot` (`../../`, or the site's
    /// address on the 404 page), in the language of `routes`.
    init(siteRoot: String, routes: Routes) {
        func page(_ target: PagePath) -> String { siteRoot + target.file }
        self.init(home: page(routes.home), stories: page(routes.stories), prefectures: page(routes.taxonomy("prefectures")),
                  programs: page(routes.taxonomy("programs")), fields: page(routes.taxonomy("fields")),
                  editions: page(routes.editions), study: page(routes.study), search: page(routes.search),
                  feed: siteRoot + routes.mainFeed, style: siteRoot + Routes.stylesheet,
                  checksums: siteRoot + Manifest.fileName, signature: siteRoot + ManifestSignature.fileName)
    }
}

struct AlternateLink: Sendable, Equatable {
    var hreflang: String
    var href: String
}

struct LanguageLink: Sendable, Equatable {
    var code: String
    var name: String
    var direction: String
    /// The page in that language, or that language's "not yet translated" notice.
    var href: String
    var current: Bool
    /// The page is translated into it (else the link leads to the notice).
    var translated: Bool
    /// The default language: what every page is translated from.
    var original: Bool = false
}

struct Icon: Sendable, Equatable {
    var path: String
    var type: String
}

struct NavItem: Sendable, Equatable {
    /// The title in runs, each in its language (one run in the menu; in the breadcrumb, a
    /// phrase around a title not translated is three).
    var runs: [TextRun]
    var href: String
    var current: Bool
}

struct FeedLink: Sendable, Equatable {
    var title: String
    var href: String
}

struct OpenGraph: Sendable, Equatable {
    var type: String
    var title: String
    var description: String
    var url: String
    var siteName: String
    var locale: String
    /// Absolute URL of the photo, if the page has one.
    var image: String?
    /// The same image relative to the page, for `<link rel="image_src">`.
    var imageSource: String?
    var imageWidth: Int?
    var imageHeight: Int?
    var imageAlt: String?
    var twitterCard: String
}

struct StoryCard: Sendable, Equatable {
    var title: String
    var href: String
    var name: TextRun
    var prefecture: TextRun
    var isoDate: String
    var displayDate: String
    var summary: String
    var winner: Bool
    /// The card's heading level: 2 on listings, 3 under a section heading.
    var level: Int
}

struct StageView: Sendable, Equatable {
    var editionTitle: TextRun
    var timelineHref: String
    /// What is happening now, e.g. “当前阶段：集中宣传（2021年8月1日至10月31日）”.
    var now: [TextRun]
    /// What comes next, if anything.
    var next: String?
    var announcementHref: String?
}

struct HomeView: Sendable, Equatable {
    var layout: Layout
    var stage: StageView?
    var studyFirst: Bool
    var study: [StudyItem]
    var winners: [StoryCard]
    var stories: [StoryCard]
    var storyCount: Int
    /// 全部人物故事（7 篇）
    var allStoriesLabel: String
    var storiesHref: String
    /// The printable booklet, during the study stage.
    var bookletHref: String?
}

/// A text with its language and direction when they are not the page's: a name or title a
/// translation left in the default language. A phrase of the page's language with such a value
/// in it is three runs, the middle one with its `lang`. The theme shows one with
/// `partials/text` (a `<span lang dir>` around it when it has a language).
public struct TextRun: Sendable, Equatable {
    public var text: String
    var lang: String? = nil
    var dir: String? = nil

    init(_ text: String, lang: String? = nil, dir: String? = nil) {
        self.text = text
        self.lang = lang
        self.dir = dir
    }
}

public struct FactItem: Sendable, Equatable {
    var href: String?
    /// The text in runs, each in its language (a phrase around a value not translated).
    public var runs: [TextRun]
}

public struct Fact: Sendable, Equatable {
    public var label: String
    public var items: [FactItem]
}

struct PhotoView: Sendable, Equatable {
    /// The largest JPEG rendition (or the photo itself), relative to the page.
    var src: String
    /// The alt text, with its language when not the page's (a translation that did not translate it).
    var alt: TextRun
    /// `photo-480w.jpg 480w, …`; empty without renditions.
    var srcset: String = ""
    /// `photo-480w.webp 480w, …`, for `<picture>`'s WebP `<source>`; nil without.
    var webpSrcset: String?
    /// Of `src`: every `<img>` says how big it is, so nothing moves as it loads.
    var width: Int?
    var height: Int?
    /// Below the fold: `loading="lazy"`.
    var lazy: Bool = false
    /// The photo as published in full (re-encoded, no metadata), relative to the page: the
    /// image links to it, so a reader can open it and a `wget --mirror` copy has it.
    var full: String = ""
    /// The Open Graph image (the 1200×630 crop, else the largest size, or the photo itself),
    /// relative to the story's folder, with its width and height.
    var openGraph: String = ""
    var openGraphWidth: Int?
    var openGraphHeight: Int?
}

/// A video as a story page shows it: `<video>` with its poster and captions, and links
/// to the file and the captions (readers can download them; a `wget --mirror` copy,
/// which follows neither `<track>` nor `<source srcset>`, reaches them through the links).
struct VideoView: Sendable, Equatable {
    var title: String
    /// The video file, relative to the page.
    var src: String
    /// `video/mp4` or `video/webm`.
    var type: String
    /// `MP4` or `WebM`, for the download link.
    var format: String
    /// `12.3 MB`.
    var size: String
    /// 下载视频（WebM，12.3 MB）
    var downloadLabel: String
    /// A poster rendition about as wide as the page shows it (or the poster itself), relative to the page.
    var poster: String
    /// The poster's: the player keeps its shape before anything loads.
    var width: Int?
    var height: Int?
    /// The WebVTT captions, relative to the page: the download link.
    var captions: String?
    /// What the `<track>` loads: the captions as a `data:` URL (it loads from disk too), or the file.
    var captionsSource: String?
    var captionsLanguage: String
    /// The captions' language in its own words: `中文`.
    var captionsLabel: String
}

struct StoryLink: Sendable, Equatable {
    var title: String
    var href: String
}

struct StoryView: Sendable, Equatable {
    var layout: Layout
    var title: String
    var edition: TextRun
    var editionHref: String
    var isoDate: String
    var displayDate: String
    var prefecture: TextRun
    var prefectureHref: String?
    var readingMinutes: Int
    /// 阅读约 5 分钟
    var readingTime: String
    var winner: Bool
    var photo: PhotoView?
    var facts: [Fact]
    var body: String
    var videos: [VideoView]
    var newer: StoryLink?
    var older: StoryLink?
    var related: [StoryCard]
    var study: [StudyItem]
    /// A translation made from an earlier version of its original: the original, for the notice.
    var outdatedHref: String? = nil
}

struct PageLinkView: Sendable, Equatable {
    var number: Int
    var href: String
    var current: Bool
    /// Stands for the pages left out between two shown ones.
    var gap: Bool
}

struct PaginationView: Sendable, Equatable {
    var pages: [PageLinkView]
    var previous: String?
    var next: String?
    var current: Int
    var total: Int
}

struct StageRow: Sendable, Equatable {
    var name: String
    var range: String
    var isoFrom: String
    var current: Bool
    var past: Bool
}

struct ListView: Sendable, Equatable {
    var layout: Layout
    /// The heading, with its language when not the page's (a term or edition not translated).
    var heading: TextRun
    var intro: String?
    var timeline: [StageRow]
    var announcementHref: String?
    var stories: [StoryCard]
    var total: Int
    var pagination: PaginationView?
    var feedHref: String?
}

struct TermRow: Sendable, Equatable {
    var name: TextRun
    var href: String?
    var count: Int
    /// 3 篇
    var countLabel: String
}

struct TermsView: Sendable, Equatable {
    var layout: Layout
    var heading: String
    var intro: String
    var terms: [TermRow]
}

struct CandidateRow: Sendable, Equatable {
    var name: TextRun
    var prefecture: TextRun
    var workplace: TextRun
    var programs: String
    /// What changed after the 公示 (withdrawn, not selected, selected), once it is over.
    var outcome: String?
    /// The programmes with their separators, each in its language.
    var programRuns: [TextRun] = []
}

struct AnnouncementView: Sendable, Equatable {
    var layout: Layout
    var heading: String
    var editionTitle: TextRun
    var period: String
    var feedback: String?
    /// The sentence under the heading: the period, the count, whether it is over.
    var intro: String
    var candidates: [CandidateRow]
    var count: Int
    var timelineHref: String
    /// The period is over: the page reads as the record of what was announced.
    var ended: Bool
    /// Some candidate's row says what changed: the table has a column for it.
    var notes: Bool { candidates.contains { $0.outcome != nil } }
}

/// The search page: the form, and the interface text its script shows (a JSON object).
struct SearchView: Sendable, Equatable {
    var layout: Layout
    var title: String
    var query: String
    /// The filters' choices: editions, prefectures, programmes.
    var editions: [String]
    var prefectures: [TextRun]
    var programs: [TextRun]
    /// `{"results": "共 {count} 条结果", …}`, escaped to sit in a `<script type="application/json">`.
    var stringsJSON: String
    var scriptHref: String
    /// The index of the page's language, from the site's root: `search/`, `ug/search/`.
    var indexPath: String
    /// The index's first file, in that folder, which names the others (`SearchFiles`).
    var metaFile: String
}

struct PageView: Sendable, Equatable {
    var layout: Layout
    var title: String
    var body: String
    /// A translation made from an earlier version of its original: the original, for the notice.
    var outdatedHref: String? = nil
}

struct StudyView: Sendable, Equatable {
    var layout: Layout
    var title: String
    var isoDate: String
    var displayDate: String
    var body: String
    var stories: [StoryCard]
    var questions: [TextRun]
    var outdatedHref: String? = nil
}

struct StudyItem: Sendable, Equatable {
    var title: String
    var href: String
    var isoDate: String
    var displayDate: String
    var summary: String?
}

struct StudyIndexView: Sendable, Equatable {
    var layout: Layout
    var items: [StudyItem]
    var bookletHref: String?
    var feedHref: String
    var book: BookLink? = nil
}

/// The booklet's book (`study/booklet.epub`), as the booklet and study pages link it.
struct BookLink: Sendable, Equatable {
    var href: String
    /// `下载电子书（EPUB，1.2 MB）…`.
    var label: String
}

struct BookletEntry: Sendable, Equatable {
    var number: Int
    var anchor: String
    var title: String
    var name: TextRun
    var prefecture: TextRun
    var workplace: TextRun
    var photo: PhotoView?
    var body: String
    var questions: [TextRun]
}

struct BookletView: Sendable, Equatable {
    var layout: Layout
    var heading: String
    /// The heading as it is shown, each run in its language.
    var headingRuns: [TextRun]
    var editionTitle: String
    var entries: [BookletEntry]
    /// What the page is, on screen (not printed).
    var lead: [TextRun]
    var questions: [TextRun]
    var book: BookLink? = nil
}

struct NotFoundView: Sendable, Equatable {
    var layout: Layout
    var homeHref: String
}

/// A language's "not yet translated" notice: where the switcher leads from a page not translated into it.
struct UntranslatedView: Sendable, Equatable {
    var layout: Layout
    /// The default language's home page; the page's script points it at the original of the page the reader left.
    var originalHref: String
}


/// Open Graph's locale for a BCP 47 tag: zh-Hans → zh_CN.
func openGraphLocale(_ language: String) -> String {
    switch language.lowercased() {
    case "zh-hans", "zh", "zh-cn": return "zh_CN"
    case "zh-hant", "zh-tw": return "zh_TW"
    // Open Graph takes language_TERRITORY: Uyghur and Kazakh as written in Xinjiang.
    case "ug", "ug-arab", "ug-cn": return "ug_CN"
    case "kk-arab", "kk-cn", "kk-arab-cn": return "kk_CN"
    default: return language.replacingOccurrences(of: "-", with: "_")
    }
}
