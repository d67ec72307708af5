import Foundation
import Testing
@testable import ZuimeiOutput

@Suite struct WriterTests {
    let info = BuildInfo(buildDate: "2021-11-20", generator: "Zuimei test")

    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func tree(_ root: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        for relative in regularFiles(below: root.path) {
            result[relative] = FileManager.default.contents(atPath: root.path + "/" + relative)
        }
        return result
    }

    /// The site's files without the two the writer adds.
    func pages(_ root: URL) -> [String: Data] {
        tree(root).filter { $0.key != Manifest.fileName && $0.key != Manifest.buildInfoName }
    }

    func entries(_ parent: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted()
    }

    func inode(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    @Test func writesIntoANewDirectoryWithChecksumsAndBuildInfo() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        let report = try writeSite([OutputFile(path: "index.html", text: "首页"), OutputFile(path: "a/b/index.html", text: "b")],
                                   to: site.path, info: info)
        #expect(pages(site) == ["index.html": Data("首页".utf8), "a/b/index.html": Data("b".utf8)])
        #expect(report.files == 4 && report.written == 4 && report.kept == 0)
        #expect(try entries(parent) == ["site"])
        let sums = String(decoding: try #require(tree(site)["SHA256SUMS"]), as: UTF8.self)
        // sha256("b") and sha256("首页"), as sha256sum prints them, sorted by path.
        #expect(sums.hasPrefix("3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  a/b/index.html\n"))
        #expect(sums.contains("  build.json\n"))
        #expect(!sums.contains("SHA256SUMS"))
        let json = String(decoding: try #require(tree(site)["build.json"]), as: UTF8.self)
        #expect(json.contains(#""build_date": "2021-11-20""#))
        #expect(json.contains(#""files": 2"#))
        #expect(json.contains(#""bytes": \#("首页".utf8.count + 1)"#))
        #expect(try verifySite(at: site.path).isWhole)
    }

    @Test func replacesTheOldSiteWhole() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "old.html", text: "old")], to: site.path, info: info)
        _ = try writeSite([OutputFile(path: "new.html", text: "new")], to: site.path, info: info)
        #expect(pages(site) == ["new.html": Data("new".utf8)])
        #expect(try entries(parent) == ["site"])
    }

    @Test func unchangedFilesKeepTheirInodeAndModificationTime() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "same.html", text: "same"), OutputFile(path: "edit.html", text: "v1")],
                          to: site.path, info: info)
        let sameInode = inode(site.path + "/same.html"), editInode = inode(site.path + "/edit.html")
        let report = try writeSite([OutputFile(path: "same.html", text: "same"), OutputFile(path: "edit.html", text: "v2")],
                                   to: site.path, info: info)
        #expect(inode(site.path + "/same.html") == sameInode)
        #expect(inode(site.path + "/edit.html") != editInode)
        // same.html and build.json (same count and bytes) kept; edit.html and SHA256SUMS written.
        #expect(report.kept == 2 && report.written == 2)
        let again = try writeSite([OutputFile(path: "same.html", text: "same"), OutputFile(path: "edit.html", text: "v2")],
                                  to: site.path, info: info)
        #expect(again.kept == 4 && again.written == 0)
    }

    @Test func aFileChangedByHandIsWrittenAgain() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "a.html", text: "aaaa")], to: site.path, info: info)
        Thread.sleep(forTimeInterval: 0.01)
        try Data("bbbb".utf8).write(to: site.appendingPathComponent("a.html"))  // same size, other bytes
        #expect(try verifySite(at: site.path).changed == ["a.html"])
        // Touched after the manifest was written: the manifest no longer vouches for it.
        let report = try writeSite([OutputFile(path: "a.html", text: "aaaa")], to: site.path, info: info)
        #expect(try verifySite(at: site.path).isWhole)
        #expect(report.written >= 1)
    }

    @Test func aFailedWriteLeavesTheOldSiteAsItWas() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "index.html", text: "old")], to: site.path, info: info)
        let before = tree(site)
        #expect(throws: OutputError.self) {
            try writeSite([OutputFile(path: "index.html", text: "new"), OutputFile(path: "../escape.html", text: "x")],
                          to: site.path, info: info)
        }
        #expect(tree(site) == before)
        #expect(try entries(parent) == ["site"])
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("escape.html").path))
    }

    @Test func copiesFiles() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let source = parent.appendingPathComponent("photo.jpg")
        try Data([1, 2, 3]).write(to: source)
        let site = parent.appendingPathComponent("out")
        _ = try writeSite([OutputFile(path: "s/photo.jpg", body: .copy(from: source.path))], to: site.path, info: info)
        #expect(pages(site) == ["s/photo.jpg": Data([1, 2, 3])])
    }

    @Test(arguments: [false, true])
    func aCopyIsPublishedOnlyWithTheDigestTheGuardSearched(linkable: Bool) throws {
        // The guard searched (and hashed) "clean"; the file holds other bytes when the writer copies it.
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let source = parent.appendingPathComponent("x.txt")
        try Data("dirty".utf8).write(to: source)
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "index.html", text: "old")], to: site.path, info: info)
        let before = tree(site)
        var file = OutputFile(path: "x.txt", body: .copy(from: source.path))
        file.digest = sha256Hex(Data("clean".utf8))
        file.linkable = linkable
        #expect(throws: OutputError(path: "x.txt", reason: "\(source.path) changed while the site was being built; build again",
                                    changed: true)) {
            try writeSite([file], to: site.path, info: info)
        }
        #expect(tree(site) == before)
        #expect(try entries(parent) == ["site", "x.txt"])
        // With its own digest, it is published: a copy, or (for a file Zuimei made itself) a link.
        file.digest = sha256Hex(Data("dirty".utf8))
        _ = try writeSite([file], to: site.path, info: info)
        #expect(pages(site) == ["x.txt": Data("dirty".utf8)])
        #expect((inode(site.appendingPathComponent("x.txt").path) == inode(source.path)) == linkable)
        let sums = String(decoding: FileManager.default.contents(atPath: site.appendingPathComponent(Manifest.fileName).path) ?? Data(), as: UTF8.self)
        #expect(sums.contains(sha256Hex(Data("dirty".utf8)) + "  x.txt"))
    }

    /// Only what changed is written; what the new site does not have is removed, a file where a
    /// directory now goes and the other way round included, and a file added by hand.
    @Test func aRebuildWritesOnlyWhatChangedAndRemovesWhatIsGone() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "same.html", text: "same"), OutputFile(path: "a", text: "a file"),
                           OutputFile(path: "x/y/z.html", text: "deep"), OutputFile(path: "gone/page.html", text: "gone")],
                          to: site.path, info: info)
        try Data("by hand".utf8).write(to: site.appendingPathComponent("extra.txt"))
        let sameInode = inode(site.path + "/same.html")
        let report = try writeSite([OutputFile(path: "same.html", text: "same"), OutputFile(path: "a/b.html", text: "now a folder"),
                                    OutputFile(path: "x", text: "now a file")], to: site.path, info: info)
        #expect(pages(site) == ["same.html": Data("same".utf8), "a/b.html": Data("now a folder".utf8), "x": Data("now a file".utf8)])
        #expect(inode(site.path + "/same.html") == sameInode)
        #expect(report.kept == 1 && report.written == 4)  // a/b.html, x, build.json, SHA256SUMS
        #expect(try entries(parent) == ["site"])
        #expect(try entries(site) == ["SHA256SUMS", "a", "build.json", "same.html", "x"])
        #expect(try verifySite(at: site.path).isWhole)
    }

    /// A link in the site where the new site has a folder (someone moved `stories/` elsewhere and
    /// linked it): the files behind it were never the site's to keep, and the install would
    /// remove it. The build is refused, and nothing outside the site or in it changes.
    @Test func aLinkWhereTheSiteHasAFolderIsRefused() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        let files = [OutputFile(path: "s/a.html", text: "a"), OutputFile(path: "index.html", text: "i")]
        _ = try writeSite(files, to: site.path, info: info)
        let elsewhere = parent.appendingPathComponent("elsewhere")
        try FileManager.default.moveItem(at: site.appendingPathComponent("s"), to: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("s").path, withDestinationPath: elsewhere.path)
        let before = tree(site), outside = tree(elsewhere)
        #expect(throws: OutputError.self) { try writeSite(files + [OutputFile(path: "s/b.html", text: "b")], to: site.path, info: info) }
        #expect(tree(site) == before && tree(elsewhere) == outside)
        #expect(try entries(parent) == ["elsewhere", "site"])
    }

    /// A build killed after it wrote its install list and before it had moved every file in is
    /// finished by the next build, first thing; a list that is not whole, or that names a path
    /// outside the site, is not carried out.
    @Test func aKilledInstallIsFinishedByTheNextBuild() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "index.html", text: "old"), OutputFile(path: "old.html", text: "old")],
                          to: site.path, info: info)
        // What the killed build left: its staged files (one already moved in), and its list.
        let staging = parent.appendingPathComponent(".site.zuimei-tmp-4242")
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("s"), withIntermediateDirectories: true)
        try Data("new story".utf8).write(to: staging.appendingPathComponent("s/story.html"))
        try Data("new".utf8).write(to: site.appendingPathComponent("index.html"))
        let plan = InstallPlan(remove: ["old.html"], install: ["index.html", "s/story.html"])
        try Data(plan.text.utf8).write(to: parent.appendingPathComponent(".site.zuimei-install-4242"))
        #expect(InstallPlan(text: plan.text) == plan)
        removeStaleDirectories(in: parent.path, for: "site")
        #expect(try entries(parent) == ["site"])
        #expect(tree(site)["s/story.html"] == Data("new story".utf8))
        #expect(tree(site)["index.html"] == Data("new".utf8))
        #expect(tree(site)["old.html"] == nil)
        // Cut short, or outside the site: nothing done, the leftovers removed.
        #expect(InstallPlan(text: "remove old.html\ninstall index.ht") == nil)
        #expect(InstallPlan(text: "remove ../other-site/index.html\n") == nil)
        #expect(InstallPlan(text: "remove /etc/passwd\n") == nil)
        try Data("remove index.html\ninstall a.htm".utf8).write(to: parent.appendingPathComponent(".site.zuimei-install-4243"))
        removeStaleDirectories(in: parent.path, for: "site")
        #expect(try entries(parent) == ["site"])
        #expect(tree(site)["index.html"] == Data("new".utf8))
    }

    @Test func leftoversOfAKilledBuildAreCleanedOrRestored() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        // A build killed mid-swap: no site/, the old one moved aside, a half-written temp dir.
        let old = parent.appendingPathComponent(".site.zuimei-old-999999")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: old.appendingPathComponent("index.html"))
        let temp = parent.appendingPathComponent(".site.zuimei-tmp-999998")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        removeStaleDirectories(in: parent.path, for: "site")
        #expect(try entries(parent) == ["site"])
        #expect(tree(parent.appendingPathComponent("site")) == ["index.html": Data("old".utf8)])
    }

    @Test func rejectsPathsOutsideTheSite() {
        for path in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b", "a\u{85}b", "http:x", "a/"] {
            #expect(throws: OutputError.self) { try checkPath(path) }
        }
    }
}

