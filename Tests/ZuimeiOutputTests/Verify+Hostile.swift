import Foundation
import Testing
@testable import ZuimeiOutput

/// A copy's `SHA256SUMS` decides what `zuimei verify --to-fetch` tells wget to fetch, so it is
/// read as Zuimei writes it and nothing else: a line naming a place outside the copy is an
/// error, never a path; symbolic links in the copy are reported, never followed.
@Suite struct VerifyHostileTests {
    static let hash = "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"

    func line(_ path: String) -> String { "\(Self.hash)  \(path)\n" }

    @Test(arguments: [
        "//evil.example/y.html", "../../outside.html", "a/../../x", "/etc/passwd", "http://x/y", "mailto:x", "C:x",
        "a/./b", "./a", "a//b", "a/", "a\\b", "a\rb", "a\r", "a\u{0}b", "a\u{1B}[2Jb", "a\u{7F}", "a\u{85}b",
        "SHA256SUMS", "SHA256SUMS.minisig", String(repeating: "a", count: 256), String(repeating: "a/", count: 2100) + "a",
    ])
    func aPathOutsideTheCopyOrThatZuimeiNeverWritesIsAnError(_ path: String) {
        let text = line("index.html") + line(path)
        #expect((try? Manifest.parse(text).get()) == nil, "\(path.debugDescription) was read as a path")
        #expect(throws: Manifest.ParseError.self) { try Manifest.parse(text).get() }
    }

    @Test func otherLinesZuimeiNeverWritesAreErrorsWithTheirLineNumber() {
        func failing(_ text: String) -> Int? {
            if case .failure(let error) = Manifest.parse(Data(text.utf8)) { return error.line }
            return nil
        }
        #expect(failing(line("a") + line("a")) == 2)  // listed twice
        #expect(failing(line("a") + "\n" + line("b")) == 2)  // an empty line
        #expect(failing(line("a") + String(line("b").dropLast())) == 2)  // cut short
        #expect(failing("") == 1)
        #expect(failing(line("a") + "\(Self.hash) a\n") == 2)  // one space
        var invalid = Data(line("a").utf8)
        invalid.append(contentsOf: Array("\(Self.hash)  a".utf8) + [0xFF, 0x0A])
        if case .failure(let error) = Manifest.parse(invalid) { #expect(error.line == 2 && error.reason.contains("UTF-8")) } else {
            Issue.record("a path that is not UTF-8 was read")
        }
    }

    @Test func namesAStoryMayHaveAreRead() throws {
        // Chinese, spaces, a percent sign, look-alike slashes and dots: one literal name each,
        // percent-encoded by --to-fetch, so the server and wget keep them inside the copy.
        let paths = ["stories/2021/x/采访 视频.webm", "%2e%2e/%2e%2e/x", "a∕..∕b", "．．/x", "100%.jpg", "stories/a:b", "1a:b"]
        let manifest = try Manifest.parse(paths.map(line).joined()).get()
        #expect(Set(manifest.hashes.keys) == Set(paths))
    }

    @Test func aHugeLineIsRefusedInBoundedTime() throws {
        var data = Data(line("index.html").utf8)
        data.append(Data("\(Self.hash)  ".utf8))
        data.append(Data(repeating: UInt8(ascii: "a"), count: 64 << 20))
        data.append(0x0A)
        let start = Date()
        guard case .failure(let error) = Manifest.parse(data) else { Issue.record("a 64 MiB path was read"); return }
        #expect(error.line == 2 && error.reason.contains("longer than 4096 bytes"))
        #expect(Date().timeIntervalSince(start) < 5)
    }

    func site(_ files: [OutputFile] = [OutputFile(path: "a.html", text: "a"), OutputFile(path: "d/b.html", text: "b")],
              signingKey: String? = nil) throws -> (parent: URL, site: URL) {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-hostile-\(UUID().uuidString)")
        let site = parent.appendingPathComponent("site")
        _ = try writeSite(files, to: site.path, info: BuildInfo(buildDate: "2021-11-20", generator: "test", signingKey: signingKey))
        return (parent, site)
    }

