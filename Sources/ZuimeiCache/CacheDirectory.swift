import Foundation
import ZuimeiParallel
import ZuimeiDiagnostics
import ZuimeiOutput

/// `.zuimei-cache/` beside the content directory: re-encoded photos, videos without their
/// metadata, the files the private-data guard found clean, the record of the last build.
///
/// What is in it decides what is published without being looked at again, so it is trusted
/// only as OpenSSH's `StrictModes` trusts `~/.ssh`: a directory (not a link) that the running
/// user owns and that neither group nor others can write, and so its subdirectories; and
/// every folder above it owned by the user or by root and writable by nobody else, unless
/// it is sticky like `/tmp` (else another user could put a folder of the user's own, a site
/// they built, in its place). Zuimei
/// creates it with mode 700 (and takes group and others' access away from one it owns that
/// an earlier version made 755). Each file is believed only if it is a regular file of the
/// same owner that nobody else can write; Zuimei writes its files with mode 600. A cache
/// that is not the user's alone is not used at all: the build goes on without it (photos are
/// re-encoded into a private temporary folder) and says so once.
///
/// `zuimei check` reads a trusted cache and writes nothing (`writable` false).
public struct CacheDirectory: Sendable {
    static let name = ".zuimei-cache"

    /// The directory, absolute.
    public let path: String
    /// False for `zuimei check`: nothing is created or written.
    public let writable: Bool

