import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiTemplates

/// Files the guard found clean, kept in `.zuimei-cache/scans.json` beside the
/// content under a digest of the private values looked for (and the matcher's
/// version): generated files by the SHA-256 of their bytes and how they are
/// read (`html:…`), copied files (photos from the photo cache, videos, PDF,
/// static files) by their path, device, inode, size and change times. An
/// unchanged page or video is not searched again on every build; any change to
/// its bytes, or to any private value, and it is.
final class ScanCache: @unchecked Sendable {
    static let version = "zuimei-scan-cache 2"
    private let file: URL
    private let values: String
    private let lock = NSLock()
    private var clean: Set<String>
    private var found: Set<String> = []

    init(content: String, values: PrivateValues) {
        file = URL(fileURLWithPath: content).standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent(".zuimei-cache/scans.json")
        var digest = Self.version + "\n\(Matcher.window) \(Matcher.overlap) \(Matcher.maximumLength)\n"
        for value in values.guarded { digest += value.folded.map { String($0, radix: 16) }.joined(separator: " ") + "\n" }
        self.values = sha256Hex(Data(digest.utf8))
        let record = (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode([String: [String]].self, from: $0) }
        clean = Set(record?[self.values] ?? [])
    }

    /// Nil for a file that cannot be looked at, or is not a regular file.
    func fingerprint(of path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let times = fileTimes(info)
        return "\(path) \(info.st_dev) \(info.st_ino) \(info.st_size) \(times.modified) \(times.changed)"
    }

    func isClean(_ fingerprint: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if clean.contains(fingerprint) {
            found.insert(fingerprint)
            return true
        }
        return false
    }

    func markClean(_ fingerprint: String) {
        lock.lock()
        found.insert(fingerprint)
        lock.unlock()
    }

    /// Keeps the files found clean in this build (for these values only).
    func save() {
        lock.lock()
        let entries = found.sorted()
        lock.unlock()
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try? encoder.encode([values: entries]).write(to: file, options: .atomic)
    }
}
