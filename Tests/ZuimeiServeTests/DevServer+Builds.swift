import Dispatch
import Foundation
import Testing
@testable import ZuimeiServe

/// The preview server's builds run on their own queue, never on the
/// cooperative thread pool that answers requests.
@Suite struct DevServerBuildsTests {
    static let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Content").path

    @Test func aRebuildRunsOnTheBuildQueueAndTheCallerIsFreeMeanwhile() async throws {
        let server = DevServer(options: ServeOptions(content: Self.content, date: nil), log: { _ in })
        defer { server.cleanUp() }
        try FileManager.default.createDirectory(atPath: server.directory, withIntermediateDirectories: true)
        // Hold the build queue: the rebuild waits behind it, while this task goes on to finish other work.
        let gate = DispatchSemaphore(value: 0)
        DevServer.buildQueue.async { gate.wait() }
        async let errors = server.rebuildOffThePool()
        var answered = 0
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(10))
            answered += 1  // the pool thread is not blocked by the waiting build
        }
        #expect(answered == 3)
        gate.signal()
        #expect(await errors == [])
        #expect(FileManager.default.fileExists(atPath: server.siteDirectory + "/index.html"))
    }
}
