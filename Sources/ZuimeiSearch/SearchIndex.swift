import Foundation

/// One published story as the search sees it.
public struct SearchDocument: Sendable, Equatable {
    /// Relative to the site's root: `stories/2021/ili-example/`.
    public var url: String
    public var title: String
    public var date: String
    public var summary: String
    /// Facets for filters: the edition's year, the prefecture, the programmes.
    public var edition: Int
    public var prefecture: String
    public var programs: [String]
    /// What is searched, fields in order, the title and the name first (matches there rank first).
    public var fields: [String]

    public init(url: String, title: String, date: String, summary: String, edition: Int, prefecture: String,
                programs: [String], fields: [String]) {
        self.url = url
        self.title = title
        self.date = date
        self.summary = summary
        self.edition = edition
        self.prefecture = prefecture
        self.programs = programs
        self.fields = fields
    }

    /// The searched text: the fields joined by the separator.
    public var text: String { fields.joined(separator: String(SearchText.separator)) }
}

/// The search index: every character (its documents and how often) and every pair of
/// adjacent characters (its documents and where), over the normalised text. A query of one
/// character reads one list; a longer one reads the pairs at offsets 0, 2, 4, … and the last,
/// which together cover it, and keeps the places where all of them line up: exact, whatever
/// the language, with no dictionary. Lists are sharded by a hash of their key, so a query
/// loads a few shards, not the index.
public struct SearchIndex: Sendable {
    /// Documents in their order: the newest first (ties by URL), the order of equal results.
    public var documents: [SearchDocument]
    public var shardCount: Int
    /// The encoded shards, `shards[i]` the bytes of shard i.
    public var shards: [Data]
    /// Per document: how many normalised scalars the title and the name take (with their separators).
    public var leading: [Int]

    /// A document's grams: `unigrams[scalar] = count`, `bigrams[[a, b]] = positions`.
    struct Grams {
        var unigrams: [UInt32: Int] = [:]
        var bigrams: [UInt64: [Int]] = [:]
    }

    public static func build(_ documents: [SearchDocument], shardCount requested: Int? = nil) -> SearchIndex {
        let documents = documents.sorted { ($0.date, $1.url) > ($1.date, $0.url) }
        var leading: [Int] = []
        // Postings per key, in document order: (document, count or positions).
        var unigramPostings: [UInt32: [(Int, Int)]] = [:]
        var bigramPostings: [UInt64: [(Int, [Int])]] = [:]
        var totalScalars = 0
        for (id, document) in documents.enumerated() {
            let text = SearchText.normalized(document.text)
            totalScalars += text.count
            leading.append(SearchText.normalized(document.fields.prefix(2).joined(separator: "\n")).count)
            var grams = Grams()
            for (position, scalar) in text.enumerated() {
                guard !SearchText.isSpace(scalar) else { continue }
                grams.unigrams[scalar.value, default: 0] += 1
                if position + 1 < text.count, !SearchText.isSpace(text[position + 1]) {
                    grams.bigrams[pairKey(scalar.value, text[position + 1].value), default: []].append(position)
                }
            }
            for (key, count) in grams.unigrams { unigramPostings[key, default: []].append((id, count)) }
            for (key, positions) in grams.bigrams { bigramPostings[key, default: []].append((id, positions)) }
        }
        // About 48 KB of postings a shard (three bytes a scalar on average), at least 1.
        let shardCount = requested ?? max(1, min(4096, totalScalars * 3 / 48_000))
        var perShard: [[(key: [UInt32], bytes: Data)]] = Array(repeating: [], count: shardCount)
        for (key, postings) in unigramPostings {
            var bytes = Data()
            appendVarint(&bytes, postings.count)
            var previous = 0
            for (id, count) in postings {
                appendVarint(&bytes, id - previous)
                appendVarint(&bytes, count)
                previous = id
            }
            perShard[shard(of: [key], count: shardCount)].append(([key], bytes))
        }
        for (key, postings) in bigramPostings {
            var bytes = Data()
            appendVarint(&bytes, postings.count)
            var previous = 0
            for (id, positions) in postings {
                appendVarint(&bytes, id - previous)
                appendVarint(&bytes, positions.count)
                var last = 0
                for position in positions {
                    appendVarint(&bytes, position - last)
                    last = position
                }
                previous = id
            }
            let scalars = [UInt32(key >> 32), UInt32(key & 0xFFFF_FFFF)]
            perShard[shard(of: scalars, count: shardCount)].append((scalars, bytes))
        }
        let shards = perShard.map { entries -> Data in
            var data = Data()
            // Sorted by key: the same bytes on every run.
            let sorted = entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            appendVarint(&data, sorted.count)
            for entry in sorted {
                appendVarint(&data, entry.key.count)
                for scalar in entry.key { appendVarint(&data, Int(scalar)) }
                appendVarint(&data, entry.bytes.count)
                data.append(entry.bytes)
            }
            return data
        }
        return SearchIndex(documents: documents, shardCount: shardCount, shards: shards, leading: leading)
    }

    static func pairKey(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    /// FNV-1a over the key's scalars as 32-bit words, the same in `search.js`.
    public static func shard(of key: [UInt32], count: Int) -> Int {
        var hash: UInt32 = 2_166_136_261
        for scalar in key {
            hash = (hash ^ scalar) &* 16_777_619
        }
        return Int(hash % UInt32(count))
    }

    static func appendVarint(_ data: inout Data, _ value: Int) {
        var value = UInt64(value)
        while value >= 0x80 {
            data.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
    }
}
