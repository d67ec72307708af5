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

/// The search index's record in `.zuimei-cache/search.state`: a command-line rebuild encodes
/// only the shards a change touches and leaves the other search files where the last build
/// wrote them, byte for byte what a clean build writes; a record or a site it cannot trust is
/// not believed, and the private-data guard still reads every file the index keeps.
@Suite struct SearchRecordTests {
    static let date = day("2021-11-20")
    static let note = "search index updated"

    /// Six stories (three a prefecture, the quota) with different bodies, by path.
    static func stories(_ count: Int = 6, phone: String? = nil, extra: [Int: String] = [:]) -> [String: String] {
        let words = ["乡村振兴", "支教", "合作社", "牧区", "卫生室", "电商", "红枣", "棉花", "双语", "科技"]
        var files: [String: String] = [:]
        for id in 0..<count {
            var body = (0..<40).map { words[($0 * 7 + id * 3) % words.count] + "第\(id)篇" }.joined(separator: "，") + "。\n"
            body += extra[id] ?? ""
            let adding = id == 0 && phone != nil ? ["private:", "  phone: \"\(phone!)\""] : []
            files["stories/2021/s\(id)/index.md"] = TempContent.story(
                replacing: ["title": "title: \"故事\(id)\"", "name": "name: \"人物\(id)\"", "date": "date: 2021-08-\(10 + id)",
                           "prefecture": "prefecture: \"\(["伊犁哈萨克自治州", "喀什地区"][id % 2])\""],
                adding: adding, body: body)
        }
        return files
    }

