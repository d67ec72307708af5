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

/// The search index over the normalised text, with no dictionary: every character and every
/// pair of adjacent characters with the documents that hold it (how often, and whether in the
/// title or the name), and every run of three with the documents and the places. A query of
/// one or two characters reads one list; a longer one reads the triples at offsets 0, 3, 6, …
/// and the last, which together cover it, and keeps the places where all of them line up:
/// exact, whatever the language. Triples are far rarer than pairs (乡村 is in nearly every
/// story, 乡村振 in fewer), so a query loads short lists. Lists are sharded by a hash of their
/// key, so a query loads a few shards, not the index.
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

    /// A gram's key (`key(_:)`), its shard, and its bytes in `Segments.bytes`. Plain values:
    /// gathering millions moves no reference counts.
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

    /// Keys: a triple is `a << 42 | b << 21 | c` (below 2^63, scalars are 21 bits), a pair
    /// `1 << 63 | a << 21 | b`, a character `3 << 62 | a`.
    static let pairTag: UInt64 = 1 << 63
    static let singleTag: UInt64 = 3 << 62

    /// A key's scalars.
    static func scalars(of key: UInt64) -> [UInt32] {
        if key & singleTag == singleTag { return [UInt32(key & 0x1F_FFFF)] }
        if key & pairTag != 0 { return [UInt32(key >> 21 & 0x1F_FFFF), UInt32(key & 0x1F_FFFF)] }
        return [UInt32(key >> 42), UInt32(key >> 21 & 0x1F_FFFF), UInt32(key & 0x1F_FFFF)]
    }

    public static func build(_ documents: [SearchDocument], shardCount requested: Int? = nil, jobs: Int = 1) -> SearchIndex {
        let documents = documents.sorted { ($0.date, $1.url) > ($1.date, $0.url) }
        let texts: [[UInt32]] = parallelMap(documents, jobs: jobs) { SearchText.normalized($0.text).map(\.value) }
        let leading = parallelMap(documents, jobs: jobs) { SearchText.normalized($0.fields.prefix(2).joined(separator: "\n")).count }
        let shifts = leading.map { max(0, leadLimit - $0) }
        let alphabets = parallelMap(texts, jobs: jobs) { Alphabet($0) }
        let total = texts.reduce(0) { $0 + $1.count }
        // About 12 KB of postings a shard (three bytes a scalar on average), at least 1: a query
        // loads a shard per pair it reads, so smaller shards are fewer bytes per query.
        let shardCount = requested ?? max(1, min(16_384, total * 3 / 12_000))
        // In batches of shards, each reading every document again: memory holds one batch's postings.
        let batches = max(1, min(16, total / 8_000_000))
        var shards = [[UInt8]](repeating: [], count: shardCount)
        for batch in 0..<batches {
            let perDocument = parallelMap(Array(texts.indices), jobs: jobs) { id in
                segments(of: texts[id], leading: leading[id], shift: shifts[id], shardCount: shardCount, batch: batch, of: batches,
                         alphabet: alphabets[id])
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

    /// A document's grams in the shards of `batch`, with their postings bytes: for a character
    /// or a pair, its count times two plus one if it occurs in the title or the name; for a
    /// triple, its count and its places (ascending, as differences). Places from `leading` on
    /// are moved on by `shift` (`leadLimit`). No gram spans white space.
    static func segments(of text: [UInt32], leading: Int = 0, shift: Int = 0, shardCount: Int, batch: Int, of batches: Int,
                         alphabet: Alphabet? = nil) -> Segments {
        func isSpace(_ value: UInt32) -> Bool {
            value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : (value < 0x3400 && (Unicode.Scalar(value).map(SearchText.isSpace) ?? true))
        }
        let alphabet = alphabet ?? Alphabet(text)
        // Plain numbers, sorted, then grouped: a character `1 << 63 | a << 1 | lead`, a pair
        // `a << 22 | b << 1 | lead`; a triple, by the document's own codes for its characters
        // (13 bits each), `(code a << 26 | code b << 13 | code c) << 21 | place`.
        var counted: [UInt64] = []
        counted.reserveCapacity(2 * text.count / batches + 16)
        var triples: [UInt64] = []
        triples.reserveCapacity(text.count / batches + 16)
        var wide: [(key: UInt64, place: UInt32)] = []  // a document of more than 8,191 different characters
        var run = 0  // characters since the last space, up to 3
        for (position, value) in text.enumerated() {
            if isSpace(value) {
                run = 0
                continue
            }
            run = min(run + 1, 3)
            let lead: UInt64 = position < leading ? 1 : 0
            if shard(value, count: shardCount) % batches == batch {
                counted.append(1 << 63 | UInt64(value) << 1 | lead)
            }
            if run >= 2 {
                let a = text[position - 1]
                if shard(a, value, count: shardCount) % batches == batch {
                    counted.append(UInt64(a) << 22 | UInt64(value) << 1 | lead)
                }
            }
            let start = position - 2 < leading ? position - 2 : position - 2 + shift
            if run == 3, start < 1 << 21 {
                let a = text[position - 2], b = text[position - 1]
                if shard(a, b, value, count: shardCount) % batches == batch {
                    if let codes = alphabet.codes {
                        let local = UInt64(codes[position - 2]) << 26 | UInt64(codes[position - 1]) << 13 | UInt64(codes[position])
                        triples.append(local << 21 | UInt64(start))
                    } else {
                        wide.append((UInt64(a) << 42 | UInt64(b) << 21 | UInt64(value), UInt32(start)))
                    }
                }
            }
        }
        var result = Segments()
        result.bytes.reserveCapacity(counted.count + triples.count * 2)
        func record(_ key: UInt64, from start: Int) {
            result.records.append(Record(key: key, shard: Int32(shard(ofKey: key, count: shardCount)), start: Int32(start),
                                         length: Int32(result.bytes.count - start)))
        }
        counted.sort()
        var index = 0
        while index < counted.count {
            let packed = counted[index] >> 1
            var end = index + 1
            var lead = counted[index] & 1
            while end < counted.count, counted[end] >> 1 == packed {
                lead |= counted[end] & 1
                end += 1
            }
            let start = result.bytes.count
            appendVarint(&result.bytes, (end - index) * 2 + Int(lead))
            let key = packed >> 62 == 1 ? singleTag | (packed & 0x1F_FFFF) : pairTag | (packed >> 21) << 21 | (packed & 0x1F_FFFF)
            record(key, from: start)
            index = end
        }
        func appendPlaces(_ places: some Collection<UInt32>) {
            appendVarint(&result.bytes, places.count)
            var last: UInt32 = 0
            for place in places {
                appendVarint(&result.bytes, Int(place - last))
                last = place
            }
        }
        triples.sort()
        index = 0
        while index < triples.count {
            let local = triples[index] >> 21
            var end = index + 1
            while end < triples.count, triples[end] >> 21 == local { end += 1 }
            let start = result.bytes.count
            appendPlaces(triples[index..<end].lazy.map { UInt32($0 & 0x1F_FFFF) })
            let symbols = alphabet.symbols
            let key = UInt64(symbols[Int(local >> 26)]) << 42 | UInt64(symbols[Int(local >> 13 & 0x1FFF)]) << 21
                | UInt64(symbols[Int(local & 0x1FFF)])
            record(key, from: start)
            index = end
        }
        wide.sort { ($0.key, $0.place) < ($1.key, $1.place) }
        index = 0
        while index < wide.count {
            var end = index + 1
            while end < wide.count, wide[end].key == wide[index].key { end += 1 }
            let start = result.bytes.count
            appendPlaces(wide[index..<end].lazy.map(\.place))
            record(wide[index].key, from: start)
            index = end
        }
        return result
    }

    /// A document's characters numbered in the order they first occur, so a triple and its
    /// place fit in one number; nil codes for more than 8,191 different characters.
    struct Alphabet: Sendable {
        var codes: [UInt16]?
        var symbols: [UInt32] = []

        init(_ text: [UInt32]) {
            var numbers: [UInt32: UInt16] = [:]
            var codes: [UInt16] = []
            codes.reserveCapacity(text.count)
            for value in text {
                if let code = numbers[value] {
                    codes.append(code)
                } else {
                    guard symbols.count < 0x1FFF else { self.codes = nil; return }
                    let code = UInt16(symbols.count)
                    numbers[value] = code
                    symbols.append(value)
                    codes.append(code)
                }
            }
            self.codes = codes
        }
    }

    /// A shard's bytes, four streams one after the other, each but the last after its length:
    /// - keys: per key in order, its scalars (a count, then each), its number of documents, and
    ///   how many bytes its documents, counts and positions take in the streams below (so a
    ///   reader decodes only the key it looks up);
    /// - documents: per key, its documents (ascending, as differences from the one before);
    /// - counts: per key and document, how often the key occurs there (for a character or a
    ///   pair, times two, plus one if in the title or the name);
    /// - positions: per triple and document, where (ascending, as differences).
    /// All numbers are LEB128 varints. Kept apart, each stream compresses better.
    static func encodeShard(_ entries: [Entry], _ perDocument: [Segments]) -> [UInt8] {
        let sorted = entries.sorted { ($0.key, $0.document) < ($1.key, $1.document) }
        var keys: [UInt8] = [], documents: [UInt8] = [], counts: [UInt8] = [], positions: [UInt8] = []
        var index = 0
        while index < sorted.count {
            var end = index + 1
            while end < sorted.count, sorted[end].key == sorted[index].key { end += 1 }
            let scalars = scalars(of: sorted[index].key)
            appendVarint(&keys, scalars.count)
            for scalar in scalars { appendVarint(&keys, Int(scalar)) }
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

    /// `shard(of: scalars(of: key))`, without an array.
    @inline(__always)
    static func shard(ofKey key: UInt64, count: Int) -> Int {
        if key & singleTag == singleTag { return shard(UInt32(key & 0x1F_FFFF), count: count) }
        if key & pairTag != 0 { return shard(UInt32(key >> 21 & 0x1F_FFFF), UInt32(key & 0x1F_FFFF), count: count) }
        return shard(UInt32(key >> 42), UInt32(key >> 21 & 0x1F_FFFF), UInt32(key & 0x1F_FFFF), count: count)
    }

    /// A key's shard: FNV-1a over its scalars as 32-bit words, the same in `search.js`.
    public static func shard(of key: [UInt32], count: Int) -> Int {
        switch key.count {
        case 1: shard(key[0], count: count)
        case 2: shard(key[0], key[1], count: count)
        default: shard(key[0], key[1], key[2], count: count)
        }
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

    @inline(__always)
    static func shard(_ a: UInt32, _ b: UInt32, _ c: UInt32, count: Int) -> Int {
        var hash: UInt32 = 2_166_136_261
        hash = (hash ^ a) &* 16_777_619
        hash = (hash ^ b) &* 16_777_619
        hash = (hash ^ c) &* 16_777_619
        return Int(hash % UInt32(count))
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
