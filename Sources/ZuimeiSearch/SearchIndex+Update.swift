import Foundation
import ZuimeiParallel

/// What the next build needs of an index to update it (`SearchIndex.updated(_:with:…)`)
/// without holding it: per document, in the index's order, its URL and date (which fix the
/// order), a digest of the whole document, and its lengths (of the title and name, and of the
/// text); and the shard count. Kept in the build's cache beside the files the index was written to.
public struct SearchIndexRecord: Sendable, Equatable {
    public struct Document: Sendable, Equatable {
        public var url: String
        public var date: String
        public var digest: String
        public var leading: Int
        public var length: Int
        public init(url: String, date: String, digest: String, leading: Int, length: Int) {
            self.url = url
            self.date = date
            self.digest = digest
            self.leading = leading
            self.length = length
        }
    }

    public var shardCount: Int
    public var requestedShardCount: Bool
    public var documents: [Document]

    public init(shardCount: Int, requestedShardCount: Bool, documents: [Document]) {
        self.shardCount = shardCount
        self.requestedShardCount = requestedShardCount
        self.documents = documents
    }
}

/// Updating an index for changed documents: in memory (`zuimei serve`), or from its record and
/// the files the last build wrote (the command line).
extension SearchIndex {
    /// The index of `documents` made from `self`, the index of the same documents before some of
    /// them changed: only the changed documents are read, only the shards whose postings they
    /// change are decoded and encoded again. The same bytes as `build` (the incremental property
    /// test and `SearchIndexUpdateTests` hold it so). Nil when it cannot be done that way: a
    /// document added, removed or moved in the order (its date changed), or a shard count that
    /// would change; then `build`. `changed`: the shards and the documents whose bytes changed.
    public func updated(with documents: [SearchDocument], jobs: Int = 1) -> (index: SearchIndex, shards: [Int], documents: [Int])? {
        let documents = documents.sorted { ($0.date, $1.url) > ($1.date, $0.url) }
        guard documents.count == self.documents.count, lengths.count == documents.count,
              zip(documents, self.documents).allSatisfy({ sameBytes($0.url, $1.url) && sameBytes($0.date, $1.date) })
        else { return nil }
        let changed = documents.indices.filter { !documents[$0].isIdentical(to: self.documents[$0]) }
        let old = self
        return Self.apply(changed: changed, to: old, documents: documents, oldText: { old.documents[$0].text },
                          oldShard: { old.shards[$0] }, jobs: jobs)
    }

    /// What `updated` does from an index's record (`SearchIndexRecord`), without the index: the
    /// changed documents are those whose digest (`digest`, as the record's were made) differs;
    /// `oldText(id)` gives the earlier text of document `id` and `oldShard(n)` the earlier bytes of
    /// shard n, for those the change touches only (nil: not to be had, and then so is the update).
    /// The index returned has the new documents and the bytes of the shards it names only (the
    /// others are empty: the earlier files stand for them); `record`, the new index's record.
    public static func updated(_ record: SearchIndexRecord, with documents: [SearchDocument],
                               digest: @Sendable (SearchDocument) -> String,
                               oldText: @escaping @Sendable (Int) -> String?, oldShard: @escaping @Sendable (Int) -> [UInt8]?,
                               jobs: Int = 1)
        -> (index: SearchIndex, shards: [Int], documents: [Int], record: SearchIndexRecord)? {
        let documents = documents.sorted { ($0.date, $1.url) > ($1.date, $0.url) }
        guard (1...maximumShardCount).contains(record.shardCount),
              documents.count == record.documents.count,
              zip(documents, record.documents).allSatisfy({ sameBytes($0.url, $1.url) && sameBytes($0.date, $1.date) })
        else { return nil }
        let digests = parallelMap(documents, jobs: jobs, digest)
        let changed = documents.indices.filter { digests[$0] != record.documents[$0].digest }
        let base = SearchIndex(documents: documents, shardCount: record.shardCount,
                               shards: [[UInt8]](repeating: [], count: record.shardCount),
                               leading: record.documents.map(\.leading), lengths: record.documents.map(\.length),
                               requestedShardCount: record.requestedShardCount)
        guard let update = apply(changed: changed, to: base, documents: documents, oldText: oldText, oldShard: oldShard, jobs: jobs)
        else { return nil }
        return (update.index, update.shards, update.documents, update.index.record(digests: digests))
    }

