import Foundation
import Testing
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiContent

/// Each bad input yields its diagnostic, at the right file, line and column.
@Suite struct LoaderDiagnosticsTests {
    /// Loads a content directory with one story and returns the story and all diagnostics.
    func load(story text: String, at path: String = "stories/2021/test-story.md",
              extra: [String: String] = [:]) throws -> (Content?, [Diagnostic], TempContent) {
        var files = extra
        files[path] = text
        let content = try TempContent(files: files)
        let loaded = loadContent(from: content.display)
        let diagnostics = loaded.diagnostics
        return (loaded.content, diagnostics, content)
    }

    struct Found: Equatable, CustomStringConvertible {
        var problem: Problem, file: String, line: Int, column: Int
        var description: String { "\(file):\(line):\(column) \(problem)" }
    }

    func found(_ diagnostics: [Diagnostic], in content: TempContent) -> [Found] {
        diagnostics.map {
            Found(problem: $0.problem, file: String($0.file.dropFirst(content.display.count + 1)), line: $0.line, column: $0.column)
        }
    }

    @Test func aValidStoryLoadsWithoutDiagnostics() throws {
        let (content, diagnostics, temp) = try load(story: TempContent.story())
        defer { temp.remove() }
        #expect(diagnostics == [])
        let story = try #require(content?.stories.first)
        #expect(story.id == "2021/test-story")
        #expect(story.born == YearMonth(year: 1990, month: 5))
        #expect(story.date == Day(year: 2021, month: 8, day: 10))
        #expect(story.programs == ["大学生村官"])
        #expect(story.body == "正文。\n")
        #expect(story.source.bodyLine == 15)
    }

    /// A NUL byte would silently cut the story there (libcmark reads a C string): an
    /// `encoding` error at its line and column instead, and the story is not loaded.
    @Test func aNULCharacterIsAnErrorWhereItIs() throws {
        let (content, diagnostics, temp) = try load(story: TempContent.story(body: "正文。\n第二行，这里\u{0}之后的文字。\n"))
        defer { temp.remove() }
        #expect(found(diagnostics, in: temp) == [Found(problem: .nulCharacter, file: "stories/2021/test-story.md", line: 16, column: 7)])
        #expect(diagnostics.first?.problem.rule == "encoding")
        #expect(content?.stories.isEmpty ?? true)
    }

