import Foundation
import Testing
import ZuimeiContent
import ZuimeiMarkdown
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// The WeChat article's steps and the Weibo text (issue 27), as values.
@Suite struct WeChatArticleTests {
    @Test func linksBecomeNumberedNotesOnceEach() {
        var builder = WeChatArticleBuilder(files: [], folder: "https://e.org/s/", marksHan: false)
        let events = builder.events(markdownBlocks("[甲](https://a.cn/) 和 [乙](https://b.cn/) 再 [甲](https://a.cn/) [信](mailto:x@y.cn)"))
        #expect(builder.notes == ["https://a.cn/", "https://b.cn/"])
        guard case .paragraph = events.first?.kind, let inlines = events.first?.inlines else {
            Issue.record("\(events)")
            return
        }
        #expect(inlines.filter { $0.kind == .note }.map(\.number) == [1, 2, 1])
        // mailto: keeps its text, without a note.
        #expect(inlines.last?.kind == .text && inlines.last?.text == "信")
    }

    @Test func anImageIsAFigureBetweenItsParagraphsAndHanRunsAreMarkedInRightToLeftText() {
        var builder = WeChatArticleBuilder(files: [], folder: "https://e.org/s/", marksHan: true)
        let events = builder.events(markdownBlocks("ئۇ «伊宁县»\nدا ![a](https://x.cn/a.jpg) ئىشلەيدۇ"))
        #expect(events.map(\.kind) == [.paragraph, .figure, .paragraph])
        #expect(events[0].inlines.map(\.kind) == [.text, .han, .text, .text, .text])
        #expect(events[0].inlines[1].text == "伊宁县")
        #expect(events[1].figure == WeChatFigure(src: "https://x.cn/a.jpg", alt: "a", caption: "a"))
    }

    /// An image whose URL libcmark's safe mode refuses (`javascript:`; a `data:` URL, which links emptied) is its description.
    @Test func anImageWithoutAURLIsItsDescription() {
        var builder = WeChatArticleBuilder(files: [], folder: "", marksHan: false)
        let events = builder.events(markdownBlocks("前 ![图一](javascript:alert(1)) 后\n\n![图二](javascript:x)"))
        #expect(events.map(\.kind) == [.paragraph, .paragraph])
        #expect(events.map { $0.inlines.map(\.text).joined() } == ["前 图一 后", "图二"])
    }

    @Test func aLineBreakBetweenChineseCharactersIsNoSpace() {
        var builder = WeChatArticleBuilder(files: [], folder: "", marksHan: false)
        let chinese = builder.events(markdownBlocks("第一行\n第二行"))[0].inlines.map(\.text).joined()
        let latin = builder.events(markdownBlocks("first\nsecond"))[0].inlines.map(\.text).joined()
        #expect(chinese == "第一行第二行" && latin == "first second")
    }

    @Test(arguments: [("中文", 2), ("abc", 2), ("ab", 1), ("看 https://example.org/very/long/path/ 了", 13), ("", 0)])
    func weiboCountsAsWeiboDoes(text: String, count: Int) {
        #expect(weiboLength(text) == count)
    }
}
