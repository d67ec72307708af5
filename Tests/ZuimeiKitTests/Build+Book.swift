import Foundation
import Testing
import ZuimeiContent
import ZuimeiOutput
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiTheme

/// The study booklet's book (issue 28) in a built site, as values.
@Suite struct BuildBookTests {
    @Test func aBookIdentifierIsStableAndAVersion8UUID() {
        let one = bookIdentifier(base: "https://e.org/", edition: 2021, language: "zh-Hans")
        #expect(one == bookIdentifier(base: "https://e.org/", edition: 2021, language: "zh-Hans"))
        #expect(one != bookIdentifier(base: "https://e.org/", edition: 2022, language: "zh-Hans"))
        #expect(one != bookIdentifier(base: "https://e.org/", edition: 2021, language: "ug"))
        #expect(one.wholeMatch(of: /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
    }

    @Test func theSampleSitesBookHoldsEveryStoryOfTheBookletAndIsListedInTheChecksums() throws {
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: Fixture.repository.appendingPathComponent("Content").path, output: output,
                                                  date: day("2021-11-20")))
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        let book = try Data(contentsOf: URL(fileURLWithPath: output + "/study/booklet.epub"))
        let entries = try #require(Zip.entries(of: book))
        let booklet = try String(contentsOfFile: output + "/study/booklet/index.html", encoding: .utf8)
        let stories = booklet.matches(of: /<article class="booklet-story"/).count
        #expect(entries.filter { $0.name.hasPrefix("EPUB/story-") }.count == stories && stories > 3)
        #expect(entries.first?.name == "mimetype")
        #expect(try String(contentsOfFile: output + "/SHA256SUMS", encoding: .utf8).contains("  study/booklet.epub\n"))
    }
}