    /// Nine nested anchors of ten aliases each stand for 10^10 values: refused, under any key,
    /// in bounded time and memory, before any key is read.
    @Test func anAliasBombIsRefusedQuickly() throws {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]") }
        let start = Date()
        let (_, diagnostics, temp) = try load(story: TempContent.story(adding: lines + ["unknown_key: *a9"]))
        defer { temp.remove() }
        #expect(Date().timeIntervalSince(start) < 5)
        // At the anchored value whose aliases pass the limit; and, the story not parsing, its values are guessed private.
        #expect(found(diagnostics, in: temp).filter { $0.problem.rule != "private-guessed" }
                == [Found(problem: .yamlTooLarge(limit: 10_000), file: "stories/2021/test-story.md", line: 16, column: 5)])
    }

    /// What is written out is not limited (the limit is on what aliases add): a site.yml with
    /// 10,000 prefectures loads.
    @Test func tenThousandTermsWrittenOutAreNotAnAliasBomb() throws {
        let terms = (0..<10_000).map { "  - {name: \"测试地区\($0)\", slug: test-\($0)}" }.joined(separator: "\n")
        let site = TempContent.site.replacingOccurrences(of: "prefectures:\n", with: "prefectures:\n" + terms + "\n")
        let (content, diagnostics, temp) = try load(story: TempContent.story(), extra: ["site.yml": site])
        defer { temp.remove() }
        #expect(diagnostics == [])
        #expect(content?.site.prefectures.count == 10_002)
    }

    /// An anchor repeated a few times is fine; repeated past the limit, refused, whatever the key.
    @Test func whatAliasesAddIsCounted() throws {
        let list = "[" + Array(repeating: "a", count: 100).joined(separator: ", ") + "]"
        let few = TempContent.story(adding: ["x_list: &l \(list)"] + (0..<50).map { "x\($0): *l" })
        let (_, fine, fineTemp) = try load(story: few)
        defer { fineTemp.remove() }
        #expect(!fine.contains { $0.problem == .yamlTooLarge(limit: 10_000) })
        let many = TempContent.story(adding: ["x_list: &l \(list)"] + (0..<120).map { "x\($0): *l" })
        let (_, refused, refusedTemp) = try load(story: many)
        defer { refusedTemp.remove() }
        #expect(refused.contains { $0.problem == .yamlTooLarge(limit: 10_000) && $0.line == 14 })
    }

    /// `![[]()` repeated is quadratic in Debian's libcmark 0.30.2 (100,000 took 69 s): more than
    /// 10,000 `[` is an error where the limit is passed, found without parsing the Markdown.
    @Test func tooManyBracketsAreRefusedBeforeTheMarkdownIsParsed() throws {
        let body = "正文。\n" + String(repeating: "![[]()", count: 4_000) + "\n" + String(repeating: "![[]()", count: 4_000) + "\n"
        let start = Date()
        let (_, diagnostics, temp) = try load(story: TempContent.story(body: body))
        defer { temp.remove() }
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(found(diagnostics, in: temp) == [Found(problem: .tooManyBrackets(count: 16_000, limit: 10_000),
                                                      file: "stories/2021/test-story.md", line: 17, column: 1)])
    }

    /// Work in progress never stops a build: a draft missing fields, with a bad date, or whose
    /// YAML does not parse gets warnings; the same story nominated gets errors.
    @Test func aDraftsProblemsAreWarningsAndANominatedStorysAreErrors() throws {
        let incomplete = "---\ntitle: \"草稿\"\nname: \"某人\"\nstatus: draft\ndate: 2021-13-40\n---\n正文。\n"
        let (_, draft, temp) = try load(story: incomplete)
        defer { temp.remove() }
        #expect(!draft.isEmpty && draft.allSatisfy { $0.severity == .warning }, "\(draft)")
        #expect(draft.contains { $0.problem == .missingKey(key: "born") })
        let broken = "---\ntitle: \"未闭合的引号\nstatus: draft\n---\n正文。\n"
        let (_, yaml, yamlTemp) = try load(story: broken)
        defer { yamlTemp.remove() }
        // Its values are guessed private (no private block can be read in it): a warning too.
        #expect(yaml.map(\.rule) == ["yaml-syntax", "private-guessed"] && yaml.allSatisfy { $0.severity == .warning }, "\(yaml)")
        let (_, nominated, nominatedTemp) = try load(story: incomplete.replacingOccurrences(of: "status: draft", with: "status: nominated"))
        defer { nominatedTemp.remove() }
        #expect(nominated.contains { $0.problem == .missingKey(key: "born") && $0.severity == .error })
    }

    @Test func missingFrontMatter() throws {
        let (_, diagnostics, temp) = try load(story: "# 标题\n\n正文\n")
        defer { temp.remove() }
        #expect(found(diagnostics, in: temp) == [Found(problem: .missingFrontMatter, file: "stories/2021/test-story.md", line: 1, column: 1)])
    }

    @Test func unclosedFrontMatter() throws {
        let (_, diagnostics, temp) = try load(story: "---\ntitle: x\n\n正文\n")
        defer { temp.remove() }
        #expect(found(diagnostics, in: temp) == [Found(problem: .unclosedFrontMatter, file: "stories/2021/test-story.md", line: 1, column: 1)])
    }

    @Test func yamlSyntaxErrorCountsLinesFromTheFileStart() throws {
        // Line 5 of the file holds the tab.
        let text = "---\ntitle: \"x\"\nname: \"y\"\nprivate:\n\tphone: \"1\"\n---\n正文\n"
        let (_, diagnostics, temp) = try load(story: text)
        defer { temp.remove() }
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.rule == "yaml-syntax")
        #expect(diagnostics.first?.line == 5)
    }

    /// What a Chinese keyboard types into front matter is named at its own place, in our words:
    /// libyaml reports a '：' a line later as a missing ':'.
    @Test(arguments: [
        ("workplace：\"某村委会\"", Problem.fullWidthColon(key: "workplace"), 10),
        ("workplace ： \"某村委会\"", .fullWidthColon(key: "workplace"), 11),
        ("workplace: “某村: 委会”", .fullWidthQuote(quote: "“"), 12),
    ])
    func fullWidthPunctuationIsNamedWhereItIs(line: String, problem: Problem, column: Int) throws {
        let story = TempContent.story(replacing: ["workplace": line])
        let number = story.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("workplace") }! + 1
        let (_, diagnostics, temp) = try load(story: story)
        defer { temp.remove() }
        // (with a warning that the values of a story whose YAML does not parse are guarded as private)
        #expect(found(diagnostics.filter { $0.severity == .error }, in: temp)
                == [Found(problem: problem, file: "stories/2021/test-story.md", line: number, column: column)])
        let chinese = problem.message(in: .chinese) + (problem.hint(in: .chinese) ?? "")
        #expect(!chinese.contains("YAML syntax error") && !chinese.contains("could not find"))
    }

    @Test func aFullWidthSpaceIndentingAKeyIsNamed() throws {
        let story = TempContent.story(adding: ["private:", "\u{3000}\u{3000}phone: \"13900000000\""])
        let (_, diagnostics, temp) = try load(story: story)
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem).contains(.fullWidthSpace), "\(diagnostics.map(\.message))")
        #expect(!diagnostics.map(\.problem).contains { if case .unknownKey = $0 { true } else { false } })
    }

    /// libyaml's common errors in our own words, in both languages.
    @Test func aColonInAValueIsExplainedInChinese() throws {
        let (_, diagnostics, temp) = try load(story: TempContent.story(replacing: ["workplace": "workplace: 某村: 委会"]))
        defer { temp.remove() }
        let problem = try #require(diagnostics.first { $0.rule == "yaml-syntax" }?.problem)
        #expect(problem.message(in: .chinese).contains("冒号加空格") && problem.hint(in: .chinese)?.contains("半角双引号") == true)
        #expect(problem.message.contains("a colon and a space"))
    }

    @Test func unknownKeyIsReportedAtTheKey() throws {
        let (content, diagnostics, temp) = try load(story: TempContent.story(adding: ["phon: \"13900000000\""]))
        defer { temp.remove() }
        #expect(found(diagnostics, in: temp) == [
            Found(problem: .unknownKey(key: "phon", suggestion: nil), file: "stories/2021/test-story.md", line: 14, column: 1),
        ])
        #expect(content?.stories.isEmpty == true)
    }

    @Test func aMisspeltKeyGetsASuggestion() throws {
        let (_, diagnostics, temp) = try load(story: TempContent.story(adding: ["sumary: \"x\""]))
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.unknownKey(key: "sumary", suggestion: "summary")])
    }

    @Test func missingRequiredKey() throws {
        let text = TempContent.story().replacingOccurrences(of: "university: \"新疆大学\"\n", with: "")
        let (_, diagnostics, temp) = try load(story: text)
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.missingKey(key: "university")])
    }

    @Test func wrongTypeIsReportedAtTheValue() throws {
        let (_, diagnostics, temp) = try load(story: TempContent.story(replacing: ["graduated": "graduated: 二〇一二"]))
        defer { temp.remove() }
        #expect(found(diagnostics, in: temp) == [
            Found(problem: .wrongType(key: "graduated", expected: "a year YYYY"), file: "stories/2021/test-story.md", line: 6, column: 12),
        ])
    }

    @Test func badDatesAreReported() throws {
        let (_, diagnostics, temp) = try load(story: TempContent.story(replacing: [
            "date": "date: 2021-02-30", "born": "born: 1990/05",
        ]))
        defer { temp.remove() }
        #expect(found(diagnostics, in: temp) == [
            Found(problem: .badDate(key: "born", value: "1990/05", format: "YYYY-MM"), file: "stories/2021/test-story.md", line: 4, column: 7),
            Found(problem: .badDate(key: "date", value: "2021-02-30", format: "YYYY-MM-DD"), file: "stories/2021/test-story.md", line: 13, column: 7),
        ])
    }

    @Test func statusMustBeAKnownValue() throws {
        let (_, diagnostics, temp) = try load(story: TempContent.story(replacing: ["status": "status: published"]))
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.invalidValue(key: "status", value: "published",
                                                              allowed: ["draft", "nominated", "approved", "rejected", "withdrawn"])])
        #expect(diagnostics.first?.line == 12)
    }

    @Test func photoMustExistBesideTheStory() throws {
        let text = TempContent.story(adding: ["photo: missing.jpg", "photo_alt: \"照片\""])
        let (_, diagnostics, temp) = try load(story: text, at: "stories/2021/test-story/index.md")
        defer { temp.remove() }
        #expect(found(diagnostics, in: temp) == [
            Found(problem: .missingPhoto(path: "missing.jpg"), file: "stories/2021/test-story/index.md", line: 14, column: 8),
        ])
    }

    @Test func photoNeedsAltText() throws {
        let text = TempContent.story(adding: ["photo: a.jpg"])
        let (_, diagnostics, temp) = try load(story: text, at: "stories/2021/test-story/index.md",
                                              extra: ["stories/2021/test-story/a.jpg": "jpeg"])
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.photoWithoutAlt])
    }

    @Test func photoOutsideTheFolderIsRefused() throws {
        let text = TempContent.story(adding: ["photo: ../other/a.jpg", "photo_alt: \"x\""])
        let (_, diagnostics, temp) = try load(story: text, at: "stories/2021/test-story/index.md",
                                              extra: ["stories/2021/other/a.jpg": "jpeg"])
        defer { temp.remove() }
        #expect(diagnostics.contains { $0.problem == .pathOutsideFolder(path: "../other/a.jpg") && $0.line == 14 })
    }

    @Test func symlinkLeadingOutsideIsNeverFollowed() throws {
        let text = TempContent.story(adding: ["photo: a.jpg", "photo_alt: \"x\""])
        let temp = try TempContent(files: ["stories/2021/test-story/index.md": text])
        defer { temp.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-secret-\(UUID().uuidString).jpg")
        try Data("secret".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(atPath: temp.display("stories/2021/test-story/a.jpg"),
                                                   withDestinationPath: outside.path)
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.map(\.problem).contains(.symlinkOutside(path: "stories/2021/test-story/a.jpg")))
        #expect(loaded.diagnostics.map(\.problem).contains(.missingPhoto(path: "a.jpg")))
        #expect(loaded.content?.stories.isEmpty == true)
    }

    /// A photo name not found, with the file it most likely means beside it.
    @Test(arguments: [("photo.png", ["IMG_2031.PNG"], "IMG_2031.PNG"), ("img_2031.png", ["IMG_2031.PNG", "b.jpg"], "IMG_2031.PNG"),
                      ("photo.jpg", ["photo.jpeg", "x.png"], "photo.jpeg"), ("photo.jpg", ["a.png", "b.png"], nil),
                      ("phot.jpg", ["photo.jpg", "other.png"], "photo.jpg")])
    func aMissingPhotoSuggestsTheNearMiss(photo: String, files: [String], suggestion: String?) throws {
        let text = TempContent.story(adding: ["photo: \(photo)", "photo_alt: \"x\""])
        let temp = try TempContent(files: ["stories/2021/test-story/index.md": text])
        defer { temp.remove() }
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 16))
        for file in files { try temp.write("stories/2021/test-story/" + file, png) }
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.map(\.problem).contains(.missingPhoto(path: photo, suggestion: suggestion)), "\(loaded.diagnostics)")
    }

    @Test func symlinkInsideTheFolderIsFine() throws {
        let text = TempContent.story(adding: ["photo: a.jpg", "photo_alt: \"x\""])
        let temp = try TempContent(files: ["stories/2021/test-story/index.md": text, "stories/2021/test-story/real.jpg": "jpeg"])
        defer { temp.remove() }
        try FileManager.default.createSymbolicLink(atPath: temp.display("stories/2021/test-story/a.jpg"), withDestinationPath: "real.jpg")
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics == [])
        #expect(loaded.content?.stories.first?.files.map(\.name) == ["a.jpg", "real.jpg"])
    }

    @Test func contentMustBeUTF8() throws {
        let temp = try TempContent()
        defer { temp.remove() }
        var data = Data(TempContent.story().utf8)
        data.append(contentsOf: [0xE9, 0x0A])  // Latin-1 é
        try temp.write("stories/2021/test-story.md", data)
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.map(\.problem) == [.notUTF8])
        #expect(loaded.diagnostics.first?.file == temp.display("stories/2021/test-story.md"))
    }

    @Test func aBOMAndCRLFLineEndingsAreFineAndLinesStayRight() throws {
        let temp = try TempContent()
        defer { temp.remove() }
        let text = TempContent.story(replacing: ["date": "date: 2021-13-01"]).replacingOccurrences(of: "\n", with: "\r\n")
        try temp.write("stories/2021/test-story.md", Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.map(\.problem) == [.badDate(key: "date", value: "2021-13-01", format: "YYYY-MM-DD")])
        #expect(loaded.diagnostics.first?.line == 13)
    }

    @Test func slugsAreLowercaseASCII() throws {
        let (_, diagnostics, temp) = try load(story: TempContent.story(), at: "stories/2021/Wang_Fang.md")
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.badSlug(slug: "Wang_Fang")])
    }

    @Test func privateValuesAreCollectedForTheGuard() throws {
        let (content, diagnostics, temp) = try load(story: TempContent.story(adding: [
            "private:", "  phone: \"13912345678\"", "  referees: [\"意见一\", {name: \"推荐人\"}]",
        ]))
        defer { temp.remove() }
        #expect(diagnostics == [])
        #expect(content?.stories.first?.privateValues == [
            PrivateValue(key: "private.phone", value: "13912345678"),
            PrivateValue(key: "private.referees[0]", value: "意见一"),
            PrivateValue(key: "private.referees[1].name", value: "推荐人"),
        ])
    }

    @Test func aTranslationIsSkippedWithAWarning() throws {
        let (content, diagnostics, temp) = try load(story: TempContent.story(), extra: [
            "stories/2021/test-story.ug.md": TempContent.story(),
        ])
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.unknownLanguage(language: "ug", known: [])])
        #expect(diagnostics.first?.severity == .warning)
        #expect(content?.stories.count == 1)
    }

    @Test func aStoryNeedsItsEdition() throws {
        let (_, diagnostics, temp) = try load(story: TempContent.story(), at: "stories/2019/test-story.md")
        defer { temp.remove() }
        #expect(diagnostics.map(\.problem) == [.unknownEdition(year: 2019)])
    }

    @Test func oneRunReportsEveryProblemInEveryFile() throws {
        let temp = try TempContent(files: [
            "stories/2021/a.md": TempContent.story(replacing: ["date": "date: 2021-02-30", "graduated": "graduated: x"],
                                                   adding: ["phon: 1"]),
            "stories/2021/b.md": "no front matter\n",
            "study/guide.md": "---\ntitle: 学习\ndate: 2021-11-1\n---\n",
            "pages/about.md": "---\ntitel: 关于\n---\n",
        ])
        defer { temp.remove() }
        let loaded = loadContent(from: temp.display)
        #expect(Set(loaded.diagnostics.map(\.rule)) == ["bad-date", "wrong-type", "unknown-key", "front-matter-missing", "missing-key"])
        #expect(loaded.diagnostics.count == 7)
    }

    @Test func siteConfigProblemsAreReported() throws {
        let temp = try TempContent(files: [
            "site.yml": "title: x\nbase_url: example.org\nprefectures:\n  - {name: 甲, slug: Bad Slug}\n  - {name: 乙, slug: b, code: 1}\n",
        ], withDefaults: false)
        defer { temp.remove() }
        let loaded = loadContent(from: temp.display)
        #expect(loaded.content == nil)
        #expect(Set(loaded.diagnostics.map(\.problem)) == [
            .badBaseURL(value: "example.org"),
            .unknownKey(key: "code", suggestion: nil),
            .badSlug(slug: "Bad Slug"),
        ])
        #expect(loaded.diagnostics.first { $0.rule == "base-url" }?.line == 2)
    }

    /// base_url is printed into every page, feed and the sitemap: no spaces, quotes or credentials.
    @Test(arguments: ["https://example.org/a b/", #"https://example.org/"x"/"#, "https://user:secret@example.org/",
                      "https://user@example.org/", "https://example.org/<script>/", "ftp://example.org/", "https://example.org/?q=1"])
    func anUnsafeBaseURLIsRefused(url: String) throws {
        let site = TempContent.site.replacingOccurrences(of: #"base_url: "https://zuimei.fixture/zuimei/""#, with: "base_url: '\(url)'")
        #expect(site != TempContent.site)
        let temp = try TempContent(files: ["site.yml": site], withDefaults: false)
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition)
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.map(\.rule).contains("base-url"), "\(url): \(loaded.diagnostics)")
    }

    /// `zuimei new site` writes example.org: a site still pointing there (or at this machine) is
    /// warned about at the key, and builds; a real host is not.
    @Test(arguments: [("https://example.org/zuimei/", "example.org"), ("https://www.example.com/", "www.example.com"),
                      ("http://localhost:8000/", "localhost"), ("http://127.0.0.1/zuimei/", "127.0.0.1"),
                      ("https://zuimei.test/", "zuimei.test"), ("https://EXAMPLE.NET./a/", "example.net."),
                      ("https://example.org.cn/zuimei/", nil), ("https://www.xjedu.gov.cn/zuimei/", nil)])
    func aPlaceholderBaseURLIsAWarning(url: String, host: String?) throws {
        let site = TempContent.site.replacingOccurrences(of: #"base_url: "https://zuimei.fixture/zuimei/""#, with: "base_url: '\(url)'")
        let temp = try TempContent(files: ["site.yml": site], withDefaults: false)
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition)
        let loaded = loadContent(from: temp.display)
        let found = loaded.diagnostics.filter { $0.rule == "base-url-placeholder" }
        #expect(loaded.content != nil)
        if let host {
            #expect(found.map(\.problem) == [.placeholderBaseURL(value: url, host: host)])
            #expect(found.first?.severity == .warning && found.first?.line == 2)
        } else {
            #expect(found.isEmpty)
        }
    }

    /// editions/2022.yml holding 2021's dates used to build as a second edition.
    @Test func anEditionsDatesFallInItsYear() throws {
        let temp = try TempContent(files: ["editions/2022.yml": TempContent.edition])
        defer { temp.remove() }
        let loaded = loadContent(from: temp.display)
        let problems = loaded.diagnostics.filter { $0.file.hasSuffix("editions/2022.yml") }.map(\.problem)
        #expect(problems.contains(.editionYear(key: "reference_date", date: "2021-06-24", year: 2022)), "\(problems)")
        #expect(problems.filter { $0.rule == "edition-year" }.count == 6)
    }

    /// A prefecture with a zero-width space beside the real one used to be a second term
    /// that looked exactly like the first; a full-width look-alike is a duplicate too.
    @Test func lookAlikeTermsAreRefused() throws {
        let site = TempContent.site.replacingOccurrences(of: #"  - {name: "西部计划", slug: serve-the-west}"#, with: """
          - {name: "西部计划", slug: serve-the-west}
          - {name: "西部\\u200B计划", slug: west-again}
          - {name: "ＡＢＣ计划", slug: abc}
          - {name: "ABC计划", slug: abc-again}
        """)
        #expect(site != TempContent.site)
        let temp = try TempContent(files: ["site.yml": site], withDefaults: false)
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition)
        let loaded = loadContent(from: temp.display)
        let problems = loaded.diagnostics.map(\.problem)
        #expect(problems.contains(.invisibleInTerm(kind: "programme", value: "西部\u{200B}计划")), "\(problems)")
        #expect(problems.contains(.duplicateTerm(kind: "programme", value: "ABC计划")), "\(problems)")
    }

    /// A line break in a published file's name broke SHA256SUMS (`sha256sum -c` and `verify` failed
    /// on a fresh build): an error naming the file, shown on one line.
    @Test func aFileNameWithALineBreakIsRefused() throws {
        let temp = try TempContent(files: ["stories/2021/story/index.md": TempContent.story(), "static/bad\nname.txt": "x",
                                           "stories/2021/story/a\u{1}b.jpg": "x"])
        defer { temp.remove() }
        let loaded = loadContent(from: temp.display)
        let problems = loaded.diagnostics.map(\.problem)
        #expect(problems.contains(.badFileName(name: "bad\\u{A}name.txt")), "\(problems)")
        #expect(problems.contains(.badFileName(name: "a\\u{1}b.jpg")), "\(problems)")
        #expect(loaded.diagnostics.allSatisfy { !$0.file.contains("\n") })
    }

    @Test func aMissingSiteFileIsReported() throws {
        let temp = try TempContent(withDefaults: false)
        defer { temp.remove() }
        let loaded = loadContent(from: temp.display)
        #expect(loaded.diagnostics.map(\.rule) == ["missing-file"])
    }
}
