import Foundation
import ZuimeiParallel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file of the generated site.
public struct OutputFile: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        case bytes(Data)
        /// Copy an existing file (a photo, a static asset).
        case copy(from: String)
        /// The last build's file at this path, left as it is: the build knows its bytes would be
        /// the same (`PreviousSite.unchanged`). `digest` is the SHA-256 the last build's
        /// `SHA256SUMS` lists for it; `at` is where it lies. The writer keeps it only while the
        /// manifest still vouches for it (listed with that digest, not touched since), and fails
        /// the build otherwise: its bytes are nowhere else.
        case unchanged(at: String)
    }

    /// Path below the output directory, with `/` separators: `stories/2021/x/index.html`.
    public var path: String
    public var body: Body
    /// The SHA-256 of the bytes, for `.bytes`: computed once, where the file is
    /// made (on the stage's threads), for the private-data guard's cache of clean
    /// files and for the manifest. For `.copy`: the SHA-256 of the bytes the
    /// private-data guard searched (hashed in the same reads), set by the guard; the
    /// writer publishes the file only if the copy it makes has this digest.
    public var digest: String?
    /// For `.copy`: the source is a file Zuimei wrote and never changes in place
    /// (a re-encoded photo in the cache), so it may be hard-linked rather than
    /// copied. Never set for a content file: the site must not share an inode
    /// with a file a user edits.
    public var linkable = false

    public init(path: String, body: Body) {
        self.path = path
        self.body = body
        if case .bytes(let data) = body { digest = SHA256.hex(data) } else { digest = nil }
    }

    public init(path: String, text: String) {
        self.init(path: path, body: .bytes(Data(text.utf8)))
    }
}

public struct OutputError: Error, Equatable, Sendable {
    public var path: String
    public var reason: String
    /// A copied file's bytes were not those the guard searched (`OutputFile.digest`): the
    /// source changed while the site was being built.
    public var changed: Bool
    public init(path: String, reason: String, changed: Bool = false) {
        self.path = path
        self.reason = reason
        self.changed = changed
    }
}

/// What `build.json` records of a build.
public struct BuildInfo: Sendable, Equatable {
    public var buildDate: String
    public var generator: String
    /// A preview (`--drafts`): recorded, so a published site is never replaced by one.
    public var preview: Bool
    /// The site's secret key (`zuimei key new`): `SHA256SUMS` is then signed into
    /// `SHA256SUMS.minisig`. Never written anywhere.
    public var signingKey: String?
    public init(buildDate: String, generator: String, preview: Bool = false, signingKey: String? = nil) {
        self.buildDate = buildDate
        self.generator = generator
        self.preview = preview
        self.signingKey = signingKey
    }
}

public struct WriteReport: Equatable, Sendable {
    /// Files in the site, `SHA256SUMS` and `build.json` included.
    public var files: Int
    public var bytes: Int
    /// Files whose bytes changed or are new: written afresh.
    public var written: Int
    /// Files whose bytes did not change: kept as they were, modification time included.
    public var kept: Int
    /// Files of the previous site that this one no longer has: removed.
    public var removed = 0
    /// The SHA-256 of the `SHA256SUMS` this build wrote (nil for a site in memory): what a record
    /// of this build is bound to (read back from the output, it could be a later build's).
    public var manifestDigest: String?

    public init(files: Int, bytes: Int, written: Int, kept: Int) {
        self.files = files
        self.bytes = bytes
        self.written = written
        self.kept = kept
    }
}