@Suite struct VerifyTests {
    @Test func readsWhatSha256sumWrites() throws {
        let text = "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  a b/c.html\n"
            + "3E23E8160039594A33894F6564E1B1348BBD7A0088D42C4ACB73EEAED59C009D *bin.dat\n"
        let manifest = try Manifest.parse(text).get()
        #expect(manifest.hashes["a b/c.html"] == "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d")
        #expect(manifest.hashes["bin.dat"] != nil)
        #expect(throws: Manifest.ParseError(line: 1, reason: "not a line of the form '<sha256>  <path>'")) {
            try Manifest.parse("not a line\n").get()
        }
    }

    @Test func reportsMissingChangedAndExtraFiles() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "a.html", text: "a"), OutputFile(path: "b.html", text: "b"),
                           OutputFile(path: "c/d.html", text: "d")],
                          to: site.path, info: BuildInfo(buildDate: "2021-11-20", generator: "test"))
        try FileManager.default.removeItem(at: site.appendingPathComponent("a.html"))
        try Data("changed".utf8).write(to: site.appendingPathComponent("c/d.html"))
        try Data("x".utf8).write(to: site.appendingPathComponent("extra.txt"))
        let report = try verifySite(at: site.path)
        #expect(report.missing == ["a.html"])
        #expect(report.changed == ["c/d.html"])
        #expect(report.extra == ["extra.txt"])
        #expect(!report.isWhole)
        #expect(throws: VerifyError.self) { try verifySite(at: parent.path) }
    }

    /// A FIFO where a listed file should be (or where SHA256SUMS should be) is reported, not
    /// waited on: an ordinary read of it blocks until something writes, which is never. Not as
    /// changed: fetching it again would write into the FIFO.
    @Test func aFIFOInACopyIsReportedNotWaitedFor() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "a.html", text: "a"), OutputFile(path: "b.html", text: "b")],
                          to: site.path, info: BuildInfo(buildDate: "2021-11-20", generator: "test"))
        try FileManager.default.removeItem(at: site.appendingPathComponent("a.html"))
        #expect(mkfifo(site.appendingPathComponent("a.html").path, 0o600) == 0)
        let report = try verifySite(at: site.path)
        #expect(report.unsafeToFetch == [UnsafeToFetch(path: "a.html", kind: .fifo)] && report.changed.isEmpty && report.missing.isEmpty)
        try FileManager.default.removeItem(at: site.appendingPathComponent("SHA256SUMS"))
        #expect(mkfifo(site.appendingPathComponent("SHA256SUMS").path, 0o600) == 0)
        #expect(throws: VerifyError.self) { try verifySite(at: site.path) }
    }
}

