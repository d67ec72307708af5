import Foundation
import Testing
@testable import ZuimeiOutput

/// The secret key is refused wherever a build would publish it or delete it, when others can
/// read it, and when it is not a regular file; a good one is read.
@Suite struct SigningKeyRefusalTests {
    let folder: URL
    let secret: String

    init() throws {
        folder = URL(fileURLWithPath: SigningKeyFile.realPath(FileManager.default.temporaryDirectory.path)!)
            .appendingPathComponent("zuimei-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("site"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Content"), withIntermediateDirectories: true)
        secret = try ManifestSignature.newKey().secret
    }

    func key(_ relative: String, mode: Int = 0o600) throws -> String {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(secret.utf8).write(to: url)
        chmod(url.path, mode_t(mode))
        return url.path
    }

    func read(_ path: String) -> Result<String, SigningKeyFile.Problem> {
        SigningKeyFile.read(path, content: folder.appendingPathComponent("Content").path, output: folder.appendingPathComponent("site").path)
    }

    func problem(_ path: String) -> SigningKeyFile.Problem? {
        if case .failure(let problem) = read(path) { return problem }
        return nil
    }

    @Test func aKeyOutsideContentAndOutputOnlyItsOwnerCanReadIsRead() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try read(key("keys/site.key")).get() == secret)
    }

    @Test func aKeyTheBuildWouldDeleteIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site").path
        #expect(problem(try key("site/x.key")) == .insideOutput(at: site + "/x.key"))
        #expect(problem(try key("site/deep/er/x.key")) == .insideOutput(at: site + "/deep/er/x.key"))
        // By a path with `..` (the command line's test gives a relative one), and through a symbolic link from outside.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        #expect(problem(folder.path + "/elsewhere/../site/x.key") == .insideOutput(at: site + "/x.key"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.key").path, withDestinationPath: "site/x.key")
        #expect(problem(folder.appendingPathComponent("link.key").path) == .insideOutput(at: site + "/x.key"))
        // A link inside the output to a key outside: the link would be deleted.
        let outside = try key("keys/site.key")
        try FileManager.default.createSymbolicLink(atPath: site + "/link.key", withDestinationPath: outside)
        #expect(problem(site + "/link.key") == .insideOutput(at: site + "/link.key"))
        // The writer's folders beside the output, which it removes.
        for name in [".site.zuimei-tmp-123/x.key", ".site.zuimei-old-9/a/x.key"] {
            #expect(problem(try key(name)) == .besideOutput(at: folder.appendingPathComponent(name).path))
        }
        // The output named through a link to its folder.
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("out-link").path, withDestinationPath: "site")
        #expect(SigningKeyFile.read(site + "/x.key", content: folder.appendingPathComponent("Content").path,
                                    output: folder.appendingPathComponent("out-link").path) != .success(secret))
    }

    @Test func aKeyInsideTheContentIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try key("Content/static/x.key")
        #expect(problem(path) == .insideContent(at: path))
    }

    @Test func aKeyWithAnotherNameIsRefusedWhereverTheNameIs() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try key("keys/site.key")
        // In the content directory, the other name would be published (a path check cannot see it).
        let published = folder.appendingPathComponent("Content/site-key.txt").path
        #expect(link(path, published) == 0)
        #expect(problem(path) == .hardLinked(names: 2))
        #expect(unlink(published) == 0)
        #expect(try read(path).get() == secret)
        // Anywhere else too: a secret key has one name.
        let backup = folder.appendingPathComponent("backup.key").path
        #expect(link(path, backup) == 0)
        #expect(problem(path) == .hardLinked(names: 2))
        #expect(problem(backup) == .hardLinked(names: 2))
    }

    /// What finds a key a bind mount shows in the content directory or the output: the walk by
    /// device and inode (the mounts themselves are in Tests/cli/run.sh, as root).
    @Test func theWalkFindsAFileOrAFolderAboveItByDeviceAndInodeNotByPath() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try key("Content/static/a/b/x.key")
        func identity(_ path: String) -> SigningKeyFile.FileIdentity {
            var info = stat()
            lstat(path, &info)
            return SigningKeyFile.FileIdentity(info)
        }
        let content = folder.appendingPathComponent("Content").path
        #expect(SigningKeyFile.find([identity(path): ""], in: content) == path)
        #expect(SigningKeyFile.find([identity(content + "/static/a"): "b/x.key"], in: content) == path)
        #expect(SigningKeyFile.find([identity(content): "static/a/b/x.key"], in: content) == path)  // the root itself
        #expect(SigningKeyFile.find([identity(path): ""], in: folder.appendingPathComponent("site").path) == nil)
        #expect(SigningKeyFile.find([identity(path): ""], in: folder.appendingPathComponent("none").path) == nil)
        // A symbolic link below the root is not followed (the loader does not publish one that leads
        // outside), and a loop does not walk without end.
        let keys = try key("keys/y.key")
        try FileManager.default.createSymbolicLink(atPath: content + "/keys", withDestinationPath: "../keys")
        try FileManager.default.createSymbolicLink(atPath: content + "/loop", withDestinationPath: ".")
        #expect(SigningKeyFile.find([identity(keys): ""], in: content) == nil)
    }

    @Test(arguments: [0o640, 0o604, 0o620, 0o602, 0o610, 0o601, 0o644, 0o666])
    func aKeyOthersCanReachIsRefused(_ mode: Int) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(problem(try key("keys/site.key", mode: mode)) == .unprotected(mode: String(mode, radix: 8)))
    }

    @Test func whatIsNotARegularFileOrNotAKeyIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo.key").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(problem(fifo) == .notRegularFile)  // at once: a FIFO is never read
        #expect(problem(folder.appendingPathComponent("Content").path) == .insideContent(at: folder.appendingPathComponent("Content").path))
        #expect(problem(folder.path) == .notRegularFile)
        if case .unreadable = problem(folder.appendingPathComponent("none.key").path) {} else { Issue.record("a missing key was read") }
        // A public key given for the secret one is named as such (not told to be chmod-ed).
        let pub = folder.appendingPathComponent("site.pub")
        try Data(try ManifestSignature.newKey().public.utf8).write(to: pub)
        chmod(pub.path, 0o644)
        if case .notAKey = problem(pub.path) {} else { Issue.record("a public key was taken for the secret one") }
    }
}
