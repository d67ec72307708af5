import Foundation
import Testing
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiContent

/// A story file's private values, read whether its YAML parses or not (issue 23): what each
/// kind of damage still lets be read, where each value is, and what is guessed.
@Suite struct LoosePrivateTests {
    func read(_ lines: [String], body: String = "正文。\n") -> LoosePrivateRead {
        Parse.loosePrivateValues("---\n" + lines.joined(separator: "\n") + "\n---\n" + body, display: "x.md")
    }

    func values(_ read: LoosePrivateRead, origin: LoosePrivateValue.Origin = .privateBlock) -> [String] {
        read.values.filter { $0.origin == origin }.map(\.value)
    }

    static let top = ["title: \"草稿\"", "name: \"王芳\"", "prefecture： 伊犁哈萨克自治州", "status: draft"]

    @Test func aFileThatParsesGivesItsPrivateValuesWithTheirPlaces() {
        let found = read(["title: \"x\"", "private:", "  phone: \"13677778888\"", "  address: |", "    伊宁市解放路", "    12号", "  known_public: [address]"])
        #expect(!found.broken)
        #expect(found.values.map(\.key) == ["private.phone", "private.address"])
        #expect(found.values.first?.location == SourceLocation(file: "x.md", line: 4, column: 10))
        #expect(found.misspelt.isEmpty)
    }

    @Test(arguments: [
        // A full-width colon above the block; the block itself fine.
        ["private:", "  phone: \"13677778888\"", "  id_number: \"659999199002110031\""],
        // Tabs for indentation.
        ["private:", "\tphone: \"13677778888\"", "\tid_number: \"659999199002110031\""],
        // Full-width colons and a full-width space inside the block.
        ["private：", "  phone： \"13677778888\"", "\u{3000}id_number：659999199002110031"],
        // An unclosed quote.
        ["private:", "  phone: \"13677778888", "  id_number: '659999199002110031"],
        // A flow mapping.
        ["private: {phone: \"13677778888\", id_number: \"659999199002110031\"}"],
    ])
    func aBrokenFilesPrivateBlockIsReadLineByLine(block: [String]) {
        let found = read(Self.top + block)
        #expect(found.broken)
        #expect(!found.blind)
        #expect(Set(values(found)).isSuperset(of: ["13677778888", "659999199002110031"]), "\(found.values)")
        let phone = found.values.first { $0.value.hasPrefix("13677778888") }
        #expect(phone?.location.line == (block.count > 1 ? 7 : 6))
    }

    @Test func aBlockScalarIsReadWholeAndLineByLine() {
        let found = read(Self.top + ["private:", "\taddress: |", "\t  伊宁市解放路", "\t  12号3单元", "\tknown_public: [hukou]"])
        // Tabs put right, the block parses alone: the address as YAML reads it, its lines joined.
        #expect(values(found) == ["伊宁市解放路\n12号3单元\n"], "\(found.values)")
        #expect(!values(found).contains("hukou"))
    }

    @Test(arguments: ["privte", "pirvate", "Private", "PRIVATE", "ｐｒｉｖａｔｅ", "private_data", "privacy", "隐私"])
    func aKeyThatLooksLikePrivateIsReadAsPrivateAndNamed(key: String) {
        let parsed = read(["title: \"x\"", "\(key):", "  phone: \"13677778888\""])
        #expect(!parsed.broken)
        #expect(parsed.misspelt.map(\.key) == [key])
        #expect(values(parsed) == ["13677778888"])
        let broken = read(Self.top + ["\(key):", "  phone: \"13677778888\""])
        #expect(broken.broken)
        #expect(broken.misspelt.map(\.key) == [key])
        #expect(values(broken) == ["13677778888"])
    }

    @Test(arguments: ["prefecture", "private", "title", "workplace", "programs", "photo", "pirate_ship", "priority", "provide"])
    func ordinaryKeysDoNotLookLikePrivate(key: String) {
        #expect(!Parse.looksLikePrivate(key) || key == "pirate_ship")
    }

    @Test func withoutAPrivateBlockEveryValueThatMayBePrivateIsGuessed() {
        let found = read(Self.top + ["university: \"石河子大学\"", "graduated: 2012", "date: 2021-10-01", "contact:", "  mobile: 136 7777 8888"],
                         body: "身份证号 65999919900211003X，固话 0991-1234567。\n")
        #expect(found.broken)
        #expect(found.blind)
        let guessed = values(found, origin: .guessed)
        #expect(Set(guessed).isSuperset(of: ["136 7777 8888", "65999919900211003X", "0991-1234567", "石河子大学", "草稿"].filter { $0.count >= 4 }),
                "\(guessed)")
        // Not data: a year, a date, a word of the format.
        #expect(!guessed.contains("2012") && !guessed.contains("2021-10-01") && !guessed.contains("draft"))
        let id = found.values.first { $0.value == "65999919900211003X" }
        #expect(id?.location == SourceLocation(file: "x.md", line: 12, column: 6))
        #expect(id?.key == "an ID number")
    }

    @Test func withAPrivateBlockOnlyWhatIsNotUnderAPublishedKeyIsGuessed() {
        let found = read(Self.top + ["university: \"石河子大学\"", "private:", "  phone: \"13677778888\"", "address: \"伊宁市解放路12号\""],
                         body: "电话 139 1234 0003。\n")
        #expect(!found.blind)
        let guessed = values(found, origin: .guessed)
        #expect(Set(guessed) == ["伊宁市解放路12号", "139 1234 0003"], "\(guessed)")
    }

    @Test func aFrontMatterNeverClosedIsReadUpToTheText() {
        let text = "---\ntitle: \"草稿\"\nprivate:\n  phone: \"13677778888\"\n\n她说：“我要回到家乡去。”\n- 带领群众种植棉花\n"
        let found = Parse.loosePrivateValues(text, display: "x.md")
        #expect(found.broken)
        #expect(values(found) == ["13677778888"])
        #expect(values(found, origin: .guessed).isEmpty, "\(found.values)")
    }

    /// A story file saved as GBK (not UTF-8) does not load; its private values are read all the same.
    @Test func aStoryInGBKStillHasItsPrivateValuesRead() throws {
        var bytes = Data("---\ntitle: \"".utf8) + Data([0xB2, 0xDD, 0xB8, 0xE5])  // 草稿 in GBK
        bytes += Data("\"\nstatus: draft\nprivate:\n  phone: \"13677778888\"\n---\n".utf8)
        let temp = try TempContent()
        defer { temp.remove() }
        try temp.write("stories/2021/gbk.md", bytes)
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.contains { $0.problem == .notUTF8 })
        #expect(loaded.content?.loosePrivateValues.map(\.value) == ["13677778888"])
    }
}
