import FlyingSocks
import ZuimeiParallel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A response, before it is put on the wire.
struct Response: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body = Data()

    static func text(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Response {
        Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: Data(text.utf8))
    }

    static let reasons: [Int: String] = [
        200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 413: "Content Too Large", 414: "URI Too Long",
        431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
        503: "Service Unavailable", 505: "HTTP Version Not Supported",
    ]

    /// The bytes to send: the status line, the headers, Content-Length and Connection, and
    /// the body (not for HEAD, which gets the length GET would). One buffer, one write: a
    /// head and a body written apart wait for the client's delayed ACK (Nagle), 40 ms a request.
    func encoded(forHEAD: Bool, close: Bool, version: RequestHead.Version) -> Data {
        var head = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Unknown")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        if close {
            head += "Connection: close\r\n"
        } else if version == .http10 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var data = Data(head.utf8)
        if !forHEAD { data.append(body) }
        return data
    }
}

/// The HTTP/1.1 server of `zuimei serve`, on FlyingSocks (non-blocking sockets and epoll;
/// FlyingFox's own HTTP layer is not used). It reads each request head itself, strictly
/// (`RequestHeadParser`), within `ServeLimits` of size and time, so that every request gets a
/// response, or its connection is closed, in bounded time and memory; then `SiteHandler`
/// answers it. FlyingFox's decoder collapsed repeated header lines into one (the last won),
/// so a request with two Host lines passed the Host allow-list; it also read a head of any
/// size, for as long as the client took.
final class SiteServer: Sendable {
    let port: UInt16
    let limits: ServeLimits
    let handler: SiteHandler
    let log: ServeLogger
    private let pool: any AsyncSocketPool
    private let listener: AsyncSocket
    private let open = ConnectionCount()

    /// Binds and listens at once (the port is taken: `DevServer.PortInUse`); serves from `run`.
    init(host: String, port: UInt16, limits: ServeLimits = ServeLimits(), handler: SiteHandler, log: ServeLogger) throws {
        let socket = try Socket(domain: AF_INET)
        do {
            try socket.setValue(true, for: .localAddressReuse)
            do {
                try socket.bind(to: .inet(ip4: host, port: port))
            } catch SocketError.failed(_, let number, _) where number == EADDRINUSE {
                throw DevServer.PortInUse(host: host, port: port)
            }
            try socket.listen()
            guard case .ip4(_, let bound) = try socket.sockname() else { throw SocketError.unsupportedAddress }
            self.port = bound
            pool = SocketPool.make()  // epoll on Linux, kqueue on macOS
            listener = try AsyncSocket(socket: socket, pool: pool)
        } catch {
            try? socket.close()
            throw error
        }
        self.limits = limits
        self.handler = handler
        self.log = log
    }

