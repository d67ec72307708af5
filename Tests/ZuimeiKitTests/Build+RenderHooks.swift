import Foundation
import Testing
import ZuimeiContent
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// What a text's images and quoted Chinese become is the theme's (issue 25 item 3): a site's own
/// `render/image`, `partials/sizes` and `partials/text` are used wherever a text is shown.
@Suite struct BuildRenderHookTests {
    @Test func aSitesOwnHooksWriteEveryImageAndQuotedRun() throws {
        let photo = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/wide-2400.jpg"))
        let temp = try TempContent(files: [
            "stories/2021/x/index.md": TempContent.story(adding: ["photo: photo.jpg", "photo_alt: \"照片\""],
                                                         body: "正文。\n\n![照片 *一*](photo.jpg \"题\")\n\n![外](https://example.org/a.jpg)\n"),
            "stories/2021/x/index.ug.md": "---\ntitle: \"ماۋزۇ\"\n---\nئىسمى 「伊宁县」 دېگەن.\n\n![رەسىم](photo.jpg)\n",
            "templates/render/image.mustache": "<figure data-src=\"{{src}}\" data-alt=\"{{alt}}\"{{#title}} data-title=\"{{title}}\"{{/title}}{{#srcset}} data-sizes=\"{{> partials/sizes}}\" data-width=\"{{width}}\"{{/srcset}}></figure>",
            "templates/partials/sizes.mustache": "50vw",
            "templates/partials/text.mustache": "{{#lang}}<i lang=\"{{.}}\">{{/lang}}{{text}}{{#lang}}</i>{{/lang}}",
        ])
        defer { temp.remove() }
        try temp.write("site.yml", BuildTranslationTests.site)
        try temp.write("stories/2021/x/photo.jpg", photo)
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: day("2021-11-20")))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        let tree = readTree(output)
        let page = text(tree["stories/2021/x/index.html"])
        // The story's own photo with its sizes, the other image alone; the page's photo takes the same sizes.
        #expect(page.contains(#"<figure data-src="photo.jpg" data-alt="照片 一" data-title="题" data-sizes="50vw" data-width="1600"></figure>"#))
        #expect(page.contains(#"<figure data-src="https://example.org/a.jpg" data-alt="外"></figure>"#))
        #expect(page.contains(#"sizes="50vw""#) && !page.contains("42rem"))
        // The feed: absolute, without sizes (escaped for XML).
        let feed = text(tree["feed.xml"])
        #expect(feed.contains("&lt;figure data-src=&quot;https://zuimei.fixture/zuimei/stories/2021/x/photo.jpg&quot; data-alt=&quot;照片 一&quot;"))
        // The translation: its quoted Chinese through `partials/text`, its image from the original's folder with sizes.
        let translated = text(tree["ug/stories/2021/x/index.html"])
        #expect(translated.contains("ئىسمى <i lang=\"zh-Hans\">「伊宁县」</i> دېگەن."))
        #expect(translated.contains(#"<figure data-src="../../../../stories/2021/x/photo.jpg" data-alt="رەسىم" data-sizes="50vw""#))
        #expect(text(tree["ug/feed.xml"]).contains("ئىسمى &lt;i lang=&quot;zh-Hans&quot;&gt;「伊宁县」&lt;/i&gt; دېگەن."))
    }
}
