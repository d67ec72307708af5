import Foundation

/// `SHA256SUMS`: one line a file, `<sha256>  <path>`, sorted by path: the
/// format `sha256sum -c` reads. It covers every file of the site but itself.
public struct Manifest: Equatable, Sendable {
    public static let fileName = "SHA256SUMS"
    public static let buildInfoName = "build.json"
    /// More than any `SHA256SUMS` Zuimei writes (a 10,000-story site's is a few megabytes): a
    /// larger one is not read.
    public static let maximumSize = 1 << 28

    /// Path → lowercase hexadecimal SHA-256.
    public var hashes: [String: String]
    /// When the manifest file was written (nanoseconds since 1970), if read from disk.
    var written: Int?

    public init(hashes: [String: String]) { self.hashes = hashes }

    init(hashes: [String: String], written: Int?) {
        self.hashes = hashes
        self.written = written
    }

    public var text: String {
        hashes.keys.sorted().map { "\(hashes[$0]!)  \($0)\n" }.joined()
    }

    /// A line Zuimei never writes, and why.
    public struct ParseError: Error, Equatable, Sendable {
        public var line: Int
        public var reason: String
        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// Reads the text `sha256sum` writes (text mode, two spaces, or binary mode, ` *`).
    public static func parse(_ text: String) -> Result<Manifest, ParseError> { parse(Data(text.utf8)) }

    /// Reads `SHA256SUMS` as Zuimei writes it, and nothing else: every line `<sha256>  <path>`
    /// ending in a line break, every path one a copy can hold inside itself
    /// (`pathProblem`), no path twice. A copy's `SHA256SUMS` tells `zuimei verify --to-fetch`
    /// what to fetch, so a line that names anything outside the site is an error, never a path.
    public static func parse(_ data: Data) -> Result<Manifest, ParseError> {
        guard !data.isEmpty else {
            return .failure(ParseError(line: 1, reason: "the file is empty (Zuimei's lists build.json at least)"))
        }
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<Manifest, ParseError> in
            var hashes: [String: String] = [:]
            var lineOf: [String: Int] = [:]
            var start = 0, number = 0
            while start < bytes.count {
                number += 1
                // memchr: a line of hundreds of megabytes is found in milliseconds, even in a debug build.
                guard let found = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) else {
                    return .failure(ParseError(line: number, reason: "the last line has no line break: the file was cut short"))
                }
                let end = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
                defer { start = end + 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                guard !line.isEmpty else { return .failure(ParseError(line: number, reason: "an empty line")) }
                guard line.count > 66, line.prefix(64).allSatisfy(isHexDigit), line[64] == 0x20,
                      line[65] == 0x20 || line[65] == 0x2A else {
                    return .failure(ParseError(line: number, reason: "not a line of the form '<sha256>  <path>'"))
                }
                let pathBytes = line[66...]
                guard pathBytes.count <= maximumPathBytes else {
                    return .failure(ParseError(line: number, reason: "the path is longer than \(maximumPathBytes) bytes"))
                }
                guard let path = String(validating: pathBytes, as: UTF8.self) else {
                    return .failure(ParseError(line: number, reason: "the path is not UTF-8"))
                }
                if let problem = pathProblem(path) { return .failure(ParseError(line: number, reason: problem)) }
                guard path != fileName, path != ManifestSignature.fileName else {
                    return .failure(ParseError(line: number, reason: "\(path) is listed: SHA256SUMS never lists itself or its signature"))
                }
                if let first = lineOf[path] {
                    return .failure(ParseError(line: number, reason: "'\(shown(path))' is listed twice (first on line \(first))"))
                }
                lineOf[path] = number
                hashes[path] = String(decoding: line.prefix(64), as: UTF8.self).lowercased()
            }
            return .success(Manifest(hashes: hashes))
        }
    }

    /// Longer paths cannot be opened (Linux's PATH_MAX); longer names cannot be made (NAME_MAX).
    static let maximumPathBytes = 4096
    static let maximumNameBytes = 255

