import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiKit
import ZuimeiOutput
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiSearch
import ZuimeiTemplates
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// The private-data guard, one fixture per way past it that a review found
/// (issue 10): each built end to end, each a failed build with a
/// `private-data` diagnostic at the right place, and the previous site left
/// byte for byte as it was.
@Suite struct BuildPrivateDataTests {
    static let date = day("2021-12-31")
    static let phone = "13912340003"
    static let idNumber = "659999199002110031"
    static let address = "伊宁市解放路12号3单元"

    /// A story whose front matter holds the private values, with `body`.
    static func story(body: String, privateLines: [String]? = nil, adding: [String] = []) -> String {
        TempContent.story(adding: adding + ["private:"] + (privateLines ?? [
            "  phone: \"\(phone)\"",
            "  id_number: \"\(idNumber)\"",
            "  address: \"\(address)\"",
        ]), body: body)
    }

    struct Outcome {
        var result: BuildResult
        var temp: TempContent
        var before: [String: Data]
        var after: [String: Data]
        var leaks: [Diagnostic] { result.diagnostics.filter { $0.rule == "private-data" } }
        func relative(_ diagnostic: Diagnostic) -> String { String(diagnostic.file.dropFirst(temp.display.count + 1)) }
    }

    /// Builds a clean site first, then adds `files` and builds again into the same output.
    func attempt(_ files: [String: String], binary: [String: Data] = [:]) throws -> Outcome {
        let temp = try TempContent(files: ["stories/2021/clean.md": TempContent.story(replacing: ["name": "name: \"另一人\""])])
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let first = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(first.succeeded, "the clean site builds: \(first.diagnostics.map(\.message))")
        let before = readTree(output)
        for (path, text) in files { try temp.write(path, text) }
        for (path, data) in binary { try temp.write(path, data) }
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        return Outcome(result: result, temp: temp, before: before, after: readTree(output))
    }