    /// `<content's parent>/.zuimei-cache`.
    static func location(content: String) -> String {
        URL(fileURLWithPath: content).standardizedFileURL.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The cache for a build: nil when there is none to read (`check` before any build, a
    /// disk that cannot be written) or when it cannot be trusted, then with a warning.
    public static func open(content: String, write: Bool) -> (cache: CacheDirectory?, diagnostics: [Diagnostic]) {
        let path = location(content: content)
        let display = URL(fileURLWithPath: content).deletingLastPathComponent().appendingPathComponent(name).relativePath
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT, write, mkdir(path, 0o700) == 0 || errno == EEXIST else { return (nil, []) }
        }
        if let refusal = unsafeAncestor(of: path) {
            return (nil, [Diagnostic(file: display, severity: .warning, problem: .cacheUntrusted(path: display, reason: refusal))])
        }
        // The cache and its folders that exist: one that is not the user's alone, and none is used.
        for sub in [""] + subdirectories {
            let full = sub.isEmpty ? path : path + "/" + sub
            if !sub.isEmpty, lstat(full, &info) != 0, errno == ENOENT { continue }
            if case .failure(let refusal) = trust(full, write: write) {
                let shown = sub.isEmpty ? display : display + "/" + sub
                return (nil, [Diagnostic(file: shown, severity: .warning, problem: .cacheUntrusted(path: shown, reason: refusal.reason))])
            }
        }
        return (CacheDirectory(path: path, writable: write), [])
    }

    /// The cache's folders.
    static let subdirectories = ["images", "videos"]

    struct Refusal: Error { var reason: String }

    /// Why a folder above `path` lets another user swap the cache, or nil: each must be owned by
    /// the user or root, and not writable by group or others unless sticky (OpenSSH's `safe_path`).
    static func unsafeAncestor(of path: String) -> String? {
        var folder = URL(fileURLWithPath: (path as NSString).deletingLastPathComponent).resolvingSymlinksInPath().path
        while true {
            var info = stat()
            guard stat(folder, &info) == 0 else { return "\(folder) above it cannot be looked at" }
            if info.st_uid != geteuid(), info.st_uid != 0 {
                return "\(folder) above it belongs to user \(info.st_uid), who could put another folder in its place"
            }
            if info.st_mode & 0o022 != 0, info.st_mode & S_ISVTX == 0 {
                return "group or others can write \(folder) above it (mode \(String(info.st_mode & 0o7777, radix: 8))), and so put another folder in its place"
            }
            if folder == "/" || folder.isEmpty { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// Whether `path` is a directory the running user alone can write; one of theirs that
    /// others can read is made theirs alone (when `fix`).
    static func trust(_ path: String, write fix: Bool) -> Result<Void, Refusal> {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .failure(Refusal(reason: "it cannot be looked at")) }
        if (info.st_mode & S_IFMT) == S_IFLNK { return .failure(Refusal(reason: "it is a symbolic link")) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return .failure(Refusal(reason: "it is not a directory")) }
        guard info.st_uid == geteuid() else {
            return .failure(Refusal(reason: "it belongs to user \(info.st_uid), not to the user running zuimei (\(geteuid()))"))
        }
        guard info.st_mode & 0o022 == 0 else {
            return .failure(Refusal(reason: "group or others can write it (mode \(String(info.st_mode & 0o7777, radix: 8)))"))
        }
        if fix, info.st_mode & 0o077 != 0 { chmod(path, 0o700) }
        return .success(())
    }

    /// A subdirectory (`images`): created (when writable) and checked like the cache itself; nil when missing or not trusted.
    public func subdirectory(_ name: String) -> String? {
        let sub = path + "/" + name
        var info = stat()
        if lstat(sub, &info) != 0 {
            guard errno == ENOENT, writable, mkdir(sub, 0o700) == 0 || errno == EEXIST else { return nil }
        }
        guard case .success = Self.trust(sub, write: writable) else { return nil }
        return sub
    }

    /// A file of the cache's, when it can be believed: a regular file (not a link) of the
    /// running user's that nobody else can write, at most `limit` bytes.
    public static func read(_ path: String, limit: Int = 1 << 30) -> Data? {
        if case .bytes(let data) = fileContents(path, limit: limit, followingLinks: false, accept: isTrusted) { data } else { nil }
    }

    /// Whether a file's status is that of a file Zuimei wrote for this user.
    public static func isTrusted(_ info: stat) -> Bool {
        (info.st_mode & S_IFMT) == S_IFREG && info.st_uid == geteuid() && info.st_mode & 0o022 == 0
    }

    /// Whether the file at `path` (not followed if a link) is one Zuimei wrote for this user.
    static func isTrusted(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && isTrusted(info)
    }

    /// Writes `data` at `path`, mode 600: into a new file beside it, then renamed over it, so a
    /// reader never sees half a file nor a moment with none, and a planted link is replaced,
    /// never written through. False when it cannot be written.
    public static func write(_ data: Data, to path: String) -> Bool {
        let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = Foundation.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        fchmod(descriptor, 0o600)  // whatever the umask
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}

/// A folder of the build's own, mode 700, made by `mkdtemp` (a name nobody can take first):
/// where re-encoded photos go when there is no cache to write (`zuimei check`, a read-only
/// disk, a cache not trusted). One per build, removed when it ends (builds may run at once
/// in one process: tests, a library user); `zuimei serve` keeps one in its `BuildMemo` for as
/// long as it serves the files in it. Every one still there when the process exits is removed.
public final class PrivateTemporaryDirectory: Sendable {
    private let made = Locked<String?>(nil)

    public init() {}

    /// The folder, made on first use; nil if it cannot be.
    public func path() -> String? {
        made.withLock { made in
            if let made { return made }
            let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
            var template = Array((base + "zuimei-XXXXXX").utf8CString)
            guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
            let folder = String(cString: result)
            made = folder
            Self.live(add: folder)
            return folder
        }
    }

    public func remove() {
        made.withLock { made in
            if let folder = made {
                try? FileManager.default.removeItem(atPath: folder)
                Self.live(remove: folder)
            }
            made = nil
        }
    }

    deinit {
        if let folder = made.withLock({ $0 }) {
            try? FileManager.default.removeItem(atPath: folder)
            Self.live(remove: folder)
        }
    }

    // Every folder still there, for the process's exit.
    private struct Registry {
        var folders = Set<String>()
        var registered = false
    }

    private static let registry = Locked(Registry())

    private static func live(add folder: String) {
        registry.withLock { registry in
            registry.folders.insert(folder)
            if !registry.registered {
                registry.registered = true
                atexit { PrivateTemporaryDirectory.removeAtExit() }
            }
        }
    }

    /// The folders of builds under way in this process.
    static var liveFolders: Set<String> { registry.withLock { $0.folders } }

    private static func live(remove folder: String) {
        registry.withLock { _ = $0.folders.remove(folder) }
    }

    /// At exit: every folder left, unless a thread holds the registry now.
    private static func removeAtExit() {
        registry.withLockIfAvailable { registry in
            for folder in registry.folders { try? FileManager.default.removeItem(atPath: folder) }
            registry.folders = []
        }
    }
}