    /// Why `path` is not a path a copy of the site can hold inside itself, or nil when it is:
    /// relative, every segment a name (no empty, `.` or `..` segment), no backslash, no control
    /// character, not beginning with a URL scheme (`http:`), no longer than a file system allows.
    /// What the writer writes and what `SHA256SUMS` may list, so `zuimei verify --to-fetch`
    /// prints nothing a download tool could take for a place outside the copy. Other
    /// characters are a file's own (a story's file may be named in Chinese, with spaces, even
    /// `∕` or `%2e`): percent-encoded, they stay one literal name.
    public static func pathProblem(_ path: String) -> String? {
        guard !path.isEmpty else { return "the path is empty" }
        guard path.utf8.count <= maximumPathBytes else { return "the path is longer than \(maximumPathBytes) bytes" }
        if let control = path.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            return "the path '\(shown(path))' holds a control character (U+\(String(format: "%04X", control.value)))"
        }
        if path.contains("\\") { return "the path '\(shown(path))' holds a backslash" }
        if path.hasPrefix("/") { return "the path '\(shown(path))' is absolute: it names a place outside the site" }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if let colon = segments[0].firstIndex(of: ":") {
            let scheme = segments[0][..<colon]
            if let first = scheme.unicodeScalars.first, first.isASCIILetter,
               scheme.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) }) {
                return "the path '\(shown(path))' begins with a URL scheme ('\(scheme):')"
            }
        }
        if segments.contains("..") { return "the path '\(shown(path))' has a '..' segment: it leads out of the site" }
        if segments.contains(".") { return "the path '\(shown(path))' has a '.' segment" }
        if segments.contains(where: \.isEmpty) { return "the path '\(shown(path))' has an empty segment ('//', or '/' at the end)" }
        if segments.contains(where: { $0.utf8.count > maximumNameBytes }) {
            return "the path '\(shown(path))' has a name longer than \(maximumNameBytes) bytes"
        }
        return nil
    }

    /// A path as a message shows it: control characters as `\u{D}`, at most 200 characters.
    public static func shown(_ path: String) -> String {
        var text = ""
        for scalar in path.unicodeScalars.prefix(200) {
            if scalar.properties.generalCategory == .control {
                text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return path.unicodeScalars.count > 200 ? text + "…" : text
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

/// What a copy of the site looks like next to its `SHA256SUMS`.
public struct VerifyReport: Equatable, Sendable {
    public var checked: Int
    public var missing: [String]
    public var changed: [String]
    public var extra: [String]
    /// Symbolic links in the copy where `SHA256SUMS` lists a file or a folder of files. Zuimei
    /// never writes one, and fetching a file again would write where the link points, outside the copy.
    public var links: [String] = []
    /// Listed files to fetch again (changed) that are not a plain file of the copy's own:
    /// `wget --timestamping` rewrites a file in place, so it would write through a hard link into
    /// the file's other names (perhaps outside the copy), or into a FIFO or a device. Reported
    /// instead of changed; an unchanged hard link (a `cp -al` snapshot) is none of them.
    public var unsafeToFetch: [UnsafeToFetch] = []
    /// The copy's `build.json`, whole as `SHA256SUMS` lists it, says the build was signed: its
    /// `SHA256SUMS.minisig` then belongs to a whole copy (missing when absent, changed when it is
    /// not a minisign signature; only `--key` can tell whether it is the right one).
    public var signed = false
    public var isWhole: Bool { missing.isEmpty && changed.isEmpty && extra.isEmpty && links.isEmpty && unsafeToFetch.isEmpty }
}

/// A listed file that fetching again would write into in place, and what it is.
public struct UnsafeToFetch: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A regular file with `names` names: its bytes are not the listed ones.
        case hardLink(names: Int)
        case fifo, device, socket, folder
    }
    public var path: String
    public var kind: Kind
}

public enum VerifyError: Error, Equatable {
    case noManifest(String)
    case tooLarge(String)
    case malformed(String, line: Int, reason: String)
}

/// Checks a copy of the site against its `SHA256SUMS` (or `manifest`, its bytes already read
/// and their signature checked): files missing, files whose bytes changed, files that are not
/// listed, and symbolic links where listed files are (never followed: the copy is read as
/// Zuimei writes a site, regular files in directories).
public func verifySite(at directory: String, manifest bytes: Data? = nil) throws(VerifyError) -> VerifyReport {
    let root = URL(fileURLWithPath: directory).standardizedFileURL.path
    let manifestPath = root + "/" + Manifest.fileName
    let data: Data
    switch bytes.map({ Result<Data, ReadFailure>.success($0) }) ?? readFile(manifestPath, limit: Manifest.maximumSize, followingLinks: true) {
    case .success(let read): data = read
    case .failure(.tooLarge): throw .tooLarge(manifestPath)
    case .failure: throw .noManifest(manifestPath)
    }
    let manifest: Manifest
    switch Manifest.parse(data) {
    case .success(let value): manifest = value
    case .failure(let error): throw .malformed(manifestPath, line: error.line, reason: error.reason)
    }
    var report = VerifyReport(checked: 0, missing: [], changed: [], extra: [])
    // The listed paths in the order of their bytes, so that the paths below a folder come
    // together: the folders of the path before are a stack, each folder looked at once (never
    // through a link), and nothing is kept per folder of every path. (A SHA256SUMS of 4 MB can
    // list 2 million folders, 8 GB of their paths.)
    let paths = manifest.hashes.keys.sorted(by: bytesPrecede)
    enum Place { case directory, link, absent }
    var chain: [(name: Substring, place: Place)] = []
    var links = Set<String>()
    for path in paths {
        var folders = path.split(separator: "/")
        folders.removeLast()
        var kept = 0
        while kept < chain.count, kept < folders.count, chain[kept].name.utf8.elementsEqual(folders[kept].utf8) { kept += 1 }
        chain.removeLast(chain.count - kept)
        while chain.count < folders.count {
            // Below a link or a missing folder, everything is as it is.
            var place = chain.last?.place ?? .directory
            if place == .directory {
                var info = stat()
                if lstat(root + "/" + folders[...chain.count].joined(separator: "/"), &info) != 0 {
                    place = .absent
                } else {
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: place = .directory
                    case S_IFLNK: place = .link
                    default: place = .absent  // a file where a directory should be
                    }
                }
            }
            chain.append((folders[chain.count], place))
        }
        if let first = chain.firstIndex(where: { $0.place != .directory }) {
            // A link: the outermost folder of the path that is one.
            if chain[first].place == .link { links.insert(folders[...first].joined(separator: "/")) } else { report.missing.append(path) }
            continue
        }
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0 else {
            report.missing.append(path)
            continue
        }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            links.insert(path)
            continue
        }
        report.checked += 1
        if let kind = UnsafeToFetch.Kind(special: info) {
            report.unsafeToFetch.append(UnsafeToFetch(path: path, kind: kind))
        } else if SHA256.hex(ofFile: root + "/" + path, followingLinks: false) != manifest.hashes[path] {
            if info.st_nlink > 1 {
                report.unsafeToFetch.append(UnsafeToFetch(path: path, kind: .hardLink(names: Int(info.st_nlink))))
            } else {
                report.changed.append(path)
            }
        }
    }
    // A signed build says so in build.json; believed only when build.json is the one listed.
    let infoPath = root + "/" + Manifest.buildInfoName
    if let listed = manifest.hashes[Manifest.buildInfoName],
       case .success(let json) = readFile(infoPath, limit: 1 << 20, followingLinks: false), SHA256.hex(json) == listed,
       (try? JSONDecoder().decode(SignedFlag.self, from: json))?.signed == true {
        report.signed = true
        let signaturePath = root + "/" + ManifestSignature.fileName
        var info = stat()
        if lstat(signaturePath, &info) != 0 {
            report.missing.append(ManifestSignature.fileName)
        } else if (info.st_mode & S_IFMT) == S_IFLNK {
            links.insert(ManifestSignature.fileName)
        } else if let kind = UnsafeToFetch.Kind(special: info) {
            report.unsafeToFetch.append(UnsafeToFetch(path: ManifestSignature.fileName, kind: kind))
        } else if case .success(let signature) = readFile(signaturePath, limit: 1 << 20, followingLinks: false),
                  ManifestSignature.isWellFormed(signature) {
            // Present and a signature: whose, only --key can tell.
        } else if info.st_nlink > 1 {
            report.unsafeToFetch.append(UnsafeToFetch(path: ManifestSignature.fileName, kind: .hardLink(names: Int(info.st_nlink))))
        } else {
            report.changed.append(ManifestSignature.fileName)
        }
    }
    report.missing.sort()
    report.changed.sort()
    report.unsafeToFetch.sort { $0.path < $1.path }
    report.links = links.sorted()
    // A folder a listed path goes through: a link there is reported as the path's, not as extra.
    let ignored: Set<String> = [Manifest.fileName, ManifestSignature.fileName]
    report.extra = entries(below: root).filter {
        manifest.hashes[$0] == nil && !ignored.contains($0) && !holdsPath(below: $0, paths)
    }
    return report
}

