import Foundation

/// The index as files under `search/`, each a classic script that hands its data to
/// `window.ZuimeiSearch` (loaded by a `<script>` element: no `fetch`, no modules, no WASM,
/// so the search works from `file://` too):
/// - `search/meta.js`: the number of shards and documents, the facets, and per document its
///   edition, prefecture, programmes and how long its title and name are;
/// - `search/i/<n>.js`: shard n of the postings (base64);
/// - `search/d/<n>.js`: documents `n*50 ..< n*50+50`: URL, title, date, summary;
/// - `search/t/<id>.js`: a document's text as written, for the passage shown with a result.
public enum SearchFiles {
    public static let directory = "search/"
    public static let documentsPerChunk = 50

    /// Path (below the site's root) → file text.
    public static func files(for index: SearchIndex) -> [(path: String, text: String)] {
        var files: [(String, String)] = []
        let editions = Array(Set(index.documents.map(\.edition))).sorted(by: >)
        let prefectures = Array(Set(index.documents.map(\.prefecture))).sorted()
        let programs = Array(Set(index.documents.flatMap(\.programs))).sorted()
        var facets = Data()
        for (id, document) in index.documents.enumerated() {
            SearchIndex.appendVarint(&facets, editions.firstIndex(of: document.edition)!)
            SearchIndex.appendVarint(&facets, prefectures.firstIndex(of: document.prefecture)!)
            let mask = document.programs.reduce(0) { $0 | (1 << programs.firstIndex(of: $1)!) }
            SearchIndex.appendVarint(&facets, mask)
            SearchIndex.appendVarint(&facets, index.leading[id])
        }
        let meta = "{\"version\":1,\"shards\":\(index.shardCount),\"count\":\(index.documents.count),"
            + "\"chunk\":\(documentsPerChunk),\"editions\":\(json(editions.map(String.init))),"
            + "\"prefectures\":\(json(prefectures)),\"programs\":\(json(programs)),"
            + "\"facets\":\"\(facets.base64EncodedString())\"}"
        files.append((directory + "meta.js", "ZuimeiSearch.meta(\(meta));\n"))
        for (number, shard) in index.shards.enumerated() {
            files.append((directory + "i/\(number).js", "ZuimeiSearch.shard(\(number),\"\(shard.base64EncodedString())\");\n"))
        }
        for start in stride(from: 0, to: index.documents.count, by: documentsPerChunk) {
            let chunk = index.documents[start..<min(start + documentsPerChunk, index.documents.count)]
            let rows = chunk.map { "[\(json($0.url)),\(json($0.title)),\(json($0.date)),\(json($0.summary))]" }
            files.append((directory + "d/\(start / documentsPerChunk).js",
                          "ZuimeiSearch.docs(\(start / documentsPerChunk),[\n\(rows.joined(separator: ",\n"))]);\n"))
        }
        for (id, document) in index.documents.enumerated() {
            files.append((directory + "t/\(id).js", "ZuimeiSearch.text(\(id),\(json(document.text)));\n"))
        }
        return files
    }

    /// A JSON string literal, safe inside a script: `<`, `>`, `&`, U+2028 and U+2029 escaped too.
    /// Works on the UTF-8 bytes, copying runs that need no escape whole.
    public static func json(_ string: String) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        var utf8 = Array(string.utf8)
        bytes.reserveCapacity(utf8.count + 16)
        let hex = Array("0123456789abcdef".utf8)
        func escape(_ value: UInt32) {
            bytes += Array("\\u".utf8)
            for shift in [12, 8, 4, 0] { bytes.append(hex[Int(value >> UInt32(shift) & 15)]) }
        }
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x7F: escape(UInt32(byte))
            case 0..<0x20: escape(UInt32(byte))
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                escape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)  // LINE and PARAGRAPH SEPARATOR
                index += 2
            default: bytes.append(byte)
            }
            index += 1
        }
        utf8 = []
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func json(_ strings: [String]) -> String { "[" + strings.map { json($0) }.joined(separator: ",") + "]" }
}
