import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The site the last build wrote, as far as its `SHA256SUMS` vouches for it: a file is the
/// last build's when the manifest lists it and nobody touched it after the manifest was
/// written (the writer's own rule for leaving a file in place). A stage that recorded what it
/// made the files from (in the cache, beside `digest`) can then tell the writer to leave a
/// file as it is (`unchanged`), or read back what it wrote (`contents`), instead of making it
/// again.
public struct PreviousSite: Sendable {
    /// The output directory.
    public let directory: String
    /// The SHA-256 of its `SHA256SUMS`: what a record of the build that wrote it is bound to.
    public let digest: String
    private let manifest: Manifest

    /// Nil when the directory has no `SHA256SUMS` that Zuimei could have written.
    public init?(output: String) {
        let path = output + "/" + Manifest.fileName
        guard case .bytes(let data) = fileContents(path, limit: Manifest.maximumSize, followingLinks: false),
              var manifest = try? Manifest.parse(data).get(), let written = fileStatus(path)?.modified else { return nil }
        manifest.written = written
        self.directory = output
        self.manifest = manifest
        digest = SHA256.hex(data)
    }

    /// Whether the manifest lists `path`.
    public func lists(_ path: String) -> Bool { manifest.hashes[path] != nil }

    /// The file at `path` (below the site's root) as the last build left it, for the writer to
    /// keep; nil when the manifest does not list it or it was touched since.
    public func unchanged(_ path: String) -> OutputFile? {
        guard let hash = manifest.hashes[path], let written = manifest.written,
              let status = fileStatus(directory + "/" + path), status.modified <= written else { return nil }
        var file = OutputFile(path: path, body: .unchanged(at: directory + "/" + path))
        file.digest = hash
        return file
    }

    /// The bytes of the file at `path`, when they are those the manifest lists (at most `limit`).
    public func contents(_ path: String, limit: Int = 1 << 28) -> Data? {
        guard let hash = manifest.hashes[path],
              case .bytes(let data) = fileContents(directory + "/" + path, limit: limit, followingLinks: false),
              SHA256.hex(data) == hash else { return nil }
        return data
    }
}