/// Writes the site into `output`, doing work in proportion to what changed:
///
/// 1. Files arrive in batches (`write`), so a build never holds its whole output in memory.
///    A file whose bytes are those the last build's `SHA256SUMS` lists, and which nobody
///    touched since, is left where it is: its inode, bytes and modification time stay, so
///    `rsync`'s quick check skips it. Every other file is written into a staging directory
///    beside `output` (`.<name>.zuimei-tmp-<pid>`, on the same file system).
/// 2. `finish` writes `build.json`, `SHA256SUMS` and its signature into the staging directory
///    too, and then, only then, the install list (`.<name>.zuimei-install-<pid>`, complete or
///    absent: written beside and renamed): what to remove, what to move in, in order.
/// 3. The install: files the new site does not have are removed, each staged file is renamed
///    into place (one `rename` each: a reader sees the old file or the new one, never half of
///    one), and `build.json`, `SHA256SUMS` and `SHA256SUMS.minisig` are renamed in last.
///
/// What this promises:
/// - A build that fails, or is killed, before the install list is written changes nothing in
///   `output`; the next build removes its staging directory.
/// - A build killed during the install (renames and unlinks only, no bytes written) is rolled
///   forward by the next build, first thing: the install list says what is left to do.
/// - During the install, a reader can see pages of both builds side by side (an old list page
///   beside a new story page). That window lasts as long as the renames (milliseconds for an
///   edit, under a second for a whole new site of 10,000 stories); it is safe because every
///   file in it is whole and was searched by the private-data guard, and because a mirror
///   checks its copy against `SHA256SUMS`, which is renamed in last: a copy taken in the
///   window fails `zuimei verify` (some files differ from the `SHA256SUMS` it has) and is
///   fetched again, never believed.
/// - When `output` does not exist yet, the staging directory is renamed to it whole.
/// - A lock beside `output` makes a second build wait for the first.
///
/// This is the only code that writes into the output directory.
public final class SiteWriter {
    private let target: String
    private let temporary: String
    private let journal: String
    private let lock: BuildLock
    private let previous: Manifest?
    private let jobs: Int
    /// `output` exists: the new files are moved into it (else the staging directory becomes it).
    private let targetExists: Bool
    private var hashes: [String: String] = [:]
    /// Files written into the staging directory, to be moved in (in the order they came).
    private var staged: [String] = []
    private var report = WriteReport(files: 0, bytes: 0, written: 0, kept: 0)
    private var batches = 0
    private var open = true

