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
    let lowered = rawPath.lowercased()
    guard rawPath.hasPrefix("/"), !lowered.contains("%2f"), !lowered.contains("%5c"), !lowered.contains("%00"),
          !rawPath.contains("\\") else { return nil }
    guard let decoded = rawPath.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
    let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
    guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }

    let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    var candidate = ([realRoot] + segments.map(String.init)).joined(separator: "/")
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) else { return nil }
    if isDirectory.boolValue { candidate += "/index.html" }
    let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
    guard real.hasPrefix(realRoot + "/"), FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory),
          !isDirectory.boolValue else { return nil }
    return real
}

/// The Content-Type for a served file, by its extension.
public func contentType(of path: String) -> String { MediaType.contentType(of: path) }