    /// The record of this index, given its documents' digests (in its order).
    public func record(digests: [String]) -> SearchIndexRecord {
        SearchIndexRecord(shardCount: shardCount, requestedShardCount: requestedShardCount,
                          documents: documents.indices.map {
                              SearchIndexRecord.Document(url: documents[$0].url, date: documents[$0].date, digest: digests[$0],
                                                         leading: leading[$0], length: lengths[$0])
                          })
    }

    /// `base` with `documents` (in its order; the documents at `changed` changed): the changed
    /// documents read, the shards whose postings they change decoded (`oldShard`) and encoded again.
    private static func apply(changed: [Int], to base: SearchIndex, documents: [SearchDocument],
                              oldText: @escaping @Sendable (Int) -> String?, oldShard: @escaping @Sendable (Int) -> [UInt8]?,
                              jobs: Int) -> (index: SearchIndex, shards: [Int], documents: [Int])? {
        var result = base
        result.documents = documents
        // The shard count the lengths give (checked with nothing changed too: a record's lengths
        // and count must agree), summed without overflow.
        func agrees(_ lengths: [Int]) -> Bool {
            var total = 0
            for length in lengths {
                let (sum, overflow) = total.addingReportingOverflow(length)
                guard !overflow, length >= 0 else { return false }
                total = sum
            }
            return base.requestedShardCount || Self.shardCount(total: total) == base.shardCount
        }
        guard !changed.isEmpty else { return agrees(result.lengths) ? (result, [], []) : nil }
        let texts = parallelMap(changed, jobs: jobs) { SearchText.normalized(documents[$0].text).map(\.value) }
        let leads = parallelMap(changed, jobs: jobs) { SearchText.normalized(documents[$0].fields.prefix(2).joined(separator: "\n")).count }
        for (at, id) in changed.enumerated() {
            result.lengths[id] = texts[at].count
            result.leading[id] = leads[at]
        }
        guard agrees(result.lengths) else { return nil }
        // Each changed document's postings before and after, by shard: a shard changes where they differ.
        let read = parallelMap(changed, jobs: jobs) { oldText($0).map { SearchText.normalized($0).map(\.value) } }
        guard read.allSatisfy({ $0 != nil }) else { return nil }
        let oldTexts = read.map { $0! }
        let shardCount = base.shardCount
        @Sendable func postings(_ text: [UInt32], _ lead: Int) -> [Int: [UInt64: ArraySlice<UInt8>]] {
            let segments = Self.segments(of: text, leading: lead, shift: max(0, Self.leadLimit - lead), shardCount: shardCount,
                                         batch: 0, of: 1)
            var byShard: [Int: [UInt64: ArraySlice<UInt8>]] = [:]
            for record in segments.records {
                byShard[Int(record.shard), default: [:]][record.key] =
                    segments.bytes[Int(record.start)..<Int(record.start + record.length)]
            }
            return byShard
        }
        let before = parallelMap(Array(changed.enumerated()), jobs: jobs) { postings(oldTexts[$0.offset], base.leading[$0.element]) }
        let after = parallelMap(Array(changed.enumerated()), jobs: jobs) { postings(texts[$0.offset], leads[$0.offset]) }
        var touched = Set<Int>()
        for (old, new) in zip(before, after) {
            for shard in Set(old.keys).union(new.keys) where old[shard] != new[shard] { touched.insert(shard) }
        }
        let shards = touched.sorted()
        let changedIDs = Set(changed.map(Int32.init))
        let encoded = parallelMap(shards, jobs: jobs) { shard -> [UInt8]? in
            // The shard's postings of the unchanged documents, and the changed documents' new ones.
            guard let old = oldShard(shard) else { return nil }
            var (entries, bytes) = Self.decodeShard(old)
            entries.removeAll { changedIDs.contains($0.document) }
            for (at, id) in changed.enumerated() {
                for (key, segment) in after[at][shard] ?? [:] {
                    entries.append(Entry(key: key, start: bytes.count, document: Int32(id), length: Int32(segment.count)))
                    bytes += segment
                }
            }
            // `encodeShard` keeps each key's entries in the order given: by document.
            entries.sort { ($0.key, $0.document) < ($1.key, $1.document) }
            return Self.encodeShard(entries[...], bytes)
        }
        for (shard, data) in zip(shards, encoded) {
            guard let data else { return nil }
            result.shards[shard] = data
        }
        return (result, shards, changed)
    }
}