    /// Takes the lock (waiting for another build if need be), finishes or clears what killed
    /// builds left, and makes the staging directory.
    public init(output: String, jobs: Int = Parallelism.cores, waiting: () -> Void = {}) throws(OutputError) {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: parent, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        target = url.path
        temporary = parent + "/.\(name).zuimei-tmp-\(getpid())"
        journal = parent + "/.\(name).zuimei-install-\(getpid())"
        self.jobs = jobs
        lock = try BuildLock(directory: parent, name: name, waiting: waiting)
        removeStaleDirectories(in: parent, for: name, keepLock: lock.usesFile)
        var info = stat()
        if lstat(url.path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                lock.release()
                throw OutputError(path: url.path, reason: "it exists and is not a directory")
            }
            targetExists = true
        } else {
            targetExists = false
        }
        previous = targetExists ? previousManifest(at: url.path) : nil
        guard mkdir(temporary, 0o755) == 0 else {
            lock.release()
            throw OutputError(path: temporary, reason: String(cString: strerror(errno)))
        }
    }

    deinit { if open { abort() } }

    /// Writes a batch of files: each unchanged one left in place, each other one into the
    /// staging directory, on `jobs` threads.
    public func write(_ files: [OutputFile]) throws(OutputError) {
        do {
            for file in files {
                try checkPath(file.path)
            }
        } catch {
            abort()
            throw error
        }
        let temporary = temporary, previous = previous, old = target
        // Directories are made when a file needs one (an unchanged file needs none).
        let results = parallelMap(files, jobs: jobs) { file in
            place(file, in: temporary, previous: previous, old: old)
        }
        for (file, result) in zip(files, results) {
            switch result {
            case .failure(let error):
                abort()
                throw error
            case .success(let placed):
                record(file.path, placed)
                if !placed.kept { staged.append(file.path) }
            }
        }
        batches += 1
        if batches == 1 { pauseIfRequested("write") }  // a test hook: some files written, not all
    }

    private func record(_ path: String, _ placed: Placed) {
        hashes[path] = placed.hash
        report.files += 1
        report.bytes += placed.size
        if placed.kept { report.kept += 1 } else { report.written += 1 }
    }

    /// Writes `build.json` and `SHA256SUMS` (and its signature), then installs the new files.
    public func finish(_ info: BuildInfo) throws(OutputError) -> WriteReport {
        defer { if open { abort() } }
        var last: [String] = []  // staged files moved in after every other
        let buildJSON = buildInfoJSON(info, files: report.files, bytes: report.bytes)
        let buildPlaced = try place(OutputFile(path: Manifest.buildInfoName, body: .bytes(buildJSON)), in: temporary,
                                    previous: previous, old: target).get()
        record(Manifest.buildInfoName, buildPlaced)
        if !buildPlaced.kept { last.append(Manifest.buildInfoName) }
        let sums = Data(Manifest(hashes: hashes.filter { $0.key != Manifest.fileName }).text.utf8)
        report.manifestDigest = SHA256.hex(sums)
        let oldSums = FileManager.default.contents(atPath: target + "/" + Manifest.fileName).map {
            Manifest(hashes: [Manifest.fileName: SHA256.hex($0)], written: previous?.written)
        }
        let sumsPlaced = try place(OutputFile(path: Manifest.fileName, body: .bytes(sums)), in: temporary, previous: oldSums,
                                   old: target).get()
        record(Manifest.fileName, sumsPlaced)
        if !sumsPlaced.kept { last.append(Manifest.fileName) }
        var published = Set(hashes.keys)
        if let key = info.signingKey {
            // Not listed in SHA256SUMS (it signs it); the same checksums and key give the same bytes.
            let signature: Data
            do {
                signature = try ManifestSignature.sign(sums, secretKey: key,
                                                       trustedComment: "timestamp:\(info.buildDate)\tfile:\(Manifest.fileName)\tgenerator:\(info.generator)")
            } catch {
                throw OutputError(path: target + "/" + ManifestSignature.fileName, reason: "cannot sign SHA256SUMS: \(error.reason)")
            }
            let oldSignature = FileManager.default.contents(atPath: target + "/" + ManifestSignature.fileName).map {
                Manifest(hashes: [ManifestSignature.fileName: SHA256.hex($0)], written: previous?.written)
            }
            let signaturePlaced = try place(OutputFile(path: ManifestSignature.fileName, body: .bytes(signature)), in: temporary,
                                            previous: oldSignature, old: target).get()
            if !signaturePlaced.kept { last.append(ManifestSignature.fileName) }
            published.insert(ManifestSignature.fileName)
            // A file of the site like any other in the counts, though not in SHA256SUMS.
            report.files += 1
            report.bytes += signaturePlaced.size
            if signaturePlaced.kept { report.kept += 1 } else { report.written += 1 }
        }
        pauseIfRequested("swap")
        if !targetExists {
            // No site yet: the staging directory becomes it (a directory made there since is not replaced).
            guard rename(temporary, target) == 0 else {
                throw OutputError(path: target, reason: String(cString: strerror(errno)))
            }
        } else {
            let (stale, linked) = stalePaths(in: target, keeping: published)
            // A link where the site has a folder: the files left in place were looked at through it
            // (they may live anywhere), and the install would remove it. Refused: nothing changes.
            if let link = linked.first {
                throw OutputError(path: target + "/" + link,
                                  reason: "is a link where the site has a folder; Zuimei neither writes through it nor "
                                      + "keeps files behind it: remove the link and build again")
            }
            report.removed = stale.filter { path in
                var info = stat()
                return lstat(target + "/" + path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR
            }.count
            let plan = InstallPlan(remove: stale, install: staged + last)
            guard writeFile(journal + ".tmp", Data(plan.text.utf8)), rename(journal + ".tmp", journal) == 0 else {
                unlink(journal + ".tmp")
                throw OutputError(path: journal, reason: "cannot write the install list: \(String(cString: strerror(errno)))")
            }
            // From here on the build is committed: a failure or a kill is finished by the next build.
            pauseIfRequested("install")
            if let failure = plan.carryOut(from: temporary, into: target) {
                open = false
                lock.release()
                throw OutputError(path: target, reason: "\(failure); the next build finishes installing this one")
            }
            unlink(journal)
            try? FileManager.default.removeItem(atPath: temporary)
        }
        open = false
        lock.release()
        return report
    }

    /// Gives up: removes the staging directory; the output stays as it was.
    public func abort() {
        guard open else { return }
        open = false
        try? FileManager.default.removeItem(atPath: temporary)
        lock.release()
    }
}