    /// Accepts and serves connections until cancelled.
    func run() async throws {
        try await pool.prepare()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.pool.run() }
            group.addTask { await self.acceptConnections() }
            try await group.next()
            group.cancelAll()
        }
        try? listener.close()
    }

    private func acceptConnections() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let client: AsyncSocket
                do {
                    client = try await listener.accept()
                } catch {
                    if Task.isCancelled { return }
                    // Out of descriptors (EMFILE) or an aborted connection: go on, after a pause.
                    log.warning("cannot accept a connection: \(error.localizedDescription)")
                    try? await Task.sleep(for: .milliseconds(100))
                    continue
                }
                switch open.enter(limit: limits.connections) {
                case .entered:
                    break
                case .refused(let first):
                    let busy = Response.text(503, "zuimei serve: too many connections\n")
                    _ = try? client.socket.write(busy.encoded(forHEAD: false, close: true, version: .http11))
                    try? client.close()
                    if first { log.warning("more than \(limits.connections) connections at once: refused (503) until some close") }
                    continue
                }
                group.addTask {
                    await self.serve(client)
                    self.open.leave()
                }
            }
        }
    }

    /// What reading one request came to.
    enum Read: Sendable {
        case request(RequestHead)
        case refused(RequestRefusal)
        /// The client closed (or reset) the connection; `partial` if in the middle of a request.
        case closed(partial: Bool)
        /// The head timeout passed; `partial` if some of a request had come.
        case timedOut(partial: Bool)
    }

    /// Serves one connection: request after request (keep-alive, pipelining), until the
    /// client closes, asks to close, or sends something it must not.
    func serve(_ client: AsyncSocket) async {
        let peer = Self.peer(of: client.socket)
        log.info("<\(peer)> open connection")
        defer {
            try? client.close()
            log.info("<\(peer)> close connection")
        }
        var input: [UInt8] = []  // bytes read past the previous request (a pipelined one)
        while !Task.isCancelled {
            let (read, rest) = await untilDeadline(limits.headTimeout) { [input, limits = self.limits] in
                await Self.readRequest(from: client, after: input, limits: limits)
            }
            input = rest
            let request: RequestHead
            switch read {
            case .request(let head):
                request = head
            case .refused(let refusal):
                log.warning("<\(peer)> refused a request: \(refusal.reason) (\(refusal.status) \(Response.reasons[refusal.status] ?? ""))")
                await refuse(client, with: refusal)
                return
            case .closed(let partial):
                if partial { log.info("<\(peer)> closed in the middle of a request") }
                return
            case .timedOut(let partial):
                if partial {
                    log.warning("<\(peer)> no whole request within \(limits.headTimeout); closed")
                    await refuse(client, with: RequestRefusal(status: 408, reason: "no whole request in time"))
                }
                return
            }
            log.info("<\(peer)> request: \(request.method) \(request.path)")
            let response = await handler.respond(to: request)
            let close = !request.keepAlive
            let bytes = response.encoded(forHEAD: request.method == "HEAD", close: close, version: request.version)
            guard await write(bytes, to: client) else { return }
            if close { return }
        }
    }

    /// Reads one request's head, strictly, and its body (dropped); returns it with the bytes
    /// read past it. Stops when cancelled (the deadline), the client closes, or a limit is passed.
    static func readRequest(from client: AsyncSocket, after previous: [UInt8], limits: ServeLimits) async -> (Read, [UInt8]) {
        var reader = HeadReader(limits: limits, input: previous)
        var received = !previous.isEmpty
        var head: RequestHead
        var rest: [UInt8]
        while true {
            switch reader.next() {
            case .head(let found, let after):
                head = found
                rest = after
            case .refused(let refusal):
                return (.refused(refusal), [])
            case .needMore:
                do {
                    reader.append(try await client.read(atMost: 4096))
                    received = true
                } catch {
                    return (Task.isCancelled ? .timedOut(partial: received) : .closed(partial: received), [])
                }
                continue
            }
            break
        }

        // A body: read and dropped, so that the next request starts where it should.
        var remaining = head.contentLength
        guard remaining <= limits.bodyBytes else {
            return (.refused(RequestRefusal(status: 413, reason: "a request body of \(remaining) bytes (this server takes none)")), [])
        }
        let inBuffer = min(remaining, rest.count)
        rest.removeFirst(inBuffer)
        remaining -= inBuffer
        while remaining > 0 {
            do {
                let bytes = try await client.read(atMost: min(remaining, 4096))
                remaining -= bytes.count
            } catch {
                return (Task.isCancelled ? .timedOut(partial: true) : .closed(partial: true), [])
            }
        }
        return (.request(head), rest)
    }

    /// Writes within the write timeout; false if the client did not take it (closed, or too slow).
    func write(_ bytes: Data, to client: AsyncSocket) async -> Bool {
        await untilDeadline(limits.writeTimeout) {
            do {
                try await client.write(bytes)
                return true
            } catch {
                return false
            }
        }
    }

    /// Answers a request that is not served and closes: the response, then the end of the
    /// server's side; what the client still sends is read and dropped for a moment (up to
    /// 1 s and 1 MB), so that the close does not reset the connection before the client
    /// has read the response.
    func refuse(_ client: AsyncSocket, with refusal: RequestRefusal) async {
        let response = Response.text(refusal.status, "zuimei serve: \(refusal.reason)\n")
        guard await write(response.encoded(forHEAD: false, close: true, version: .http11), to: client) else { return }
        _ = shutdown(client.socket.file.rawValue, Int32(SHUT_WR))
        await untilDeadline(.seconds(1)) {
            var drained = 0
            while drained < 1_048_576, let bytes = try? await client.read(atMost: 4096) { drained += bytes.count }
        }
    }

    static func peer(of socket: Socket) -> String {
        switch try? socket.remotePeer() {
        case .ip4(let address, _)?: return address
        case .ip6(let address, _)?: return address
        case .unix(let path)?: return path
        case nil: return "unknown"
        }
    }
}

/// Runs `body`, cancelling it when `duration` passes; `body` answers even when cancelled
/// (with what it has): a read or write of FlyingSocks that waits is woken by cancellation.
func untilDeadline<T: Sendable>(_ duration: Duration, _ body: @escaping @Sendable () async -> T) async -> T {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await body() }
        group.addTask {
            try? await Task.sleep(for: duration)
            return nil
        }
        var result: T?
        while let next = await group.next() {
            if let value = next { result = value }
            group.cancelAll()  // the first to finish ends the other: the body's answer, or the deadline
        }
        return result!
    }
}

/// How many connections are open.
final class ConnectionCount: Sendable {
    enum Entry { case entered, refused(first: Bool) }
    private let state = Locked((count: 0, refusing: false))

    /// `first`: the first refusal since the count was last under the limit (logged once, not per connection).
    func enter(limit: Int) -> Entry {
        state.withLock { state in
            guard state.count < limit else {
                defer { state.refusing = true }
                return .refused(first: !state.refusing)
            }
            state.count += 1
            state.refusing = false
            return .entered
        }
    }

    func leave() { state.withLock { $0.count -= 1 } }
}

/// The server's log: its warnings and errors always; each connection and request only with
/// `--verbose` (a reader needs the address once, the rebuilds and the problems).
struct ServeLogger: Sendable {
    var verbose: Bool
    var log: @Sendable (String) -> Void

    func info(_ line: @autoclosure () -> String) { if verbose { log("serve: " + line()) } }
    func warning(_ line: @autoclosure () -> String) { log("serve: warning: " + line()) }
}
