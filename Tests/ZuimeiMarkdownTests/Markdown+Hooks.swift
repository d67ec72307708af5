import Testing
@testable import ZuimeiMarkdown

/// The hooks decide on the tree (issue 25 item 3): an image hook is told exactly what libcmark
/// would write, and a Han-run hook sees the text, never the HTML.
@Suite struct MarkdownHookTests {
    /// libcmark's own escaping, for comparing: text (`&`, `<`, `>`, `"`) and attributes' URLs (also `'`).
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
    static func href(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#x27;")
    }

    /// Every printable ASCII byte, non-ASCII, `%`, entities, escapes, titles and descriptions
    /// with markup: a hook that writes back what it is told gives libcmark's bytes.
    static let images: [String] = {
        var images = ["![a](photo.jpg)", "![伊宁 *县* `code` <b>x</b>\nnext](<a b.jpg> \"t'i\\\"t&\")", "![](%E4%BD%A0.jpg)",
                      "![a](foo%20b&auml;.jpg)", "![a](foo\\)\\:.jpg)", "![a](javascript:alert(1))", "![a](JaVaScRiPt:x)",
                      "![a](data:image/png;base64,AAA)", "![a](data:text/html,x)", "![a](vbscript:x)", "![a](file:///etc/passwd)",
                      "![a](照片.jpg?x=1&y=2#z)", "![a ![b](c.jpg)](d.jpg)", "![a](<>)", "![a](https://example.org/a'b.jpg)",
                      "[![a](in-link.jpg)](x.html)"]
        for byte in UInt8(0x21)...UInt8(0x7E) where !"()<>\\ ".utf8.contains(byte) {
            images.append("![\(Character(Unicode.Scalar(byte)))](a\(Character(Unicode.Scalar(byte)))b.jpg)")
        }
        return images
    }()

    @Test(arguments: images)
    func anImageHookIsToldWhatLibcmarkWouldWrite(markdown: String) {
        let plain = renderMarkdown(markdown).html
        let hooked = renderMarkdown(markdown, hooks: MarkdownHooks(image: { image in
            "<img src=\"\(Self.href(image.source))\" alt=\"\(Self.text(image.alt))\""
                + (image.title.isEmpty ? "" : " title=\"\(Self.text(image.title))\"") + " />"
        })).html
        #expect(hooked == plain)
    }

    @Test func anImageHookReplacesTheImageAndIsToldTheRewrittenURL() {
        var told: [MarkdownImage] = []
        let html = renderMarkdown("前 ![照片 *一*](photo.jpg \"标题\") 后", hooks: MarkdownHooks(image: { image in
            told.append(image)
            return "<figure>\(image.source)</figure>"
        })) { _ in "../x/photo 1.jpg" }.html
        #expect(html == "<p>前 <figure>../x/photo%201.jpg</figure> 后</p>\n")
        #expect(told == [MarkdownImage(destination: "photo.jpg", source: "../x/photo%201.jpg", alt: "照片 一", title: "标题")])
    }

    @Test func hanRunsAreMarkedInTextOnly() {
        let hooks = MarkdownHooks(hanRun: { "<q>\($0)</q>" })
        func html(_ markdown: String) -> String { renderMarkdown(markdown, hooks: hooks).html }
        // Text that libcmark splits into several nodes (an entity, an escape) is one run.
        #expect(html("ئىسمى &#x4E2D;文\\*、伊宁 دېگەن") == "<p>ئىسمى <q>中文</q>*<q>、伊宁</q> دېگەن</p>\n")
        // A link's text is marked; its URL, an image's description and code are not.
        #expect(html("[伊宁](https://例.cn) ![伊宁](a.jpg) `伊宁`")
                == "<p><a href=\"https://%E4%BE%8B.cn\"><q>伊宁</q></a> <img src=\"a.jpg\" alt=\"伊宁\" /> <code>伊宁</code></p>\n")
        // Escaping stays libcmark's: `<` in the text around a run is still `&lt;`.
        #expect(html("a<b 「伊宁县」。 c&d") == "<p>a&lt;b <q>「伊宁县」。</q> c&amp;d</p>\n")
        #expect(html("ئىسمى") == "<p>ئىسمى</p>\n")
    }

    @Test func hanSegmentsTakeTheirPunctuationAndMarks() {
        let segments = hanSegments("يەنى 「伊宁县」。 ۋە 葛\u{E0100}城 中々 𰀀")
        #expect(segments.map(\.text) == ["يەنى ", "「伊宁县」。", " ۋە ", "葛\u{E0100}城", " ", "中々", " ", "𰀀"])
        #expect(segments.map(\.isHan) == [false, true, false, true, false, true, false, true])
        #expect(hanSegments("。,") .map(\.isHan) == [false])
    }
}

/// The typed tree a renderer other than libcmark's HTML reads (the WeChat article, issue 27).
@Suite struct MarkdownBlockTests {
    @Test func blocksAndInlinesAsTyped() {
        let blocks = markdownBlocks("## 标题\n\n前 [a *b*](x.md) ![图 `c`](p.jpg \"t\")\n后\\\n末\n\n> 引\n\n1. 一\n2. 二\n\n<!-- -->\n\n    code\n\n---\n\n<div>raw</div>\n") { link in
            link.destination == "x.md" ? "https://e.org/x/" : nil
        }
        #expect(blocks == [
            .heading(level: 2, [.text("标题")]),
            .paragraph([.text("前 "), .link(destination: "https://e.org/x/", [.text("a "), .emphasis([.text("b")])]), .text(" "),
                        .image(destination: "p.jpg", source: "p.jpg", alt: "图 c", title: "t"), .softBreak, .text("后"), .lineBreak,
                        .text("末")]),
            .quote([.paragraph([.text("引")])]),
            .list(ordered: true, start: 1, items: [[.paragraph([.text("一")])], [.paragraph([.text("二")])]]),
            .code("code\n"),
            .rule,
        ])
    }

    /// `rewriteURL` is asked about every link in the order `renderMarkdown` asks, images inside an
    /// image's description too, so a memo keyed by the answers finds the same answers.
    @Test func everyLinkIsAskedAboutInTheOrderRenderMarkdownAsks() {
        let text = "[a](1) ![b ![c](2) [d](3)](4) [e](5) ![f](javascript:x)"
        var rendered: [String] = []
        _ = renderMarkdown(text) { rendered.append($0.destination); return nil }
        var blocked: [String] = []
        let blocks = markdownBlocks(text) { blocked.append($0.destination); return nil }
        #expect(blocked == rendered && rendered.count == 6)
        // An unsafe URL is emptied, as libcmark's safe mode empties it.
        guard case .paragraph(let inlines) = blocks.first, case .image(let destination, _, _, _)? = inlines.last else {
            Issue.record("\(blocks)")
            return
        }
        #expect(destination == "")
        let memo = MarkdownMemo()
        #expect(memo.blocks(text) { $0.destination == "5" ? "five" : nil } == markdownBlocks(text) { $0.destination == "5" ? "five" : nil })
        #expect(memo.blocks(text) { _ in nil } == markdownBlocks(text))
    }
}
