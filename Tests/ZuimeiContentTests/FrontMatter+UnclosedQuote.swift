import Testing
@testable import ZuimeiContent

/// Where an unclosed quote is: only a quote that starts a value opens one; escapes, doubled
/// apostrophes and comments do not end or start one.
@Suite struct FrontMatterUnclosedQuoteTests {
    @Test(arguments: [
        ("title: \"示例\"\nuniversity: \"新疆大学\nname: x", 2, 13, Character("\"")),
        ("programs: [\"西部计划\", \"三支一扶]\n", 1, 20, Character("\"")),
        ("- 'a\n", 1, 3, Character("'")),
        ("title: 'it''s\n", 1, 8, Character("'")),
    ])
    func anUnclosedQuoteIsFound(yaml: String, line: Int, column: Int, quote: Character) {
        let found = unclosedQuote(in: yaml, upTo: 10)
        #expect(found?.line == line && found?.column == column && found?.quote == quote, "\(String(describing: found))")
    }

    @Test(arguments: ["title: It's fine", "title: \"a \\\" b\"", "title: 'it''s'", "# it's \"x", "title: x # 'y",
                      "programs: [\"a\", 'b']", "summary: 他说\"好\"", "title: \"a\" # \"", ""])
    func noneIsFoundWhereEveryQuoteCloses(yaml: String) {
        #expect(unclosedQuote(in: yaml, upTo: 10) == nil)
    }

    /// Valid YAML before the real error is not blamed: a quoted value over two lines, quotes
    /// inside a block scalar; a quote "closed" by the next value's opening quote is.
    @Test func validQuotesOverLinesAndInBlocksAreNotBlamed() {
        #expect(unclosedQuote(in: "summary: \"第一行\n  第二行\"\nphoto: a: b\n", upTo: 3) == nil)
        #expect(unclosedQuote(in: "credit: |\n  \"示例\" 摄影, '张三\n  下一行\nphoto: a: b\n", upTo: 4) == nil)
        #expect(unclosedQuote(in: "credit: >-\n  it's \"x\nname: y\n", upTo: 3) == nil)
        let found = unclosedQuote(in: "university: \"新疆大学\ngraduated: 2017\nprefecture: \"伊犁\"\n", upTo: 3)
        #expect(found?.line == 1 && found?.column == 13)
    }

    @Test func onlyLinesUpToTheErrorAreLookedAt() {
        #expect(unclosedQuote(in: "a: 1\nb: 2\nc: \"x\n", upTo: 2) == nil)
        #expect(unclosedQuote(in: "a: 1\nb: 2\nc: \"x\n", upTo: 3)?.line == 3)
    }
}
