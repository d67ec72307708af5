import Foundation
import Testing
@testable import ZuimeiServe

/// The request-head parser on its own: what it reads from a browser's request, and that how
/// TCP happens to split the bytes never changes what it decides.
@Suite struct RequestHeadTests {
    static let browser = "GET /stories/?q=%E5%9F%BA&since=3 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
        + "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: text/html,*/*;q=0.8\r\nAccept-Language: zh-CN,zh;q=0.9\r\n"
        + "Connection: keep-alive\r\nCookie: a=b; c=\"d\"\r\nX-Empty:\r\nX-Tab:\tv\t\r\n\r\n"

    func head(_ text: String) throws -> RequestHead {
        var reader = HeadReader(limits: ServeLimits(), input: Array(text.utf8))
        guard case .head(let head, _) = reader.next() else { throw RequestRefusal.badRequest("not a head: \(text)") }
        return head
    }

    @Test func aBrowsersRequest() throws {
        let request = try head(Self.browser)
        #expect(request.method == "GET" && request.path == "/stories/" && request.query == "q=%E5%9F%BA&since=3")
        #expect(request.version == .http11 && request.host == "127.0.0.1:8080" && request.authority == nil)
        #expect(request.keepAlive && request.contentLength == 0)
        #expect(request.field("accept-language") == "zh-CN,zh;q=0.9")
        #expect(request.field("x-empty") == "" && request.field("x-tab") == "v")
        #expect(SiteHandler.queryValue("since", in: request.query) == "3")
        #expect(SiteHandler.queryValue("q", in: request.query) == "基")
    }

    @Test func whatFollowsTheHeadIsKept() throws {
        var reader = HeadReader(limits: ServeLimits(), input: Array(("\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nabGET /b").utf8))
        guard case .head(let head, let rest) = reader.next() else { Issue.record("no head"); return }
        #expect(head.path == "/a" && head.contentLength == 2)
        #expect(rest == Array("abGET /b".utf8))
    }

    @Test func keepAliveFollowsTheVersionAndConnection() throws {
        #expect(try head("GET / HTTP/1.1\r\nHost: x\r\n\r\n").keepAlive)
        #expect(try !head("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n").keepAlive)
        #expect(try !head("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n").keepAlive)
        #expect(try !head("GET / HTTP/1.0\r\n\r\n").keepAlive)
        #expect(try head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive)
    }

    @Test func theAbsoluteFormAndTheAsteriskForm() throws {
        let absolute = try head("GET HTTP://127.0.0.1:8080?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(absolute.path == "/" && absolute.query == "x=1" && absolute.authority == "127.0.0.1:8080")
        #expect(try head("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").path == "*")
        #expect(requestHeadStatus(Array("GET * HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == 400)
        #expect(requestHeadStatus(Array("GET http:///a HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == 400)  // no host in the URL
    }

    @Test(arguments: ["localhost", "127.0.0.1:8080", "[::1]:8080", "[::ffff:127.0.0.1]", "example.org", "a-b.c_d~e", "%41b", "x:", "sub!$&'()*+,;=x"])
    func validHosts(host: String) {
        #expect(RequestHeadParser.isValidHost(host))
    }

    @Test(arguments: ["", ":80", "a b", "a@b", "a/b", "[::1", "[::1]x", "[]", "[v1.x]", "a:8o", "%4", "%zz", "a\u{7f}", "é.example"])
    func invalidHosts(host: String) {
        #expect(!RequestHeadParser.isValidHost(host))
    }

    /// The status the server decides on for each head, whether the bytes come at once, one
    /// by one, or in odd chunks.
    static let statuses: [(String, Int)] = {
        var rows: [(String, Int)] = []
        rows.append((browser, 200))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.1\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.0\r\n\r\n", 200))
        rows.append(("\r\n\r\nGET / HTTP/1.0\r\n\r\n", 200))
        rows.append(("\n\nGET / HTTP/1.0\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\n\n", 400))
        rows.append(("GET / HTTP/1.1\r\nHost: a\n\r\n", 400))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nX: \u{7f}\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + String(repeating: "a", count: 16_400) + "\r\n\r\n", 431))
        rows.append(("GET /" + String(repeating: "a", count: 16_400) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414))
        rows.append((String(repeating: "\r\n", count: 9000) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 414))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X: y\r\n", count: 100) + "\r\n", 431))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X: y\r\n", count: 99) + "\r\n", 200))
        // Just within the size limit (16,384 bytes with its line ends), and one byte over it.
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "a", count: 16_384 - 32) + "\r\n\r\n", 200))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "a", count: 16_384 - 31) + "\r\n\r\n", 431))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n", 200))
        rows.append(("GET / HTTP/3\r\nHost: a\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505))
        rows.append(("G\u{e9}T / HTTP/1.1\r\nHost: a\r\n\r\n", 400))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\n", 0))
        rows.append(("GET / HTTP/1.1\r\nHost: a\r\n\r", 0))
        return rows
    }()

    @Test(arguments: statuses)
    func theStatusDoesNotDependOnHowTheBytesArrive(request: String, status: Int) {
        let bytes = Array(request.utf8)
        for chunk in [bytes.count + 1, 1, 2, 3, 7, 4096] {
            #expect(requestHeadStatus(bytes, chunk: chunk) == status, "chunks of \(chunk)")
        }
    }

    /// Random edits of a browser's request: the parser never crashes, and decides the same
    /// however the bytes are split.
    @Test func randomEditsAreDecidedTheSameInAnyChunks() {
        var generator = SplitMix(seed: 23)
        let base = Array(Self.browser.utf8)
        let alphabet: [UInt8] = [0, 9, 10, 13, 32, 58, 0x7f, 0xff, 72, 104, 111, 115, 116] + Array("GET/ HTTP1.0:".utf8)
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let position = Int(generator.next() % UInt64(bytes.count))
                let byte = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                switch generator.next() % 3 {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            let whole = requestHeadStatus(bytes, chunk: bytes.count + 1)
            for chunk in [1, 5] {
                #expect(requestHeadStatus(bytes, chunk: chunk) == whole, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            }
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
