import ZuimeiContent

// One typed context per page kind. Templates see these and nothing else:
// never raw front matter, and never a story's `private:` data.

struct Layout {
    var language: String
    var direction: String
    var documentTitle: String
    var siteTitle: String
    var siteDescription: String
    var description: String
    var canonical: String
    var root: String
    var generator: String
    var noindex: Bool
    /// A preview build (`--drafts`): every page carries a banner.
    var preview: Bool
    var nav: [NavItem]
}

struct NavItem {
    var title: String
    var href: String
    var current: Bool
}

struct StoryCard {
    var title: String
    var href: String
    var name: String
    var prefecture: String
    var isoDate: String
    var displayDate: String
    var summary: String
    var winner: Bool
}

struct HomeView {
    var layout: Layout
    var stories: [StoryCard]
    var hasStories: Bool
    var storyCount: Int
}

struct Fact {
    var label: String
    var value: String
}

struct PhotoView {
    var src: String
    var alt: String
}

struct StoryView {
    var layout: Layout
    var title: String
    var edition: String
    var isoDate: String
    var displayDate: String
    var prefecture: String
    var winner: Bool
    var photo: PhotoView?
    var facts: [Fact]
    var body: String
}

struct StoriesView {
    var layout: Layout
    var heading: String
    var stories: [StoryCard]
    var hasStories: Bool
    var storyCount: Int
}

struct PageView {
    var layout: Layout
    var title: String
    var body: String
}

struct StudyView {
    var layout: Layout
    var title: String
    var isoDate: String
    var displayDate: String
    var body: String
    var stories: [StoryCard]
    var hasStories: Bool
    var questions: [String]
    var hasQuestions: Bool
}

struct StudyItem {
    var title: String
    var href: String
    var isoDate: String
    var displayDate: String
    var summary: String?
}

struct StudyIndexView {
    var layout: Layout
    var items: [StudyItem]
    var hasItems: Bool
}

extension Day {
    /// 2021年7月15日
    var chinese: String { "\(year)年\(month)月\(day)日" }
}

/// Scripts written right to left: a Uyghur or Kazakh (Arabic script) edition sets `dir="rtl"`.
func direction(of language: String) -> String {
    let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? ""
    let rtl = ["ar", "fa", "he", "ug", "ur", "ps", "sd", "yi"]
    return rtl.contains(primary) || language.contains("-Arab") ? "rtl" : "ltr"
}