extension UnsafeToFetch.Kind {
    /// What an entry is when it is neither a regular file nor a symbolic link (nil when it is one).
    init?(special info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFLNK: return nil
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        case S_IFDIR: self = .folder
        default: self = .device
        }
    }
}

/// `a` comes before `b` in the order of their UTF-8 bytes (`String`'s `<` compares by Unicode
/// equivalence: two spellings of `é` would be one name, and a folder's paths need not come together).
func bytesPrecede(_ a: String, _ b: String) -> Bool {
    let compared = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in
            let common = min(x.count, y.count)
            let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
            return order != 0 ? order < 0 : x.count < y.count
        }
    }
    return (compared ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
}

/// Some path of `sorted` (in the order of their bytes) lies below `folder`.
func holdsPath(below folder: String, _ sorted: [String]) -> Bool {
    let prefix = Array((folder + "/").utf8)
    var low = 0, high = sorted.count
    while low < high {
        let middle = (low + high) / 2
        if sorted[middle].utf8.lexicographicallyPrecedes(prefix) { low = middle + 1 } else { high = middle }
    }
    return low < sorted.count && sorted[low].utf8.starts(with: prefix)
}

/// `"signed": true` in `build.json`.
private struct SignedFlag: Decodable {
    var signed: Bool?
}

