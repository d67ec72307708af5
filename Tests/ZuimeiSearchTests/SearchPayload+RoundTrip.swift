import Foundation
import Testing
@testable import ZuimeiSearch

/// The packing and compression of the index's data: what is written reads back the same,
/// the packed text holds only characters a string literal can carry as they are, and the
/// files read back to what was indexed.
@Suite struct SearchPayloadRoundTripTests {
    @Test(arguments: [0, 1, 2, 6, 7, 8, 9, 55, 56, 57, 1000, 70_001])
    func everyLengthReadsBackTheSameBytes(length: Int) {
        var state: UInt64 = UInt64(length) &+ 0x9E37_79B9
        let bytes = (0..<length).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(state >> 56)
        }
        let packed = SearchPayload.pack(bytes)
        #expect(SearchPayload.unpack(packed) == bytes)
        #expect(packed.unicodeScalars.count == (length * 8 + 6) / 7)
        #expect(SearchPayload.decode(SearchPayload.encode(bytes)) == bytes)
    }

    @Test func everyByteValueAndTheFiveUnsafeOnesSurvive() {
        let bytes = (0..<4).flatMap { _ in (0...255).map(UInt8.init) }
        let packed = SearchPayload.pack(bytes)
        #expect(SearchPayload.unpack(packed) == bytes)
        let unsafe: Set<Unicode.Scalar> = ["\0", "\n", "\r", "\"", "\\"]
        #expect(packed.unicodeScalars.allSatisfy { !unsafe.contains($0) && ($0.value < 0x80 || (0x100..<0x180).contains($0.value)) })
        // Every seven-bit value occurs, so the five escapes are exercised.
        #expect(Set(packed.unicodeScalars.map { $0.value & 0x7F }).count == 128)
    }

    @Test func wrongInputIsNilNotACrash() {
        #expect(SearchPayload.unpack("中") == nil)
        #expect(SearchPayload.decode("abc") == nil)
        let cut = SearchPayload.deflate(Array("示例候选人".utf8))
        #expect(SearchPayload.inflate(Array(cut.dropLast(3))) == nil)
        #expect(SearchPayload.inflate(cut + [0]) == nil)  // junk after the end, as DecompressionStream refuses
        #expect(SearchPayload.inflate(SearchPayload.deflate([UInt8](repeating: 7, count: 10_000)), limit: 100) == nil)
    }

    @Test func theFilesReadBackAsWhatWasIndexed() throws {
        let documents = (0..<120).map { n in
            SearchDocument(url: "stories/2021/s\(n)/", title: "标题\(n)", date: "2021-01-\(n % 28 + 1)", summary: "摘要\"\\\n\(n)",
                           edition: 2021, prefecture: "和田地区", programs: ["西部计划"], fields: ["标题\(n)", "名字", "正文 \(n) 乡村振兴"])
        }
        let index = SearchIndex.build(documents, shardCount: 7)
        let files = Dictionary(uniqueKeysWithValues: SearchFiles.files(for: index, jobs: 2).map { ($0.path, $0.text) })
        #expect(files.keys.filter { $0.hasPrefix("i/") }.count == 7)
        for (id, document) in index.documents.enumerated() {
            let readable = SearchFiles.readable(try #require(files["t/\(id).js"]))
            let row = "[\(SearchFiles.json(document.url)),\(SearchFiles.json(document.date)),\(SearchFiles.json(document.title)),"
                + "\(SearchFiles.json(document.summary)),\(SearchFiles.json(document.text))]"
            #expect(readable == "ZuimeiSearch.text(\(id),\(SearchFiles.json(row)));\n")
        }
        let urls = SearchFiles.readable(try #require(files["urls.js"]))
        #expect(urls.contains(index.documents[0].url))
        #expect(SearchFiles.readable(try #require(files["t/0.js"])).contains("摘要"))  // readable for the guard
        #expect(files["meta.js"]?.contains("\"lead\":1024") == true)
        for (path, text) in files where path.hasPrefix("i/") {
            let packed = String(text.split(separator: "\"")[1])
            #expect(SearchPayload.decode(packed) == index.shards[Int(path.dropFirst(2).dropLast(3))!])
        }
    }
}