    func expectBlocked(_ outcome: Outcome, in file: String, line: Int? = nil, key: String? = nil,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!outcome.result.succeeded, sourceLocation: sourceLocation)
        #expect(outcome.after == outcome.before, "the previous site changed", sourceLocation: sourceLocation)
        let matching = outcome.leaks.filter { outcome.relative($0) == file && (line == nil || $0.line == line) }
        #expect(!matching.isEmpty, "no private-data diagnostic at \(file):\(line ?? 0); got \(outcome.result.diagnostics.map { "\($0.location) \($0.message)" })",
                sourceLocation: sourceLocation)
        if let key {
            #expect(matching.contains { diagnostic in
                switch diagnostic.problem {
                case .privateDataInContent(let found, _), .privateDataLeak(let found, _, _): found == key
                default: false
                }
            }, sourceLocation: sourceLocation)
        }
        let messages = outcome.result.diagnostics.map { $0.message + ($0.hint ?? "") }.joined()
        for secret in [Self.phone, Self.idNumber, Self.address] {
            #expect(!messages.contains(secret), "a diagnostic repeats the value", sourceLocation: sourceLocation)
        }
    }

    // MARK: 1. A block scalar

    @Test func aBlockScalarValueIsFoundInTheBody() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(
            body: "第一段。\n\n她家住在伊宁市解放路12号3单元，离村委会不远。\n",
            privateLines: ["  address: |", "    伊宁市解放路12号3单元"])])
        defer { outcome.temp.remove() }
        // The body starts on line 18 (after `private:` and the block scalar's two lines); the address is on its third line.
        expectBlocked(outcome, in: "stories/2021/a.md", line: 20, key: "private.address")
        let diagnostic = outcome.leaks.first { $0.line == 20 }
        #expect(diagnostic?.column == 5)
        #expect(diagnostic?.problem == .privateDataInContent(key: "private.address", owner: nil))
    }

    // MARK: 2. Markup inside the value

    @Test(arguments: ["电话：**139**12340003。", "电话：1391234<b></b>0003。", "电话：139\n1234\n0003。",
                      "电话：&#49;39 1234 0003。", "电话：１３９－１２３４－０００３。", "电话：139\u{200B}1234\u{200B}0003。",
                      "![139 1234 0003](photo.jpg)"])
    func markupInsideTheValueIsSeenThrough(_ text: String) throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "第一段。\n\n\(text)\n")])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 21, key: "private.phone")
    }

    /// The search index's texts are compressed: the guard searches them unpacked. (The rules
    /// stage finds a value in a story's text first, so the guard is given the index directly.)
    @Test func theGuardReadsTheSearchIndexsCompressedTexts() throws {
        let temp = try TempContent(files: ["stories/2021/a.md": Self.story(body: "第一段。\n")])
        defer { temp.remove() }
        let content = try #require(loadContent(from: temp.display).content)
        let values = PrivateValues(content)
        let document = SearchDocument(url: "stories/2021/a/", title: "标题", date: "2021-01-01", summary: "摘要",
                                      edition: 2021, prefecture: "和田地区", programs: [],
                                      fields: ["标题", "名字", "电话：\(Self.phone)。"])
        var files = SearchFiles.files(for: SearchIndex.build([document])).map { file in
            var planned = PlannedFile(file: OutputFile(path: "search/" + file.path, text: file.text), origin: "(generated) search index")
            planned.readable = { Data(SearchFiles.readable(String(decoding: $0, as: UTF8.self)).utf8) }
            return planned
        }
        // Packed, the value is not in the bytes; unpacked, it is.
        let packed = try #require(files.first { $0.file.path == "search/t/0.js" })
        if case .bytes(let data) = packed.file.body { #expect(!String(decoding: data, as: UTF8.self).contains(Self.phone)) }
        let templates = try TemplateSet.make([]).get()
        var guardian = PrivateDataGuard(values: values, templates: templates, jobs: 1)
        let outputs = guardian.scan(&files).compactMap { diagnostic -> String? in
            if case .privateDataLeak("private.phone", let output, _) = diagnostic.problem { output } else { nil }
        }
        #expect(outputs == ["search/t/0.js"])
        // The same file kept from the last build (`.unchanged`): read back from the site and searched;
        // bytes other than those the manifest lists are not searched but refused.
        let site = temporaryDirectory().path
        let kept = try #require(packed.file.body == .unchanged(at: "") ? nil : { () -> Data? in
            if case .bytes(let data) = packed.file.body { data } else { nil } }())
        try FileManager.default.createDirectory(atPath: site + "/search/t", withIntermediateDirectories: true)
        try kept.write(to: URL(fileURLWithPath: site + "/search/t/0.js"))
        var unchanged = packed
        unchanged.file = OutputFile(path: "search/t/0.js", body: .unchanged(at: site + "/search/t/0.js"))
        unchanged.file.digest = packed.file.digest
        var wrong = unchanged
        wrong.file.digest = String(repeating: "0", count: 64)
        var again = [unchanged, wrong]
        var guardian2 = PrivateDataGuard(values: values, templates: templates, jobs: 1)
        let found = guardian2.scan(&again)
        #expect(found.contains { if case .privateDataLeak("private.phone", "search/t/0.js", _) = $0.problem { true } else { false } })
        #expect(found.contains { $0.problem == .changedWhileBuilding(output: "search/t/0.js") })
        #expect(guardian2.alteredKept)
        // A kept page larger than the guard's window is read whole and searched all the same.
        let large = Data((String(repeating: "<p>正文。</p>\n", count: Matcher.window / 16) + "<p>电话：\(Self.phone)。</p>\n").utf8)
        #expect(large.count > Matcher.window)
        try large.write(to: URL(fileURLWithPath: site + "/large.html"))
        var page = PlannedFile(file: OutputFile(path: "large.html", body: .unchanged(at: site + "/large.html")), origin: "(generated) page",
                               template: "page")
        page.file.digest = sha256Hex(large)
        var pages = [page]
        var guardian3 = PrivateDataGuard(values: values, templates: templates, jobs: 1)
        #expect(guardian3.scan(&pages).contains {
            if case .privateDataLeak("private.phone", "large.html", _) = $0.problem { true } else { false }
        })
    }

    /// A story that does not load (here: no workplace) still has its private values guarded:
    /// its prefecture, written as the ID number by mistake, is shown masked, never as it is.
    @Test func aStoryThatDoesNotLoadStillHasItsPrivateValuesMasked() throws {
        let text = Self.story(body: "正文。\n").replacingOccurrences(of: "prefecture: \"伊犁哈萨克自治州\"", with: "prefecture: \"\(Self.idNumber)\"")
            .replacingOccurrences(of: "workplace: \"某村委会\"\n", with: "")
        #expect(text.contains(Self.idNumber) && !text.contains("workplace"))
        let outcome = try attempt(["stories/2021/a.md": text])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        let messages = outcome.result.diagnostics.map { $0.message + ($0.hint ?? "") }.joined(separator: "\n")
        #expect(outcome.result.diagnostics.contains { $0.rule == "unknown-term" })
        #expect(!messages.contains(Self.idNumber), "\(messages)")
    }

    @Test func aSoftLineBreakInsideAnAddress() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "住在伊宁市解放路\n12号3单元。\n")])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 19, key: "private.address")
    }

    // MARK: 3. Percent-encoding

    @Test func aPercentEncodedAddressInALink() throws {
        let encoded = Self.address.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "见[地图](https://map.example/?q=\(encoded))。\n")])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 19, key: "private.address")
    }

    // MARK: 4. Copied files

    @Test func aTextFileBesideAStoryIsRefused() throws {
        let outcome = try attempt([
            "stories/2021/a/index.md": Self.story(body: "正文。\n"),
            "stories/2021/a/form.txt": "联系电话 \(Self.phone)\n",
        ])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.result.diagnostics.contains {
            $0.problem == .attachmentNotAllowed(path: "form.txt") && outcome.relative($0) == "stories/2021/a/form.txt"
        })
    }

    @Test func aStaticFileWithIDNumbersIsScanned() throws {
        let outcome = try attempt([
            "stories/2021/a.md": Self.story(body: "正文。\n"),
            "static/nominees.csv": "姓名,身份证号\n测试人物,659999-19900211-0031\n",
        ])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 16, key: "private.id_number")
        #expect(outcome.leaks.contains {
            $0.problem == .privateDataLeak(key: "private.id_number", output: "nominees.csv",
                                           source: .copiedFile(outcome.temp.display("static/nominees.csv")))
        })
    }

    @Test func aStaticFileInUTF16IsScanned() throws {
        var data = Data([0xFF, 0xFE])
        for unit in "电话 \(Self.phone)".utf16 { data.append(UInt8(unit & 0xFF)); data.append(UInt8(unit >> 8)) }
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n")], binary: ["static/form.dat": data])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 15, key: "private.phone")
    }

    // MARK: 5. File names

    /// A file named with an ID number: nothing links to it, so it is not published (a warning names
    /// it, masked); linked from the text, the link itself is the leak, found where it is written.
    @Test func anIDNumberInAnAttachmentsNameIsFound() throws {
        let file = "stories/2021/a/id-\(Self.idNumber).pdf"
        let unlinked = try attempt(["stories/2021/a/index.md": Self.story(body: "正文。\n")], binary: [file: Data("%PDF-1.4\n%%EOF\n".utf8)])
        defer { unlinked.temp.remove() }
        #expect(!unlinked.after.keys.contains { $0.contains(Self.idNumber) })
        let warning = try #require(unlinked.result.diagnostics.first { $0.rule == "file-unlinked" })
        #expect(!warning.file.contains(Self.idNumber) && !warning.message.contains(Self.idNumber) && warning.file.contains("id-••••"))
        let linked = try attempt(["stories/2021/a/index.md": Self.story(body: "见[附件](id-\(Self.idNumber).pdf)。\n")],
                                 binary: [file: Data("%PDF-1.4\n%%EOF\n".utf8)])
        defer { linked.temp.remove() }
        expectBlocked(linked, in: "stories/2021/a/index.md", line: 19, key: "private.id_number")
    }

    // MARK: 6. Photo metadata

    @Test func aPhonePhotoIsPublishedWithoutMetadataAndItsGPSIsAWarning() throws {
        let fixture = Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/exif-gps-orient6.jpg")
        let photo = try Data(contentsOf: fixture)
        #expect(photo.range(of: Data("Exif".utf8)) != nil)
        for attempt in 1...2 {  // the second build takes the re-encoded photo from the cache, and warns the same
            let outcome = try attempt_(photo)
            defer { outcome.temp.remove() }
            #expect(outcome.result.succeeded, "attempt \(attempt)")
            #expect(outcome.result.diagnostics.map(\.problem) == [.photoLocation(path: "photo.jpg")], "attempt \(attempt)")
            #expect(outcome.result.diagnostics.map { outcome.relative($0) } == ["stories/2021/a/photo.jpg"])
            let published = try #require(outcome.after["stories/2021/a/photo.jpg"])
            #expect(published.starts(with: [0xFF, 0xD8, 0xFF]))
            for marker in ["Exif", "http://ns.adobe.com/xap", "ICC_PROFILE", "GPS"] {
                #expect(published.range(of: Data(marker.utf8)) == nil, "\(marker) in the published photo")
            }
            // Every rendition too, and the feed's enclosure (the largest JPEG rendition) gives its own length.
            let renditions = outcome.after.keys.filter { $0.hasPrefix("stories/2021/a/photo-") }.sorted()
            #expect(renditions == [])  // a JPEG no wider than the largest size is its own only rendition
            for path in renditions {
                let data = try #require(outcome.after[path])
                for marker in ["Exif", "http://ns.adobe.com/xap", "ICC_PROFILE", "GPS"] {
                    #expect(data.range(of: Data(marker.utf8)) == nil, "\(marker) in \(path)")
                }
            }
            let feed = text(outcome.after["feed.xml"])
            #expect(feed.contains("photo.jpg\" length=\"\(published.count)\""))
        }
    }

    func attempt_(_ photo: Data) throws -> Outcome {
        try attempt(["stories/2021/a/index.md": Self.story(body: "正文。\n", adding: ["photo: photo.jpg", "photo_alt: \"照片\""])],
                    binary: ["stories/2021/a/photo.jpg": photo])
    }

    // MARK: 7. Short values

    @Test func aShortValueIsAWarningAtItsKeyInADraft() throws {
        let outcome = try attempt(["stories/2021/a.md": TempContent.story(replacing: ["status": "status: draft"],
                                                                          adding: ["private:", "  room: \"302\"", "  referee: \"张伟\""])])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        let short = outcome.result.diagnostics.filter { $0.rule == "private-too-short" }
        #expect(short.map(\.line).sorted() == [15, 16])
        #expect(short.allSatisfy { $0.severity == .warning })
        #expect(short.map(\.problem).contains(.privateValueTooShort(key: "private.room", length: 3, minimum: 7)))
        #expect(short.map(\.problem).contains(.privateValueTooShort(key: "private.referee", length: 2, minimum: 4)))
    }

    // MARK: Scripts past cmark's safe mode

    @Test(arguments: [("form.html", "<script>alert(1)</script>"), ("badge.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")])
    func scriptAttachmentsAreRefused(_ name: String, _ text: String) throws {
        let outcome = try attempt([
            "stories/2021/a/index.md": Self.story(body: "见[附件](\(name))。\n"),
            "stories/2021/a/\(name)": text,
        ])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.result.diagnostics.contains { $0.problem == .attachmentNotAllowed(path: name) })
    }

    @Test func htmlWithJPEGMagicBytesIsNotAPhoto() throws {
        var bytes = Data([0xFF, 0xD8, 0xFF, 0xE0])
        bytes += Data("<html><script>alert(1)</script></html>".utf8)
        let outcome = try attempt(["stories/2021/a/index.md": Self.story(body: "正文。\n", adding: ["photo: photo.html", "photo_alt: \"照片\""])],
                                  binary: ["stories/2021/a/photo.html": bytes])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.result.diagnostics.contains { $0.problem == .attachmentNotAllowed(path: "photo.html") })
    }

    @Test func aJPEGNamedJPGThatIsNotWholeIsRefused() throws {
        var bytes = Data([0xFF, 0xD8, 0xFF, 0xE0])
        bytes += Data("<html><script>alert(1)</script></html>".utf8)
        let outcome = try attempt(["stories/2021/a/index.md": Self.story(body: "正文。\n", adding: ["photo: photo.jpg", "photo_alt: \"照片\""])],
                                  binary: ["stories/2021/a/photo.jpg": bytes])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.result.diagnostics.contains { $0.rule == "image-invalid" && outcome.relative($0) == "stories/2021/a/photo.jpg" })
    }

    // MARK: Values of other candidates, values public by nature

    @Test func anotherCandidatesValueIsFoundWithItsOwner() throws {
        let outcome = try attempt([
            "stories/2021/a.md": TempContent.story(body: "邻居的电话是 139-1234-0003。\n"),
            "stories/2021/b.md": Self.story(body: "正文。\n", adding: []).replacingOccurrences(of: "status: approved", with: "status: draft"),
        ])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 15, key: "private.phone")
        #expect(outcome.leaks.contains {
            $0.problem == .privateDataInContent(key: "private.phone", owner: outcome.temp.display("stories/2021/b.md"))
        })
    }

    @Test func aValuePublicByNatureIsReportedOnceAndCanBeAcknowledged() throws {
        let lines = ["  hukou: \"伊犁哈萨克自治州\"", "  employer: \"某村委会\""]
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n", privateLines: lines)])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)  // nominated or approved: an error until acknowledged
        let reported = outcome.result.diagnostics.filter { $0.rule == "private-public" }
        #expect(reported.map(\.line).sorted() == [15, 16])
        #expect(reported.allSatisfy { $0.severity == .error })

        let acknowledged = try attempt(["stories/2021/a.md": Self.story(
            body: "正文。\n", privateLines: lines + ["  known_public: [hukou, employer]"])])
        defer { acknowledged.temp.remove() }
        #expect(acknowledged.result.succeeded)
        #expect(acknowledged.result.diagnostics == [])
    }

    @Test func anUnknownKeyUnderKnownPublicIsAWarning() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n", privateLines: [
            "  phone: \"\(Self.phone)\"", "  known_public: [phon]"])])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        #expect(outcome.result.diagnostics.map(\.problem) == [.knownPublicUnknownKey(key: "phon", suggestion: "phone")])
    }

    @Test func aDraftsOwnLeakIsAWarningThatBlocksNobody() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "电话 \(Self.phone)。\n")
            .replacingOccurrences(of: "status: approved", with: "status: draft")])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        #expect(outcome.leaks.map(\.severity) == [.warning])
    }

    @Test func aTemplateThatPrintsAValueIsNamed() throws {
        let outcome = try attempt([
            "stories/2021/a.md": Self.story(body: "正文。\n"),
            "templates/partials/footer.mustache": "<footer>咨询电话 139-1234-0003</footer>\n",
        ])
        defer { outcome.temp.remove() }
        // At the value in the template, where the fix is, once (not once per page it writes).
        expectBlocked(outcome, in: "templates/partials/footer.mustache", line: 1, key: "private.phone")
        #expect(outcome.leaks.count == 1)
        #expect(outcome.leaks.first?.column == 14)
        #expect(outcome.leaks.contains {
            $0.problem == .privateDataLeak(key: "private.phone", output: "index.html", source: .template("partials/footer"))
        })
    }

    // MARK: Found by the attack review

    @Test func bidiControlsThatReorderTextAreRefused() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "电话\u{202E}30004321931\u{202C}。\n")])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.after == outcome.before)
        #expect(outcome.result.diagnostics.contains { $0.rule == "bidi-control" && $0.line == 19 && $0.column == 3 })
    }

    @Test func dataURLsAreRefused() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(
            body: "![配图](data:image/png;base64,\(BuildPrivateDataTests.tinyPNG.base64EncodedString()))\n")])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.result.diagnostics.contains { $0.rule == "data-url" && $0.line == 19 })
    }

    @Test func aSummaryThatRepeatsAPrivateOpinionIsALeakNotAPublicValue() throws {
        let opinion = "该同志扎根基层九年，表现突出，同意推荐"
        let outcome = try attempt(["stories/2021/a.md": TempContent.story(
            adding: ["summary: \"\(opinion)\"", "private:", "  opinion: \"\(opinion)\""])])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 14, key: "private.opinion")
    }

    @Test func aPhoneWithTheCountryCodeIsFoundWithout() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "电话 139 1234 0003。\n",
                                                                  privateLines: ["  phone: \"+86 139 1234 0003\""])])
        defer { outcome.temp.remove() }
        expectBlocked(outcome, in: "stories/2021/a.md", line: 17, key: "private.phone")
    }

    @Test func anOfficeDocumentInStaticIsRefused() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n")],
                                  binary: ["static/推荐表.docx": Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00])])
        defer { outcome.temp.remove() }
        #expect(!outcome.result.succeeded)
        #expect(outcome.result.diagnostics.map(\.problem).contains(.unscannableFile(path: "推荐表.docx")))
    }

    @Test func siteWideTextsAreCheckedAtTheSource() throws {
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n")])
        defer { outcome.temp.remove() }
        try outcome.temp.write("site.yml", TempContent.site.replacingOccurrences(of: "title: \"测试站点\"",
                                                                                with: "title: \"测试站点 咨询 139-1234-0003\""))
        let result = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: temporaryDirectory().path + "/s", date: Self.date))
        #expect(result.diagnostics.contains {
            $0.rule == "private-data" && $0.file == outcome.temp.display("site.yml") && $0.line == 1
        })
    }

    @Test func aPrivateValueInAnotherDiagnosticIsMasked() throws {
        let outcome = try attempt(["stories/2021/a/index.md": Self.story(body: "正文。\n")],
                                  binary: ["stories/2021/a/身份证\(Self.idNumber).docx": Data([0x50, 0x4B, 0x03, 0x04])])
        defer { outcome.temp.remove() }
        let refused = try #require(outcome.result.diagnostics.first { $0.rule == "attachment-type" })
        for text in [refused.file, refused.message] {
            #expect(!text.contains(Self.idNumber))
            #expect(text.contains("身份证••••••••••••••••••.docx"))
        }
    }

    @Test func aPlantedCacheEntryIsNeverPublished() throws {
        let photo = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/exif-gps-orient6.jpg"))
        let first = try attempt_(photo)
        defer { first.temp.remove() }
        let cache = first.temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache/images")
        // Every cached photo replaced: by the source itself (metadata and all), or by a link to a system file.
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".jpeg") }
        #expect(!entries.isEmpty)
        for (index, entry) in entries.enumerated() {
            let path = cache.appendingPathComponent(entry).path
            try FileManager.default.removeItem(atPath: path)
            if index % 2 == 0 {
                try photo.write(to: URL(fileURLWithPath: path))
            } else {
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/passwd")
            }
        }
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: first.temp.display, output: output, date: Self.date))
        #expect(result.succeeded)
        let published = try Data(contentsOf: URL(fileURLWithPath: output + "/stories/2021/a/photo.jpg"))
        #expect(published.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(published.range(of: Data("Exif".utf8)) == nil)
    }

    @Test func aPhonePhotoIsPublishedInSizesForReadersUprightAndWithoutMetadata() throws {
        let fixture = Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/large-gps-orient6.jpg")
        let outcome = try attempt_(try Data(contentsOf: fixture))
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        // Shown 1500×2000 (orientation 6): 480 and 960 px wide, and the photo itself at its own 1500, in
        // JPEG; the same three widths in WebP; the 1200×630 crop for link previews.
        let names = outcome.after.keys.filter { $0.hasPrefix("stories/2021/a/photo") }.sorted()
        #expect(names == ["photo-1500w.webp", "photo-480w.jpg", "photo-480w.webp", "photo-960w.jpg", "photo-960w.webp",
                          "photo-og.jpg", "photo.jpg"].map { "stories/2021/a/" + $0 })
        for name in names {
            let data = try #require(outcome.after[name])
            for marker in ["Exif", "http://ns.adobe.com/xap", "GPS", "ARTIST-SECRET"] {
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(marker) in \(name)")
            }
        }
        let page = text(outcome.after["stories/2021/a/index.html"])
        #expect(page.contains(#"<picture><source type="image/webp" srcset="photo-480w.webp 480w, photo-960w.webp 960w, photo-1500w.webp 1500w" sizes="(min-width: 45rem) 42rem, 100vw"><img src="photo.jpg" srcset="photo-480w.jpg 480w, photo-960w.jpg 960w, photo.jpg 1500w" sizes="(min-width: 45rem) 42rem, 100vw" width="1500" height="2000""#))
        #expect(page.contains(#"<meta property="og:image" content="https://zuimei.fixture/zuimei/stories/2021/a/photo-og.jpg">"#))
        #expect(page.contains("<meta property=\"og:image:width\" content=\"1200\">\n<meta property=\"og:image:height\" content=\"630\">"))
        #expect(page.contains(#"<link rel="image_src" href="../../../stories/2021/a/photo-og.jpg">"#))
        #expect(jpegSize(try #require(outcome.after["stories/2021/a/photo-og.jpg"])).map { [$0.0, $0.1] } == [1200, 630])
        let webp = try #require(outcome.after["stories/2021/a/photo-960w.webp"])
        #expect(webp.prefix(4) == Data("RIFF".utf8) && webp.dropFirst(8).prefix(4) == Data("WEBP".utf8))
        // Upright: the JPEG's own header says 1500 wide, 2000 high (SOF0/SOF2 after the markers).
        let jpeg = try #require(outcome.after["stories/2021/a/photo.jpg"])
        #expect(jpegSize(jpeg).map { [$0.0, $0.1] } == [1500, 2000])
        #expect(jpegSize(try #require(outcome.after["stories/2021/a/photo-480w.jpg"])).map { [$0.0, $0.1] } == [480, 640])
    }

    @Test func aPhotoTheTextShowsGetsItsSizesToo() throws {
        let fixture = Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/large-gps-orient6.jpg")
        let outcome = try attempt(["stories/2021/a/index.md": Self.story(body: "正文。\n\n![在村委会](photo.jpg)\n",
                                                                        adding: ["photo: photo.jpg", "photo_alt: \"照片\""])],
                                  binary: ["stories/2021/a/photo.jpg": try Data(contentsOf: fixture)])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        let page = text(outcome.after["stories/2021/a/index.html"])
        #expect(page.contains(#"<img src="photo.jpg" srcset="photo-480w.jpg 480w, photo-960w.jpg 960w, photo.jpg 1500w" sizes="(min-width: 45rem) 42rem, 100vw" width="1500" height="2000" loading="lazy" decoding="async" alt="在村委会" />"#))
        // The feed renders the text for its own place: a plain image, with an absolute URL.
        #expect(text(outcome.after["feed.xml"]).contains("stories/2021/a/photo.jpg&quot; alt=&quot;在村委会&quot;"))
    }

    /// Width and height from a JPEG's start-of-frame segment.
    func jpegSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        var index = 2
        while index + 9 < bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xC3).contains(marker) {
                return (Int(bytes[index + 7]) << 8 | Int(bytes[index + 8]), Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]))
            }
            index += 2 + length
        }
        return nil
    }

    @Test func aLinkToAFIFOInStaticDoesNotHang() throws {
        let temp = try TempContent(files: ["stories/2021/a.md": Self.story(body: "正文。\n")])
        defer { temp.remove() }
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        try FileManager.default.createDirectory(at: temp.root.appendingPathComponent("static"), withIntermediateDirectories: true)
        #expect(mkfifo(temp.root.appendingPathComponent("static/.pipe").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: temp.root.appendingPathComponent("static/notes.txt").path,
                                                   withDestinationPath: ".pipe")
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(result.succeeded)
        #expect(!FileManager.default.fileExists(atPath: output + "/notes.txt"))
    }

    @Test func aLargeStaticFileIsScannedOnceAndAgainWhenItChanges() throws {
        var data = Data(repeating: 0x41, count: 300_000)
        let outcome = try attempt(["stories/2021/a.md": Self.story(body: "正文。\n")], binary: ["static/big.bin": data])
        defer { outcome.temp.remove() }
        #expect(outcome.result.succeeded)
        let record = outcome.temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache/scans.json")
        // Remembered by its bytes' digest, not its name or times.
        #expect(text(try? Data(contentsOf: record)).contains("binary:" + sha256Hex(data)))
        data.replaceSubrange(1000..<1011, with: Data(Self.phone.utf8))
        try outcome.temp.write("static/big.bin", data)
        let output = temporaryDirectory().appendingPathComponent("site").path
        let again = ZuimeiKit.build(BuildOptions(content: outcome.temp.display, output: output, date: Self.date))
        #expect(!again.succeeded)
        #expect(again.diagnostics.contains { $0.problem == .privateDataLeak(key: "private.phone", output: "big.bin",
                                                                            source: .copiedFile(outcome.temp.display("static/big.bin"))) })
    }

    @Test func aPageFoundCleanIsSearchedAgainWhenThePrivateValuesChange() throws {
        // Pages found clean are remembered by their bytes, for the values looked for then: the
        // same bytes must be searched again for a new value (here one the site's footer shows).
        // A project of its own: .zuimei-cache/ is beside the content, and other tests' is shared.
        let project = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: project) }
        let content = project.appendingPathComponent("Content")
        func write(_ path: String, _ text: String) throws {
            let url = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("site.yml", TempContent.site)
        try write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        try write("stories/2021/a.md", Self.story(body: "正文。\n"))
        try write("templates/partials/footer.mustache", "<footer>热线 13812345678</footer>\n")
        let output = project.appendingPathComponent("site").path
        let first = ZuimeiKit.build(BuildOptions(content: content.path, output: output, date: Self.date))
        #expect(first.succeeded)
        let record = project.appendingPathComponent(".zuimei-cache/scans.json")
        #expect(text(try? Data(contentsOf: record)).contains("text:"))
        try write("stories/2021/a.md", Self.story(body: "正文。\n", privateLines: ["  phone: \"13812345678\""]))
        let again = ZuimeiKit.build(BuildOptions(content: content.path, output: output, date: Self.date))
        #expect(!again.succeeded)
        #expect(again.diagnostics.contains { $0.problem == .privateDataLeak(key: "private.phone", output: "index.html",
                                                                            source: .template("partials/footer")) })
    }

    /// A valid 1×1 PNG.
    static let tinyPNG = Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")!
}
