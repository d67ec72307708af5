import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiRules

/// One fixture per rule, each breaking it exactly once. The diagnostic is
/// compared as a value: rule, file, line (and severity), never the message.
@Suite struct RulesFixtureTests {
    struct Found: Equatable, CustomStringConvertible {
        var rule: String, file: String, line: Int, severity: Diagnostic.Severity
        var description: String { "\(file):\(line) \(severity) [\(rule)]" }
    }

    /// A clean site (two valid stories in different prefectures) plus `files`.
    func check(_ files: [String: String]) throws -> [Found] {
        var all = [
            "stories/2021/clean-one.md": TempContent.story(),
            "stories/2021/clean-two.md": TempContent.story(replacing: ["prefecture": "prefecture: \"喀什地区\""]),
        ]
        for (path, text) in files { all[path] = text }
        let temp = try TempContent(files: all)
        defer { temp.remove() }
        let loaded = loadContent(from: temp.display)
        let content = try #require(loaded.content)
        #expect(loaded.diagnostics == [])
        return checkRules(content).map {
            Found(rule: $0.rule, file: String($0.file.dropFirst(temp.display.count + 1)), line: $0.line, severity: $0.severity)
        }
    }

    func story(_ replacing: [String: String] = [:], adding: [String] = []) -> String {
        TempContent.story(replacing: replacing, adding: adding)
    }

    @Test func aCleanSiteHasNoDiagnostics() throws {
        #expect(try check([:]) == [])
    }

