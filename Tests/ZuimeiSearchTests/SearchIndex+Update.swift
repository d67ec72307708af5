import Foundation
import Testing
@testable import ZuimeiSearch

/// An index updated for changed documents (`SearchIndex.updated`, what `zuimei serve` does
/// after an edit) is byte for byte the index built afresh from the new documents, and says
/// which shards and documents changed.
@Suite struct SearchIndexUpdateTests {
    typealias Random = SystemRandomNumberGeneratorLike

    /// One document edited the way a writer edits: a sentence added at the end or in the
    /// middle, a passage cut, the title changed, or the prefecture (a fact) changed.
    static func edited(_ document: SearchDocument, _ random: inout Random) -> SearchDocument {
        var document = document
        let words = SearchIndexExactnessTests.vocabulary
        func text(_ count: Int) -> String { (0..<count).map { _ in words[random.next(words.count)] }.joined() }
        switch random.next(5) {
        case 0: document.fields[4] += text(1 + random.next(8))
        case 1:
            let body = Array(document.fields[4])
            let at = random.next(body.count + 1)
            document.fields[4] = String(body[..<at]) + text(1 + random.next(6)) + String(body[at...])
        case 2:
            let body = Array(document.fields[4])
            let at = random.next(max(1, body.count - 10))
            document.fields[4] = String(body[..<at]) + String(body[min(body.count, at + 1 + random.next(10))...])
        case 3:
            document.title = text(3)
            document.fields[0] = document.title
        default:
            document.prefecture = "p\(random.next(5))"
            document.fields[3] = document.prefecture + text(1)
        }
        return document
    }

    @Test(arguments: [1, 3, 16])
    func anUpdatedIndexIsTheIndexBuiltAfresh(shards: Int) {
        var random = Random(seed: UInt64(2026 + shards))
        var documents = (0..<25).map { SearchIndexExactnessTests.document(&random, $0) }
        var index = SearchIndex.build(documents, shardCount: shards, jobs: 2)
        var patchedShards = 0
        for round in 0..<40 {
            // One to three documents edited at once.
            for _ in 0..<(1 + random.next(3)) {
                let id = random.next(documents.count)
                documents[id] = Self.edited(documents[id], &random)
            }
            let fresh = SearchIndex.build(documents, shardCount: shards, jobs: 1)
            guard let (updated, changedShards, changedDocuments) = index.updated(with: documents, jobs: 2) else {
                Issue.record("round \(round): not updated")
                return
            }
            let differing = fresh.shards.indices.filter { updated.shards[$0] != fresh.shards[$0] }
            #expect(differing.isEmpty, "round \(round): shards \(differing) differ")
            #expect(updated.documents == fresh.documents && updated.leading == fresh.leading, "round \(round)")
            // The shards it names are exactly those that changed.
            #expect(Set(changedShards) == Set(fresh.shards.indices.filter { fresh.shards[$0] != index.shards[$0] }), "round \(round)")
            #expect(!changedDocuments.isEmpty)
            patchedShards += changedShards.count
            index = updated
        }
        #expect(patchedShards > 0)
    }

    /// The command line's update: from the record alone, reading back only the texts and shards
    /// the change touches from the files the last build wrote (`SearchFiles`), whose other files
    /// stand unchanged. Those files with the update's are the fresh index's files, byte for byte.
    @Test(arguments: [1, 7])
    func anIndexUpdatedFromItsRecordAndFilesIsTheIndexBuiltAfresh(shards: Int) {
        var random = Random(seed: UInt64(77 + shards))
        var documents = (0..<20).map { SearchIndexExactnessTests.document(&random, $0) }
        @Sendable func digest(_ document: SearchDocument) -> String {
            document.canonicalBytes.map { String($0, radix: 16) }.joined(separator: ".")  // unique, as a real digest is
        }
        var index = SearchIndex.build(documents, shardCount: shards, jobs: 2)
        var record = index.record(digests: index.documents.map(digest))
        var files = Dictionary(uniqueKeysWithValues: SearchFiles.files(for: index).map { ($0.path, Data($0.text.utf8)) })
        for round in 0..<25 {
            for _ in 0..<(1 + random.next(2)) {
                let id = random.next(documents.count)
                documents[id] = Self.edited(documents[id], &random)
            }
            let last = files, urls = record.documents.map(\.url)
            let read = ReadBack()
            guard let update = SearchIndex.updated(record, with: documents, digest: digest,
                                                   oldText: { id in
                                                       read.note("t\(id)")
                                                       return last[SearchFiles.textPath(id)].flatMap {
                                                           SearchFiles.text(fromFile: $0, id: id, url: urls[id])
                                                       }
                                                   },
                                                   oldShard: { number in
                                                       read.note("i\(number)")
                                                       return last[SearchFiles.shardPath(number)].flatMap {
                                                           SearchFiles.shard(fromFile: $0, number: number)
                                                       }
                                                   }, jobs: 2)
            else {
                Issue.record("round \(round): not updated")
                return
            }
            for file in SearchFiles.changedFiles(for: (update.index, update.shards, update.documents)) {
                files[file.path] = Data(file.text.utf8)
            }
            let fresh = SearchIndex.build(documents, shardCount: shards, jobs: 1)
            let expected = Dictionary(uniqueKeysWithValues: SearchFiles.files(for: fresh).map { ($0.path, Data($0.text.utf8)) })
            let differing = expected.keys.filter { files[$0] != expected[$0] }.sorted()
            #expect(differing.isEmpty && files.count == expected.count, "round \(round): \(differing) differ")
            #expect(update.record == fresh.record(digests: fresh.documents.map(digest)), "round \(round)")
            // Only what the change touches is read back.
            #expect(read.names.count == update.documents.count + update.shards.count, "round \(round)")
            index = fresh
            record = update.record
        }
    }