/// Writes a whole site in one batch (see `SiteWriter`).
public func writeSite(_ files: [OutputFile], to output: String, info: BuildInfo, jobs: Int = Parallelism.cores,
                      waiting: () -> Void = {}) throws(OutputError) -> WriteReport {
    let writer = try SiteWriter(output: output, jobs: jobs, waiting: waiting)
    let half = files.count / 2
    try writer.write(Array(files[..<half]))
    try writer.write(Array(files[half...]))
    return try writer.finish(info)
}

struct Placed: Sendable {
    var hash: String
    var size: Int
    var kept: Bool
}

/// One file of the new site: left where it is when the old manifest says its bytes are the
/// same and nobody touched it since, else written into the staging directory `temporary`.
///
/// A copied file is published only as bytes of the digest the private-data guard found
/// clean (`OutputFile.digest`): the copy is made, then hashed where it lies in the new
/// tree, and a copy of any other digest (the source saved over, or written to, after the
/// guard read it) fails the build. Without a digest (no private values to look for) the
/// copy's own digest is what the manifest lists.
func place(_ file: OutputFile, in temporary: String, previous: Manifest?, old: String) -> Result<Placed, OutputError> {
    let destination = temporary + "/" + file.path
    let oldPath = old + "/" + file.path
    /// The old file, linked in place of a new one, when it is unchanged since the last build
    /// wrote it and has `hash` (as the old manifest says).
    func keep(_ hash: String, size: Int) -> Bool {
        // The old manifest vouches for the old file only if nobody touched the file after it was written.
        guard let previous, previous.hashes[file.path] == hash, let written = previous.written,
              let status = fileStatus(oldPath), status.size == size, status.modified <= written else { return false }
        return true  // left where it is
    }
    // A file to stage: its directory in the staging directory first.
    func makeDirectory() -> OutputError? {
        guard let slash = file.path.lastIndex(of: "/") else { return nil }
        return makeDirectories(String(file.path[..<slash]), in: temporary).map { OutputError(path: file.path, reason: $0) }
    }
    switch file.body {
    case .bytes(let data):
        let hash = file.digest ?? SHA256.hex(data)
        if keep(hash, size: data.count) { return .success(Placed(hash: hash, size: data.count, kept: true)) }
        if let error = makeDirectory() { return .failure(error) }
        // One open and write: FileManager.createFile writes a temporary file and renames it,
        // twice the metadata work, and the whole tree is swapped in atomically anyway.
        guard writeFile(destination, data) else {
            return .failure(OutputError(path: file.path, reason: "cannot write the file: \(String(cString: strerror(errno)))"))
        }
        return .success(Placed(hash: hash, size: data.count, kept: false))
    case .copy(let source):
        // The old file has the guard's digest: those bytes, kept. (Its size is the source's when
        // the source is unchanged; when it is not, the copy below fails.)
        guard let expected = file.digest ?? SHA256.hex(ofFile: source) else {
            return .failure(OutputError(path: file.path, reason: "cannot read \(source)"))
        }
        if let size = fileSize(source) ?? fileSize(URL(fileURLWithPath: source).resolvingSymlinksInPath().path),
           keep(expected, size: size) {
            return .success(Placed(hash: expected, size: size, kept: true))
        }
        if let error = makeDirectory() { return .failure(error) }
        // A photo from the image cache (Zuimei's own file, which it never changes in place) may be
        // a hard link to it; anything else is a copy: the site never shares an inode with a file a
        // user edits. Copy what a link points to, never the link: the site must not point back into Content/.
        if !(file.linkable && link(source, destination) == 0) {
            let target = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
            do { try FileManager.default.copyItem(atPath: target, toPath: destination) } catch {
                return .failure(OutputError(path: file.path, reason: "cannot copy \(source): \(error.localizedDescription)"))
            }
        }
        // The bytes published, hashed where they lie now.
        guard let published = SHA256.hex(ofFile: destination, followingLinks: false), let size = fileSize(destination) else {
            return .failure(OutputError(path: file.path, reason: "cannot read the copy of \(source)"))
        }
        if let digest = file.digest, published != digest {
            return .failure(OutputError(path: file.path, reason: "\(source) changed while the site was being built; build again",
                                        changed: true))
        }
        return .success(Placed(hash: published, size: size, kept: false))
    case .unchanged:
        if let digest = file.digest, let size = fileSize(oldPath), keep(digest, size: size) {
            return .success(Placed(hash: digest, size: size, kept: true))
        }
        return .failure(OutputError(path: file.path, reason: "the file was changed in the site while this build ran; build again",
                                    changed: true))
    }
}

