import Foundation
import Testing
@testable import ZuimeiServe
import ZuimeiOutput

/// `zuimei serve` over raw TCP: what a browser sends is answered as before, and a request
/// the server cannot read unambiguously (RFC 9112) gets a 4xx at once, never a page; a
/// client that sends too much or too slowly is dropped in bounded time and memory
/// (issue 23, "Fail closed", item 7).
@Suite struct ServeHTTPTests {
    static let host = "Host: 127.0.0.1\r\n"

    // MARK: Host (RFC 9112 §3.2: exactly one, valid; 400 otherwise)

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: evil.com\r\nHost: 127.0.0.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.com\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nhost: 127.0.0.1\r\n\r\n",
        "GET / HTTP/1.0\r\nHost: evil.com\r\nHost: 127.0.0.1\r\n\r\n",
    ])
    func twoHostLinesAre400(request: String) async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let reply = await exchange(port: server.port, [request])
        #expect(reply.status == 400, "\(reply.text)")
        #expect(reply.closed)
        #expect(!reply.text.contains("home"))
    }

    @Test func anHTTP11RequestWithoutHostIs400AndAnHTTP10OneIsAnswered() async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let missing = await exchange(port: server.port, ["GET / HTTP/1.1\r\n\r\n"])
        #expect(missing.status == 400, "\(missing.text)")
        #expect(missing.closed)
        let old = await exchange(port: server.port, ["GET /a.txt HTTP/1.0\r\n\r\n"])
        #expect(old.status == 200 && old.text.hasSuffix("\r\n\r\nhello"), "\(old.text)")
        #expect(old.closed)  // HTTP/1.0 without keep-alive: one request
    }

    @Test(arguments: ["Host: \r\n", "Host: exa mple\r\n", "Host: 127.0.0.1:80a\r\n", "Host: [::1\r\n", "Host: user@127.0.0.1\r\n"])
    func anInvalidHostValueIs400(line: String) async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let reply = await exchange(port: server.port, ["GET / HTTP/1.1\r\n" + line + "\r\n"])
        #expect(reply.status == 400, "\(reply.text)")
    }

    // MARK: Bounded size and time

    @Test func anOversizedHeadIs431AndTheRestIsNotRead() async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let big = await exchange(port: server.port, ["GET / HTTP/1.1\r\n" + Self.host + "X-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"])
        #expect(big.status == 431, "\(big.text.prefix(200))")
        #expect(big.closed)
        let many = await exchange(port: server.port, ["GET / HTTP/1.1\r\n" + Self.host + String(repeating: "X-A: b\r\n", count: 200) + "\r\n"])
        #expect(many.status == 431, "\(many.text.prefix(200))")
        // A head that never ends: refused as soon as the limit is passed, not when the head timeout (10 s) ends.
        let endless = await exchange(port: server.port, ["GET / HTTP/1.1\r\n" + Self.host + "X-Big: " + String(repeating: "a", count: 100_000)],
                                     timeout: 9.5) { Reply(bytes: $0, closed: false, seconds: 0).status != nil }
        #expect(endless.status == 431, "\(endless.text.prefix(200))")
        #expect(endless.seconds < 9)
        let longTarget = await exchange(port: server.port, ["GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\n" + Self.host + "\r\n"])
        #expect(longTarget.status == 414, "\(longTarget.text.prefix(200))")
    }

    @Test(.timeLimit(.minutes(1))) func aClientThatStallsMidHeadIsDroppedInBoundedTime() async throws {
        let server = try await startTestServer(headTimeout: .seconds(1))
        defer { server.stop() }
        // Half a head, then nothing: the server gives up after its head timeout (1 s here).
        let half = await exchange(port: server.port, ["GET / HTTP/1.1\r\nHo"], timeout: 6)
        #expect(half.closed, "still open after \(half.seconds) s")
        #expect(half.seconds < 4)
        #expect(half.status == nil || half.status == 408, "\(half.text)")
        // A byte at a time, each in time for a per-read timeout: the whole head has one deadline.
        let drip = (0..<40).map { _ in "X" }
        let slow = await exchange(port: server.port, ["GET / HTTP/1.1\r\n" + Self.host + "X-Slow: "] + drip, pause: 0.2, timeout: 12)
        #expect(slow.closed)
        #expect(slow.seconds < 6, "dropped only after \(slow.seconds) s")
        // Connected and silent: closed too.
        let silent = await exchange(port: server.port, [], timeout: 6)
        #expect(silent.closed && silent.seconds < 4)
    }

    // MARK: Strict parsing (RFC 9112 §2.2, §5)

    @Test(arguments: [
        ("obs-fold", "GET / HTTP/1.1\r\n" + host + "X-A: b\r\n c\r\n\r\n"),
        ("space before colon", "GET / HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n"),
        ("space before colon, other field", "GET / HTTP/1.1\r\n" + host + "X-A : b\r\n\r\n"),
        ("bare CR", "GET / HTTP/1.1\r\n" + host + "X-A: b\rc\r\n\r\n"),
        ("bare LF", "GET / HTTP/1.1\n" + host + "\r\n"),
        ("bare LF lines", "GET / HTTP/1.1\nHost: 127.0.0.1\n\n"),
        ("NUL", "GET / HTTP/1.1\r\n" + host + "X-A: b\u{0}c\r\n\r\n"),
        ("control character", "GET / HTTP/1.1\r\n" + host + "X-A: b\u{1}c\r\n\r\n"),
        ("no colon", "GET / HTTP/1.1\r\n" + host + "X-A\r\n\r\n"),
        ("empty name", "GET / HTTP/1.1\r\n" + host + ": b\r\n\r\n"),
        ("two spaces in request line", "GET  / HTTP/1.1\r\n" + host + "\r\n"),
        ("four words", "GET / HTTP/1.1 x\r\n" + host + "\r\n"),
        ("no version", "GET /\r\n" + host + "\r\n"),
        ("lowercase version", "GET / http/1.1\r\n" + host + "\r\n"),
        ("relative target", "GET a.txt HTTP/1.1\r\n" + host + "\r\n"),
        ("fragment", "GET /a.txt#x HTTP/1.1\r\n" + host + "\r\n"),
        ("non-ASCII target", "GET /\u{00e9} HTTP/1.1\r\n" + host + "\r\n"),
        ("Content-Length and Transfer-Encoding", "GET / HTTP/1.1\r\n" + host + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("two Content-Length", "GET / HTTP/1.1\r\n" + host + "Content-Length: 0\r\nContent-Length: 0\r\n\r\n"),
        ("Content-Length list", "GET / HTTP/1.1\r\n" + host + "Content-Length: 1, 1\r\n\r\nx"),
        ("negative Content-Length", "GET / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n"),
        ("Content-Length with a sign", "GET / HTTP/1.1\r\n" + host + "Content-Length: +1\r\n\r\nx"),
        ("Transfer-Encoding in HTTP/1.0", "GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("absolute form with another scheme", "GET https://127.0.0.1/ HTTP/1.1\r\n" + host + "\r\n"),
        ("absolute form with user info", "GET http://a@127.0.0.1/ HTTP/1.1\r\n" + host + "\r\n"),
    ])
    func malformedHeadsAre400(name: String, request: String) async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let reply = await exchange(port: server.port, [request])
        #expect(reply.status == 400, "\(name): \(reply.text)")
        #expect(reply.closed, "\(name)")
    }

    @Test func otherRefusalsHaveTheirOwnCodes() async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let chunked = await exchange(port: server.port, ["GET / HTTP/1.1\r\n" + Self.host + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"])
        #expect(chunked.status == 501 && chunked.closed, "\(chunked.text)")
        let version = await exchange(port: server.port, ["GET / HTTP/2.0\r\n" + Self.host + "\r\n"])
        #expect(version.status == 505 && version.closed, "\(version.text)")
        let body = await exchange(port: server.port, ["POST / HTTP/1.1\r\n" + Self.host + "Content-Length: 100000000\r\n\r\n"])
        #expect(body.status == 413 && body.closed, "\(body.text)")
    }

    // MARK: What serve always did, over raw bytes

    @Test func keepAlivePipeliningAndHEAD() async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let methods = ["GET", "HEAD", "GET"]
        let reply = await exchange(port: server.port, [
            "GET /a.txt HTTP/1.1\r\n" + Self.host + "\r\n" + "HEAD /a.txt HTTP/1.1\r\n" + Self.host + "\r\n"
                + "GET / HTTP/1.1\r\n" + Self.host + "Connection: close\r\n\r\n",
        ], timeout: 5)
        let responses = reply.responses(methods)
        #expect(responses.map(\.status) == [200, 200, 200], "\(reply.text)")
        guard responses.count == 3 else { return }
        #expect(String(decoding: responses[0].body, as: UTF8.self) == "hello")
        #expect(responses[1].header("Content-Length") == "5")   // what GET would send
        #expect(responses[1].header("Content-Type") == responses[0].header("Content-Type"))
        #expect(String(decoding: responses[2].body, as: UTF8.self).contains("live reload"))
        #expect(responses[2].header("Cache-Control") == "no-store")
        #expect(reply.leftover(after: methods) == 0, "a HEAD response carries no body")
        #expect(reply.closed)  // after Connection: close
    }

    @Test func aSmallBodyIsReadAndTheConnectionGoesOn() async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let reply = await exchange(port: server.port, [
            "POST /a.txt HTTP/1.1\r\n" + Self.host + "Content-Length: 3\r\n\r\nabc" + "GET /a.txt HTTP/1.1\r\n" + Self.host + "\r\n",
        ]) { Reply(bytes: $0, closed: false, seconds: 0).responses(["POST", "GET"]).count == 2 }
        let responses = reply.responses(["POST", "GET"])
        #expect(responses.map(\.status) == [405, 200], "\(reply.text)")
        #expect(responses.first?.header("Allow") == "GET, HEAD")
    }

    @Test func hostsRedirectsAndNotFound() async throws {
        let server = try await startTestServer()
        defer { server.stop() }
        let refused = await exchange(port: server.port, ["GET / HTTP/1.1\r\nHost: attacker.example:8080\r\nConnection: close\r\n\r\n"])
        #expect(refused.status == 403 && refused.text.contains("Host"), "\(refused.text)")
        for host in ["localhost:8080", "127.0.0.1", "[::1]:8080"] {
            let ok = await exchange(port: server.port, ["GET /a.txt HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"])
            #expect(ok.status == 200, "\(host): \(ok.text)")
        }
        let absolute = await exchange(port: server.port, ["GET http://127.0.0.1:8080/a.txt HTTP/1.1\r\n" + Self.host + "Connection: close\r\n\r\n"])
        #expect(absolute.status == 200 && absolute.text.hasSuffix("hello"), "\(absolute.text)")
        let absoluteElsewhere = await exchange(port: server.port, ["GET http://attacker.example/a.txt HTTP/1.1\r\n" + Self.host + "Connection: close\r\n\r\n"])
        #expect(absoluteElsewhere.status == 403, "\(absoluteElsewhere.text)")
        let redirect = await exchange(port: server.port, ["GET /stories?x=1 HTTP/1.1\r\n" + Self.host + "Connection: close\r\n\r\n"])
        #expect(redirect.status == 301 && redirect.responses(["GET"]).first?.header("Location") == "/stories/?x=1", "\(redirect.text)")
        let missing = await exchange(port: server.port, ["GET /%2e%2e/etc/passwd HTTP/1.1\r\n" + Self.host + "Connection: close\r\n\r\n"])
        #expect(missing.status == 404 && missing.text.contains("not found"), "\(missing.text)")
    }

    @Test(.timeLimit(.minutes(1))) func theLiveReloadPollWaitsForTheNextBuild() async throws {
        let state = LiveState()
        let server = try await startTestServer(state: state)
        defer { server.stop() }
        let now = await exchange(port: server.port, ["GET /__zuimei/poll?since=-1 HTTP/1.1\r\n" + Self.host + "Connection: close\r\n\r\n"])
        #expect(now.status == 200 && now.text.contains(#""version":1"#), "\(now.text)")
        let waiting = Task { await exchange(port: server.port, ["GET /__zuimei/poll?since=1 HTTP/1.1\r\n" + Self.host + "Connection: close\r\n\r\n"], timeout: 15) }
        try await Task.sleep(for: .milliseconds(500))
        await state.publish(errors: ["x.md:1:1: error: broken"])
        let next = await waiting.value
        #expect(next.status == 200 && next.text.contains(#""version":2"#) && next.text.contains("broken"), "\(next.text)")
        #expect(next.seconds < 5)
    }
}
