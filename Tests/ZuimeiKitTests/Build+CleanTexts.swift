import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// The rules stage's search for private values in the content, remembered in
/// `.zuimei-cache/scans.json` (`source:<sha256>`) for texts found clean: a rebuild searches
/// only the texts that changed, and any change to a text or to any value is searched again.
@Suite struct CleanTextsTests {
    static let date = day("2021-11-20")
    static let phone = "13912345678"

    func story(_ id: Int, body: String, phone: String? = nil) -> String {
        TempContent.story(replacing: ["title": "title: \"故事\(id)\"", "date": "date: 2021-08-1\(id)",
                                      "prefecture": "prefecture: \"\(["伊犁哈萨克自治州", "喀什地区"][id % 2])\""],
                          adding: phone.map { ["private:", "  phone: \"\($0)\""] } ?? [], body: body)
    }

    func cleanKeys(_ temp: TempContent) throws -> Set<String> {
        let data = try Data(contentsOf: temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache/scans.json"))
        let record = try JSONDecoder().decode([String: [String]].self, from: data)
        return Set(record.values.flatMap { $0 }.filter { $0.hasPrefix("source:") })
    }

    @Test func aTextFoundCleanIsRememberedAndAChangedOneIsSearchedAgain() throws {
        let long = String(repeating: "她扎根基层，带领乡亲们发展特色产业。", count: 20) + "\n"
        let temp = try TempContent(files: ["stories/2021/s0/index.md": story(0, body: long, phone: Self.phone),
                                           "stories/2021/s1/index.md": story(1, body: long + "第二篇。\n")])
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        let options = BuildOptions(content: temp.display, output: output, date: Self.date, jobs: 2, useCache: true)
        #expect(!ZuimeiKit.build(options).diagnostics.hasErrors)
        let first = try cleanKeys(temp)
        #expect(first.count == 2)  // the two bodies (the other texts are too short to be worth a lookup)
        #expect(first.contains(ScanCache.sourceKey(long)))
        // s1's body now shows s0's phone: its new text is searched, and the build refuses it.
        try temp.write("stories/2021/s1/index.md", story(1, body: long + "电话\(Self.phone)。\n"))
        let leaked = ZuimeiKit.build(options)
        #expect(leaked.diagnostics.contains {
            if case .privateDataInContent(key: "private.phone", _) = $0.problem { $0.file.hasSuffix("s1/index.md") } else { false }
        }, "\(leaked.diagnostics.filter { $0.severity == .error })")
    }

    /// The record is kept under a digest of the values: a value added anywhere, and a text
    /// found clean before is searched again (here it holds the new value).
    @Test func aNewValueMeansEveryTextIsSearchedAgain() throws {
        let long = String(repeating: "她扎根基层，带领乡亲们发展特色产业。", count: 20) + "联系\(Self.phone)。\n"
        let temp = try TempContent(files: ["stories/2021/s0/index.md": story(0, body: "正文。\n", phone: "13800001111"),
                                           "stories/2021/s1/index.md": story(1, body: long)])
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        let options = BuildOptions(content: temp.display, output: output, date: Self.date, jobs: 2, useCache: true)
        #expect(!ZuimeiKit.build(options).diagnostics.hasErrors)
        #expect(try cleanKeys(temp).contains(ScanCache.sourceKey(long)))
        try temp.write("stories/2021/s0/index.md", story(0, body: "正文。\n", phone: Self.phone))  // a phone changed
        let result = ZuimeiKit.build(options)
        #expect(result.diagnostics.contains {
            if case .privateDataInContent(key: "private.phone", _) = $0.problem { $0.file.hasSuffix("s1/index.md") } else { false }
        }, "\(result.diagnostics.filter { $0.severity == .error })")
    }
}