/// Writes `data` to a new file at `path`.
func writeFile(_ path: String, _ data: Data) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return data.withUnsafeBytes { raw -> Bool in
        var offset = 0
        while offset < raw.count {
            let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

func buildInfoJSON(_ info: BuildInfo, files: Int, bytes: Int) -> Data {
    // Written by hand so the key order and spacing never change. A signed build says so: a mirror's
    // copy then lacks something without SHA256SUMS.minisig (`zuimei verify`, `--to-fetch`), and
    // build.json, listed in SHA256SUMS, is covered by the signature itself.
    let text = """
    {
      "build_date": "\(info.buildDate)",
      "generator": "\(info.generator)",\(info.preview ? "\n  \"preview\": true," : "")\(info.signingKey != nil ? "\n  \"signed\": true," : "")
      "files": \(files),
      "bytes": \(bytes)
    }

    """
    return Data(text.utf8)
}

/// The last build's manifest, with the time it was written.
func previousManifest(at directory: String) -> Manifest? {
    let path = directory + "/" + Manifest.fileName
    guard let data = FileManager.default.contents(atPath: path),
          var manifest = try? Manifest.parse(String(decoding: data, as: UTF8.self)).get() else { return nil }
    manifest.written = fileStatus(path)?.modified
    return manifest
}

func fileSize(_ path: String) -> Int? { fileStatus(path)?.size }

/// Size and modification time (nanoseconds since 1970) of a regular file, not following links.
func fileStatus(_ path: String) -> (size: Int, modified: Int)? {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return (Int(info.st_size), modificationTime(info))
}

/// Rejects what `SHA256SUMS` may not list (`Manifest.pathProblem`): absolute paths, empty
/// segments, `.`/`..`, backslashes, control characters, a URL scheme. The writer writes no
/// file that `zuimei verify` would refuse to read back.
func checkPath(_ path: String) throws(OutputError) {
    if let problem = Manifest.pathProblem(path) {
        throw OutputError(path: Manifest.shown(path), reason: "not a relative path inside the site: \(problem); rename the file")
    }
}

/// A test hook: with `ZUIMEI_PAUSE_AT=<point>` in the environment, the build
/// stops at that point (`render`, `write` or `swap`) so a test can kill it there.
/// Compiled into debug builds only (the tests' binary): the release binary a
/// user runs ignores the variable.
@inline(__always)
public func pauseIfRequested(_ point: String) {
    #if DEBUG
    guard ProcessInfo.processInfo.environment["ZUIMEI_PAUSE_AT"] == point else { return }
    FileHandle.standardError.write(Data("zuimei: paused at \(point)\n".utf8))
    sleep(3600)
    #endif
}
