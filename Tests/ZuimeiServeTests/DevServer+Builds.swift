import Dispatch
import Foundation
import Testing
@testable import ZuimeiServe
import ZuimeiOutput

/// The preview server's builds run on their own queue, never on the
/// cooperative thread pool that answers requests.
@Suite struct DevServerBuildsTests {
    static let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Content").path

    @Test(.timeLimit(.minutes(1))) func aRebuildRunsOnTheBuildQueueAndTheCallerIsFreeMeanwhile() async throws {
        let server = DevServer(options: ServeOptions(content: Self.content, date: nil), log: { _ in })
        // Hold the build queue: the rebuild waits behind it, while this task goes on to finish other work.
        let gate = DispatchSemaphore(value: 0)
        DevServer.buildQueue.async { gate.wait() }
        // More rebuilds waiting than the cooperative pool has threads: were a rebuild to block a pool
        // thread (as it did, called straight from the watcher), the sleeps below could never finish.
        let waiting = (0..<(ProcessInfo.processInfo.activeProcessorCount + 2)).map { _ in
            Task { await server.rebuildOffThePool() }
        }
        var answered = 0
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(10))
            answered += 1
        }
        #expect(answered == 3)
        gate.signal()
        for task in waiting { #expect(await task.value == []) }
        #expect(server.site.file(at: "index.html") != nil)
    }

    @Test func theSiteIsServedFromMemoryWithASlashForADirectory() async throws {
        let server = DevServer(options: ServeOptions(content: Self.content, date: nil), log: { _ in })
        #expect(await server.rebuildOffThePool() == [])
        guard case .file(let path, let file)? = served("/", query: nil, in: server.site) else {
            Issue.record("the home page is not served")
            return
        }
        #expect(path == "index.html")
        #expect(String(decoding: MemorySite.bytes(of: file) ?? Data(), as: UTF8.self).contains("<!DOCTYPE html>"))
        #expect(served("/stories", query: "x=1", in: server.site) == .redirect("/stories/?x=1"))
        // Never to another host: `//stories` is a path here, and so is the redirect.
        #expect(served("//stories", query: nil, in: server.site) == .redirect("/stories/"))
        if case .file(let path, _)? = served("/stories/", query: nil, in: server.site) {
            #expect(path == "stories/index.html")
        } else {
            Issue.record("the story list is not served")
        }
        #expect(served("/%2e%2e/etc/passwd", query: nil, in: server.site) == nil)
        #expect(served("/no/such/page", query: nil, in: server.site) == nil)
        // The checksums a mirror verifies, made as the writer makes them.
        #expect(server.site.file(at: "SHA256SUMS") != nil)
        #expect(server.site.file(at: "build.json") != nil)
        // The WeChat export beside the site (issue 27), a page per story and language.
        #expect(server.site.file(at: "__zuimei/wechat/index.html") != nil)
        #expect(server.site.file(at: "__zuimei/wechat/2021/ili-example-ayixiamu/index.html") != nil)
        #expect(server.site.file(at: "__zuimei/wechat/ug/2021/ili-example-ayixiamu/weibo.txt") != nil)
    }

    @Test(.timeLimit(.minutes(2))) func anEditTheGuardRefusedIsNeverServed() async throws {
        // The review: captions edited to show a private phone; the build fails (private-data) and
        // serve keeps the last good build, whose copied files were read from Content/ at each request.
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        let content = project.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Self.content, toPath: content.path)
        let server = DevServer(options: ServeOptions(content: content.path, date: nil), log: { _ in })
        #expect(await server.rebuildOffThePool() == [])
        let http = try await startTestServer(site: server.site)
        defer { http.stop() }
        let path = "stories/2021/hotan-example-maimaiti/video.vtt"
        let captions = content.appendingPathComponent(path)
        let original = try Data(contentsOf: captions)
        func get() async -> Reply.Response? {
            await exchange(port: http.port, ["GET /\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"])
                .responses(["GET"]).first
        }
        let served = await get()
        #expect(served?.status == 200)
        #expect(served.map { Data($0.body) } == original)
        // In place, as `>>` appends: no new file, the same inode.
        let handle = try FileHandle(forWritingTo: captions)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n99\n00:09.000 --> 00:10.000\n电话 13912340003\n".utf8))
        try handle.close()
        let errors = await server.rebuildOffThePool()
        #expect(errors.contains { $0.contains("private-data") }, "\(errors)")
        let refused = await get()
        #expect(refused?.status == 409, "served bytes the guard refused")
        let body = String(decoding: refused?.body ?? [], as: UTF8.self)
        #expect(!body.contains("13912340003"))
        // The bytes the last good build searched, back in place: served again.
        try original.write(to: captions)
        let again = await get()
        #expect(again?.status == 200)
        #expect(again.map { Data($0.body) } == original)
    }
}
