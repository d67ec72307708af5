import Foundation
import ZuimeiParallel

/// Where a build puts its files: a directory (`SiteWriter`), or memory
/// (`MemorySite`, what `zuimei serve` serves). Files arrive in batches; nothing
/// is seen until `finish`, and `abort` leaves what was there before.
public protocol SiteSink: AnyObject {
    func write(_ files: [OutputFile]) throws(OutputError)
    func finish(_ info: BuildInfo) throws(OutputError) -> WriteReport
    func abort()
}

extension SiteWriter: SiteSink {}

/// A built site held in memory, for the preview server: no directory to
/// write, link and swap on every save (Hugo's server renders to memory too).
/// A build fills a new set of files and replaces the whole set at once when it
/// succeeds, so a request always sees one complete build.
public final class MemorySite: Sendable {
    private let files = Locked([String: OutputFile]())

    public init() {}

    /// The file at a path below the site (`stories/2021/x/index.html`), if the last build made it.
    public func file(at path: String) -> OutputFile? { files.withLock { $0[path] } }

    /// Every path the last build made, sorted.
    public var paths: [String] { files.withLock { $0.keys.sorted() } }

    public var isEmpty: Bool { files.withLock { $0.isEmpty } }

    /// A sink for one build.
    public func sink() -> SiteSink { MemorySink(site: self) }

    fileprivate func replace(with new: [String: OutputFile]) -> [String: OutputFile] {
        files.withLock { files in
            defer { files = new }
            return files
        }
    }

    fileprivate var snapshot: [String: OutputFile] {
        files.withLock { $0 }
    }

    /// What a request for a file gets.
    public enum Contents: Sendable, Equatable {
        case bytes(Data)
        /// A copied file whose bytes are no longer those the build searched for private data
        /// (its digest): not served; the next build decides.
        case changed
        /// A copied file that cannot be read now.
        case unreadable
    }

    /// The bytes of a file: held, or read from the file it copies, read whole (as they are
    /// sent) and served only when they have the digest of the bytes the build's private-data
    /// guard searched (`OutputFile.digest`): an edit the guard has not seen, or has refused, is
    /// never served from the last good build.
    public static func contents(of file: OutputFile) -> Contents {
        switch file.body {
        case .bytes(let data):
            return .bytes(data)
        case .copy(let source):
            guard case .bytes(let data) = fileContents(source) else { return .unreadable }
            guard let digest = file.digest, SHA256.hex(data) == digest else { return .changed }
            return .bytes(data)
        case .unchanged(let at):
            guard case .bytes(let data) = fileContents(at) else { return .unreadable }
            guard let digest = file.digest, SHA256.hex(data) == digest else { return .changed }
            return .bytes(data)
        }
    }

    /// The bytes of a file, when it may be served (`contents(of:)`).
    public static func bytes(of file: OutputFile) -> Data? {
        if case .bytes(let data) = contents(of: file) { return data }
        return nil
    }
}

/// One build's files, published to the `MemorySite` by `finish`, with
/// `SHA256SUMS` and `build.json` made as the writer makes them.
final class MemorySink: SiteSink {
    private let site: MemorySite
    private let previous: [String: OutputFile]
    private var files: [String: OutputFile] = [:]
    private var hashes: [String: String] = [:]
    private var report = WriteReport(files: 0, bytes: 0, written: 0, kept: 0)

    init(site: MemorySite) {
        self.site = site
        previous = site.snapshot
    }

    func write(_ batch: [OutputFile]) throws(OutputError) {
        for var file in batch {
            try checkPath(file.path)
            let digest: String
            let size: Int
            switch file.body {
            case .bytes(let data):
                digest = file.digest ?? SHA256.hex(data)
                size = data.count
            case .copy(let source):
                // The guard's digest (of the bytes it searched), which every request checks the file
                // against; without one (no private values to look for), the file's digest now.
                guard let hash = file.digest ?? SHA256.hex(ofFile: source) else {
                    throw OutputError(path: file.path, reason: "cannot read \(source)")
                }
                digest = hash
                size = fileSize(source) ?? fileSize(URL(fileURLWithPath: source).resolvingSymlinksInPath().path) ?? 0
            case .unchanged(let at):
                guard let hash = file.digest, let status = fileStatus(at) else {
                    throw OutputError(path: file.path, reason: "cannot read \(at)")
                }
                digest = hash
                size = status.size
            }
            file.digest = digest
            add(file, digest: digest, size: size)
        }
    }

    private func add(_ file: OutputFile, digest: String, size: Int) {
        let unchanged = previous[file.path].map { old in
            if case .bytes = old.body { return old.digest == digest } else { return false }
        } ?? false
        files[file.path] = file
        hashes[file.path] = digest
        report.files += 1
        report.bytes += size
        if unchanged { report.kept += 1 } else { report.written += 1 }
    }

    func finish(_ info: BuildInfo) throws(OutputError) -> WriteReport {
        // As the writer makes them: build.json counts the files before it, SHA256SUMS lists build.json too.
        let buildJSON = OutputFile(path: Manifest.buildInfoName, body: .bytes(buildInfoJSON(info, files: report.files,
                                                                                            bytes: report.bytes)))
        add(buildJSON, digest: buildJSON.digest!, size: size(of: buildJSON))
        let sums = OutputFile(path: Manifest.fileName, text: Manifest(hashes: hashes).text)
        add(sums, digest: sums.digest!, size: size(of: sums))
        _ = site.replace(with: files)
        return report
    }

    private func size(of file: OutputFile) -> Int {
        if case .bytes(let data) = file.body { return data.count }
        return 0
    }

    func abort() {}
}