@Suite struct WriterLinkTests {
    @Test func aLinkedSourceIsCopiedAsAFile() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        try Data("real".utf8).write(to: parent.appendingPathComponent("real.txt"))
        try FileManager.default.createSymbolicLink(atPath: parent.appendingPathComponent("link.txt").path,
                                                   withDestinationPath: parent.appendingPathComponent("real.txt").path)
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "a.txt", body: .copy(from: parent.appendingPathComponent("link.txt").path))],
                          to: site.path, info: BuildInfo(buildDate: "2021-11-20", generator: "test"))
        let attributes = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent("a.txt").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(FileManager.default.contents(atPath: site.appendingPathComponent("a.txt").path) == Data("real".utf8))
    }
}

@Suite struct MediaTypeTests {
    @Test func oneTableForFeedsAndTheServer() {
        #expect(MediaType.of("stories/2021/x/photo.JPG") == "image/jpeg")
        #expect(MediaType.of("clip.m4v") == "video/mp4")
        #expect(MediaType.of("captions.vtt") == "text/vtt")
        #expect(MediaType.of("README") == "application/octet-stream")
        #expect(MediaType.contentType(of: "index.html") == "text/html; charset=utf-8")
        #expect(MediaType.contentType(of: "SHA256SUMS") == "text/plain; charset=utf-8")
        #expect(MediaType.contentType(of: "photo.png") == "image/png")
        #expect(MediaType.contentType(of: "favicon.svg") == "image/svg+xml")
        // Every type the server sends for a file is the type a feed names, plus a charset for text.
        for name in MediaType.byExtension.keys {
            #expect(MediaType.contentType(of: "x." + name).hasPrefix(MediaType.of("x." + name)))
        }
    }
}
