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
        return .success(text)
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
