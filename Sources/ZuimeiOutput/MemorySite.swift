import Foundation

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
public final class MemorySite: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: OutputFile] = [:]

    public init() {}

    /// The file at a path below the site (`stories/2021/x/index.html`), if the last build made it.
    public func file(at path: String) -> OutputFile? {
        lock.lock()
        defer { lock.unlock() }
        return files[path]
    }

    /// Every path the last build made, sorted.
    public var paths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return files.keys.sorted()
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return files.isEmpty
    }

    /// A sink for one build.
    public func sink() -> SiteSink { MemorySink(site: self) }

    fileprivate func replace(with new: [String: OutputFile]) -> [String: OutputFile] {
        lock.lock()
        defer { lock.unlock() }
        let old = files
        files = new
        return old
    }

    fileprivate var snapshot: [String: OutputFile] {
        lock.lock()
        defer { lock.unlock() }
        return files
    }

    /// The bytes of a file: held, or read from the file it copies.
    public static func bytes(of file: OutputFile) -> Data? {
        switch file.body {
        case .bytes(let data): return data
        case .copy(let source): return regularFileContents(source)
        }
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
        for file in batch {
            try checkPath(file.path)
            let digest: String
            let size: Int
            switch file.body {
            case .bytes(let data):
                digest = file.digest ?? SHA256.hex(data)
                size = data.count
            case .copy(let source):
                guard let hash = SHA256.hex(ofFile: source) else { throw OutputError(path: file.path, reason: "cannot read \(source)") }
                digest = hash
                size = fileSize(source) ?? 0
            }
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

/// The contents of a regular file, never of a FIFO or device (which could block).
func regularFileContents(_ path: String) -> Data? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return FileManager.default.contents(atPath: path)
}
