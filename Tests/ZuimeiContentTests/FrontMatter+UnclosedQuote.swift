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

    @Test func onlyLinesUpToTheErrorAreLookedAt() {
        #expect(unclosedQuote(in: "a: 1\nb: 2\nc: \"x\n", upTo: 2) == nil)
        #expect(unclosedQuote(in: "a: 1\nb: 2\nc: \"x\n", upTo: 3)?.line == 3)
    }
}
