import Foundation
import Testing
@testable import ZuimeiSearch

/// The index read back as `assets/search.js` reads it, and queried the same way (pairs at
/// offsets 0, 2, 4, … and the last, lined up), against a plain substring search over the
/// normalised texts: the same documents for random queries of every length.
@Suite struct SearchIndexExactnessTests {
    /// A LEB128 number at `at`, as search.js's `varint()` reads it.
    static func varint(_ bytes: [UInt8], _ at: inout Int) -> Int {
        var value = 0, shift = 0
        while true {
            let byte = bytes[at]
            at += 1
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }

    /// Shard bytes → key → document → positions (a pair) or [count] (a scalar), as search.js's
    /// `shard()` and `postings()` read them: the keys stream says where each key's data is in
    /// the documents, counts and positions streams.
    static func entries(_ bytes: [UInt8]) -> [[UInt32]: [Int: [Int]]] {
        var at = 0
        var streams: [Range<Int>] = []
        for _ in 0..<3 {
            let size = varint(bytes, &at)
            streams.append(at..<at + size)
            at += size
        }
        var offsets = [streams[1].lowerBound, streams[2].lowerBound, at]
        var result: [[UInt32]: [Int: [Int]]] = [:]
        at = streams[0].lowerBound
        while at < streams[0].upperBound {
            let key = (0..<varint(bytes, &at)).map { _ in UInt32(varint(bytes, &at)) }
            let count = varint(bytes, &at)
            var documents = offsets[0], counts = offsets[1], positions = offsets[2]
            var postings: [Int: [Int]] = [:]
            var document = 0
            for _ in 0..<count {
                document += varint(bytes, &documents)
                let amount = varint(bytes, &counts)
                if key.count < 3 {
                    postings[document] = [amount]  // count * 2 + lead
                    continue
                }
                var position = 0
                postings[document] = (0..<amount).map { _ in position += varint(bytes, &positions); return position }
            }
            for stream in 0..<3 { offsets[stream] += varint(bytes, &at) }
            // Each key's data ends where its lengths say.
            #expect(documents == offsets[0] && counts == offsets[1] && positions == offsets[2])
            result[key] = postings
        }
        #expect(offsets == [streams[1].upperBound, streams[2].upperBound, bytes.count])
        return result
    }

    /// document → positions (a triple) or [count * 2 + lead] (a character or a pair).
    static func postings(_ index: SearchIndex, _ key: [UInt32]) -> [Int: [Int]] {
        entries(index.shards[SearchIndex.shard(of: key, count: index.shardCount)])[key] ?? [:]
    }

    static func query(_ index: SearchIndex, _ text: String) -> Set<Int> {
        let words = String(String.UnicodeScalarView(SearchText.normalized(text))).split(whereSeparator: { $0.unicodeScalars.allSatisfy(SearchText.isSpace) })
        guard !words.isEmpty else { return [] }
        var result: Set<Int>?
        for word in words {
            let scalars = word.unicodeScalars.map(\.value)
            var found: Set<Int> = []
            if scalars.count < 3 {
                found = Set(postings(index, scalars).keys)
            } else {
                var offsets = Array(stride(from: 0, to: scalars.count - 2, by: 3))
                if offsets.last != scalars.count - 3 { offsets.append(scalars.count - 3) }
                let lists = offsets.map { postings(index, [scalars[$0], scalars[$0 + 1], scalars[$0 + 2]]) }
                for (document, starts) in lists[0] {
                    let others = lists.dropFirst().map { Set($0[document] ?? []) }
                    if starts.contains(where: { p in zip(offsets.dropFirst(), others).allSatisfy { $1.contains(p + $0) } }) {
                        found.insert(document)
                    }
                }
            }
            result = result.map { $0.intersection(found) } ?? found
        }
        return result ?? []
    }

    static func truth(_ index: SearchIndex, _ text: String) -> Set<Int> {
        let words = String(String.UnicodeScalarView(SearchText.normalized(text))).split(whereSeparator: { $0.unicodeScalars.allSatisfy(SearchText.isSpace) })
        guard !words.isEmpty else { return [] }
        return Set(index.documents.indices.filter { id in
            let haystack = SearchText.normalized(index.documents[id].text).map(\.value)
            return words.allSatisfy { word in
                let needle = word.unicodeScalars.map(\.value)
                return haystack.count >= needle.count
                    && (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
            }
        })
    }

    static let vocabulary = ["阿依夏木", "伊宁县", "西部计划", "乡村振兴", "卫生院", "，", "。", "“", "”", "（", "）", "２０２１", "2012",
                             "Wi-Fi", "DNA", "ÉCOLE", "école", "e\u{301}", "ئۇيغۇر", "قازاق", " ", "滴灌", "节水", "喀什", "地区", "的", "了"]

    static func document(_ random: inout SystemRandomNumberGeneratorLike, _ number: Int) -> SearchDocument {
        func text(_ words: Int) -> String { (0..<words).map { _ in vocabulary[random.next(vocabulary.count)] }.joined() }
        return SearchDocument(url: "stories/2021/d\(number)/", title: text(4), date: "2021-0\(1 + number % 9)-1\(number % 10)",
                              summary: text(6), edition: 2021, prefecture: "p\(number % 3)", programs: [],
                              fields: [text(3), text(2), text(6), text(5), text(80)])
    }

    @Test(arguments: [1, 7])
    func everyQueryFindsExactlyTheDocumentsThatContainIt(shards: Int) {
        var random = SystemRandomNumberGeneratorLike(seed: 20261130)
        let documents = (0..<40).map { Self.document(&random, $0) }
        let index = SearchIndex.build(documents, shardCount: shards, jobs: 2)
        var queries = ["北京烤鸭", "dna", "DNA", "Dna", "école", "ecole", "e\u{301}cole", "2021", "２０２１", ",", "西部 乡村", "西部 北京"]
        for _ in 0..<400 {
            let source = index.documents[random.next(index.documents.count)].text
            let scalars = Array(source.unicodeScalars)
            let length = 1 + random.next(12)
            guard scalars.count > length else { continue }
            let start = random.next(scalars.count - length)
            queries.append(String(String.UnicodeScalarView(scalars[start..<start + length])))
        }
        var checked = 0
        for query in queries {
            let truth = Self.truth(index, query)
            #expect(Self.query(index, query) == truth, "\(query)")
            if !truth.isEmpty { checked += 1 }
        }
        #expect(checked > 300)
    }

    /// A match in the title or the name is at a position below `leadLimit`, one in the rest at or
    /// above it: the browser ranks by position alone.
    @Test func titleAndNamePositionsAreBelowTheLeadLimitTheRestAbove() {
        let documents = [
            SearchDocument(url: "a/", title: "乡村振兴的故事", date: "2021-01-02", summary: "摘要", edition: 2021, prefecture: "p",
                           programs: [], fields: ["乡村振兴的故事", "阿依", "摘要", "正文里也有乡村振兴"]),
            SearchDocument(url: "b/", title: "别的", date: "2021-01-01", summary: "摘要", edition: 2021, prefecture: "p",
                           programs: [], fields: ["别的", "名字", "摘要", "正文里才有乡村振兴"]),
        ]
        let index = SearchIndex.build(documents, shardCount: 3)
        let positions = Self.postings(index, Array("村振兴".unicodeScalars.map(\.value)))
        #expect(positions[0].map { $0.filter { $0 < SearchIndex.leadLimit } } == [1])
        #expect(positions[0].map { $0.filter { $0 >= SearchIndex.leadLimit }.count } == 1)
        #expect(positions[1].map { $0.allSatisfy { $0 >= SearchIndex.leadLimit } } == true)
        // A pair's count says whether it is in the title or the name: 2 × 2 + 1, and 1 × 2 + 0.
        let pair = Self.postings(index, Array("振兴".unicodeScalars.map(\.value)))
        #expect(pair[0] == [5] && pair[1] == [2])
    }

    @Test func theSameDocumentsGiveTheSameBytes() {
        var random = SystemRandomNumberGeneratorLike(seed: 7)
        let documents = (0..<20).map { Self.document(&random, $0) }
        let first = SearchIndex.build(documents, shardCount: 5, jobs: 1)
        let second = SearchIndex.build(documents.reversed(), shardCount: 5, jobs: 2)
        #expect(first.shards == second.shards)
        #expect(SearchFiles.files(for: first).map(\.text) == SearchFiles.files(for: second).map(\.text))
    }

    /// A large site is indexed in several passes over the documents, each for some of the shards:
    /// the same bytes as one pass, for any number of passes and shards.
    @Test(arguments: [(2, 1), (3, 7), (5, 11), (16, 64)])
    func passesOverTheDocumentsGiveTheSameBytesAsOne(batches: Int, shards: Int) {
        var random = SystemRandomNumberGeneratorLike(seed: 11)
        let documents = (0..<30).map { Self.document(&random, $0) }
        let once = SearchIndex.build(documents, shardCount: shards, jobs: 2, batches: 1)
        let passes = SearchIndex.build(documents, shardCount: shards, jobs: 2, batches: batches)
        #expect(once.shards == passes.shards)
        #expect(once.shards.contains { !$0.isEmpty })
    }

    /// The remainder by multiplications (`Modulo`) is the remainder, for every divisor a shard
    /// count can be and for the numbers at the edges.
    @Test func theRemainderByMultiplicationIsTheRemainder() {
        var random = SystemRandomNumberGeneratorLike(seed: 3)
        for divisor in [1, 2, 3, 7, 255, 256, 8_189, 12_000, 16_383, 16_384, 65_521, Int(UInt32.max)].map(UInt32.init) {
            let modulo = SearchIndex.Modulo(divisor)
            for n in [0, 1, divisor - 1, divisor, UInt32.max, UInt32.max - 1, UInt32.max / 2] {
                #expect(modulo(n) == n % divisor, "\(n) % \(divisor)")
            }
            for _ in 0..<2_000 {
                let n = UInt32(truncatingIfNeeded: random.next(Int(Int32.max)) &* 3)
                #expect(modulo(n) == n % divisor, "\(n) % \(divisor)")
            }
        }
    }
}

/// A small seeded generator (SplitMix64), so the test is the same on every run.
struct SystemRandomNumberGeneratorLike {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
