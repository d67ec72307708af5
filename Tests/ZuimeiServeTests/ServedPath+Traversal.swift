import Foundation
import Testing
@testable import ZuimeiServe

@Suite struct ServedPathTests {
    func makeRoot() throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-serve-test-\(UUID().uuidString)")
        let root = base.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("stories/2021/x"), withIntermediateDirectories: true)
        try Data("home".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("story".utf8).write(to: root.appendingPathComponent("stories/2021/x/index.html"))
        try Data("secret".utf8).write(to: base.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path, withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("secret.txt").path,
                                                   withDestinationPath: base.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("alias.html").path, withDestinationPath: "index.html")
        return root.path
    }

    @Test func filesAndDirectoriesInsideTheRoot() throws {
        let root = try makeRoot()
        let real = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        #expect(servedFile(for: "/", in: root) == real + "/index.html")
        #expect(servedFile(for: "/index.html", in: root) == real + "/index.html")
        #expect(servedFile(for: "/stories/2021/x/", in: root) == real + "/stories/2021/x/index.html")
        #expect(servedFile(for: "/stories/2021/x", in: root) == real + "/stories/2021/x/index.html")
        #expect(servedFile(for: "/stories/%32021/x/index.html", in: root) == real + "/stories/2021/x/index.html")
        #expect(servedFile(for: "/alias.html", in: root) == real + "/index.html")  // a link that stays inside
        #expect(servedFile(for: "/missing.html", in: root) == nil)
    }

    @Test(arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/%2e%2e/%2e%2e/etc/hostname", "/stories/../../secret.txt",
        "/stories%2f..%2f..%2fsecret.txt", "/..%5c..%5csecret.txt", "/..\\\\secret.txt", "/escape/hostname",
        "/secret.txt", "/./index.html", "/index.html%00.txt", "relative/index.html",
    ])
    func traversalIsRefused(path: String) throws {
        let root = try makeRoot()
        #expect(servedFile(for: path, in: root) == nil)
    }

    @Test func contentTypes() {
        #expect(contentType(of: "a/index.html") == "text/html; charset=utf-8")
        #expect(contentType(of: "assets/style.css") == "text/css; charset=utf-8")
        #expect(contentType(of: "feed.xml") == "application/xml; charset=utf-8")
        #expect(contentType(of: "photo.JPG") == "image/jpeg")
        #expect(contentType(of: "x.webp") == "image/webp")
        #expect(contentType(of: "favicon.svg") == "image/svg+xml")
        #expect(contentType(of: "clip.mp4") == "video/mp4")
        #expect(contentType(of: "app.js") == "text/javascript; charset=utf-8")
    }

    @Test func theLiveReloadScriptGoesBeforeTheEndOfBody() {
        let page = Data("<html><body><p>x</p></body></html>".utf8)
        let served = String(decoding: injectLiveReload(into: page, status: LiveStatus(version: 3, errors: ["a</script>b"])), as: UTF8.self)
        #expect(served.hasSuffix("</script>\n</body></html>"))
        #expect(served.contains(#""version":3"#))
        #expect(!served.contains("a</script>b"))  // an error text cannot end the script early
        #expect(served.contains("/__zuimei/poll?since="))
    }
}

/// DNS rebinding: a page on attacker.example whose name now resolves to 127.0.0.1 must not
/// read the preview (drafts included). Only IP addresses and localhost are answered.
@Suite struct AllowedHostTests {
    @Test(arguments: [nil, "", "localhost", "localhost:8080", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:8080", "[::1]:8080",
                      "[::1]", "192.168.1.20:8080", "0.0.0.0:8080"])
    func loopbackNamesAndAddressesAreAnswered(host: String?) {
        #expect(isAllowedHost(host))
    }

    @Test(arguments: ["attacker.example", "attacker.example:8080", "localhost.attacker.example", "127.0.0.1.nip.io:8080",
                      "1270.0.0.1", "127.0.0.1:80a", "[::1", "[::1]x", "256.1.1.1", "local host"])
    func otherNamesAreRefused(host: String) {
        #expect(!isAllowedHost(host))
    }
}