/// Every entry below `root` that is not a directory (files, symbolic links, FIFOs…), as
/// relative paths, sorted. A symbolic link is an entry, never followed: a link to a directory
/// (or to `.`) does not lead the walk outside the copy or round in circles.
func entries(below root: String) -> [String] {
    var result: [String] = []
    var pending = [""]
    while let relative = pending.popLast() {
        let directory = relative.isEmpty ? root : root + "/" + relative
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            if lstat(root + "/" + path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                pending.append(path)
            } else {
                result.append(path)
            }
        }
    }
    return result.sorted()
}

/// Every regular file below `root`, as relative paths, sorted.
func regularFiles(below root: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(relative)
        }
    }
    return files.sorted()
}

enum ReadFailure: Error { case absent, notRegular, tooLarge, unreadable }

/// A regular file's bytes, at most `limit` of them; never blocks on a FIFO, never follows a
/// final symbolic link unless told to.
func readFile(_ path: String, limit: Int, followingLinks: Bool) -> Result<Data, ReadFailure> {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (followingLinks ? 0 : O_NOFOLLOW))
    guard descriptor >= 0 else { return .failure(errno == ENOENT || errno == ENOTDIR ? .absent : errno == ELOOP ? .notRegular : .unreadable) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegular) }
    guard Int(info.st_size) <= limit else { return .failure(.tooLarge) }
    guard let data = readWhole(descriptor, size: Int(info.st_size)) else { return .failure(.unreadable) }
    return .success(data)
}
