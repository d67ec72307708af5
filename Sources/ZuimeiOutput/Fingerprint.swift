import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line per file below `directory`: its path, size and modification time,
/// sorted by path. Two equal fingerprints mean no file was added, removed or
/// touched; it costs one `lstat` a file, no reading. A symbolic link is
/// described by its target's size and time; a link to a folder is never
/// followed (the loader does not follow one either), so `static/x -> /` or
/// two links to `.` cost one line each, not a walk of the file system.
public func statFingerprint(of directory: String) -> String {
    var lines: [String] = []
    func walk(_ relative: String) {
        let path = relative.isEmpty ? directory : directory + "/" + relative
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names {
            let child = relative.isEmpty ? name : relative + "/" + name
            let full = directory + "/" + child
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let isLink = (info.st_mode & S_IFMT) == S_IFLNK
            if isLink { _ = stat(full, &info) }
            if (info.st_mode & S_IFMT) == S_IFDIR, !isLink {
                walk(child)
            } else {
                lines.append("\(child)\t\(info.st_size)\t\(modificationTime(info))")
            }
        }
    }
    walk("")
    return lines.sorted().joined(separator: "\n")
}

/// A file's modification and status-change times, in nanoseconds.
public func fileTimes(_ info: stat) -> (modified: Int, changed: Int) {
    #if os(Linux)
    (modificationTime(info), Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec))
    #else
    (modificationTime(info), Int(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int(info.st_ctimespec.tv_nsec))
    #endif
}

func modificationTime(_ info: stat) -> Int {
    #if os(Linux)
    Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
    #else
    Int(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int(info.st_mtimespec.tv_nsec)
    #endif
}
