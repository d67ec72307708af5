import Dispatch
import Foundation
import Testing
@testable import ZuimeiServe

/// The preview server's builds run on their own queue, never on the
/// cooperative thread pool that answers requests.
@Suite struct DevServerBuildsTests {
    static let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Content").path

    @Test(.timeLimit(.minutes(1))) func aRebuildRunsOnTheBuildQueueAndTheCallerIsFreeMeanwhile() async throws {
        let server = DevServer(options: ServeOptions(content: Self.content, date: nil), log: { _ in })
        defer { server.cleanUp() }
        try FileManager.default.createDirectory(atPath: server.directory, withIntermediateDirectories: true)
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
        #expect(FileManager.default.fileExists(atPath: server.siteDirectory + "/index.html"))
    }
}