    /// A file that cannot be read back (missing, another document's, or changed) means no update.
    @Test func aShardOrTextThatCannotBeReadBackMeansNoUpdate() {
        var random = Random(seed: 3)
        var documents = (0..<6).map { SearchIndexExactnessTests.document(&random, $0) }
        let index = SearchIndex.build(documents, shardCount: 2, jobs: 1)
        let record = index.record(digests: index.documents.map { String(describing: $0.canonicalBytes) })
        let files = Dictionary(uniqueKeysWithValues: SearchFiles.files(for: index).map { ($0.path, Data($0.text.utf8)) })
        documents[2].fields[4] += "新增一句话。"
        let urls = record.documents.map(\.url)
        func update(text: @escaping @Sendable (Int) -> String?, shard: @escaping @Sendable (Int) -> [UInt8]?) -> Bool {
            SearchIndex.updated(record, with: documents, digest: { String(describing: $0.canonicalBytes) }, oldText: text,
                                oldShard: shard) != nil
        }
        let text: @Sendable (Int) -> String? = { id in files[SearchFiles.textPath(id)].flatMap { SearchFiles.text(fromFile: $0, id: id, url: urls[id]) } }
        let shard: @Sendable (Int) -> [UInt8]? = { n in files[SearchFiles.shardPath(n)].flatMap { SearchFiles.shard(fromFile: $0, number: n) } }
        let fromFiles = update(text: text, shard: shard)
        let noText = update(text: { _ in nil }, shard: shard)
        let noShard = update(text: text, shard: { _ in nil })
        // Another document's text file is not read as this one's.
        let otherText = update(text: { id in
            files[SearchFiles.textPath((id + 1) % 6)].flatMap { SearchFiles.text(fromFile: $0, id: id, url: urls[id]) }
        }, shard: shard)
        #expect(fromFiles && !noText && !noShard && !otherText)
        #expect(SearchFiles.text(fromFile: files[SearchFiles.textPath(0)]!.dropLast(3), id: 0, url: urls[0]) == nil)
        #expect(SearchFiles.shard(fromFile: files[SearchFiles.shardPath(1)]!, number: 0) == nil)
    }

    @Test func aMovedAddedOrRemovedDocumentOrANewShardCountIsBuiltAfresh() {
        var random = Random(seed: 5)
        let documents = (0..<10).map { SearchIndexExactnessTests.document(&random, $0) }
        let index = SearchIndex.build(documents, jobs: 1)
        var moved = documents
        moved[3].date = "2020-01-01"
        #expect(index.updated(with: moved) == nil)
        #expect(index.updated(with: Array(documents.dropLast())) == nil)
        #expect(index.updated(with: documents + [SearchIndexExactnessTests.document(&random, 99)]) == nil)
        // Enough text for four shards where there was one.
        var grown = documents
        grown[0].fields[4] += String(repeating: "乡村振兴", count: 4_000)
        #expect(index.shardCount == 1 && SearchIndex.build(grown).shardCount > 1)
        #expect(index.updated(with: grown) == nil)
        // Unchanged: the same index, nothing to write.
        let same = index.updated(with: documents.reversed())
        let unchanged = same?.index.shards == index.shards && same?.shards == [] && same?.documents == []
        #expect(unchanged)
    }

    /// A text that Swift's `==` calls equal but whose bytes differ (a precomposed é and e with a
    /// combining accent) is a change: the text files keep the bytes as written.
    @Test func aChangeOfBytesAloneIsAChange() {
        let document = SearchDocument(url: "a/", title: "école", date: "2021-01-01", summary: "s", edition: 2021, prefecture: "p",
                                      programs: [], fields: ["école", "n", "s", "f", "正文 école"])
        var decomposed = document
        decomposed.fields[4] = "正文 e\u{301}cole"
        #expect(document == decomposed)
        let index = SearchIndex.build([document], shardCount: 2)
        #expect(index.updated(with: [decomposed])?.documents == [0])
    }

    /// `decodeShard` reads back what `encodeShard` wrote.
    @Test func aShardDecodesToThePostingsItWasMadeFrom() {
        var random = Random(seed: 9)
        let documents = (0..<12).map { SearchIndexExactnessTests.document(&random, $0) }
        let index = SearchIndex.build(documents, shardCount: 4, jobs: 1)
        for shard in index.shards {
            let (entries, bytes) = SearchIndex.decodeShard(shard)
            let same = SearchIndex.encodeShard(entries[...], bytes) == shard
            #expect(same)
            // As the browser's reader (the exactness tests' `entries`) reads the shard: the same keys and postings.
            let read = SearchIndexExactnessTests.entries(shard)
            #expect(Set(entries.map { SearchIndex.scalars(of: $0.key) }) == Set(read.keys))
            #expect(entries.count == read.values.reduce(0) { $0 + $1.count })
        }
    }
}

/// The names of the files a test's update read back (from several threads).
final class ReadBack: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var names = Set<String>()
    func note(_ name: String) {
        lock.lock()
        names.insert(name)
        lock.unlock()
    }
}
