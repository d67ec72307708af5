import Foundation

/// How much one request may send, and for how long, before `zuimei serve` gives up on it.
struct ServeLimits: Sendable {
    /// The request line and the header lines together, with their line ends (and any
    /// empty lines before the request line).
    var headBytes = 16 * 1024
    /// Header lines in one request.
    var headerLines = 100
    /// A request body. The server takes none (it answers GET and HEAD): a body is read and
    /// dropped, up to this size; a larger one is refused (413) and the connection closed.
    var bodyBytes = 64 * 1024
    /// From the moment the server waits for a request (on a new connection, or after its
    /// previous response) to the end of its head and body. A client that is silent, or
    /// sends a byte now and then, is dropped after this.
    var headTimeout: Duration = .seconds(10)
    /// To send one response to a client that does not read it.
    var writeTimeout: Duration = .seconds(30)
    /// Connections open at once; one more is answered 503 and closed.
    var connections = 256

    init() {}
}

/// A request's head, read strictly (RFC 9112): anything another parser could read
/// differently (two Host lines, a folded line, a space before a colon, a bare CR or LF, a
/// NUL, two lengths) is refused, never guessed at.
struct RequestHead: Sendable, Equatable {
    enum Version: String, Sendable { case http10 = "HTTP/1.0", http11 = "HTTP/1.1" }

    struct Field: Sendable, Equatable {
        /// As sent (compare with `lowercasedName`).
        var name: String
        var lowercasedName: String
        /// Without the spaces around it.
        var value: String
    }

    var method: String
    /// The path as sent, percent-encoded (`/stories/`), `*` for `OPTIONS *`.
    var path: String
    /// What follows the `?`, as sent; nil without one.
    var query: String?
    /// The authority of an absolute-form target (`GET http://127.0.0.1:8080/ HTTP/1.1`).
    var authority: String?
    var version: Version
    var fields: [Field]
    /// The one Host line's value; nil only in an HTTP/1.0 request without one.
    var host: String?
    /// The body's length (0 without Content-Length).
    var contentLength: Int
    /// Whether the connection stays open after the response.
    var keepAlive: Bool

    func field(_ lowercasedName: String) -> String? { fields.first { $0.lowercasedName == lowercasedName }?.value }
}

/// Why a request is not answered with a page: the status, and a reason for the log and the body.
struct RequestRefusal: Error, Equatable, Sendable {
    var status: Int
    var reason: String

    static func badRequest(_ reason: String) -> RequestRefusal { RequestRefusal(status: 400, reason: reason) }
}

/// Collects a connection's bytes until they hold a whole request head, within the size
/// limit: the part of the server that needs no socket (and that the fuzzer drives).
struct HeadReader {
    enum Step: Equatable {
        /// The head is not whole yet, and within the limit.
        case needMore
        /// A head, and the bytes after it (its body, or the next request).
        case head(RequestHead, rest: [UInt8])
        case refused(RequestRefusal)
    }

    let limits: ServeLimits
    private(set) var buffer: [UInt8]
    /// Empty lines dropped before the request line: they count towards the limit.
    private var skipped = 0
    /// Where the search for the head's end goes on from.
    private var searched = 0

    init(limits: ServeLimits, input: [UInt8] = []) {
        self.limits = limits
        buffer = input
    }

    mutating func append(_ bytes: [UInt8]) { buffer += bytes }

    mutating func next() -> Step {
        let empty = RequestHeadParser.leadingEmptyLines(buffer[...])
        if empty > 0 {
            buffer.removeFirst(empty * 2)
            skipped += empty * 2
            searched = 0
        }
        if let end = RequestHeadParser.headEnd(in: buffer[...], from: searched) {
            guard skipped + end <= limits.headBytes else { return .refused(tooLarge()) }
            do {
                return .head(try RequestHeadParser.parse(buffer[..<end], limits: limits), rest: Array(buffer[end...]))
            } catch {
                return .refused(error)
            }
        }
        if skipped + buffer.count > limits.headBytes { return .refused(tooLarge()) }
        searched = max(0, buffer.count - 2)  // a head's end (LF CR LF) may start in the last bytes read
        return .needMore
    }

    /// 414 when the request line alone is over the limit, 431 when the head is.
    private func tooLarge() -> RequestRefusal {
        let lineEnd = skipped + (buffer.firstIndex(of: RequestHeadParser.lf) ?? buffer.count)
        return lineEnd >= limits.headBytes
            ? RequestRefusal(status: 414, reason: "a request line over \(limits.headBytes) bytes")
            : RequestRefusal(status: 431, reason: "a request head over \(limits.headBytes) bytes")
    }
}