    @Test func ageLimit() throws {
        #expect(try check(["stories/2021/old.md": story(["born": "born: 1979-05"])])
                == [Found(rule: "age-limit", file: "stories/2021/old.md", line: 4, severity: .error)])
    }

    @Test func ageIsCountedByMonth() throws {
        // 40 years 11 months at 2021-06 is still 40; 41 years is not.
        #expect(try check(["stories/2021/just.md": story(["born": "born: 1980-07"])]) == [])
        #expect(try check(["stories/2021/over.md": story(["born": "born: 1980-06"])]).map(\.rule) == ["age-limit"])
    }

    @Test func ageLimitDiagnosticCarriesTheFigures() throws {
        let temp = try TempContent(files: ["stories/2021/old.md": story(["born": "born: 1979-05"])])
        defer { temp.remove() }
        let content = try #require(loadContent(from: temp.display).content)
        #expect(checkRules(content).map(\.problem) == [.ageLimit(born: "1979-05", age: 42, referenceDate: "2021-06-24", limit: 40)])
    }

    @Test func serviceYears() throws {
        #expect(try check(["stories/2021/new.md": story(["grassroots_since": "grassroots_since: 2016-07", "graduated": "graduated: 2016"])])
                == [Found(rule: "service-years", file: "stories/2021/new.md", line: 9, severity: .error)])
        #expect(try check(["stories/2021/five.md": story(["grassroots_since": "grassroots_since: 2016-06", "graduated": "graduated: 2016"])]) == [])
    }

    @Test func graduationComesBeforeService() throws {
        #expect(try check(["stories/2021/late.md": story(["graduated": "graduated: 2013"])])
                == [Found(rule: "graduation-date", file: "stories/2021/late.md", line: 6, severity: .error)])
    }

    @Test func graduationComesAfterBirthPlusFifteen() throws {
        #expect(try check(["stories/2021/young.md": story(["graduated": "graduated: 2004"])])
                == [Found(rule: "graduation-date", file: "stories/2021/young.md", line: 6, severity: .error)])
    }

    @Test func prefectureQuotaNamesEveryStoryOnce() throws {
        // clean-one is in 伊犁 already: three more make four, one over the quota of 3. A draft does not count.
        let found = try check([
            "stories/2021/ili-a.md": story(),
            "stories/2021/ili-b.md": story(["status": "status: nominated"]),
            "stories/2021/ili-c.md": story(),
            "stories/2021/ili-draft.md": story(["status": "status: draft"]),
        ])
        #expect(found == [Found(rule: "prefecture-quota", file: "stories/2021/ili-c.md", line: 7, severity: .error)])
    }

    @Test func prefectureQuotaListsTheStories() throws {
        let temp = try TempContent(files: (1...4).reduce(into: [String: String]()) { $0["stories/2021/s\($1).md"] = story() })
        defer { temp.remove() }
        let content = try #require(loadContent(from: temp.display).content)
        guard case .prefectureQuota(let prefecture, 2021, 3, let stories) = checkRules(content).first?.problem else {
            Issue.record("expected a quota diagnostic"); return
        }
        #expect(prefecture == "伊犁哈萨克自治州")
        #expect(stories == (1...4).map { temp.display("stories/2021/s\($0).md") })
    }

    @Test func winnerQuota() throws {
        var files: [String: String] = [:]
        for (index, prefecture) in ["伊犁哈萨克自治州", "喀什地区", "喀什地区", "伊犁哈萨克自治州"].enumerated() {
            files["stories/2021/w\(index).md"] = story(["prefecture": "prefecture: \"\(prefecture)\""], adding: ["winner: true"])
        }
        // Two clean stories, four winners: 伊犁 and 喀什 have three each, inside the quota.
        #expect(try check(files) == [Found(rule: "winner-quota", file: "stories/2021/w3.md", line: 14, severity: .error)])
    }

    @Test func onlyApprovedStoriesCanBeWinners() throws {
        #expect(try check(["stories/2021/nominee.md": story(["status": "status: nominated"], adding: ["winner: true"])])
                == [Found(rule: "winner-status", file: "stories/2021/nominee.md", line: 14, severity: .error)])
    }

    @Test func vocabularyWithSuggestion() throws {
        #expect(try check(["stories/2021/typo.md": story(["prefecture": "prefecture: \"伊犁哈萨克自治洲\""])])
                == [Found(rule: "unknown-term", file: "stories/2021/typo.md", line: 7, severity: .error)])
        let temp = try TempContent(files: ["stories/2021/typo.md": story([
            "prefecture": "prefecture: \"伊犁哈萨克自治洲\"", "programs": "programs: [\"大学生村官\", \"西部计划书\"]",
        ])])
        defer { temp.remove() }
        let content = try #require(loadContent(from: temp.display).content)
        let found = checkRules(content)
        #expect(found.map(\.problem) == [
            .unknownTerm(kind: "prefecture", value: "伊犁哈萨克自治洲", suggestion: "伊犁哈萨克自治州"),
            .unknownTerm(kind: "programme", value: "西部计划书", suggestion: "西部计划"),
        ])
        #expect(found.map(\.column) == [13, 21])
    }

    @Test func photoMustBeAnImage() throws {
        #expect(try check([
            "stories/2021/pic/index.md": story(adding: ["photo: photo.jpg", "photo_alt: \"照片\""]),
            "stories/2021/pic/photo.jpg": "this is not a JPEG",
        ]) == [Found(rule: "photo-format", file: "stories/2021/pic/index.md", line: 14, severity: .error)])
    }

    @Test func photoFormatIsReadFromTheBytes() {
        #expect(Attachment.imageFormat(of: Data([0xFF, 0xD8, 0xFF, 0xE0])) == "jpeg")
        #expect(Attachment.imageFormat(of: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) == "png")
        #expect(Attachment.imageFormat(of: Data("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == "webp")
        #expect(Attachment.imageFormat(of: Data("<svg".utf8)) == nil)
    }

    @Test func stagesDoNotOverlap() throws {
        let edition = TempContent.edition.replacingOccurrences(of: "review: {from: 2021-06-25", with: "review: {from: 2021-06-20")
        #expect(try check(["editions/2021.yml": edition])
                == [Found(rule: "stage-overlap", file: "editions/2021.yml", line: 8, severity: .error)])
    }

    @Test func stagesEndAfterTheyStart() throws {
        let edition = TempContent.edition.replacingOccurrences(of: "study: {from: 2021-11-01, to: 2021-12-31}",
                                                               with: "study: {from: 2021-11-01, to: 2021-10-31}")
        #expect(try check(["editions/2021.yml": edition])
                == [Found(rule: "stage-dates", file: "editions/2021.yml", line: 10, severity: .error)])
    }

    @Test func aDateBeforeThePublicityStageIsAWarning() throws {
        #expect(try check(["stories/2021/early.md": story(["date": "date: 2021-07-01"])])
                == [Found(rule: "date-before-publicity", file: "stories/2021/early.md", line: 13, severity: .warning)])
    }

    @Test func onDraftsRulesAreWarnings() throws {
        #expect(try check(["stories/2021/wip.md": story(["status": "status: draft", "born": "born: 1979-05"])])
                == [Found(rule: "age-limit", file: "stories/2021/wip.md", line: 4, severity: .warning)])
    }

    @Test func rejectedAndWithdrawnStoriesAreNotChecked() throws {
        #expect(try check([
            "stories/2021/no.md": story(["status": "status: rejected", "born": "born: 1970-01"]),
            "stories/2021/gone.md": story(["status": "status: withdrawn", "born": "born: 1970-01"]),
        ]) == [])
    }

    @Test func studyMaterialNamesExistingStories() throws {
        let study = "---\ntitle: 学习\ndate: 2021-11-15\nstories: [\"2021/clean-one\", \"2021/nobody\"]\n---\n正文\n"
        #expect(try check(["study/guide.md": study])
                == [Found(rule: "unknown-story", file: "study/guide.md", line: 4, severity: .error)])
    }

    @Test func twoFilesAtOneURL() throws {
        #expect(try check([
            "stories/2021/twice.md": story(["prefecture": "prefecture: \"喀什地区\""]),
            "stories/2021/twice/index.md": story(["prefecture": "prefecture: \"喀什地区\""]),
        ]) == [Found(rule: "duplicate-url", file: "stories/2021/twice/index.md", line: 1, severity: .error)])
    }

    @Test func aPageNamedLikeASection() throws {
        #expect(try check(["pages/stories.md": "---\ntitle: 冲突\n---\n"])
                == [Found(rule: "duplicate-url", file: "pages/stories.md", line: 1, severity: .error)])
    }
}
