import Foundation
import ZuimeiParallel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The writer's install: what a build changes in the output, carried out after it succeeds
// and finished by the next build when it was killed, and the lock that keeps builds apart.

/// What a build's install does, in order (`SiteWriter`): the paths to remove from the output
/// (files and whole directories the new site does not have), then the staged files to move in.
/// Kept as text beside the output while it is carried out, so a build killed half way is
/// finished by the next one: each line is `remove <path>` or `install <path>`.
struct InstallPlan: Equatable {
    var remove: [String]
    var install: [String]

    var text: String {
        (remove.map { "remove " + $0 } + install.map { "install " + $0 }).joined(separator: "\n") + "\n"
    }

    /// The plan a list holds, or nil for one that is not whole or names a path outside the site.
    init?(text: String) {
        guard text.hasSuffix("\n") else { return nil }
        var remove: [String] = [], install: [String] = []
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("remove ") {
                remove.append(String(line.dropFirst(7)))
            } else if line.hasPrefix("install ") {
                install.append(String(line.dropFirst(8)))
            } else {
                return nil
            }
        }
        guard (remove + install).allSatisfy({ Manifest.pathProblem($0) == nil }) else { return nil }
        self.init(remove: remove, install: install)
    }

    init(remove: [String], install: [String]) {
        self.remove = remove
        self.install = install
    }

    /// Removes, then moves each staged file (one still in `staging`) into `target`, making
    /// its directories. Done again after a kill, it does what is left. The first failure, or nil.
    func carryOut(from staging: String, into target: String) -> String? {
        for path in remove {
            let full = target + "/" + path
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                do { try FileManager.default.removeItem(atPath: full) } catch { return "cannot remove \(path): \(error.localizedDescription)" }
            } else if unlink(full) != 0, errno != ENOENT {
                return "cannot remove \(path): \(String(cString: strerror(errno)))"
            }
        }
        var made = Set<String>()
        for path in install {
            let source = staging + "/" + path
            var info = stat()
            guard lstat(source, &info) == 0 else { continue }  // moved in before a kill
            let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
            if !directory.isEmpty, !made.contains(directory) {
                if let failure = makeDirectories(directory, in: target) { return failure }
                made.insert(directory)
            }
            let destination = target + "/" + path
            if rename(source, destination) != 0 {
                // A directory where the new site has a file (the stale-path walk removes those; a
                // file system may still refuse): removed, then moved in again.
                guard errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST,
                      (try? FileManager.default.removeItem(atPath: destination)) != nil, rename(source, destination) == 0 else {
                    return "cannot move \(path) into place: \(String(cString: strerror(errno)))"
                }
            }
        }
        return nil
    }
}

/// Makes `directory` (relative) and its parents inside `root`, replacing a file or a link that
/// stands where one of them goes (the old site had a file there). The failure, or nil.
func makeDirectories(_ directory: String, in root: String) -> String? {
    var path = root
    for part in directory.split(separator: "/") {
        path += "/" + part
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { continue }
            unlink(path)
        }
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            return "cannot make the directory \(directory): \(String(cString: strerror(errno)))"
        }
    }
    return nil
}

/// What in `root` the new site does not have: each file (or link, or other) not in `published`,
/// and each directory that holds none of them, as relative paths; links are never followed.
/// Sorted, so the install list is the same for the same sites. `linked`: links (to anything)
/// where the new site has a folder.
func stalePaths(in root: String, keeping published: Set<String>) -> (stale: [String], linked: [String]) {
    var directories = Set<String>()
    func parent(_ path: Substring) -> Substring? { path.lastIndex(of: "/").map { path[..<$0] } }
    for path in published {
        var folder = parent(Substring(path))
        while let current = folder, directories.insert(String(current)).inserted { folder = parent(current) }
    }
    var stale: [String] = [], linked: [String] = []
    // readdir's entry types, not a stat of each file: a site of 36,000 files is read in tens of milliseconds.
    func walk(_ relative: String) {
        guard let handle = opendir(relative.isEmpty ? root : root + "/" + relative) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            var isLink = entry.pointee.d_type == UInt8(DT_LNK)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                isLink = (info.st_mode & S_IFMT) == S_IFLNK
            }
            if isLink, directories.contains(path) { linked.append(path) }
            if isDirectory {
                if directories.contains(path) { walk(path) } else { stale.append(path) }
            } else if !published.contains(path) {
                stale.append(path)
            }
        }
    }
    walk("")
    return (stale.sorted(), linked.sorted())
}

/// Removes temporary and old directories that earlier builds left behind
/// (killed, or out of disk). Called with the build lock held, so none of them
/// belongs to a build still running.
func removeStaleDirectories(in parent: String, for name: String, keepLock: Bool = false) {
    var entries = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).sorted()
    // A build killed during its install (its install list is there, whole): finished now.
    for entry in entries where entry.hasPrefix(".\(name).zuimei-install-") && !entry.hasSuffix(".tmp") {
        let list = parent + "/" + entry
        let staging = parent + "/.\(name).zuimei-tmp-" + entry.dropFirst(".\(name).zuimei-install-".count)
        if let data = FileManager.default.contents(atPath: list), let plan = InstallPlan(text: String(decoding: data, as: UTF8.self)),
           FileManager.default.fileExists(atPath: parent + "/" + name) {
            _ = plan.carryOut(from: staging, into: parent + "/" + name)
        }
        unlink(list)
        try? FileManager.default.removeItem(atPath: staging)
    }
    entries = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).sorted()
    for entry in entries {
        let path = parent + "/" + entry
        if entry.hasPrefix(".\(name).zuimei-old-") {
            // A build of an earlier version (which moved the old site aside and the new one in)
            // killed in between left no site at all: put the old one back.
            if !FileManager.default.fileExists(atPath: parent + "/" + name), rename(path, parent + "/" + name) == 0 {
                continue
            }
            try? FileManager.default.removeItem(atPath: path)
        } else if entry.hasPrefix(".\(name).zuimei-tmp-") || entry.hasPrefix(".\(name).zuimei-install-")
                    || (entry == ".\(name).zuimei-lock" && !keepLock) {
            // A killed build's directory; the lock file earlier versions left beside the output.
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

/// An exclusive lock on the directory that holds the output (where the changed files are
/// staged beside it and moved in), held for the whole write: a second build waits for the
/// first instead of interleaving with it. `flock` on the directory itself leaves no file behind.
struct BuildLock {
    private let descriptor: Int32
    /// Locked through a file beside the output (where a directory cannot be locked): keep it.
    private(set) var usesFile = false

    init(directory path: String, name: String, waiting: () -> Void) throws(OutputError) {
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw OutputError(path: path, reason: "cannot open the directory to lock it: \(String(cString: strerror(errno)))")
        }
        if flock(directory, LOCK_EX | LOCK_NB) == 0 || errno == EWOULDBLOCK {
            descriptor = directory
        } else {
            // A file system that cannot lock a directory (NFS emulates flock with POSIX locks,
            // which need a file open for writing): a lock file beside the output, as before.
            close(directory)
            usesFile = true
            let file = path + "/.\(name).zuimei-lock"
            descriptor = open(file, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw OutputError(path: file, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
            }
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {  // held already when the first try took it: flock is idempotent
            waiting()
            guard flock(descriptor, LOCK_EX) == 0 else {
                close(descriptor)
                throw OutputError(path: path, reason: "cannot lock: \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
