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

/// Issue 23, review: a copied file (a photo, a video, captions, `static/`) is read by the guard
/// and copied by the writer later. The bytes searched, the digest remembered in `scans.json`
/// and the bytes published must be the same bytes, whatever happens to the file in between.
extension BuildPrivateDataTests {
    /// A file's clean and dirty versions, of the same size: the dirty one holds the phone in its middle.
    static func versions(size: Int) -> (clean: Data, dirty: Data) {
        var clean = Data(repeating: UInt8(ascii: "a"), count: size)
        for index in stride(from: 79, to: size, by: 80) { clean[index] = 0x0A }
        var dirty = clean
        dirty.replaceSubrange(size / 2..<size / 2 + phone.utf8.count, with: Data(phone.utf8))
        return (clean, dirty)
    }

    /// Puts `data` in place of the file at `path` in one step, as an editor saves (a rename).
    static func save(_ data: Data, over path: String) {
        let temporary = (path as NSString).deletingLastPathComponent + "/.saving-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: temporary, contents: data)
        #expect(rename(temporary, path) == 0)
    }

    /// A project with one story whose private phone is `phone`, and `static/<name>` holding `data`.
    static func project(static name: String, _ data: Data) throws -> (temp: TempContent, output: String, scans: URL) {
        let temp = try TempContent(files: ["stories/2021/a.md": story(body: "正文。\n")])
        try temp.write("editions/2021.yml", TempContent.edition + "story_length: {min: 0, max: 100000}\n")
        try temp.write("static/" + name, data)
        let project = temp.root.deletingLastPathComponent()
        return (temp, project.appendingPathComponent("site").path, project.appendingPathComponent(".zuimei-cache/scans.json"))
    }

    @Test(arguments: [("x.txt", 1_200_000), ("big.bin", 9_000_000)])
    func aFileSavedOverAfterItWasSearchedIsNotPublished(name: String, size: Int) throws {
        let (clean, dirty) = Self.versions(size: size)
        let (temp, output, scans) = try Self.project(static: "readme.txt", Data("说明。\n".utf8))
        defer { temp.remove() }
        let first = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(first.succeeded, "\(first.diagnostics.map(\.message))")
        let before = readTree(output)
        // A new file, searched, then the dirty version saved over it before the writer copies it.
        try temp.write("static/" + name, clean)
        let source = temp.display("static/" + name)
        let once = Once()
        var options = BuildOptions(content: temp.display, output: output, date: Self.date)
        options.checkpoint = { point in
            if case .searched(let sources) = point, sources.contains(source), once.first() { Self.save(dirty, over: source) }
        }
        let raced = ZuimeiKit.build(options)
        #expect(once.happened)
        #expect(!raced.succeeded, "a build published bytes it never searched")
        #expect(readTree(output) == before, "the previous site changed")
        #expect(raced.diagnostics.contains {
            $0.problem == .changedWhileBuilding(output: name) && $0.severity == .error && $0.file == source
        }, "\(raced.diagnostics.map(\.message))")
        #expect(!text(try? Data(contentsOf: scans)).contains(sha256Hex(dirty)), "the dirty bytes are remembered clean")
        // The next build searches what is there now.
        let again = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(!again.succeeded)
        #expect(again.diagnostics.contains { $0.problem == .privateDataLeak(key: "private.phone", output: name,
                                                                            source: .copiedFile(source)) })
        #expect(readTree(output) == before)
    }

    @Test(arguments: [("x.txt", 1_200_000), ("big.bin", 9_000_000)])
    func aFileSavedOverAfterItWasFoundCleanKeepsTheBytesSearched(name: String, size: Int) throws {
        // Published by the last build, found clean in scans.json, then saved over: the old site's
        // file has the digest found clean, and is kept; the dirty version is never copied.
        let (clean, dirty) = Self.versions(size: size)
        let (temp, output, scans) = try Self.project(static: name, clean)
        defer { temp.remove() }
        let first = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(first.succeeded, "\(first.diagnostics.map(\.message))")
        let source = temp.display("static/" + name)
        let once = Once()
        var options = BuildOptions(content: temp.display, output: output, date: Self.date, useCache: false)
        options.checkpoint = { point in
            if case .searched(let sources) = point, sources.contains(source), once.first() { Self.save(dirty, over: source) }
        }
        let raced = ZuimeiKit.build(options)
        #expect(once.happened)
        if raced.succeeded {
            #expect(FileManager.default.contents(atPath: output + "/" + name) == clean)
        } else {
            #expect(raced.diagnostics.contains { $0.problem == .changedWhileBuilding(output: name) })
        }
        #expect(!text(try? Data(contentsOf: scans)).contains(sha256Hex(dirty)))
        let again = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(!again.succeeded)
        #expect(FileManager.default.contents(atPath: output + "/" + name) == clean)
    }

    @Test(arguments: [("x.txt", 1_200_000), ("big.bin", 9_000_000)])
    func aFileSavedOverWhileItIsLookedUpIsNeverRememberedClean(name: String, size: Int) throws {
        // The review's poisoned cache: the digest taken on one read (the dirty version), the
        // search on another (the clean one), and the dirty digest remembered clean.
        let (clean, dirty) = Self.versions(size: size)
        let (temp, output, scans) = try Self.project(static: name, dirty)
        defer { temp.remove() }
        let source = temp.display("static/" + name)
        let once = Once()
        var options = BuildOptions(content: temp.display, output: output, date: Self.date)
        options.checkpoint = { point in
            if point == .searching(source: source), once.first() { Self.save(clean, over: source) }
        }
        let raced = ZuimeiKit.build(options)
        #expect(once.happened)
        if raced.succeeded {  // it searched the clean version: that is what it published
            #expect(FileManager.default.contents(atPath: output + "/" + name) == clean)
        }
        #expect(!text(try? Data(contentsOf: scans)).contains(sha256Hex(dirty)), "the dirty bytes are remembered clean")
        // The dirty version back: searched, and refused.
        Self.save(dirty, over: source)
        for _ in 0..<2 {
            let again = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
            #expect(!again.succeeded, "the dirty file was published from a poisoned scan cache")
            #expect(FileManager.default.contents(atPath: output + "/" + name) != dirty)
        }
    }

    @Test func aLinkInStaticIsSearchedAsTheFileItPublishes() throws {
        // static/notes.txt -> a story file: the writer publishes the file the link names, so the
        // guard must search that file (it searched nothing: it opens files without following links).
        let (temp, output, _) = try Self.project(static: "readme.txt", Data("说明。\n".utf8))
        defer { temp.remove() }
        try FileManager.default.createSymbolicLink(atPath: temp.display("static/notes.txt"),
                                                   withDestinationPath: "../stories/2021/a.md")
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(!result.succeeded)
        #expect(result.diagnostics.contains {
            if case .privateDataLeak("private.phone", "notes.txt", _) = $0.problem { true } else { false }
        }, "\(result.diagnostics.map(\.message))")
        #expect(!text(FileManager.default.contents(atPath: output + "/notes.txt")).contains(Self.phone))
    }
}

/// True once, for the first caller.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func first() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
    var happened: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }
}
