import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import ZuimeiServe
import ZuimeiOutput

/// What the server sent back on one connection, read as raw bytes.
struct Reply: Sendable {
    var bytes: [UInt8]
    /// The server closed the connection (end of stream or reset) before the client stopped reading.
    var closed: Bool
    /// From the first byte sent to the end of reading.
    var seconds: Double

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The status code of the first response, if one came.
    var status: Int? { responses(["GET"]).first?.status }

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func count(of name: String) -> Int { headers.filter { $0.0.lowercased() == name.lowercased() }.count }
    }

    /// The responses in order, for requests with these methods (a HEAD response has no body);
    /// stops at the first one that is not whole.
    func responses(_ methods: [String]) -> [Response] {
        var result: [Response] = []
        var rest = bytes[...]
        for method in methods {
            guard let end = rest.firstRange(of: [13, 10, 13, 10]) else { break }
            let lines = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let statusWords = lines[0].split(separator: " ")
            guard statusWords.count >= 2, statusWords[0] == "HTTP/1.1", let status = Int(statusWords[1]) else { break }
            let headers = lines.dropFirst().map { line -> (String, String) in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            }
            var response = Response(status: status, headers: headers, body: [])
            rest = rest[end.upperBound...]
            if method != "HEAD", let length = response.header("Content-Length").flatMap({ Int($0) }) {
                guard rest.count >= length else { break }
                response.body = Array(rest.prefix(length))
                rest = rest.dropFirst(length)
            }
            result.append(response)
        }
        return result
    }

    /// The bytes after the responses to these methods (nothing, for a well-framed exchange).
    func leftover(after methods: [String]) -> Int {
        let parsed = responses(methods)
        var rest = bytes[...]
        for (method, response) in zip(methods, parsed) {
            guard let end = rest.firstRange(of: [13, 10, 13, 10]) else { return rest.count }
            rest = rest[end.upperBound...]
            if method != "HEAD" { rest = rest.dropFirst(response.body.count) }
        }
        return rest.count
    }
}

/// Connects to 127.0.0.1:`port`, sends each part (waiting `pause` seconds between parts),
/// then reads until the server closes, `done` says the reply is complete, or `timeout`
/// seconds have passed since the first byte was sent. Blocking socket calls, on a thread of
/// their own: never on the cooperative pool, which the server in this process needs.
func exchange(port: UInt16, _ parts: [String], pause: Double = 0, timeout: Double = 5,
              done: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> Reply {
    await exchange(port: port, bytes: parts.map { Array($0.utf8) }, pause: pause, timeout: timeout, done: done)
}

func exchange(port: UInt16, bytes parts: [[UInt8]], pause: Double = 0, timeout: Double = 5,
              done: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> Reply {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(returning: blockingExchange(port: port, parts: parts, pause: pause, timeout: timeout, done: done))
        }
    }
}

private func blockingExchange(port: UInt16, parts: [[UInt8]], pause: Double, timeout: Double,
                              done: ([UInt8]) -> Bool) -> Reply {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    precondition(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    precondition(connected == 0, "cannot connect to port \(port)")
    let start = Date()
    sending: for (index, part) in parts.enumerated() {
        var sent = 0
        while sent < part.count {
            let count = part[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break sending }  // the server closed: read what it said
            sent += count
        }
        if pause > 0, index < parts.count - 1 { usleep(UInt32(pause * 1_000_000)) }
    }
    var received: [UInt8] = []
    var closed = false
    var buffer = [UInt8](repeating: 0, count: 65536)
    while !done(received) {
        let remaining = timeout - Date().timeIntervalSince(start)
        guard remaining > 0 else { break }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count <= 0 {
            closed = true
            break
        }
        received += buffer[0..<count]
    }
    return Reply(bytes: received, closed: closed, seconds: Date().timeIntervalSince(start))
}

/// A site of a few files in memory, as a build leaves it.
func makeTestSite() throws -> MemorySite {
    let site = MemorySite()
    let sink = site.sink()
    try sink.write([
        OutputFile(path: "index.html", text: "<!DOCTYPE html><html><body><p>home</p></body></html>"),
        OutputFile(path: "stories/index.html", text: "<!DOCTYPE html><html><body><p>stories</p></body></html>"),
        OutputFile(path: "a.txt", text: "hello"),
        OutputFile(path: "404.html", text: "<!DOCTYPE html><html><body><p>not found</p></body></html>"),
    ])
    _ = try sink.finish(BuildInfo(buildDate: "2021-11-20", generator: "test"))
    return site
}