/// What `zuimei serve` makes of `bytes` as the start of a connection, fed `chunk` bytes at a
/// time: 200 for a head it would answer (whether its Host is allowed is decided later), the
/// status of its refusal (400, 414, 431, 501, 505), or 0 while the head is not whole. For the
/// fuzzer and the tests.
public func requestHeadStatus(_ bytes: [UInt8], chunk: Int = 4096) -> Int {
    var reader = HeadReader(limits: ServeLimits())
    var offset = 0
    while true {
        switch reader.next() {
        case .head: return 200
        case .refused(let refusal): return refusal.status
        case .needMore:
            guard offset < bytes.count else { return 0 }
            let end = min(bytes.count, offset + max(1, chunk))
            reader.append(Array(bytes[offset..<end]))
            offset = end
        }
    }
}

enum RequestHeadParser {
    static let cr: UInt8 = 13, lf: UInt8 = 10, space: UInt8 = 32, tab: UInt8 = 9, colon: UInt8 = 58

    /// The number of empty lines (CR LF) that start `bytes`: a server ignores these before a
    /// request line (RFC 9112 §2.2).
    static func leadingEmptyLines(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex, bytes[index] == cr, bytes[index + 1] == lf {
            count += 1
            index += 2
        }
        return count
    }

    /// Where the head that starts `bytes` ends (the index past its empty line), or nil if it
    /// has not ended yet. Also stops at an empty line ended by a bare LF, so that such a head
    /// is refused at once rather than waited on. `from` skips what was searched before.
    static func headEnd(in bytes: ArraySlice<UInt8>, from: Int) -> Int? {
        var index = max(bytes.startIndex, from)
        while index < bytes.endIndex {
            guard let newline = bytes[index...].firstIndex(of: lf) else { return nil }
            let next = newline + 1
            if next < bytes.endIndex, bytes[next] == lf { return next + 1 }
            if next + 1 < bytes.endIndex, bytes[next] == cr, bytes[next + 1] == lf { return next + 2 }
            if next + 1 >= bytes.endIndex { return nil }  // the next line has not come yet
            index = next
        }
        return nil
    }

    /// Parses a whole head: the request line and header lines, each ended by CR LF, and the
    /// empty line. `bytes` holds exactly that (no leading empty lines).
    static func parse(_ bytes: ArraySlice<UInt8>, limits: ServeLimits = ServeLimits()) throws(RequestRefusal) -> RequestHead {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0 { throw .badRequest("a NUL byte in the request head") }
            if byte == lf { throw .badRequest("a line ended by LF without CR") }
            if byte == cr {
                guard index + 1 < bytes.endIndex, bytes[index + 1] == lf else { throw .badRequest("a CR without LF in the request head") }
                lines.append(bytes[start..<index])
                index += 2
                start = index
                continue
            }
            index += 1
        }
        guard start == bytes.endIndex, lines.count >= 2, lines.last?.isEmpty == true else {
            throw .badRequest("the request head does not end with an empty line")
        }
        lines.removeLast()
        guard lines.count - 1 <= limits.headerLines else {
            throw RequestRefusal(status: 431, reason: "more than \(limits.headerLines) header lines")
        }

        // The request line: method SP request-target SP HTTP-version, one space each.
        let words = lines[0].split(separator: space, omittingEmptySubsequences: false)
        guard words.count == 3, words.allSatisfy({ !$0.isEmpty }) else {
            throw .badRequest("the request line is not: method, target and version, one space apart")
        }
        guard words[0].allSatisfy(isTokenByte) else { throw .badRequest("the method is not a token") }
        let method = String(decoding: words[0], as: UTF8.self)
        let versionText = String(decoding: words[2], as: UTF8.self)
        guard let version = RequestHead.Version(rawValue: versionText) else {
            let digits = Array(words[2])
            if digits.count == 8, versionText.hasPrefix("HTTP/"), isDigit(digits[5]), digits[6] == UInt8(ascii: "."), isDigit(digits[7]) {
                throw RequestRefusal(status: 505, reason: "\(versionText) is not supported (HTTP/1.1 and HTTP/1.0 are)")
            }
            throw .badRequest("the version is not HTTP/1.1 or HTTP/1.0")
        }
        // Visible ASCII only (a browser percent-encodes the rest), and no fragment.
        guard words[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) else {
            throw .badRequest("the request target holds a byte that is not visible ASCII, or a #")
        }
        let (path, query, authority) = try target(String(decoding: words[1], as: UTF8.self), method: method)

        // The header lines: name ":" OWS value OWS, a name with nothing between it and the colon.
        var fields: [RequestHead.Field] = []
        fields.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            guard let first = line.first else { throw .badRequest("an empty header line") }
            if first == space || first == tab { throw .badRequest("a folded header line (obs-fold)") }
            guard let colon = line.firstIndex(of: colon) else { throw .badRequest("a header line without a colon") }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty else { throw .badRequest("a header line without a name") }
            guard name.allSatisfy(isTokenByte) else {
                throw .badRequest("a header name with a space or another byte a name cannot hold (before the colon)")
            }
            var value = line[(colon + 1)...]
            while let byte = value.first, byte == space || byte == tab { value = value.dropFirst() }
            while let byte = value.last, byte == space || byte == tab { value = value.dropLast() }
            guard value.allSatisfy({ $0 == tab || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw .badRequest("a control character in a header value")
            }
            let nameText = String(decoding: name, as: UTF8.self)
            fields.append(RequestHead.Field(name: nameText, lowercasedName: nameText.lowercased(),
                                            value: String(decoding: value, as: UTF8.self)))
        }

