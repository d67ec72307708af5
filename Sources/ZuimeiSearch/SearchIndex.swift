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

    /// Every field the same, byte for byte (`==` on strings compares them as Unicode does: a
    /// precomposed é equals e and a combining accent, and the files keep the bytes as written).
    public func isIdentical(to other: SearchDocument) -> Bool {
        let same = sameBytes
        return edition == other.edition && same(url, other.url) && same(title, other.title) && same(date, other.date)
            && same(summary, other.summary) && same(prefecture, other.prefecture)
            && programs.count == other.programs.count && zip(programs, other.programs).allSatisfy(same)
            && fields.count == other.fields.count && zip(fields, other.fields).allSatisfy(same)
    }

    /// Every field, each preceded by its length in bytes: what a digest of the document is made
    /// from (two different documents never have the same bytes here).
    public var canonicalBytes: [UInt8] {
        var bytes: [UInt8] = []
        func add(_ text: String) {
            SearchIndex.appendVarint(&bytes, text.utf8.count)
            bytes += text.utf8
        }
        for text in [url, title, date, summary, String(edition), prefecture] { add(text) }
        SearchIndex.appendVarint(&bytes, programs.count)
        programs.forEach(add)
        SearchIndex.appendVarint(&bytes, fields.count)
        fields.forEach(add)
        return bytes
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
    /// Per document: its normalised text's length in scalars (what the shard count is worked out from).
    var lengths: [Int] = []
    /// The shard count was the caller's, not worked out from the lengths.
    var requestedShardCount = false

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

    /// A gram's postings in one document: `start` and `length` in the batch's bytes (every
    /// document's `Segments.bytes` one after the other).
    struct Entry {
        var key: UInt64
        var start: Int
        var document: Int32
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

    /// `batches`: how many passes over the documents (a test's choice; else one per 8 million scalars, at most 16).
    public static func build(_ documents: [SearchDocument], shardCount requested: Int? = nil, jobs: Int = 1,
                             batches requestedBatches: Int? = nil) -> SearchIndex {
        let documents = documents.sorted { ($0.date, $1.url) > ($1.date, $0.url) }
        let texts: [[UInt32]] = parallelMap(documents, jobs: jobs) { SearchText.normalized($0.text).map(\.value) }
        let leading = parallelMap(documents, jobs: jobs) { SearchText.normalized($0.fields.prefix(2).joined(separator: "\n")).count }
        let shifts = leading.map { max(0, leadLimit - $0) }
        let total = texts.reduce(0) { $0 + $1.count }
        let shardCount = requested ?? Self.shardCount(total: total)
        // In batches of shards, each reading every document again: memory holds one batch's postings.
        let batches = requestedBatches ?? max(1, min(16, total / 8_000_000))
        var shards = [[UInt8]](repeating: [], count: shardCount)
        for batch in 0..<batches {
            let inBatch = Self.inBatch(batch, of: batches, shardCount: shardCount)
            var perDocument = parallelMap(Array(texts.indices), jobs: jobs) { id in
                segments(of: texts[id], leading: leading[id], shift: shifts[id], shardCount: shardCount, batch: batch, of: batches,
                         inBatch: inBatch)
            }
            // Every document's bytes in one array, and its records gathered by shard into one
            // array: counted first, then placed (no array per shard to grow).
            var bases = [Int](repeating: 0, count: perDocument.count + 1)
            for (document, segments) in perDocument.enumerated() { bases[document + 1] = bases[document] + segments.bytes.count }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(bases[perDocument.count])
            for segments in perDocument { bytes += segments.bytes }
            var offsets = [Int](repeating: 0, count: shardCount + 1)
            for segments in perDocument {
                for record in segments.records { offsets[Int(record.shard) + 1] += 1 }
            }
            for shard in 0..<shardCount { offsets[shard + 1] += offsets[shard] }
            var next = offsets
            var entries = [Entry](unsafeUninitializedCapacity: offsets[shardCount]) { buffer, count in
                for (document, segments) in perDocument.enumerated() {
                    let base = bases[document]
                    for record in segments.records {
                        let shard = Int(record.shard)
                        (buffer.baseAddress! + next[shard]).initialize(to: Entry(key: record.key, start: base + Int(record.start),
                                                                                  document: Int32(document), length: record.length))
                        next[shard] += 1
                    }
                }
                count = offsets[shardCount]
            }
            perDocument = []
            let ids = Array(stride(from: batch, to: shardCount, by: batches))
            let (gathered, all, ranges) = (entries, bytes, offsets)
            entries = []
            bytes = []
            let encoded = parallelMap(ids, jobs: jobs) { id in encodeShard(gathered[ranges[id]..<ranges[id + 1]], all) }
            for (id, data) in zip(ids, encoded) { shards[id] = data }
        }
        return SearchIndex(documents: documents, shardCount: shardCount, shards: shards, leading: leading,
                           lengths: texts.map(\.count), requestedShardCount: requested != nil)
    }

    /// The shard count for texts of `total` scalars: about 12 KB of postings a shard (three bytes
    /// a scalar on average), at least 1; a query loads a shard per pair it reads, so smaller
    /// shards are fewer bytes per query.
    static func shardCount(total: Int) -> Int { max(1, min(maximumShardCount, total * 3 / 12_000)) }

    static let maximumShardCount = 16_384

    /// A shard's postings as `encodeShard` wrote them, per key (in order) and document (in
    /// order): each an `Entry` whose bytes (the count, then the places of a triple) are in `bytes`.
    static func decodeShard(_ shard: [UInt8]) -> (entries: [Entry], bytes: [UInt8]) {
        var entries: [Entry] = []
        var bytes: [UInt8] = []
        guard !shard.isEmpty else { return (entries, bytes) }
        bytes.reserveCapacity(shard.count)
        shard.withUnsafeBufferPointer { shard in
            var at = 0
            func varint() -> Int {
                var value = 0, shift = 0
                while at < shard.count {
                    let byte = shard[at]
                    at += 1
                    value |= Int(byte & 0x7F) << shift
                    shift += 7
                    if byte & 0x80 == 0 { break }
                }
                return value
            }
            var streams: [Range<Int>] = []  // keys, documents, counts; the positions follow
            for _ in 0..<3 {
                let size = varint()
                streams.append(at..<min(shard.count, at + size))
                at += size
            }
            var documents = streams[1].lowerBound, counts = streams[2].lowerBound, positions = min(at, shard.count)
            at = streams[0].lowerBound
            while at < streams[0].upperBound {
                let scalarCount = varint()
                var scalars: (UInt64, UInt64, UInt64) = (0, 0, 0)
                if scalarCount > 0 { scalars.0 = UInt64(varint()) }
                if scalarCount > 1 { scalars.1 = UInt64(varint()) }
                if scalarCount > 2 { scalars.2 = UInt64(varint()) }
                let key: UInt64 = scalarCount == 1 ? singleTag | scalars.0
                    : scalarCount == 2 ? pairTag | scalars.0 << 21 | scalars.1 : scalars.0 << 42 | scalars.1 << 21 | scalars.2
                let postingCount = varint()
                for _ in 0..<3 { _ = varint() }  // the lengths of its data in the three streams, read below
                let keyEnd = at
                var document = 0
                for _ in 0..<postingCount {
                    at = documents
                    document += varint()
                    documents = at
                    let start = bytes.count
                    at = counts
                    let count = varint()
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: shard[counts..<at]))
                    counts = at
                    if scalarCount == 3 {
                        at = positions
                        for _ in 0..<count { _ = varint() }
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: shard[positions..<at]))
                        positions = at
                    }
                    entries.append(Entry(key: key, start: start, document: Int32(document), length: Int32(bytes.count - start)))
                }
                at = keyEnd
            }
        }
        return (entries, bytes)
    }

    /// A document's grams in the shards of `batch`, with their postings bytes: for a character
    /// or a pair, its count times two plus one if it occurs in the title or the name; for a
    /// triple, its count and its places (ascending, as differences). Places from `leading` on
    /// are moved on by `shift` (`leadLimit`). No gram spans white space.
    ///
    /// Grams are grouped by a hash table, not sorted: in one pass over the text, each gram is
    /// counted (and a triple's places chained, in the order they come, which is ascending).
    /// The order of a document's records does not matter: `encodeShard` orders by key and document.
    static func segments(of text: [UInt32], leading: Int = 0, shift: Int = 0, shardCount: Int, batch: Int, of batches: Int,
                         inBatch known: [Bool]? = nil) -> Segments {
        func isSpace(_ value: UInt32) -> Bool {
            value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : (value < 0x3400 && (Unicode.Scalar(value).map(SearchText.isSpace) ?? true))
        }
        var counted = GramTable(capacity: 2 * text.count / batches + 16)
        var counts: [Int32] = []  // per gram of `counted`: occurrences times two, plus one if in the lead
        counts.reserveCapacity(2 * text.count / batches + 16)
        var triples = GramTable(capacity: text.count / batches + 16)
        var firstPlace: [Int32] = [], lastPlace: [Int32] = [], placeCounts: [Int32] = []  // per triple: its chain of places
        var places: [UInt32] = [], next: [Int32] = []  // the chains: a place and the next link's index, -1 at the end
        places.reserveCapacity(text.count / batches + 16)
        next.reserveCapacity(text.count / batches + 16)
        func count(_ key: UInt64, lead: Bool) {
            let (slot, isNew) = counted.insert(key)
            if isNew { counts.append(0) }
            counts[slot] = (counts[slot] &+ 2) | (lead ? 1 : 0)
        }
        // A gram's shard is a hash modulo the shard count: by `Modulo`'s multiplications, not a
        // division (three grams a character, each batch). Whether a shard is in this batch, from a table.
        let modulo = Modulo(UInt32(shardCount))
        let inBatch = batches == 1 ? nil : known ?? Self.inBatch(batch, of: batches, shardCount: shardCount)
        func wanted(_ hash: UInt32) -> Bool { inBatch.map { $0[Int(modulo(hash))] } ?? true }
        var run = 0  // characters since the last space, up to 3
        for (position, value) in text.enumerated() {
            if isSpace(value) {
                run = 0
                continue
            }
            run = min(run + 1, 3)
            let lead = position < leading
            if wanted(hash(value)) {
                count(singleTag | UInt64(value), lead: lead)
            }
            if run >= 2 {
                let a = text[position - 1]
                if wanted(hash(a, value)) {
                    count(pairTag | UInt64(a) << 21 | UInt64(value), lead: lead)
                }
            }
            let start = position - 2 < leading ? position - 2 : position - 2 + shift
            if run == 3, start < 1 << 21 {
                let a = text[position - 2], b = text[position - 1]
                if wanted(hash(a, b, value)) {
                    let (slot, isNew) = triples.insert(UInt64(a) << 42 | UInt64(b) << 21 | UInt64(value))
                    let link = Int32(places.count)
                    places.append(UInt32(start))
                    next.append(-1)
                    if isNew {
                        firstPlace.append(link)
                        lastPlace.append(link)
                        placeCounts.append(1)
                    } else {
                        next[Int(lastPlace[slot])] = link
                        lastPlace[slot] = link
                        placeCounts[slot] += 1
                    }
                }
            }
        }
        var result = Segments()
        result.bytes.reserveCapacity(counts.count + places.count * 2)
        result.records.reserveCapacity(counts.count + placeCounts.count)
        func record(_ key: UInt64, from start: Int) {
            result.records.append(Record(key: key, shard: Int32(modulo(hash(ofKey: key))), start: Int32(start),
                                         length: Int32(result.bytes.count - start)))
        }
        for (slot, key) in counted.keys.enumerated() {
            let start = result.bytes.count
            appendVarint(&result.bytes, Int(counts[slot]))
            record(key, from: start)
        }
        for (slot, key) in triples.keys.enumerated() {
            let start = result.bytes.count
            appendVarint(&result.bytes, Int(placeCounts[slot]))
            var link = firstPlace[slot]
            var last: UInt32 = 0
            while link >= 0 {
                let place = places[Int(link)]
                appendVarint(&result.bytes, Int(place - last))
                last = place
                link = next[Int(link)]
            }
            record(key, from: start)
        }
        return result
    }

    /// Per shard, whether it is in `batch`.
    static func inBatch(_ batch: Int, of batches: Int, shardCount: Int) -> [Bool] { (0..<shardCount).map { $0 % batches == batch } }

    /// An open-addressing hash table of 64-bit keys (never `UInt64.max`), numbering them in the
    /// order they are first inserted: far faster than a `Dictionary` for millions of small keys.
    struct GramTable {
        private var slots: [UInt64]
        private var numbers: [Int32]
        private var mask: Int
        /// The keys, in the order they were first inserted.
        private(set) var keys: [UInt64] = []

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = [UInt64](repeating: .max, count: size)
            numbers = [Int32](repeating: 0, count: size)
            mask = size - 1
            keys.reserveCapacity(capacity)
        }

        /// The key's number, and whether it was new.
        @inline(__always)
        mutating func insert(_ key: UInt64) -> (Int, Bool) {
            if keys.count * 2 >= slots.count { grow() }
            var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
            while true {
                let found = slots[index]
                if found == key { return (Int(numbers[index]), false) }
                if found == .max {
                    slots[index] = key
                    numbers[index] = Int32(keys.count)
                    keys.append(key)
                    return (keys.count - 1, true)
                }
                index = (index + 1) & mask
            }
        }

        private mutating func grow() {
            let size = slots.count * 2
            slots = [UInt64](repeating: .max, count: size)
            numbers = [Int32](repeating: 0, count: size)
            mask = size - 1
            for (number, key) in keys.enumerated() {
                var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
                while slots[index] != .max { index = (index + 1) & mask }
                slots[index] = key
                numbers[index] = Int32(number)
            }
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
    static func encodeShard(_ entries: ArraySlice<Entry>, _ bytes: [UInt8]) -> [UInt8] {
        // Entries come in document order: grouped by key (a hash table and a counting pass), they
        // are in key and document order once the keys are; only the distinct keys are sorted.
        var table = GramTable(capacity: entries.count / 2 + 16)
        var groups = [Int32](repeating: 0, count: entries.count)
        for (at, entry) in entries.enumerated() { groups[at] = Int32(table.insert(entry.key).0) }
        let order = table.keys.indices.sorted { table.keys[$0] < table.keys[$1] }
        var sizes = [Int](repeating: 0, count: table.keys.count)
        for group in groups { sizes[Int(group)] += 1 }
        var next = [Int](repeating: 0, count: table.keys.count)  // per group: where its next entry goes
        var offset = 0
        for group in order {
            next[group] = offset
            offset += sizes[group]
        }
        var sorted = Array(entries)
        for (at, entry) in entries.enumerated() {
            let group = Int(groups[at])
            sorted[next[group]] = entry
            next[group] += 1
        }
        var keys: [UInt8] = [], documents: [UInt8] = [], counts: [UInt8] = [], positions: [UInt8] = []
        documents.reserveCapacity(sorted.count * 2)
        counts.reserveCapacity(sorted.count * 2)
        positions.reserveCapacity(sorted.reduce(0) { $0 + Int($1.length) })
        bytes.withUnsafeBufferPointer { bytes in
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
                    // The segment is the count, then the positions (for a triple).
                    var at = entry.start
                    let stop = entry.start + Int(entry.length)
                    while bytes[at] & 0x80 != 0 { at += 1 }
                    at += 1
                    counts.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[entry.start..<at]))
                    if stop > at { positions.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[at..<stop])) }
                }
                appendVarint(&keys, documents.count - starts.0)
                appendVarint(&keys, counts.count - starts.1)
                appendVarint(&keys, positions.count - starts.2)
                index = end
            }
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
        switch key.count {
        case 1: shard(key[0], count: count)
        case 2: shard(key[0], key[1], count: count)
        default: shard(key[0], key[1], key[2], count: count)
        }
    }

    /// `shard(of:)` for one scalar and for a pair, without an array.
    @inline(__always)
    static func shard(_ a: UInt32, count: Int) -> Int { Int(hash(a) % UInt32(count)) }

    @inline(__always)
    static func shard(_ a: UInt32, _ b: UInt32, count: Int) -> Int { Int(hash(a, b) % UInt32(count)) }

    @inline(__always)
    static func shard(_ a: UInt32, _ b: UInt32, _ c: UInt32, count: Int) -> Int { Int(hash(a, b, c) % UInt32(count)) }

    /// FNV-1a over a key's scalars as 32-bit words; the shard is this modulo the shard count.
    @inline(__always)
    static func hash(_ a: UInt32) -> UInt32 { (2_166_136_261 ^ a) &* 16_777_619 }

    @inline(__always)
    static func hash(_ a: UInt32, _ b: UInt32) -> UInt32 { (hash(a) ^ b) &* 16_777_619 }

    @inline(__always)
    static func hash(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 { (hash(a, b) ^ c) &* 16_777_619 }

    /// `hash` of a key (`scalars(of:)`).
    @inline(__always)
    static func hash(ofKey key: UInt64) -> UInt32 {
        if key & singleTag == singleTag { return hash(UInt32(key & 0x1F_FFFF)) }
        if key & pairTag != 0 { return hash(UInt32(key >> 21 & 0x1F_FFFF), UInt32(key & 0x1F_FFFF)) }
        return hash(UInt32(key >> 42), UInt32(key >> 21 & 0x1F_FFFF), UInt32(key & 0x1F_FFFF))
    }

    /// `n % divisor` for any 32-bit `n` by two multiplications (Lemire, Kaser and Kurz, "Faster
    /// remainder by direct computation", 2019): exactly the remainder, at a fraction of a division's cost.
    struct Modulo {
        let divisor: UInt64
        let inverse: UInt64

        init(_ divisor: UInt32) {
            precondition(divisor > 0)
            self.divisor = UInt64(divisor)
            inverse = UInt64.max / UInt64(divisor) &+ 1
        }

        @inline(__always)
        func callAsFunction(_ n: UInt32) -> UInt32 {
            UInt32(truncatingIfNeeded: (inverse &* UInt64(n)).multipliedFullWidth(by: divisor).high)
        }
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
