import Foundation
import ZuimeiOutput

/// Maps a request's raw, percent-encoded path to a file inside `root`, or nil.
///
/// Refused: `.` and `..` segments (also when percent-encoded), encoded slashes
/// and backslashes, NUL, and anything whose real path (symbolic links
/// resolved) is not inside `root`. A directory maps to its `index.html`.
/// FlyingFox's own DirectoryHTTPHandler serves `/%2e%2e/%2e%2e/etc/hostname`;
/// this is what stands in front of every file the dev server sends.
public func servedFile(for rawPath: String, in root: String) -> String? {
    guard let segments = servedSegments(for: rawPath) else { return nil }

    let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    var candidate = ([realRoot] + segments).joined(separator: "/")
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) else { return nil }
    if isDirectory.boolValue { candidate += "/index.html" }
    let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
    guard real.hasPrefix(realRoot + "/"), FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory),
          !isDirectory.boolValue else { return nil }
    return real
}

/// The segments of a request's path, decoded, or nil for a path that is refused
/// (see `servedFile`).
public func servedSegments(for rawPath: String) -> [String]? {
    let lowered = rawPath.lowercased()
    guard rawPath.hasPrefix("/"), !lowered.contains("%2f"), !lowered.contains("%5c"), !lowered.contains("%00"),
          !rawPath.contains("\\") else { return nil }
    guard let decoded = rawPath.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
    let segments = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
    return segments
}

/// What a request gets from a site held in memory.
enum Served: Equatable {
    /// The file at this path below the site.
    case file(String, OutputFile)
    /// A directory asked for without its trailing slash: relative links in its
    /// `index.html` would resolve one level up, so the browser is sent to the
    /// slash form, as nginx and static hosts do.
    case redirect(String)
}

func served(_ rawPath: String, query: String?, in site: MemorySite) -> Served? {
    guard let segments = servedSegments(for: rawPath) else { return nil }
    let path = segments.joined(separator: "/")
    if !path.isEmpty, let file = site.file(at: path) { return .file(path, file) }
    let index = path.isEmpty ? "index.html" : path + "/index.html"
    guard let file = site.file(at: index) else { return nil }
    // Built from the checked segments, never from the raw path: `//host` must not become a
    // redirect to another host.
    if !rawPath.hasSuffix("/") {
        let location = "/" + segments.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 }
            .joined(separator: "/") + "/"
        return .redirect(location + (query.map { "?" + $0 } ?? ""))
    }
    return .file(index, file)
}

/// Whether a request's `Host` header names this machine: an IP address (v4, or v6 in
/// brackets) or `localhost`, with any port. A name that resolves to the loopback address
/// only because an attacker's DNS says so (DNS rebinding: a web page reading the
/// preview, drafts included) is refused. No header (HTTP/1.0 tools) is allowed.
public func isAllowedHost(_ header: String?) -> Bool {
    guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return true }
    var host = Substring(header.lowercased())
    if host.hasPrefix("[") {  // [::1]:8080
        guard let close = host.firstIndex(of: "]") else { return false }
        let address = host[host.index(after: host.startIndex)..<close]
        let rest = host[host.index(after: close)...]
        guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber)) else { return false }
        return !address.isEmpty && address.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
    if let colon = host.lastIndex(of: ":") {
        let port = host[host.index(after: colon)...]
        guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return false }
        host = host[..<colon]
    }
    if host == "localhost" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts.allSatisfy { part in
        !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && Int(part)! <= 255
    }
}

/// The Content-Type for a served file, by its extension.
public func contentType(of path: String) -> String { MediaType.contentType(of: path) }