    @Test func aListedFolderOrFileThatIsASymbolicLinkIsReportedNotFollowed() throws {
        let (parent, site) = try site()
        defer { try? FileManager.default.removeItem(at: parent) }
        // The same bytes, outside the copy, through links: still not a whole copy.
        let outside = parent.appendingPathComponent("outside")
        try FileManager.default.moveItem(at: site.appendingPathComponent("d"), to: outside)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("d").path, withDestinationPath: "../outside")
        try FileManager.default.moveItem(at: site.appendingPathComponent("a.html"), to: parent.appendingPathComponent("a.html"))
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("a.html").path, withDestinationPath: "../a.html")
        let report = try verifySite(at: site.path)
        #expect(report.links == ["a.html", "d"])
        #expect(report.missing.isEmpty && report.changed.isEmpty && report.extra.isEmpty)
        #expect(!report.isWhole)
    }

    @Test func aChangedFileWithAnotherNameOrThatIsNotARegularFileIsNotToFetch() throws {
        let (parent, site) = try site()
        defer { try? FileManager.default.removeItem(at: parent) }
        // Unchanged hard links (a cp -al snapshot): whole.
        #expect(link(site.appendingPathComponent("a.html").path, parent.appendingPathComponent("snapshot-a.html").path) == 0)
        #expect(try verifySite(at: site.path).isWhole)
        // Changed and a hard link to a file outside: wget --timestamping would rewrite that file.
        let victim = parent.appendingPathComponent("victim.txt")
        try Data("victim".utf8).write(to: victim)
        try FileManager.default.removeItem(at: site.appendingPathComponent("d/b.html"))
        #expect(link(victim.path, site.appendingPathComponent("d/b.html").path) == 0)
        // A FIFO (wget would block on it) and a folder where files are listed.
        try FileManager.default.removeItem(at: site.appendingPathComponent("a.html"))
        #expect(mkfifo(site.appendingPathComponent("a.html").path, 0o644) == 0)
        try FileManager.default.removeItem(at: site.appendingPathComponent("build.json"))
        try FileManager.default.createDirectory(at: site.appendingPathComponent("build.json"), withIntermediateDirectories: false)
        let report = try verifySite(at: site.path)
        #expect(report.unsafeToFetch == [UnsafeToFetch(path: "a.html", kind: .fifo), UnsafeToFetch(path: "build.json", kind: .folder),
                                         UnsafeToFetch(path: "d/b.html", kind: .hardLink(names: 2))])
        #expect(report.changed.isEmpty && report.missing.isEmpty && report.checked == 3 && !report.isWhole)
    }

    @Test func foldersAreLookedAtOnceEachInTheOrderOfTheirBytes() throws {
        // Paths of folders whose names sort around '/' ('-' and '.' before it, '0' after), one deep.
        let deep = String(repeating: "a/", count: 300) + "f.html"
        let paths = ["a/b/c.html", "a-b/c.html", "a.b/c.html", "a0/c.html", "a/b/e.html", "a/d.html", "q/r.html", deep]
        let (parent, site) = try site(paths.map { OutputFile(path: $0, text: $0) })
        defer { try? FileManager.default.removeItem(at: parent) }
        #expect(try verifySite(at: site.path).isWhole)
        // A listed folder that is a link, one that is missing, a file where one should be, a file below a listed folder.
        let outside = parent.appendingPathComponent("outside")
        try FileManager.default.moveItem(at: site.appendingPathComponent("a/b"), to: outside)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("a/b").path, withDestinationPath: "../../outside")
        try FileManager.default.removeItem(at: site.appendingPathComponent("a-b"))
        try FileManager.default.removeItem(at: site.appendingPathComponent("q"))
        try Data().write(to: site.appendingPathComponent("q"))
        try Data().write(to: site.appendingPathComponent("a0/extra.html"))
        try Data().write(to: site.appendingPathComponent(String(repeating: "a/", count: 200) + "extra"))
        let report = try verifySite(at: site.path)
        #expect(report.links == ["a/b"])
        #expect(report.missing == ["a-b/c.html", "q/r.html"])
        #expect(report.extra == [String(repeating: "a/", count: 200) + "extra", "a0/extra.html"])
        #expect(report.changed.isEmpty && report.checked == 5)
    }

    @Test func deepPathsTakeMemoryAndTimeInProportionToTheFile() throws {
        // 300 paths of 2,042 segments (1.2 MB): every folder of every path was kept, 2.6 GB.
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-deep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let deep = String(repeating: "a/", count: 2040) + "f"
        let paths = (0..<300).map { String(format: "x%05d/", $0) + deep }
        try Data(paths.map(line).joined().utf8).write(to: parent.appendingPathComponent(Manifest.fileName))
        let start = Date()
        let report = try verifySite(at: parent.path)
        #expect(report.missing == paths && report.checked == 0)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func linksThatLoopAreExtraFilesNotAWalkWithoutEnd() throws {
        let (parent, site) = try site()
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("loop").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("d/up").path, withDestinationPath: "..")
        let report = try verifySite(at: site.path)
        #expect(report.extra == ["d/up", "loop"])
        #expect(report.links.isEmpty && report.checked == 3)
    }

    @Test func aSignedBuildSaysSoAndItsCopyNeedsTheSignature() throws {
        let key = try ManifestSignature.newKey()
        let (parent, site) = try site(signingKey: key.secret)
        defer { try? FileManager.default.removeItem(at: parent) }
        let json = try String(contentsOf: site.appendingPathComponent("build.json"), encoding: .utf8)
        #expect(json.contains("\"generator\": \"test\",\n  \"signed\": true,\n  \"files\": 2,"))
        var report = try verifySite(at: site.path)
        #expect(report.signed && report.isWhole)
        let signature = site.appendingPathComponent(ManifestSignature.fileName)
        try Data("untrusted comment: cut short\n".utf8).write(to: signature)
        report = try verifySite(at: site.path)
        #expect(report.changed == [ManifestSignature.fileName] && !report.isWhole)
        try FileManager.default.removeItem(at: signature)
        report = try verifySite(at: site.path)
        #expect(report.missing == [ManifestSignature.fileName] && !report.isWhole)
        // An unsigned build's build.json is as it always was; its copy needs no signature.
        let (otherParent, unsigned) = try self.site()
        defer { try? FileManager.default.removeItem(at: otherParent) }
        #expect(try String(contentsOf: unsigned.appendingPathComponent("build.json"), encoding: .utf8)
                == "{\n  \"build_date\": \"2021-11-20\",\n  \"generator\": \"test\",\n  \"files\": 2,\n  \"bytes\": 2\n}\n")
        #expect(try verifySite(at: unsigned.path).isWhole)
    }

    @Test func aSignatureIsRequiredOnlyWhenBuildJsonIsTheListedOne() throws {
        // A build.json edited to say "signed" does not make a copy incomplete: it is reported changed.
        let (parent, site) = try site()
        defer { try? FileManager.default.removeItem(at: parent) }
        let info = site.appendingPathComponent("build.json")
        let text = try String(contentsOf: info, encoding: .utf8).replacingOccurrences(of: "\"files\"", with: "\"signed\": true,\n  \"files\"")
        try text.write(to: info, atomically: false, encoding: .utf8)
        let report = try verifySite(at: site.path)
        #expect(report.changed == ["build.json"] && report.missing.isEmpty && !report.signed)
    }
}