    func build(_ temp: TempContent, _ output: String, useCache: Bool = true) -> BuildResult {
        ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date, jobs: 2, useCache: useCache))
    }

    /// The same content built from nothing, elsewhere.
    func clean(_ files: [String: String]) throws -> [String: Data] {
        let temp = try TempContent(files: files)
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("clean").path
        let result = build(temp, output, useCache: false)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.filter { $0.severity == .error })")
        return readTree(output)
    }

    @Test func aBodyEditUpdatesTheIndexFromTheRecordAndIsTheCleanBuild() throws {
        var files = Self.stories()
        let temp = try TempContent(files: files)
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        let first = build(temp, output)
        #expect(!first.diagnostics.hasErrors && !first.timings.notes.contains { $0.hasPrefix(Self.note) })
        let before = modificationTimes(output)
        // A sentence added at the end, then one in the middle of another story, then a title.
        let edits: [(String, (String) -> String)] = [
            ("stories/2021/s3/index.md", { $0 + "新增的一句话。\n" }),
            ("stories/2021/s5/index.md", { $0.replacingOccurrences(of: "牧区第5篇", with: "牧区与草原第5篇") }),
            ("stories/2021/s4/index.md", { $0.replacingOccurrences(of: "故事4", with: "新的标题") }),
        ]
        for (path, edit) in edits {
            files[path] = edit(files[path]!)
            try temp.write(path, files[path]!)
            let result = build(temp, output)
            #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.filter { $0.severity == .error })")
            #expect(result.timings.notes.contains { $0.hasPrefix(Self.note) }, "\(path): \(result.timings.notes)")
            #expect(readTree(output) == (try clean(files)), "\(path)")
        }
        // Files of the index no edit touched were left where they were.
        let after = modificationTimes(output)
        let kept = before.keys.filter { $0.hasPrefix("search/t/") && before[$0] == after[$0] }
        #expect(!kept.isEmpty)
    }

    /// A record cut short, rewritten, from another version, or bound to another site; a file of
    /// the index changed since the last build: the index is made whole, and is the clean build's.
    @Test(arguments: ["truncated", "garbage", "version", "site", "shards", "lengths", "shard touched", "text changed", "force"])
    func aRecordOrASiteThatCannotBeTrustedIsNotBelieved(damage: String) throws {
        var files = Self.stories()
        let temp = try TempContent(files: files)
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        #expect(!build(temp, output).diagnostics.hasErrors)
        let record = temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache/search.state").path
        var text = try String(contentsOfFile: record, encoding: .utf8)
        #expect(SealedRecord.unseal(Data(text.utf8)).flatMap { SearchRecordFile.parse($0, site: PreviousSite(output: output)!.digest) } != nil)
        var useCache = true
        switch damage {
        case "truncated": text = String(text.prefix(text.count / 2))
        case "garbage": text = text.replacingOccurrences(of: " 2021-08-1", with: " 2021-08-2")
        case "version": text = text.replacingOccurrences(of: SearchRecordFile.version, with: "zuimei-search-state 0")
        case "site": text = text.replacingOccurrences(of: "site ", with: "site 0")
        case "shards", "lengths":
            // Sealed again, as a record Zuimei could have written: its numbers must still agree with the site.
            var body = try #require(SealedRecord.unseal(Data(text.utf8)))
            if damage == "shards" {
                body = body.replacingOccurrences(of: "\nshards ", with: "\nshards 1")  // 3 → 13, 1 → 11
            } else {
                var lines = body.components(separatedBy: "\n")
                var fields = lines[4].components(separatedBy: " ")
                fields[2] = String(Int32.max)
                lines[4] = fields.joined(separator: " ")
                body = lines.joined(separator: "\n")
            }
            text = SealedRecord.seal(body)
        case "shard touched":
            // Same bytes, newer than the manifest: the manifest no longer vouches for it.
            let shard = output + "/search/i/0.js"
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: shard)
        case "text changed":
            let path = output + "/search/t/0.js"
            try (try String(contentsOfFile: path, encoding: .utf8) + " ").write(toFile: path, atomically: false, encoding: .utf8)
        default: useCache = false
        }
        if ["truncated", "garbage", "version", "site"].contains(damage) {
            try text.write(toFile: record, atomically: false, encoding: .utf8)
            #expect(SealedRecord.unseal(Data(text.utf8)).flatMap { SearchRecordFile.parse($0, site: PreviousSite(output: output)!.digest) } == nil)
        } else if ["shards", "lengths"].contains(damage) {
            try text.write(toFile: record, atomically: false, encoding: .utf8)
        }
        files["stories/2021/s4/index.md"]! += "又一句。\n"
        try temp.write("stories/2021/s4/index.md", files["stories/2021/s4/index.md"]!)
        let result = build(temp, output, useCache: useCache)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.filter { $0.severity == .error })")
        #expect(!result.timings.notes.contains { $0.hasPrefix(Self.note) }, "\(damage)")
        #expect(readTree(output) == (try clean(files)), "\(damage)")
    }

    /// A number written in one story's text and later declared private in another's: the
    /// rebuild fails (the rules stage finds it in the text first; `theGuardReadsTheSearchIndexsCompressedTexts`
    /// shows the guard reading back a kept file), and the site is as it was.
    @Test func aValueMadePrivateLaterFailsTheRebuild() throws {
        let phone = "13912345678"
        var files = Self.stories(extra: [5: "联系电话\(phone)。\n"])
        let temp = try TempContent(files: files)
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        #expect(!build(temp, output).diagnostics.hasErrors)
        let before = readTree(output)
        files = Self.stories(phone: phone, extra: [5: "联系电话\(phone)。\n"])
        try temp.write("stories/2021/s0/index.md", files["stories/2021/s0/index.md"]!)
        let result = build(temp, output)
        #expect(result.diagnostics.contains { if case .privateDataLeak = $0.problem { true } else { $0.rule == "private-data" } },
                "\(result.diagnostics.filter { $0.severity == .error })")
        #expect(readTree(output) == before)
    }

    /// A file the index keeps, changed in the site after the guard passed it and before the
    /// writer came to it: the build fails, and the site is as it was (but for that file, which
    /// the next build writes again: the manifest no longer vouches for it).
    @Test func aKeptFileChangedWhileBuildingFailsTheBuild() throws {
        var files = Self.stories()
        let temp = try TempContent(files: files)
        defer { temp.remove() }
        let output = temporaryDirectory().appendingPathComponent("site").path
        #expect(!build(temp, output).diagnostics.hasErrors)
        files["stories/2021/s2/index.md"]! += "再一句。\n"
        try temp.write("stories/2021/s2/index.md", files["stories/2021/s2/index.md"]!)
        let kept = output + "/search/t/0.js"  // the newest story's text: s5's
        var options = BuildOptions(content: temp.display, output: output, date: Self.date, jobs: 2, useCache: true)
        options.checkpoint = { point in
            if case .searched = point, let handle = FileHandle(forWritingAtPath: kept) {
                handle.seekToEndOfFile()
                handle.write(Data("//".utf8))
                handle.closeFile()
            }
        }
        let result = ZuimeiKit.build(options)
        #expect(result.diagnostics.hasErrors)
        #expect(result.diagnostics.contains { $0.problem == .changedWhileBuilding(output: "search/t/0.js") }, "\(result.diagnostics.filter { $0.severity == .error })")
        // The next build writes it again, and is the clean build.
        let again = build(temp, output)
        #expect(!again.diagnostics.hasErrors)
        #expect(readTree(output) == (try clean(files)))
    }
}
