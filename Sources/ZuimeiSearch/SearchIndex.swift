import Foundation
import ZuimeiParallel

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
    /// The encoded shards, `shards[i]` the bytes of shard i (`encodeShard`).
    public var shards: [[UInt8]]
    /// Per document: how many normalised scalars the title and the name take (with their separators).
    public var leading: [Int]

    /// Positions in the index: the title and the name keep theirs, the rest of a document
    /// starts at `leadLimit` at the earliest, so a match at a position below it is in the title
    /// or the name, which ranks first, and the browser needs no per-document table to know.
    /// (A title and name longer than this rank as if they ended there.)
    public static let leadLimit = 1024

    /// A document's grams in one batch of shards: their postings for the document (a count,
    /// or positions) one after the other in `bytes`, and where each gram's are.
    struct Segments: Sendable {
        var bytes: [UInt8] = []
        var records: [Record] = []
    }

    /// A gram's key (a pair `a << 32 | b`, or a single scalar with the top bit set), its shard,
    /// and its bytes in `Segments.bytes`. Plain values: gathering millions moves no reference counts.
    struct Record {
        var key: UInt64
        var shard: Int32
        var start: Int32
        var length: Int32
    }

    struct Entry {
        var key: UInt64
        var document: Int32
        var start: Int32
        var length: Int32
    }

    static let single: UInt64 = 1 << 63

    public static func build(_ documents: [SearchDocument], shardCount requested: Int? = nil, jobs: Int = 1) -> SearchIndex {
        let documents = documents.sorted { ($0.date, $1.url) > ($1.date, $0.url) }
        let texts: [[UInt32]] = parallelMap(documents, jobs: jobs) { SearchText.normalized($0.text).map(\.value) }
        let leading = parallelMap(documents, jobs: jobs) { SearchText.normalized($0.fields.prefix(2).joined(separator: "\n")).count }
        let shifts = leading.map { max(0, leadLimit - $0) }
        let total = texts.reduce(0) { $0 + $1.count }
        // About 12 KB of postings a shard (three bytes a scalar on average), at least 1: a query
        // loads a shard per pair it reads, so smaller shards are fewer bytes per query.
        let shardCount = requested ?? max(1, min(16_384, total * 3 / 12_000))
        // In batches of shards, each reading every document again: memory holds one batch's postings.
        let batches = max(1, min(16, total / 8_000_000))
        var shards = [[UInt8]](repeating: [], count: shardCount)
        for batch in 0..<batches {
            let perDocument = parallelMap(Array(zip(texts, zip(leading, shifts))), jobs: jobs) { text, place in
                segments(of: text, leading: place.0, shift: place.1, shardCount: shardCount, batch: batch, of: batches)
            }
            var buckets = [[Entry]](repeating: [], count: shardCount)
            for (document, segments) in perDocument.enumerated() {
                for record in segments.records {
                    buckets[Int(record.shard)].append(Entry(key: record.key, document: Int32(document), start: record.start,
                                                            length: record.length))
                }
            }
            let ids = Array(stride(from: batch, to: shardCount, by: batches))
            let gathered = buckets
            let encoded = parallelMap(ids, jobs: jobs) { id in encodeShard(gathered[id], perDocument) }
            for (id, data) in zip(ids, encoded) { shards[id] = data }
        }
        return SearchIndex(documents: documents, shardCount: shardCount, shards: shards, leading: leading)
    }

    /// A document's grams in the shards of `batch`, with their postings bytes. Positions from
    /// `leading` on are moved on by `shift` (`leadLimit`).
    static func segments(of text: [UInt32], leading: Int = 0, shift: Int = 0, shardCount: Int, batch: Int, of batches: Int) -> Segments {
        func isSpace(_ value: UInt32) -> Bool { Unicode.Scalar(value).map(SearchText.isSpace) ?? true }
        var pairs: [UInt64] = []  // key << 21 | position: sorted, each key's positions in order
        pairs.reserveCapacity(text.count / batches + 16)
        var singles: [UInt32] = []
        singles.reserveCapacity(text.count / batches + 16)
        var previousIsSpace = true
        for (position, value) in text.enumerated() {
            let space = value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : (value < 0x3400 && isSpace(value))
            if !space {
                // Only this batch's grams are kept, before anything is sorted.
                if shard(value, count: shardCount) % batches == batch { singles.append(value) }
                let start = position - 1 < leading ? position - 1 : position - 1 + shift
                if !previousIsSpace, start < 1 << 21 {
                    let previous = text[position - 1]
                    if shard(previous, value, count: shardCount) % batches == batch {
                        let key = UInt64(previous) << 21 | UInt64(value)
                        pairs.append(key << 21 | UInt64(start))
                    }
                }
            }
            previousIsSpace = space
        }
        var result = Segments()
        result.bytes.reserveCapacity(pairs.count * 2 + singles.count)
        func record(_ key: UInt64, _ shard: Int, from start: Int) {
            result.records.append(Record(key: key, shard: Int32(shard), start: Int32(start), length: Int32(result.bytes.count - start)))
        }
        singles.sort()
        var index = 0
        while index < singles.count {
            var end = index + 1
            while end < singles.count, singles[end] == singles[index] { end += 1 }
            let start = result.bytes.count
            appendVarint(&result.bytes, end - index)
            record(single | UInt64(singles[index]), shard(singles[index], count: shardCount), from: start)
            index = end
        }
        pairs.sort()
        index = 0
        while index < pairs.count {
            let key = pairs[index] >> 21
            var end = index + 1
            while end < pairs.count, pairs[end] >> 21 == key { end += 1 }
            let a = UInt32(key >> 21), b = UInt32(key & 0x1F_FFFF)
            let start = result.bytes.count
            appendVarint(&result.bytes, end - index)
            var last = 0
            for entry in pairs[index..<end] {
                let position = Int(entry & 0x1F_FFFF)
                appendVarint(&result.bytes, position - last)
                last = position
            }
            record(UInt64(a) << 32 | UInt64(b), shard(a, b, count: shardCount), from: start)
            index = end
        }
        return result
    }

    /// A shard's bytes, four streams one after the other, each but the last after its length:
    /// - keys: per key in order, its scalars (a count, then each), its number of documents, and
    ///   how many bytes its documents, counts and positions take in the streams below (so a
    ///   reader decodes only the key it looks up);
    /// - documents: per key, its documents (ascending, as differences from the one before);
    /// - counts: per key and document, how often the key occurs there;
    /// - positions: per pair and document, where (ascending, as differences).
    /// All numbers are LEB128 varints. Kept apart, each stream compresses better.
    static func encodeShard(_ entries: [Entry], _ perDocument: [Segments]) -> [UInt8] {
        let sorted = entries.sorted { ($0.key, $0.document) < ($1.key, $1.document) }
        var keys: [UInt8] = [], documents: [UInt8] = [], counts: [UInt8] = [], positions: [UInt8] = []
        var index = 0
        while index < sorted.count {
            var end = index + 1
            while end < sorted.count, sorted[end].key == sorted[index].key { end += 1 }
            let key = sorted[index].key
            if key & single != 0 {
                appendVarint(&keys, 1)
                appendVarint(&keys, Int(key & 0x1F_FFFF))
            } else {
                appendVarint(&keys, 2)
                appendVarint(&keys, Int(key >> 32))
                appendVarint(&keys, Int(key & 0xFFFF_FFFF))
            }
            appendVarint(&keys, end - index)
            let starts = (documents.count, counts.count, positions.count)
            var previous: Int32 = 0
            for entry in sorted[index..<end] {
                appendVarint(&documents, Int(entry.document - previous))
                previous = entry.document
                // The segment is the count, then the positions (for a pair).
                let bytes = perDocument[Int(entry.document)].bytes
                var at = Int(entry.start)
                let stop = Int(entry.start + entry.length)
                while bytes[at] & 0x80 != 0 { at += 1 }
                at += 1
                counts += bytes[Int(entry.start)..<at]
                positions += bytes[at..<stop]
            }
            appendVarint(&keys, documents.count - starts.0)
            appendVarint(&keys, counts.count - starts.1)
            appendVarint(&keys, positions.count - starts.2)
            index = end
        }
        var data: [UInt8] = []
        data.reserveCapacity(keys.count + documents.count + counts.count + positions.count + 16)
        for stream in [keys, documents, counts] {
            appendVarint(&data, stream.count)
            data += stream
        }
        data += positions
        return data
    }

    /// A key's shard: FNV-1a over its scalars as 32-bit words, the same in `search.js`.
    public static func shard(of key: [UInt32], count: Int) -> Int {
        key.count == 1 ? shard(key[0], count: count) : shard(key[0], key[1], count: count)
    }

    /// `shard(of:)` for one scalar and for a pair, without an array.
    @inline(__always)
    static func shard(_ a: UInt32, count: Int) -> Int {
        Int(((2_166_136_261 ^ a) &* 16_777_619) % UInt32(count))
    }

    @inline(__always)
    static func shard(_ a: UInt32, _ b: UInt32, count: Int) -> Int {
        Int((((((2_166_136_261 as UInt32) ^ a) &* 16_777_619) ^ b) &* 16_777_619) % UInt32(count))
    }

    static func appendVarint(_ data: inout [UInt8], _ value: Int) {
        var value = UInt64(value)
        while value >= 0x80 {
            data.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
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
