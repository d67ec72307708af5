import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The site's secret key as a build reads it (`--signing-key`, `ZUIMEI_SIGNING_KEY`), refused
/// before anything is read or written wherever it is not safe: inside the content directory
/// (it would be published), inside the output directory or the folders the writer makes and
/// removes beside it (every build replaces them whole: the key, perhaps its only copy, would
/// be deleted), readable or writable by anyone but its owner (as OpenSSH refuses such a
/// private key), or not a regular file. Symbolic links are resolved, and the place of the
/// link itself counts too: a link inside the output would be deleted by the next build.
///
/// Paths are not enough: a hard link gives the key a second name anywhere on its file system,
/// and a bind mount shows a folder under another path. So a key must have one name (its link
/// count is 1), and it is compared by device and inode, with every folder above it, against
/// every entry of the content directory, of the output and of the writer's folders beside it.
public enum SigningKeyFile {
    public enum Problem: Error, Equatable, Sendable {
        /// It does not exist or cannot be opened (the system's reason).
        case unreadable(reason: String)
        /// `at`: the absolute place that is inside, the key's name or, through links, where it leads.
        case insideContent(at: String)
        case insideOutput(at: String)
        /// Inside `.<output>.zuimei-tmp-…` or `.<output>.zuimei-old-…` beside the output.
        case besideOutput(at: String)
        case notRegularFile
        /// Its permission bits (`644`): some for the group or others.
        case unprotected(mode: String)
        /// Its text is not a secret key `zuimei key new` wrote.
        case notAKey(reason: String)
        /// It has more than one name (`names`, its link count): a build could publish or delete it under another.
        case hardLinked(names: Int)
    }

    /// Larger than any key file: not read.
    static let maximumSize = 1 << 16

    /// The key file's text, or why the build must not use it.
    public static func read(_ path: String, content: String, output: String) -> Result<String, Problem> {
        guard let target = realPath(path) else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
        // Where the name itself is (its folders resolved, not its last component) and what it leads to.
        let name = URL(fileURLWithPath: path).lastPathComponent
        let folder = realPath(URL(fileURLWithPath: path).deletingLastPathComponent().path) ?? ""
        let places = [folder + "/" + name, target]
        let contentPaths = [realPath(content), standardized(content)].compactMap { $0 }
        if let place = places.first(where: { place in contentPaths.contains { inside(place, $0) } }) { return .failure(.insideContent(at: place)) }
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let outputName = outputURL.lastPathComponent
        let outputParent = realPath(outputURL.deletingLastPathComponent().path) ?? outputURL.deletingLastPathComponent().path
        let outputPaths = [outputParent + "/" + outputName, outputURL.path] + (realPath(output).map { [$0] } ?? [])
        if let place = places.first(where: { place in outputPaths.contains { inside(place, $0) } }) { return .failure(.insideOutput(at: place)) }
        // The writer's folders beside the output: `.site.zuimei-tmp-<pid>`, `.site.zuimei-old-<pid>`, the lock file.
        let siblings = outputParent + "/." + outputName + ".zuimei-"
        if let place = places.first(where: { $0.hasPrefix(siblings) }) { return .failure(.besideOutput(at: place)) }

        let descriptor = open(target, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegularFile) }
        guard Int(info.st_size) <= maximumSize else { return .failure(.notAKey(reason: "it is larger than \(maximumSize / 1024) KiB")) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0, errno == EINTR { continue }
            if got < 0 { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
            if got == 0 { break }
            filled += got
        }
        guard let text = String(validating: bytes.prefix(filled), as: UTF8.self) else {
            return .failure(.notAKey(reason: "it is not UTF-8 text"))
        }
        guard (try? ManifestSignature.secretKey(text)) != nil else {
            return .failure(.notAKey(reason: "it is not in the form zuimei key new writes"))
        }
        // After the text: a public key given by mistake is named as such, not to be chmod-ed.
        guard info.st_mode & 0o077 == 0 else { return .failure(.unprotected(mode: String(info.st_mode & 0o7777, radix: 8))) }
        guard info.st_nlink <= 1 else { return .failure(.hardLinked(names: Int(info.st_nlink))) }
        if let problem = sharedPlace(key: FileIdentity(info), target: target, link: places[0], content: content, output: output) {
            return .failure(problem)
        }
        return .success(text)
    }

