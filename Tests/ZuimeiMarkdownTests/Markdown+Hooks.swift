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