        // Host: exactly one in HTTP/1.1 (at most one in HTTP/1.0), with a valid value (RFC 9112 §3.2).
        let hosts = fields.filter { $0.lowercasedName == "host" }
        guard hosts.count <= 1 else { throw .badRequest("more than one Host header line") }
        guard !hosts.isEmpty || version == .http10 else { throw .badRequest("an HTTP/1.1 request without a Host header line") }
        if let host = hosts.first?.value, !isValidHost(host) { throw .badRequest("the Host header is not a host and port") }
        if let named = authority, !isValidHost(named) { throw .badRequest("the request target's authority is not a host and port") }

        // The body's framing (RFC 9112 §6): one plain Content-Length; no Transfer-Encoding.
        let lengths = fields.filter { $0.lowercasedName == "content-length" }
        let encodings = fields.filter { $0.lowercasedName == "transfer-encoding" }
        if !encodings.isEmpty {
            if !lengths.isEmpty { throw .badRequest("both Content-Length and Transfer-Encoding") }
            if version == .http10 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            throw RequestRefusal(status: 501, reason: "a request body with Transfer-Encoding (this server takes no bodies)")
        }
        guard lengths.count <= 1 else { throw .badRequest("more than one Content-Length header line") }
        var contentLength = 0
        if let text = lengths.first?.value {
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(isDigit), let number = Int(text) else {
                throw .badRequest("Content-Length is not a number")
            }
            contentLength = number
        }

        // Keep-alive: HTTP/1.1 unless "close"; HTTP/1.0 only with "keep-alive".
        let options = fields.filter { $0.lowercasedName == "connection" }
            .flatMap { $0.value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: [" ", "\t"]) } }
        let keepAlive = !options.contains("close") && (version == .http11 || options.contains("keep-alive"))

        return RequestHead(method: method, path: path, query: query, authority: authority, version: version, fields: fields,
                           host: hosts.first?.value, contentLength: contentLength, keepAlive: keepAlive)
    }

    /// Splits a request target into its path, query and (absolute form) authority.
    static func target(_ text: String, method: String) throws(RequestRefusal) -> (String, String?, String?) {
        func split(_ pathAndQuery: Substring) -> (String, String?) {
            guard let mark = pathAndQuery.firstIndex(of: "?") else { return (String(pathAndQuery), nil) }
            return (String(pathAndQuery[..<mark]), String(pathAndQuery[pathAndQuery.index(after: mark)...]))
        }
        if text.hasPrefix("/") {
            let (path, query) = split(Substring(text))
            return (path, query, nil)
        }
        if text == "*" {
            guard method == "OPTIONS" else { throw .badRequest("the target * with a method other than OPTIONS") }
            return ("*", nil, nil)
        }
        // The absolute form, which a server must accept (RFC 9112 §3.2.2): http://host:port/path?query.
        guard text.lowercased().hasPrefix("http://") else { throw .badRequest("the request target is not a path or an http:// URL") }
        let rest = text.dropFirst("http://".count)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = String(rest[..<end])
        guard !authority.contains("@") else { throw .badRequest("user information in the request target") }
        var (path, query) = split(rest[end...])
        if path.isEmpty { path = "/" }
        return (path, query, authority)
    }

    /// RFC 9110 `tchar`: what a method or a header name is made of.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `uri-host [ ":" port ]` (RFC 3986), with a host that is not empty: an IP literal in
    /// brackets, or a name or IPv4 address of unreserved, sub-delims and percent-encoded bytes.
    static func isValidHost(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inside = bytes[bytes.index(after: bytes.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else {
                return false
            }
            bytes = bytes[bytes.index(after: close)...]
        } else {
            let end = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
            let name = Array(bytes[..<end])
            guard !name.isEmpty else { return false }
            var index = 0
            while index < name.count {
                let byte = name[index]
                if byte == UInt8(ascii: "%") {
                    guard index + 2 < name.count, isHexDigit(name[index + 1]), isHexDigit(name[index + 2]) else { return false }
                    index += 3
                    continue
                }
                let alphanumeric = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || isDigit(byte)
                guard alphanumeric || "-._~".utf8.contains(byte) || "!$&'()*+,;=".utf8.contains(byte) else { return false }
                index += 1
            }
            bytes = bytes[end...]
        }
        guard let colon = bytes.first else { return true }
        guard colon == UInt8(ascii: ":") else { return false }
        return bytes.dropFirst().allSatisfy(isDigit)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
