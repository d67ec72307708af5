import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiTemplates

/// Files the guard found clean, kept in `.zuimei-cache/scans.json` beside the
/// content under a digest of the private values looked for (and the matcher's
/// version), each by the SHA-256 of its bytes and how they are read (`html:…`):
/// generated files and copied ones alike (photos from the photo cache, videos,
/// PDF, static files). Only the bytes vouch for a file: a file whose path, size
/// and times are unchanged but whose bytes are not is searched again; a copied
/// file's digest is of the very bytes searched (`searchCopy`), never of another
/// read of the file; and an
/// entry is believed only from a cache the user alone can write (`CacheDirectory`).
/// An unchanged page or video is not searched again on every build; any change to
/// its bytes, or to any private value, and it is.
public final class ScanCache: Sendable {
    /// 4: a copied file's digest is of the bytes searched; a cache written before may list a
    /// file's digest as clean after searching other bytes (a file saved over between two reads).
    /// 5: PDF files are read through their compressed streams (a PDF found clean by an
    /// earlier version is searched again).
    static let version = "zuimei-scan-cache 5"
    /// Nil: nothing is kept or read (no trusted cache, or `zuimei check`, which writes nothing).
    private let file: String?
    private let save: Bool
    private let values: String
    /// Keys found clean by earlier builds, and those found (or looked up and found) clean in this one.
    private let clean: Set<String>
    private let found = Locked(Set<String>())

    public init(cache: CacheDirectory?, values: PrivateValues) {
        file = cache.map { $0.path + "/scans.json" }
        save = cache?.writable ?? false
        var digest = Self.version + "\n\(Matcher.window) \(Matcher.overlap) \(Matcher.maximumLength)\n"
        for value in values.guarded { digest += value.folded.map { String($0, radix: 16) }.joined(separator: " ") + "\n" }
        self.values = sha256Hex(Data(digest.utf8))
        let record = file.flatMap { CacheDirectory.read($0, limit: 256 << 20) }
            .flatMap { try? JSONDecoder().decode([String: [String]].self, from: $0) }
        clean = Set(record?[self.values] ?? [])
    }

    func isClean(_ key: String) -> Bool {
        guard clean.contains(key) else { return false }
        found.withLock { _ = $0.insert(key) }
        return true
    }

    func markClean(_ key: String) {
        found.withLock { _ = $0.insert(key) }
    }

    /// Keeps the files found clean in this build (for these values only).
    public func saveFound() {
        guard save, let file else { return }
        let entries = found.withLock { $0.sorted() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let data = try? encoder.encode([values: entries]) { _ = CacheDirectory.write(data, to: file) }
    }
}

/// The content's texts the rules stage found clean (`PrivacyMemo`), kept with the output files
/// the guard found clean, by the SHA-256 of their UTF-8 bytes (`source:<digest>`), under the
/// same digest of the values.
extension ScanCache: CleanTextRecord {
    static func sourceKey(_ text: String) -> String {
        var text = text
        return "source:" + text.withUTF8 { sha256Hex(Data(buffer: $0)) }
    }

    public func isCleanText(_ text: String) -> Bool { isClean(Self.sourceKey(text)) }
    public func markCleanText(_ text: String) { markClean(Self.sourceKey(text)) }
}
