import Foundation

/// `SHA256SUMS`: one line a file, `<sha256>  <path>`, sorted by path: the
/// format `sha256sum -c` reads. It covers every file of the site but itself.
public struct Manifest: Equatable, Sendable {
    public static let fileName = "SHA256SUMS"
    public static let buildInfoName = "build.json"

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

    public enum ParseError: Error, Equatable {
        case malformedLine(Int)
    }

    /// Reads the text `sha256sum` writes (text mode, two spaces, or binary mode, ` *`).
    public static func parse(_ text: String) -> Result<Manifest, ParseError> {
        var hashes: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit),
                  parts[1].hasPrefix(" ") || parts[1].hasPrefix("*") else {
                return .failure(.malformedLine(number + 1))
            }
            let path = String(parts[1].dropFirst())
            guard !path.isEmpty else { return .failure(.malformedLine(number + 1)) }
            hashes[path] = parts[0].lowercased()
        }
        return .success(Manifest(hashes: hashes))
    }
}

/// What a copy of the site looks like next to its `SHA256SUMS`.
public struct VerifyReport: Equatable, Sendable {
    public var checked: Int
    public var missing: [String]
    public var changed: [String]
    public var extra: [String]
    public var isWhole: Bool { missing.isEmpty && changed.isEmpty && extra.isEmpty }
}

public enum VerifyError: Error, Equatable {
    case noManifest(String)
    case malformed(String, line: Int)
}

/// Checks a copy of the site against its `SHA256SUMS`: files missing, files
/// whose bytes changed, and files that are not listed.
public func verifySite(at directory: String) throws(VerifyError) -> VerifyReport {
    let root = URL(fileURLWithPath: directory).standardizedFileURL.path
    let manifestPath = root + "/" + Manifest.fileName
    var info = stat()
    guard stat(manifestPath, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
          let data = FileManager.default.contents(atPath: manifestPath) else {
        throw .noManifest(manifestPath)
    }
    let manifest: Manifest
    switch Manifest.parse(String(decoding: data, as: UTF8.self)) {
    case .success(let value): manifest = value
    case .failure(.malformedLine(let line)): throw .malformed(manifestPath, line: line)
    }
    var report = VerifyReport(checked: 0, missing: [], changed: [], extra: [])
    for path in manifest.hashes.keys.sorted() {
        let full = root + "/" + path
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."),
              FileManager.default.fileExists(atPath: full) else {
            report.missing.append(path)
            continue
        }
        report.checked += 1
        if SHA256.hex(ofFile: full) != manifest.hashes[path] { report.changed.append(path) }
    }
    let present = Set(regularFiles(below: root)).subtracting([Manifest.fileName, ManifestSignature.fileName])
    report.extra = present.subtracting(manifest.hashes.keys).sorted()
    return report
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
