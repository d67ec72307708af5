import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiOutput
import ZuimeiSite
import ZuimeiTheme

/// The record of the last successful build, kept in `.zuimei-cache/` beside the
/// content directory (`CacheDirectory`: only one the user alone can write is read). When nothing the build reads has changed (content,
/// templates, the zuimei binary and its theme, the options) and the output is
/// exactly as that build left it, a rebuild does nothing but say so.
///
/// The record holds stat fingerprints, never content. A record that is
/// missing, unreadable, of another version or for other inputs is ignored:
/// the build then simply runs.
struct BuildCache {
    static let version = "zuimei-build-cache 1"

    let file: URL

    /// `<cache>/build-<name derived from the output path>.json`.
    init(cache: CacheDirectory, output: String) {
        let outputPath = URL(fileURLWithPath: output).standardizedFileURL.path
        var hash: UInt64 = 14_695_981_039_346_656_037  // FNV-1a: a stable name, not a security measure
        for byte in outputPath.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        file = URL(fileURLWithPath: cache.path).appendingPathComponent("build-\(String(hash, radix: 16)).json")
    }

    struct Record: Codable, Equatable {
        var version: String
        var inputs: String
        var outputs: String
        var publishedStories: Int
        var files: Int
        var bytes: Int
        /// The warnings of that build, shown again.
        var warnings: [Diagnostic]
    }

    /// The SHA-256 of a fingerprint: the record keeps digests, not file lists.
    static func digest(_ fingerprint: String) -> String { sha256Hex(Data(fingerprint.utf8)) }

    /// The digest of everything a build's result depends on, as stat fingerprints.
    static func inputs(_ options: BuildOptions) -> String {
        var parts = [version, generatorName, "date \(options.date)", "preview \(options.preview)",
                     "signed \(options.signingKey.map { digest($0) } ?? "no")",
                     "output \(URL(fileURLWithPath: options.output).standardizedFileURL.path)"]
        parts.append("content\n" + statFingerprint(of: URL(fileURLWithPath: options.content).standardizedFileURL.path))
        if let theme = Theme.directory { parts.append("theme\n" + statFingerprint(of: theme.path)) }
        if let binary = executable { parts.append(binary) }
        return digest(parts.joined(separator: "\n"))
    }

    /// The running executable by its size and time: a record made by another build of Zuimei
    /// (a toolchain or ICU upgrade can change what the same source does) is not believed.
    static let executable: String? = Bundle.main.executablePath
        .flatMap { try? FileManager.default.attributesOfItem(atPath: $0) }
        .map { "binary \($0[.size] ?? 0) \($0[.modificationDate] ?? "")" }

    /// The digest of the output directory's files, sizes and times.
    static func outputs(_ output: String) -> String { digest(statFingerprint(of: output)) }

    func load() -> Record? {
        guard let data = CacheDirectory.read(file.path, limit: 64 << 20),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.version == Self.version else { return nil }
        return record
    }

    /// Records kept per cache directory (one per output directory built); the oldest go first.
    static let limit = 32

    func save(_ record: Record) {
        let directory = file.deletingLastPathComponent()
        let others = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])) ?? [])
            .filter { $0.lastPathComponent.hasPrefix("build-") && $0.lastPathComponent != file.lastPathComponent }
            .sorted {
                let a = (try? $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
                let b = (try? $1.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
                return a > b
            }
        for stale in others.dropFirst(Self.limit - 1) { try? FileManager.default.removeItem(at: stale) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(record) else { return }
        _ = CacheDirectory.write(data, to: file.path)
    }

    func remove() { try? FileManager.default.removeItem(at: file) }
}
