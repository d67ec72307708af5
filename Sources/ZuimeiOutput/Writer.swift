import Foundation

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
    }

    /// Path below the output directory, with `/` separators: `stories/2021/x/index.html`.
    public var path: String
    public var body: Body

    public init(path: String, body: Body) {
        self.path = path
        self.body = body
    }

    public init(path: String, text: String) {
        self.init(path: path, body: .bytes(Data(text.utf8)))
    }
}

public struct OutputError: Error, Equatable, Sendable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

public struct WriteReport: Equatable, Sendable {
    public var files: Int
    public var bytes: Int
}

/// Writes the site into a temporary directory beside `output`, then puts it in
/// place of `output`. If anything fails, the temporary directory is removed and
/// `output` is left exactly as it was.
///
/// This is the only function that writes into the output directory.
public func writeSite(_ files: [OutputFile], to output: String) throws(OutputError) -> WriteReport {
    let target = URL(fileURLWithPath: output).standardizedFileURL
    let parent = target.deletingLastPathComponent().path
    let name = target.lastPathComponent
    let fileManager = FileManager.default

    do {
        try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true)
    } catch {
        throw OutputError(path: parent, reason: "cannot create the directory: \(error.localizedDescription)")
    }
    removeStaleDirectories(in: parent, for: name)

    let pid = getpid()
    let temporary = parent + "/.\(name).zuimei-tmp-\(pid)"
    let old = parent + "/.\(name).zuimei-old-\(pid)"
    try? fileManager.removeItem(atPath: temporary)
    var report = WriteReport(files: 0, bytes: 0)
    do {
        try fileManager.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        var made = Set<String>()
        for file in files {
            try checkPath(file.path)
            let destination = temporary + "/" + file.path
            let directory = (destination as NSString).deletingLastPathComponent
            if !made.contains(directory) {
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                made.insert(directory)
            }
            switch file.body {
            case .bytes(let data):
                guard fileManager.createFile(atPath: destination, contents: data) else {
                    throw OutputError(path: file.path, reason: "cannot write the file")
                }
                report.bytes += data.count
            case .copy(let source):
                try fileManager.copyItem(atPath: source, toPath: destination)
                let attributes = try? fileManager.attributesOfItem(atPath: destination)
                report.bytes += (attributes?[.size] as? NSNumber)?.intValue ?? 0
            }
            report.files += 1
        }
        try swapIn(temporary, at: target.path, old: old)
    } catch let error as OutputError {
        try? fileManager.removeItem(atPath: temporary)
        throw error
    } catch {
        try? fileManager.removeItem(atPath: temporary)
        throw OutputError(path: output, reason: error.localizedDescription)
    }
    return report
}

/// Rejects absolute paths, empty segments and `.`/`..`.
func checkPath(_ path: String) throws(OutputError) {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
        throw OutputError(path: path, reason: "not a relative path inside the site")
    }
}

/// Replaces `target` with `temporary`. The old directory is moved aside first
/// and removed only after the new one is in place.
func swapIn(_ temporary: String, at target: String, old: String) throws(OutputError) {
    var info = stat()
    if lstat(target, &info) == 0 {
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw OutputError(path: target, reason: "it exists and is not a directory")
        }
        guard rename(target, old) == 0 else {
            throw OutputError(path: target, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old, target)  // put the old site back
            throw OutputError(path: target, reason: reason)
        }
        try? FileManager.default.removeItem(atPath: old)
    } else {
        guard rename(temporary, target) == 0 else {
            throw OutputError(path: target, reason: String(cString: strerror(errno)))
        }
    }
}

/// Removes temporary and old directories that earlier builds left behind
/// (killed, or out of disk), but not those of a build that is still running.
func removeStaleDirectories(in parent: String, for name: String) {
    let prefixes = [".\(name).zuimei-tmp-", ".\(name).zuimei-old-"]
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
    for entry in entries {
        guard let prefix = prefixes.first(where: entry.hasPrefix), let pid = Int32(entry.dropFirst(prefix.count)) else { continue }
        if pid != getpid(), kill(pid, 0) == 0 { continue }  // another build is writing it
        let path = parent + "/" + entry
        // A build killed between moving the old site aside and moving the new
        // one in leaves no site at all: put the old one back.
        if prefix.hasSuffix("old-"), !FileManager.default.fileExists(atPath: parent + "/" + name),
           rename(path, parent + "/" + name) == 0 {
            continue
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