    /// A file or folder as the kernel knows it, whatever its path.
    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Where, by device and inode, the content directory, the output or a folder the writer
    /// removes beside it holds the key (or the link that names it): the key itself, or a folder
    /// above it (a bind mount shows one under another path). The place found, with the rest of
    /// the way down to the key, is the problem's `at`.
    static func sharedPlace(key: FileIdentity, target: String, link: String, content: String, output: String) -> Problem? {
        // Each identity to look for, and the way from it down to the key (or to the link).
        var wanted: [FileIdentity: String] = [key: ""]
        var info = stat()
        if link != target, lstat(link, &info) == 0, wanted[FileIdentity(info)] == nil { wanted[FileIdentity(info)] = "" }
        for start in [target, link] {
            var folder = URL(fileURLWithPath: start), rest = folder.lastPathComponent
            while folder.path != "/" {
                folder.deleteLastPathComponent()
                if stat(folder.path, &info) == 0, wanted[FileIdentity(info)] == nil { wanted[FileIdentity(info)] = rest }
                rest = folder.lastPathComponent + "/" + rest
            }
        }
        if let found = find(wanted, in: realPath(content) ?? standardized(content)) { return .insideContent(at: found) }
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        if let found = find(wanted, in: realPath(output) ?? outputURL.path) { return .insideOutput(at: found) }
        // The writer's folders beside the output (`.site.zuimei-tmp-<pid>`, `.site.zuimei-old-<pid>`) that are there
        // now: it removes them. One it makes later is new, and holds nothing.
        let parent = realPath(outputURL.deletingLastPathComponent().path) ?? outputURL.deletingLastPathComponent().path
        let prefix = "." + outputURL.lastPathComponent + ".zuimei-"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).sorted() where name.hasPrefix(prefix) {
            if let found = find(wanted, in: (parent == "/" ? "" : parent) + "/" + name) { return .besideOutput(at: found) }
        }
        return nil
    }

    /// The first entry of `root` (itself included; symbolic links below it not followed) that
    /// is one of `wanted`, as its path joined to the way down from it; nil when none is, or
    /// when `root` does not exist. Each folder is read once (a mount inside itself is no loop).
    static func find(_ wanted: [FileIdentity: String], in root: String) -> String? {
        func place(_ path: String, _ rest: String) -> String { rest.isEmpty ? path : path + "/" + rest }
        var info = stat()
        guard stat(root, &info) == 0 else { return nil }
        if let rest = wanted[FileIdentity(info)] { return place(root, rest) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        var seen: Set<FileIdentity> = [FileIdentity(info)]
        // Paths as C strings: a name that is not UTF-8 is still a name.
        var pending = [Array((root == "/" ? "" : root).utf8CString)]
        while let folder = pending.popLast() {
            guard let stream = opendir(folder) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.bindMemory(to: CChar.self).prefix(while: { $0 != 0 })) }
                guard name != [46], name != [46, 46] else { continue }  // . and ..
                let path = folder.dropLast() + [47] + name + [0]
                guard lstat(path, &info) == 0 else { continue }
                if let rest = wanted[FileIdentity(info)] {
                    return place(String(decoding: path.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self), rest)
                }
                if (info.st_mode & S_IFMT) == S_IFDIR, seen.insert(FileIdentity(info)).inserted { pending.append(path) }
            }
        }
        return nil
    }

    /// `path` is `folder` or lies below it.
    static func inside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    static func standardized(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// The absolute path with every symbolic link, `.` and `..` resolved (`realpath(3)`); nil
    /// when it does not exist (errno says why).
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// `read(2)`, by a name `SigningKeyFile.read` does not hide.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
