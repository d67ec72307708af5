import Foundation
import ZuimeiCache
import ZuimeiGuard
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiSearch
import ZuimeiSite
import ZuimeiTheme

/// The search index's record (`SearchIndexRecord`), one per language, kept in the cache
/// (`.zuimei-cache/search.state`, `search.ug.state`) so that the next command-line build
/// encodes only the shards a change touches, as `serve` does in memory. The record describes
/// the files one build wrote, so it is bound to that build's site: it names the SHA-256 of the
/// `SHA256SUMS` the build wrote, and is believed only while the output's `SHA256SUMS` has that
/// digest, each file it keeps is one that manifest vouches for (`PreviousSite.unchanged`), and
/// each file it reads back has the digest listed. It is also believed only from a cache the
/// user alone can write, whole (its own SHA-256 on its last line) and of this version of
/// Zuimei. Anything else, and the index is made again from every document.
struct SearchRecordFile: Sendable {
    /// The format, the search files' version, and this Zuimei (its executable: a record made by
    /// another build of it, whose text normalisation may differ, is not believed).
    static let version = "zuimei-search-state 2 search-files \(SearchFiles.version) \(generatorName) \(BuildCache.executable ?? "")"

    /// The cache's directory.
    let cache: CacheDirectory
    /// The site the last build wrote, when its records may be used (not with `--force`).
    let previous: PreviousSite?

    init(cache: CacheDirectory, previous: PreviousSite?) {
        self.cache = cache
        self.previous = previous
    }

    /// `search.state` for the default language, `search.<code>.state` for a translation's
    /// (`prefix` `ug/`).
    static func name(prefix: String) -> String {
        let code = prefix.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" }
        return code.isEmpty ? "search.state" : "search.\(String(String.UnicodeScalarView(code))).state"
    }

    /// The record of the index under `prefix`, when it describes the site at the output.
    func load(prefix: String) -> SearchIndexRecord? {
        guard let previous, let data = CacheDirectory.read(cache.path + "/" + Self.name(prefix: prefix), limit: 64 << 20),
              let text = SealedRecord.unseal(data) else { return nil }
        return Self.parse(text, site: previous.digest)
    }

    /// Writes the records (by prefix) of the build that wrote the site whose `SHA256SUMS` has
    /// `site` for its digest; a record that cannot be written as text is left out (and so its
    /// index is made whole next time).
    func save(_ records: [(prefix: String, record: SearchIndexRecord)], site: String) {
        guard cache.writable else { return }
        for (prefix, record) in records {
            let path = cache.path + "/" + Self.name(prefix: prefix)
            guard let text = Self.text(record, site: site) else {
                unlink(path)
                continue
            }
            if !CacheDirectory.write(Data(SealedRecord.seal(text).utf8), to: path) { unlink(path) }
        }
    }

    /// Removes every language's record: the next build makes its index whole.
    func remove() {
        guard cache.writable, let names = try? FileManager.default.contentsOfDirectory(atPath: cache.path) else { return }
        for name in names where name.hasPrefix("search.") && name.hasSuffix(".state") { unlink(cache.path + "/" + name) }
    }

    /// The file's text before its seal (`SealedRecord`): a header, then one line per document
    /// (`digest leading length date<TAB>url`). Nil when a URL or date holds a tab or a line break.
    static func text(_ record: SearchIndexRecord, site: String) -> String? {
        var lines = [version, "site \(site)", "shards \(record.shardCount) \(record.requestedShardCount ? 1 : 0)",
                     "documents \(record.documents.count)"]
        for document in record.documents {
            let unsafe = { (text: String) in text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x20 } }
            guard !unsafe(document.date), !document.url.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                return nil
            }
            lines.append("\(document.digest) \(document.leading) \(document.length) \(document.date)\t\(document.url)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The record in `text` (unsealed), if it is of this version and for the site `site`.
    static func parse(_ text: String, site: String) -> SearchIndexRecord? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 5, lines[0] == version, lines[1] == "site \(site)" else { return nil }
        let shards = lines[2].split(separator: " ")
        let count = lines[3].split(separator: " ")
        guard shards.count == 3, shards[0] == "shards", let shardCount = Int(shards[1]), shardCount > 0,
              shards[2] == "0", count.count == 2, count[0] == "documents", let documents = Int(count[1]),
              documents >= 0, lines.count == documents + 5, lines.last == "" else { return nil }
        // A build's index has the shard count its texts give (a requested one is a test's).
        var record = SearchIndexRecord(shardCount: shardCount, requestedShardCount: false, documents: [])
        record.documents.reserveCapacity(documents)
        for line in lines[4..<(4 + documents)] {
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let fields = line[..<tab].split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0].utf8.count == 64, let leading = Int32(fields[1]).map(Int.init),
                  let length = Int32(fields[2]).map(Int.init), leading >= 0, length >= 0 else { return nil }
            record.documents.append(.init(url: String(line[line.index(after: tab)...]), date: String(fields[3]),
                                          digest: String(fields[0]), leading: leading, length: length))
        }
        return record
    }
}

extension SearchDocument {
    /// The digest a record keeps of the document (`SearchIndexRecord`).
    var digest: String { sha256Hex(Data(canonicalBytes)) }
}
