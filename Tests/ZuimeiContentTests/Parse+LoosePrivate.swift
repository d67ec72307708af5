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
        #expect(found.problems.isEmpty)
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
        // Tabs put right, the block parses alone: the address as YAML reads it, its lines joined; and each line.
        #expect(Set(values(found)).isSuperset(of: ["伊宁市解放路\n12号3单元\n", "伊宁市解放路", "12号3单元"]), "\(found.values)")
        #expect(!values(found).contains("hukou"))
    }

    @Test(arguments: ["privte", "pirvate", "Private", "PRIVATE", "ｐｒｉｖａｔｅ", "private_data", "privacy", "隐私",
                      "рrіvаtе", "priv", "PRIV", "个人隐私", "保密信息", "pri\u{200B}vate"])
    func aKeyThatLooksLikePrivateIsReadAsPrivateAndNamed(key: String) {
        let parsed = read(["title: \"x\"", "\(key):", "  phone: \"13677778888\""])
        #expect(!parsed.broken)
        #expect(parsed.problems.map(\.problem) == [.privateKeyMisspelt(key: key)])
        #expect(values(parsed) == ["13677778888"])
        let broken = read(Self.top + ["\(key):", "  phone: \"13677778888\""])
        #expect(broken.broken)
        #expect(broken.problems.map(\.problem) == [.privateKeyMisspelt(key: key)])
        #expect(values(broken).contains("13677778888"))
    }

    @Test(arguments: ["prefecture", "private", "title", "workplace", "programs", "photo", "priority", "provide", "summary"])
    func ordinaryKeysDoNotLookLikePrivate(key: String) {
        #expect(!Parse.looksLikePrivate(key))
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
        #expect(Set(values(found)).contains("13677778888"))
        #expect(!found.values.contains { $0.value.contains("我要回到家乡去") || $0.value.contains("带领群众") }, "\(found.values)")
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

    // MARK: What the review found (issue 23)

    /// Each line of a broken private block, however it is written, has its value guarded.
    @Test(arguments: [
        "  phone:13912340007", "  phones[0]: 13912340007", "  phone: \"13912340007\"  # 手机", "  phone: &p \"13912340007\"",
        "  phone: !!str 13912340007", "  phone: '13912340007', 备用", "  phone: {n: \"[x]\", v: \"13912340007\"",
    ])
    func everyReadingOfABrokenBlocksLineIsKept(line: String) {
        let found = read(Self.top + ["private:", "  address: \"阿克苏市示例路126号", line])
        #expect(found.broken)
        let folded = Set(found.values.map { $0.value.filter { $0.isNumber } })
        #expect(folded.contains("13912340007"), "\(found.values.map(\.value))")
    }

    @Test func aFlowMappingCutShortKeepsEachQuotedValue() {
        let found = read(Self.top + ["private: {note: \"[x]\", phone: \"13912340007\", address: \"阿克苏市示例路126号2号楼301室\""])
        #expect(Set(values(found)).isSuperset(of: ["13912340007", "阿克苏市示例路126号2号楼301室"]), "\(found.values.map(\.value))")
    }

    @Test func aLineSeparatorAndCarriageReturnsBreakLines() {
        let separated = read(Self.top + ["private:", "  id_number: \"659999199208190028\u{2028}  address: \"阿克苏市示例路126号\""])
        #expect(Set(values(separated)).contains("阿克苏市示例路126号"), "\(separated.values.map(\.value))")
        let text = ("---\n" + (Self.top + ["private:", "  address: \"阿克苏市示例路126号", "  referee: \"推荐人认为该同志表现突出\""]).joined(separator: "\n")
                    + "\n---\n正文\n").replacingOccurrences(of: "\n", with: "\r")
        let carriage = Parse.loosePrivateValues(text, display: "x.md")
        #expect(Set(carriage.values.map(\.value)).isSuperset(of: ["阿克苏市示例路126号", "推荐人认为该同志表现突出"]), "\(carriage.values.map(\.value))")
    }

    @Test func anIndentedDashLineInABlockScalarDoesNotEndTheFrontMatter() {
        let found = read(Self.top + ["private:", "  opinion: |", "    推荐意见：", "    ---", "    该同志表现突出", "  address: \"阿克苏市示例路126号"])
        #expect(Set(values(found)).contains("阿克苏市示例路126号"), "\(found.values.map(\.value))")
    }

    @Test func valuesUnderAnUnknownKeyOfABrokenFileAreGuessedWhateverTheirInnerKeys() {
        let found = read(["title: \"x", "referee: &r", "  name: \"王建国\"", "  workplace: \"阿克苏市示例路126号\"", "private:", "  referee: *r"])
        #expect(Set(found.values.map(\.value)).isSuperset(of: ["阿克苏市示例路126号"]), "\(found.values.map(\.value))")
    }

    /// A file that parses: `---` before `private:` (the block is then the text), a block that
    /// lost its indentation, a nested one, a key that names a form's field.
    @Test func aPrivateBlockAfterTheFrontMatterIsAnErrorAndGuarded() {
        let text = "---\ntitle: \"x\"\n---\nprivate:\n  phone: \"13912340007\"\n  address: \"阿克苏市示例路126号\"\n\n正文\n"
        let found = Parse.loosePrivateValues(text, display: "x.md")
        #expect(!found.broken)
        #expect(found.problems.map(\.problem) == [.privateBlockInText(key: "private")])
        #expect(found.problems.first?.line == 4)
        #expect(Set(values(found)).isSuperset(of: ["13912340007", "阿克苏市示例路126号"]))
    }

    @Test func aBlockThatLostItsIndentationIsGuarded() {
        let found = read(["title: \"x\"", "private:", "phone: \"13912340007\"", "address: \"阿克苏市示例路126号\""])
        #expect(!found.broken)
        #expect(Set(found.values.filter { $0.origin == .unknownKey }.map(\.value)) == ["13912340007", "阿克苏市示例路126号"])
    }

    @Test func aNestedPrivateBlockIsAnErrorAndGuarded() {
        let found = read(["title: \"x\"", "nomination:", "  private:", "    phone: \"13912340007\""])
        #expect(found.problems.map(\.problem) == [.privateBlockNested(key: "nomination.private")])
        #expect(values(found) == ["13912340007"])
    }

    @Test func aKeyThatNamesAFormsFieldIsGuardedAndANumberUnderAnyUnknownKeyIs() {
        let found = read(["title: \"x\"", "home_address: \"阿克苏市示例路126号\"", "电话: \"139 1234 0007\"", "notes: \"请拨打 13912340007 联系\"",
                          "subtitle: \"扎根基层的好青年\""])
        let guarded = Set(found.values.filter { $0.origin == .unknownKey }.map(\.value))
        #expect(guarded == ["阿克苏市示例路126号", "139 1234 0007", "13912340007"], "\(guarded)")
    }
}
