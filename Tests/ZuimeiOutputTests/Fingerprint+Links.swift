import Foundation
import Testing
import ZuimeiTestSupport
@testable import ZuimeiOutput

/// The stat fingerprint that decides whether a rebuild can be skipped (and
/// that `serve` takes every 300 ms) never walks through a link to a folder.
@Suite struct FingerprintLinksTests {
    @Test func aLinkToTheRootIsOneLineNotAWalkOfTheFileSystem() throws {
        let temp = try TempContent(files: ["static/a.txt": "a\n"])
        defer { temp.remove() }
        try FileManager.default.createSymbolicLink(atPath: temp.root.appendingPathComponent("static/x").path, withDestinationPath: "/")
        let lines = statFingerprint(of: temp.display).split(separator: "\n")
        #expect(lines.count == 4)  // site.yml, the edition, static/a.txt and the link itself
        #expect(lines.contains { $0.hasPrefix("static/x\t") })
        #expect(!lines.contains { $0.hasPrefix("static/x/") })
    }

    @Test func linksToTheirOwnFolderDoNotMultiply() throws {
        let temp = try TempContent(files: ["static/a.txt": "a\n"])
        defer { temp.remove() }
        for name in ["p", "q"] {
            try FileManager.default.createSymbolicLink(atPath: temp.root.appendingPathComponent("static/\(name)").path,
                                                       withDestinationPath: ".")
        }
        #expect(statFingerprint(of: temp.display).split(separator: "\n").count == 5)
    }

    @Test func aChangedFileChangesTheFingerprint() throws {
        let temp = try TempContent(files: ["static/a.txt": "a\n"])
        defer { temp.remove() }
        let before = statFingerprint(of: temp.display)
        try temp.write("static/a.txt", "ab\n")
        #expect(statFingerprint(of: temp.display) != before)
    }
}
