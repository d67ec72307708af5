import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// Issue 23: where Zuimei cannot be sure, it does not publish. Each defect the review
/// reproduced, built end to end: a failed build naming the place, the previous site byte for
/// byte as it was.
extension BuildPrivateDataTests {
    /// The issue's draft: a full-width colon stops its YAML, its private block holds a phone
    /// number, and an approved story's text shows the number in groups.
    static func brokenDraft(privateKey: String = "private", prefectureColon: String = "：") -> String {
        """
        ---
        title: "草稿"
        name: "王芳"
        born: 1990-01
        university: "新疆大学"
        graduated: 2012
        prefecture\(prefectureColon) 伊犁哈萨克自治州
        workplace: "某乡"
        grassroots_since: 2012-09
        status: draft
        date: 2021-10-01
        \(privateKey):
          phone: "13677778888"
        ---
        正文。

        """
    }

    static let leakingStory = TempContent.story(body: "第一段。\n\n王芳的联系电话是 136 7777 8888。\n")

    // MARK: 1. A draft that does not parse

    @Test(arguments: ["private", "privte", "pirvate", "Private"])
    func aBrokenDraftsPrivateValuesAreStillGuarded(key: String) throws {
        let outcome = try attempt(["stories/2021/altay-draft/index.md": Self.brokenDraft(privateKey: key),
                                   "stories/2021/a.md": Self.leakingStory])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before, "the previous site changed")
        let owner = outcome.temp.display("stories/2021/altay-draft/index.md")
        let keyPath = key == "private" ? "private.phone" : "\(key).phone"
        #expect(outcome.leaks.contains {
            outcome.relative($0) == "stories/2021/a.md" && $0.line == 17 && $0.severity == .error
                && $0.problem == .privateDataInContent(key: keyPath, owner: owner)
        }, "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })")
        // The draft's own YAML error stays a warning: work in progress blocks nobody by itself.
        #expect(outcome.result.diagnostics.contains { $0.rule == "yaml-syntax" && $0.severity == .warning })
        if key != "private" {
            #expect(outcome.result.diagnostics.contains {
                $0.problem == .privateKeyMisspelt(key: key) && $0.severity == .error && outcome.relative($0) == "stories/2021/altay-draft/index.md"
                    && $0.line == 12
            })
        }
    }

    @Test(arguments: ["privte", "Private", "隐私"])
    func aMisspeltPrivateKeyIsAnErrorEvenInADraftThatParses(key: String) throws {
        let outcome = try attempt(["stories/2021/b.md": Self.brokenDraft(privateKey: key, prefectureColon: ":")])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        let misspelt = outcome.result.diagnostics.filter { $0.rule == "private-key" }
        #expect(misspelt.map(\.problem) == [.privateKeyMisspelt(key: key)])
        #expect(misspelt.map(\.severity) == [.error])
        #expect(misspelt.map(\.line) == [12])
        // Not a second, weaker report of the same key.
        #expect(!outcome.result.diagnostics.contains { if case .unknownKey(key, _) = $0.problem { true } else { false } })
    }

    @Test func aDraftWithoutAReadablePrivateBlockHasItsValueShapedTokensGuarded() throws {
        // No private block at all (its key is a word Zuimei does not know), and the YAML does not parse.
        let draft = Self.brokenDraft(privateKey: "contact").replacingOccurrences(of: "正文。", with: "身份证 659999199002110031。")
            .replacingOccurrences(of: "新疆大学", with: "石河子大学")
        let outcome = try attempt(["stories/2021/altay-draft/index.md": draft,
                                   "stories/2021/a.md": TempContent.story(body: "号码 659999199002110031，电话 13677778888。\n")])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        let owner = outcome.temp.display("stories/2021/altay-draft/index.md")
        let guessed = outcome.result.diagnostics.filter { if case .guessedPrivateDataInContent(_, owner) = $0.problem { true } else { false } }
        #expect(Set(guessed.map(\.column)) == [4, 26], "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })")
        #expect(guessed.allSatisfy { $0.severity == .error && outcome.relative($0) == "stories/2021/a.md" })
        // One warning names the file whose values had to be guessed.
        let warnings = outcome.result.diagnostics.filter { $0.rule == "private-guessed" }
        #expect(warnings.count == 1)
        #expect(warnings.first.map(outcome.relative) == "stories/2021/altay-draft/index.md")
        #expect(warnings.first?.severity == .warning)
        // Guessed, a term's name is not: every page shows it.
        #expect(!outcome.result.diagnostics.contains { $0.message.contains("伊犁哈萨克自治州") })
    }

    @Test func aBrokenDraftThatGuardsNothingBlocksNobody() throws {
        // Broken, but nothing in it is published elsewhere: the other story is built.
        let outcome = try attempt(["stories/2021/altay-draft/index.md": Self.brokenDraft(),
                                   "stories/2021/a.md": TempContent.story(body: "正文，没有任何号码。\n")])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded, "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })")
    }

    @Test func aTranslationThatCopiedThePrivateBlockHasItsValuesGuarded() throws {
        let outcome = try attempt([
            "site.yml": TempContent.site + "languages:\n  - {code: ug, name: \"ئۇيغۇرچە\"}\n",
            "stories/2021/a/index.md": Self.leakingStory,
            "stories/2021/b/index.md": TempContent.story(replacing: ["status": "status: draft"]),
            "stories/2021/b/index.ug.md": "---\ntitle: \"ماۋزۇ\"\ndraft: true\nprivate:\n  phone: \"13677778888\"\n---\nتېكىست\n",
        ])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.leaks.contains {
            outcome.relative($0) == "stories/2021/a/index.md"
                && $0.problem == .privateDataInContent(key: "private.phone", owner: outcome.temp.display("stories/2021/b/index.ug.md"))
        })
    }

    /// A Markdown file in a story's folder that is neither its text nor a translation (the
    /// nomination form's notes) is not published, and its private values are guarded.
    @Test func aStrayMarkdownFileInAStoryFolderHasItsValuesGuarded() throws {
        let outcome = try attempt(["stories/2021/b/index.md": TempContent.story(replacing: ["status": "status: draft"]),
                                   "stories/2021/b/notes.md": "---\nprivate:\n  phone: \"13677778888\"\n---\n推荐表笔记\n",
                                   "stories/2021/a.md": Self.leakingStory])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.leaks.contains {
            $0.problem == .privateDataInContent(key: "private.phone", owner: outcome.temp.display("stories/2021/b/notes.md"))
        })
        #expect(outcome.result.diagnostics.contains { $0.rule == "file-location" && outcome.relative($0) == "stories/2021/b/notes.md" })
    }

    /// A `---` above `private:` ends the front matter there: the block would be the story's text.
    @Test func aPrivateBlockAfterTheFrontMatterIsNeverPublished() throws {
        let story = Self.story(body: "正文。\n").replacingOccurrences(of: "\nprivate:\n", with: "\n---\nprivate:\n")
        let outcome = try attempt(["stories/2021/a.md": story])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.result.diagnostics.contains { $0.problem == .privateBlockInText(key: "private") && $0.severity == .error && $0.line == 15 })
        #expect(!outcome.after.values.contains { text($0).contains(Self.phone) })
        // In a draft too: its values are guarded, another story that shows them is stopped.
        let draft = try attempt(["stories/2021/b.md": story.replacingOccurrences(of: "status: approved", with: "status: draft"),
                                 "stories/2021/a.md": TempContent.story(body: "电话 \(Self.phone)。\n")])
        defer { draft.temp.remove() }
        #expect(!draft.result.succeeded)
        #expect(draft.leaks.contains { draft.relative($0) == "stories/2021/a.md" && $0.severity == .error })
    }

    /// A private block that lost its indentation, or one nested under another key: guarded.
    @Test(arguments: [["private:", "phone: \"13677778888\""], ["nomination:", "  private:", "    phone: \"13677778888\""],
                      ["contact_phone: \"13677778888\""], ["note: \"电话 13677778888\""]])
    func aValueOutsideThePrivateBlockOfADraftIsGuarded(lines: [String]) throws {
        let outcome = try attempt(["stories/2021/b.md": TempContent.story(replacing: ["status": "status: draft"], adding: lines),
                                   "stories/2021/a.md": Self.leakingStory])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.leaks.contains { outcome.relative($0) == "stories/2021/a.md" && $0.severity == .error },
                "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })")
    }

    // MARK: 2. Values that cannot be guarded

    @Test func aPrivateValueThatIsAPublicFieldIsAnErrorOnceNominated() throws {
        // Through an alias, and written out again.
        func story(knownPublic: String = "", status: String = "approved") -> String {
            TempContent.story(replacing: ["status": "status: \(status)", "workplace": "workplace: \"某某乡卫生院\""],
                              adding: ["private:", "  phone: &ph \"13677778888\"", "  employer: \"某某乡卫生院\"", knownPublic, "ethnicity: *ph"])
        }
        let outcome = try attempt(["stories/2021/a.md": story()])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        let reported = outcome.result.diagnostics.filter { $0.rule == "private-public" }
        #expect(Set(reported.compactMap { if case .privateValuePublic(let key, _) = $0.problem { key } else { nil } })
                == ["private.phone", "private.employer"])
        #expect(reported.allSatisfy { $0.severity == .error })
        #expect(!outcome.after.values.contains { text($0).contains("13677778888") })

        // A draft: warnings. Acknowledged: neither.
        let draft = try attempt(["stories/2021/a.md": story(status: "draft")])
        defer { draft.temp.remove() }
        #expect(draft.result.succeeded)
        #expect(draft.result.diagnostics.filter { $0.rule == "private-public" }.map(\.severity) == [.warning, .warning])
        let acknowledged = try attempt(["stories/2021/a.md": story(knownPublic: "  known_public: [phone, employer]")])
        defer { acknowledged.temp.remove() }
        #expect(acknowledged.result.succeeded, "\(acknowledged.result.diagnostics.map(\.message))")
    }

    @Test func aValueTooShortToGuardIsAnErrorOnceNominated() throws {
        let outcome = try attempt(["stories/2021/a.md": TempContent.story(adding: ["private:", "  room: \"302\""])])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.result.diagnostics.filter { $0.rule == "private-too-short" }.map(\.severity) == [.error])
        let acknowledged = try attempt(["stories/2021/a.md": TempContent.story(adding: ["private:", "  room: \"302\"", "  known_public: [room]"])])
        defer { acknowledged.temp.remove() }
        #expect(acknowledged.result.succeeded)
    }

    // MARK: 4. Captions read as a viewer sees them

    @Test(arguments: ["13912<00:00.500>340003", "139<c.loud>1234</c>0003", "1391234\n\n00:02.000 --> 00:03.000\n0003",
                      // A cue whose identifier is "NOTE 1" is a cue all the same, as browsers show it.
                      "1391234\n\nNOTE 1\n00:02.000 --> 00:03.000\n0003"])
    func aValueSplitInCaptionsIsFound(_ cue: String) throws {
        let captions = "WEBVTT\n\n00:00.000 --> 00:02.000\n电话\(cue)\n"
        let story = Self.story(body: "正文。\n", adding: [
            "videos:", "  - {file: clip.webm, title: \"视频\", poster: poster.png, captions: clip.vtt}",
        ])
        let outcome = try attempt(["stories/2021/a/index.md": story, "stories/2021/a/clip.vtt": captions],
                                  binary: ["stories/2021/a/clip.webm": BuildVideosTests.webm, "stories/2021/a/poster.png": Self.tinyPNG])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.leaks.contains {
            if case .privateDataLeak("private.phone", "stories/2021/a/clip.vtt", _) = $0.problem { true } else { false }
        }, "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })")
    }

    // MARK: A picture between the digits

    /// A transparent picture between two halves of a number: a screen reader reads its alt text
    /// there, a sighted reader sees the number whole. Both readings are searched.
    @Test func aPictureBetweenTheDigitsDoesNotHideThem() throws {
        let outcome = try attempt(["stories/2021/b.md": Self.story(body: "正文。\n").replacingOccurrences(of: "status: approved", with: "status: draft"),
                                   "pages/notice.md": "---\ntitle: 通知\nsummary: 通知摘要\n---\n联系电话：139![a](../dot.png)12340003\n"],
                                  binary: ["static/dot.png": Self.tinyPNG])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded, "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })")
        #expect(outcome.after == outcome.before)
        #expect(outcome.leaks.contains { if case .privateDataLeak("private.phone", "notice/index.html", _) = $0.problem { true } else { false } },
                "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })")
    }

    // MARK: 3. A cache someone else can write

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    /// Another user plants entries in `scans.json` calling a changed static file clean (by its
    /// stat fingerprint and by its new digest) in a cache they can write: not believed.
    @Test func aPlantedScanEntryInACacheOthersCanWriteIsNotBelieved() throws {
        var data = Data(repeating: 0x41, count: 400_000)
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n")], binary: ["static/big.bin": data])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        let cache = outcome.temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache").path
        #expect(Self.mode(cache) == 0o700)
        #expect(Self.mode(cache + "/scans.json") == 0o600)
        #expect(Self.mode(cache + "/images") == 0o700)

        data.replaceSubrange(1000..<1011, with: Data(Self.phone.utf8))
        try outcome.temp.write("static/big.bin", data)
        let file = outcome.temp.root.appendingPathComponent("static/big.bin").path
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cache + "/scans.json")))
            as? [String: [String]])
        var planted = record
        for key in record.keys { planted[key]! += ["binary:" + sha256Hex(data), statKey(file)!] }
        try JSONSerialization.data(withJSONObject: planted).write(to: URL(fileURLWithPath: cache + "/scans.json"))
        chmod(cache, 0o777)

        let output = temporaryDirectory().appendingPathComponent("site").path
        let again = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: output, date: Self.date))
        #expect(!again.succeeded)
        #expect(again.diagnostics.contains { if case .privateDataLeak("private.phone", "big.bin", _) = $0.problem { true } else { false } })
        let warning = again.diagnostics.filter { $0.rule == "cache" }
        #expect(warning.count == 1)
        #expect(warning.first?.severity == .warning)
        #expect(warning.first?.message.contains("group or others can write it") == true)

        // Owned by another user (only root can make one here).
        if geteuid() == 0 {
            chmod(cache, 0o700)
            chown(cache, 4242, 4242)
            let third = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: output, date: Self.date))
            #expect(!third.succeeded)
            #expect(third.diagnostics.contains { $0.rule == "cache" && $0.message.contains("belongs to user 4242") })
        }
    }

    /// A folder above the cache that others can write (not sticky): another user could put a
    /// folder of the user's own (a site they built, holding a planted scans.json) in the
    /// cache's place. Not used.
    @Test func aCacheBelowAFolderOthersCanWriteIsNotUsed() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n")])
        defer { outcome.temp.remove() }
        let project = outcome.temp.root.deletingLastPathComponent().path
        chmod(project, 0o777)
        let output = temporaryDirectory().appendingPathComponent("site").path
        let again = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: output, date: Self.date))
        #expect(again.succeeded)
        let warning = again.diagnostics.filter { $0.rule == "cache" }
        #expect(warning.count == 1)
        #expect(warning.first?.message.contains("group or others can write \(project) above it") == true, "\(warning)")
        chmod(project, 0o1777)  // sticky, as /tmp: others cannot rename what is not theirs
        let sticky = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: output, date: Self.date))
        #expect(!sticky.diagnostics.contains { $0.rule == "cache" })
    }

    /// Another user swaps two stories' cached photos in a cache they can write: each page still shows its own photo.
    @Test func swappedCachedPhotosInACacheOthersCanWriteAreNotUsed() throws {
        let fixtures = Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures")
        let photos = [try Data(contentsOf: fixtures.appendingPathComponent("plain.jpg")),
                      try Data(contentsOf: fixtures.appendingPathComponent("exif-gps-orient6.jpg"))]
        let stories = ["a", "b"].reduce(into: [String: String]()) { files, name in
            files["stories/2021/\(name)/index.md"] = TempContent.story(replacing: ["name": "name: \"人物\(name)\""],
                                                                       adding: ["photo: photo.jpg", "photo_alt: \"照片\""])
        }
        let outcome = try attempt(stories, binary: ["stories/2021/a/photo.jpg": photos[0], "stories/2021/b/photo.jpg": photos[1]])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        let published = ["a", "b"].map { outcome.after["stories/2021/\($0)/photo.jpg"] }
        #expect(published[0] != nil && published[0] != published[1])
        let images = outcome.temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache/images").path
        // Every cached file of a's photo replaced by b's, and the other way round.
        let entries = try FileManager.default.contentsOfDirectory(atPath: images)
        var swapped = 0
        for entry in entries {
            let path = images + "/" + entry
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            for (index, photo) in published.enumerated() where bytes == photo {
                try published[1 - index]!.write(to: URL(fileURLWithPath: path))
                swapped += 1
            }
        }
        #expect(swapped == 2)
        chmod(images, 0o777)
        let output = temporaryDirectory().appendingPathComponent("site").path
        let again = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: output, date: Self.date, useCache: true))
        #expect(again.succeeded)
        let tree = readTree(output)
        #expect(tree["stories/2021/a/photo.jpg"] == published[0])
        #expect(tree["stories/2021/b/photo.jpg"] == published[1])
        #expect(again.diagnostics.contains { $0.rule == "cache" })
    }

    // MARK: 9. zuimei check writes nothing

    @Test func checkWritesNothingBesideTheContent() throws {
        let fixtures = Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures")
        let temp = try TempContent(files: [
            "stories/2021/a/index.md": TempContent.story(adding: ["photo: photo.jpg", "photo_alt: \"照片\"",
                "videos:", "  - {file: clip.webm, title: \"视频\", poster: poster.png, captions: clip.vtt}"]),
            "stories/2021/a/clip.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\n你好。\n",
        ])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        try temp.write("stories/2021/a/photo.jpg", try Data(contentsOf: fixtures.appendingPathComponent("large-gps-orient6.jpg")))
        try temp.write("stories/2021/a/poster.png", Self.tinyPNG)
        try temp.write("stories/2021/a/clip.webm", BuildVideosTests.webm)
        let project = temp.root.deletingLastPathComponent().path
        func everything() -> [String: Data] { readTree(project) }
        func temporaries() -> Set<String> {
            Set(((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix("zuimei-") && $0.count == 13 })
        }
        let before = everything(), temporaryBefore = temporaries()
        let check = ZuimeiKit.build(BuildOptions(content: temp.display, output: "", date: Self.date, write: false))
        #expect(check.succeeded, "\(check.diagnostics.map(\.message))")
        #expect(everything() == before, "check wrote \(Set(everything().keys).subtracting(before.keys).sorted())")
        #expect(!FileManager.default.fileExists(atPath: project + "/.zuimei-cache"))
        // Left behind: a new folder that no build under way (other tests run at the same time) holds.
        let live = Set(PrivateTemporaryDirectory.liveFolders.map { ($0 as NSString).lastPathComponent })
        let left = temporaries().subtracting(temporaryBefore).subtracting(live)
            .filter { FileManager.default.fileExists(atPath: NSTemporaryDirectory() + "/" + $0) }
        #expect(left.isEmpty, "a private temporary folder was left: \(left)")

        // With a cache there (a build made it): read, never written.
        let output = temporaryDirectory().appendingPathComponent("site").path
        #expect(ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date)).succeeded)
        try FileManager.default.removeItem(atPath: project + "/.zuimei-cache/videos")
        let cached = everything()
        let again = ZuimeiKit.build(BuildOptions(content: temp.display, output: "", date: Self.date, write: false))
        #expect(again.succeeded)
        #expect(everything() == cached)
    }

    // MARK: Second review

    /// A page's text, written in, with a draft whose private values it shows.
    func attemptPage(_ text: String, adding files: [String: String] = [:], binary: [String: Data] = [:]) throws -> Outcome {
        var all = files
        all["pages/about.md"] = "---\ntitle: 关于\nsummary: 关于本站\n---\n\(text)\n"
        if all["stories/2021/b.md"] == nil {
            all["stories/2021/b.md"] = Self.story(body: "正文。\n").replacingOccurrences(of: "status: approved", with: "status: draft")
        }
        return try attempt(all, binary: binary)
    }

    func expectStopped(_ outcome: Outcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!outcome.result.succeeded, "\(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })", sourceLocation: sourceLocation)
        #expect(outcome.after == outcome.before, "the previous site changed", sourceLocation: sourceLocation)
    }

    /// A draft's (or a withdrawn story's) fields are nowhere on the site: a private value equal to one stays guarded.
    @Test(arguments: ["draft", "withdrawn"])
    func aValueEqualToAnUnpublishedStorysFieldStaysGuarded(status: String) throws {
        let draft = TempContent.story(replacing: ["status": "status: \(status)", "workplace": "workplace: \"塔城市幸福路88号3单元501室\""],
                                      adding: ["private:", "  phone: &p \"13955550001\"", "  address: \"塔城市幸福路88号3单元501室\"", "ethnicity: *p"])
        let outcome = try attemptPage("联系电话 13955550001，住址塔城市幸福路88号3单元501室。", adding: ["stories/2021/b.md": draft])
        defer { outcome.temp.remove() }
        expectStopped(outcome)
        #expect(outcome.leaks.contains { outcome.relative($0) == "pages/about.md" && $0.severity == .error })
    }

    @Test func escapedValuesInABrokenDraftAreRead() throws {
        let draft = "---\ntitle: \"草稿\"\nname: \"张三\"\nstatus: draft\nprivate:\n"
            + "  phone: \"\\u0031\\u0033\\u0039\\u0035\\u0035\\u0035\\u0035\\u0030\\u0030\\u0030\\u0033\"\n"
            + "  address: \"\\u5854\\u57ce\\u5e02\\u67d0\\u8def\\x31\\x32\\u53f7\n  note: \"塔城市某路\n---\n草稿正文。\n"
        let outcome = try attemptPage("电话 13955550003，塔城市某路12号。", adding: ["stories/2021/b.md": draft])
        defer { outcome.temp.remove() }
        expectStopped(outcome)
        #expect(outcome.leaks.filter { outcome.relative($0) == "pages/about.md" }.count >= 2)
    }

    @Test(arguments: ["139ㅡ1234ㅡ0003", "139ǀ1234ǀ0003", "139ꞏ1234ꞏ0003", "139ˌ1234ˌ0003"])
    func lettersThatLookLikeSeparatorsAreSeparators(_ written: String) throws {
        let outcome = try attemptPage("电话：\(written)。")
        defer { outcome.temp.remove() }
        expectStopped(outcome)
    }

    /// An ordered list's numbers are shown before its items: `1391233.` then `1.` shows `1391234. 0003`.
    @Test(arguments: ["1391233. 手机\n1. 0003", "1. 3912340003", "139122. 项\n1. 40003"])
    func anOrderedListsNumbersAreRead(_ list: String) throws {
        let outcome = try attemptPage("说明\n\n\(list)\n")
        defer { outcome.temp.remove() }
        expectStopped(outcome)
    }

    @Test func aStaticFileThatReordersItsTextIsRefused() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text direction=\"rtl\" unicode-bidi=\"bidi-override\">30004321931</text></svg>\n"
        let outcome = try attemptPage("正文。", adding: ["static/badge.svg": svg])
        defer { outcome.temp.remove() }
        expectStopped(outcome)
        #expect(outcome.result.diagnostics.contains { $0.problem == .reorderedText(path: "badge.svg") })
    }

    /// Two cues shown at the same moment, side by side: read in either order.
    @Test func cuesShownSideBySideAreReadInEitherOrder() throws {
        let captions = "WEBVTT\n\n00:00.000 --> 00:05.000 line:0 position:40% size:30% align:start\n0003\n\n"
            + "00:00.000 --> 00:05.000 line:0 position:20% size:20% align:start\n1391234\n"
        let story = Self.story(body: "正文。\n", adding: ["videos:", "  - {file: clip.webm, title: \"视频\", poster: poster.png, captions: clip.vtt}"])
        let outcome = try attempt(["stories/2021/a/index.md": story, "stories/2021/a/clip.vtt": captions],
                                  binary: ["stories/2021/a/clip.webm": BuildVideosTests.webm, "stories/2021/a/poster.png": Self.tinyPNG])
        defer { outcome.temp.remove() }
        expectStopped(outcome)
        #expect(outcome.leaks.contains { if case .privateDataLeak("private.phone", "stories/2021/a/clip.vtt", _) = $0.problem { true } else { false } })
    }

    @Test func anArchiveInStaticIsKnownByItsBytes() throws {
        var zip = Data([0x50, 0x4B, 0x03, 0x04]) + Data(count: 26)
        zip += Data("推荐表.xml".utf8)
        let outcome = try attemptPage("正文。", binary: ["static/推荐表.ofd": zip, "static/form.docx.bak": zip, "static/map.svgz": Data([0x1F, 0x8B, 8, 0])])
        defer { outcome.temp.remove() }
        expectStopped(outcome)
        let refused = Set(outcome.result.diagnostics.compactMap { if case .unscannableFile(let path) = $0.problem { path } else { nil } })
        #expect(refused == ["推荐表.ofd", "form.docx.bak", "map.svgz"])
    }

    @Test func anImageWithMetadataInStaticIsRefused() throws {
        let photo = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/exif-gps-orient6.jpg"))
        let outcome = try attemptPage("正文。", binary: ["static/logo.jpg": photo, "static/dot.png": Self.tinyPNG])
        defer { outcome.temp.remove() }
        expectStopped(outcome)
        #expect(outcome.result.diagnostics.map(\.problem).filter { if case .staticImageMetadata = $0 { true } else { false } }
                == [.staticImageMetadata(path: "logo.jpg")])
    }

    /// A private block in a file that is not a story (notes in a folder of their own), published
    /// through a link in static/: guarded, so the copy is stopped.
    @Test func aPrivateBlockInAnyTextFileIsGuarded() throws {
        let notes = "---\ntitle: 马静\nprivate:\n  id_number: \"659999199002110031\"\n  phone: \"13912340003\"\n---\n笔记\n"
        let outcome = try attemptPage("正文。", adding: ["drafts/ma-jing.md": notes.replacingOccurrences(of: "13912340003", with: "13955550007")])
        defer { outcome.temp.remove() }
        let link = outcome.temp.root.appendingPathComponent("static/notes.txt").path
        try FileManager.default.createDirectory(atPath: outcome.temp.root.appendingPathComponent("static").path, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../drafts/ma-jing.md")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let again = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: output, date: Self.date))
        #expect(!again.succeeded)
        #expect(again.diagnostics.contains { if case .privateDataLeak("private.phone", "notes.txt", _) = $0.problem { true } else { false } },
                "\(again.diagnostics.map { "\($0.location) \($0.message)" })")
        // A draft page translation's private block: guarded, another page that shows it is stopped.
        let translation = try attemptPage("电话 13955550009", adding: [
            "site.yml": TempContent.site + "languages:\n  - {code: ug, name: \"ئۇيغۇرچە\"}\n",
            "pages/about.ug.md": "---\ntitle: x\ndraft: true\nprivate:\n  phone: \"13955550009\"\n---\nx\n",
        ])
        defer { translation.temp.remove() }
        expectStopped(translation)
        #expect(translation.leaks.contains { translation.relative($0) == "pages/about.md" && $0.severity == .error })
    }

    /// The secret signing key's text is guarded: a copy of the key in static/ is never published.
    @Test func aCopyOfTheSigningKeyIsNeverPublished() throws {
        let pair = try ManifestSignature.newKey()
        let temp = try TempContent(files: ["stories/2021/a.md": TempContent.story(), "static/backup.txt": "备份\n" + pair.secret])
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        var options = BuildOptions(content: temp.display, output: output, date: Self.date)
        options.signingKey = pair.secret
        let result = ZuimeiKit.build(options)
        #expect(!result.succeeded)
        #expect(result.diagnostics.contains { if case .privateDataLeak("the signing key", "backup.txt", _) = $0.problem { true } else { false } },
                "\(result.diagnostics.map(\.message))")
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
