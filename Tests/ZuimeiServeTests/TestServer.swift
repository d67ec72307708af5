import Foundation
@testable import ZuimeiServe
import ZuimeiOutput

/// A `SiteServer` on a free port of 127.0.0.1, serving `makeTestSite()`.
struct RunningServer: Sendable {
    var port: UInt16
    var task: Task<Void, any Error>
    func stop() { task.cancel() }
}

func startTestServer(state: LiveState = LiveState(), headTimeout: Duration = .seconds(10), site: MemorySite? = nil) async throws -> RunningServer {
    var limits = ServeLimits()
    limits.headTimeout = headTimeout
    let server = try SiteServer(host: "127.0.0.1", port: 0, limits: limits, handler: SiteHandler(site: try site ?? makeTestSite(), state: state),
                                log: ServeLogger(verbose: false, log: { _ in }))
    let task = Task { try await server.run() }
    return RunningServer(port: server.port, task: task)
}
