import Testing
@testable import ZuimeiMarkdown

@Suite struct MarkdownRenderTests {
    @Test func rendersParagraphsAndHeadings() {
        let result = renderMarkdown("# 标题\n\n正文第一段。\n\n## 第二节 *强调*\n\n更多内容。\n")
        #expect(result.html.contains("<h1>标题</h1>"))
        #expect(result.html.contains("<p>正文第一段。</p>"))
        #expect(result.html.contains("<h2>第二节 <em>强调</em></h2>"))
    }

    @Test func excerptComesFromTopLevelParagraphsOnly() {
        let text = "> 本文为示例内容。\n\n第一段\n接着写。\n\n- 列表项\n\n第二段。\n"
        let result = renderMarkdown(text, excerptLength: 100)
        // No space between two CJK characters joined by a soft break or a paragraph end.
        #expect(result.excerpt == "第一段接着写。第二段。")
    }

    /// Chinese puts no space after its own punctuation or between Han and a digit or a Latin
    /// word; two Latin words from two paragraphs still get one.
    @Test(arguments: [("她在那里度过了一整天。\n\n2013年，她回到村里。\n", "她在那里度过了一整天。2013年，她回到村里。"),
                      ("第一段\nDNA 检测\n", "第一段DNA 检测"),
                      ("First paragraph\n\nsecond one.\n", "First paragraph second one.")])
    func excerptJoinsParagraphsWithoutASpaceNextToChinese(text: String, excerpt: String) {
        #expect(renderMarkdown(text, excerptLength: 100).excerpt == excerpt)
    }

    @Test func excerptIsCutWithAnEllipsis() {
        let result = renderMarkdown(String(repeating: "很", count: 50), excerptLength: 10)
        #expect(result.excerpt == String(repeating: "很", count: 10) + "…")
    }

    @Test func countsCharactersOfTextNotMarkup() {
        // 4 + 2 + 3 characters of text; markup, spaces and the image's alt text do not count.
        let result = renderMarkdown("## 标题一二\n\n**加粗** *斜体字*\n\n![照片说明](a.jpg)\n")
        #expect(result.characterCount == 4 + 2 + 3)
    }

    @Test func rawHTMLIsDroppedAndUnsafeLinksEmptied() {
        let result = renderMarkdown("<script>alert(1)</script>\n\n[点击](javascript:alert(1)) <b>粗</b>\n")
        #expect(!result.html.contains("<script"))
        #expect(!result.html.contains("<b>"))
        #expect(result.html.contains("<!-- raw HTML omitted -->"))
        #expect(result.html.contains("href=\"\""))
        #expect(!result.html.contains("javascript:"))
    }

    @Test func rewritesLinkAndImageDestinationsButReportsThemAsWritten() {
        var seen: [Link] = []
        let result = renderMarkdown("[a](other.md) ![b](photo.jpg)\n") { link in
            seen.append(link)
            return link.kind == .image ? "https://example.org/x/" + link.destination : "/rewritten/"
        }
        #expect(result.html.contains("href=\"/rewritten/\""))
        #expect(result.html.contains("src=\"https://example.org/x/photo.jpg\""))
        #expect(seen.map(\.destination) == ["other.md", "photo.jpg"])
        #expect(seen.map(\.kind) == [.link, .image])
        #expect(seen.first?.line == 1)
    }

    @Test func concurrentRenderingGivesTheSameOutput() async {
        let documents = (0..<200).map { "## 第\($0)节\n\n内容\($0)，[链接](x\($0).md)。\n" }
        let serial = documents.map { renderMarkdown($0).html }
        let parallel = await withTaskGroup(of: (Int, String).self) { group in
            for (index, text) in documents.enumerated() {
                group.addTask { (index, renderMarkdown(text).html) }
            }
            var results = [String](repeating: "", count: documents.count)
            for await (index, html) in group { results[index] = html }
            return results
        }
        #expect(serial == parallel)
    }
}

/// The plain text the search index reads, made in the render's own walk (`renderMarkdown`'s
/// `plainText`, kept by `MarkdownMemo`), is the text `plainText(ofMarkdown:)` gives.
@Suite struct MarkdownPlainTextTests {
    static let samples = [
        "", "一段话。", "第一段\n第二行\n\n第二段", "# 标题\n\n正文 *强调* `代码`", "> 引用\n> 两行\n\n- 一\n- 二\n\n1. 甲\n2. 乙",
        "![照片的说明](photo.jpg)图后文字", "[链接](other.md)与  \n硬换行", "```\n代码块\n```\n\n<div>不渲染</div>\n\n结尾",
        "Wi-Fi DNA école e\u{301}cole ئۇيغۇر", "行尾两个空格  \n下一行\\\n再一行",
    ]

    @Test(arguments: samples)
    func theRenderWalkGivesThePlainText(_ markdown: String) {
        #expect(renderMarkdown(markdown, plainText: true).plainText == plainText(ofMarkdown: markdown))
        #expect(renderMarkdown(markdown, html: false, plainText: true).plainText == plainText(ofMarkdown: markdown))
        #expect(renderMarkdown(markdown).plainText == nil)
        let memo = MarkdownMemo()
        _ = memo.render(markdown)
        #expect(memo.plainText(markdown) == plainText(ofMarkdown: markdown))
    }
}
