import Foundation
import Testing
@testable import ZuimeiOutput

@Suite struct WriterTests {
    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func tree(_ root: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let base = root.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [:] }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: base + "/" + relative)
            }
        }
        return result
    }

    @Test func writesIntoANewDirectory() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        let report = try writeSite([OutputFile(path: "index.html", text: "首页"), OutputFile(path: "a/b/index.html", text: "b")],
                                   to: site.path)
        #expect(report == WriteReport(files: 2, bytes: "首页".utf8.count + 1))
        #expect(tree(site) == ["index.html": Data("首页".utf8), "a/b/index.html": Data("b".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["site"])
    }

    @Test func replacesTheOldSiteWhole() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "old.html", text: "old")], to: site.path)
        _ = try writeSite([OutputFile(path: "new.html", text: "new")], to: site.path)
        #expect(tree(site) == ["new.html": Data("new".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["site"])
    }

    @Test func aFailedWriteLeavesTheOldSiteAsItWas() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let site = parent.appendingPathComponent("site")
        _ = try writeSite([OutputFile(path: "index.html", text: "old")], to: site.path)
        let before = tree(site)
        #expect(throws: OutputError.self) {
            try writeSite([OutputFile(path: "index.html", text: "new"), OutputFile(path: "../escape.html", text: "x")], to: site.path)
        }
        #expect(tree(site) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["site"])
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("escape.html").path))
    }

    @Test func copiesFiles() throws {
        let parent = try tempDir()
        defer { try? FileManager.default.removeItem(at: parent) }
        let source = parent.appendingPathComponent("photo.jpg")
        try Data([1, 2, 3]).write(to: source)
        let site = parent.appendingPathComponent("out")
        let report = try writeSite([OutputFile(path: "s/photo.jpg", body: .copy(from: source.path))], to: site.path)
        #expect(report.bytes == 3)
        #expect(tree(site) == ["s/photo.jpg": Data([1, 2, 3])])
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
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["site"])
        #expect(tree(parent.appendingPathComponent("site")) == ["index.html": Data("old".utf8)])
    }

    @Test func rejectsPathsOutsideTheSite() {
        for path in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a"] {
            #expect(throws: OutputError.self) { try checkPath(path) }
        }
    }
}
