import ZuimeiParallel
import Foundation

/// The index as files in the search page's folder (`search/`: the build puts them there; paths
/// here are below it), each a classic script that hands its data to
/// `window.ZuimeiSearch` (loaded by a `<script>` element: no `fetch`, no modules, no WASM,
/// so the search works from `file://` too). Data is compressed and packed into a string
/// literal (`SearchPayload`); the browser unpacks it with `DecompressionStream`.
/// - `search/meta.js`: the number of shards and documents, `SearchIndex.leadLimit`, and the
///   names of the editions, prefectures and programmes (read by every query; small);
/// - `search/facets.js`: per document (packed) its edition, prefecture and programmes, as
///   indexes into those names (read only when a query has filters);
/// - `search/i/<n>.js`: shard n of the postings (`SearchIndex.encodeShard`);
/// - `search/urls.js`: every document's URL, a JSON array (for `ZuimeiSearch.query`);
/// - `search/t/<id>.js`: one document, a JSON array: URL, date, title, summary and the text
///   as written (what a result shows: its passage comes from the text).
public enum SearchFiles {
    public static let version = 3
    /// The layout of the index, named here only: `meta.js` lists the others (`files`), and
    /// the search page names `meta.js` to the script (`data-meta`), so `search.js` spells none.
    public static let metaFile = "meta.js"
    static let facetsFile = "facets.js"
    static let urlsFile = "urls.js"
    /// Shard n is `i/<n>.js`, document n's text `t/<n>.js` (`{}` stands for the number).
    static let shardPattern = "i/{}.js"
    static let textPattern = "t/{}.js"
    /// Whether `path` (below the index's directory) is a shard's.
    public static func isShard(_ path: String) -> Bool { path.hasPrefix(String(shardPattern.prefix { $0 != "{" })) }

    /// Path (below the index's folder) → file text.
    public static func files(for index: SearchIndex, jobs: Int = 1) -> [(path: String, text: String)] {
        var files = smallFiles(for: index)
        files += parallelMap(Array(index.shards.indices), jobs: jobs) { shardFile(index, $0) }
        files += parallelMap(Array(index.documents.indices), jobs: jobs) { textFile(index, $0) }
        return files
    }

    /// The files of an index updated from an earlier one (`SearchIndex.updated`) that may differ
    /// from that one's: `meta.js`, `facets.js`, `urls.js`, and those of the changed shards and
    /// documents. With the earlier index's other files, the same files as `files(for:)`.
    public static func changedFiles(for update: (index: SearchIndex, shards: [Int], documents: [Int]),
                                    jobs: Int = 1) -> [(path: String, text: String)] {
        let index = update.index
        return smallFiles(for: index) + parallelMap(update.shards, jobs: jobs) { shardFile(index, $0) }
            + parallelMap(update.documents, jobs: jobs) { textFile(index, $0) }
    }

    /// `meta.js`, `facets.js` and `urls.js`.
    static func smallFiles(for index: SearchIndex) -> [(path: String, text: String)] {
        var files: [(String, String)] = []
        let editions = Array(Set(index.documents.map(\.edition))).sorted(by: >)
        let prefectures = Array(Set(index.documents.map(\.prefecture))).sorted()
        let programs = Array(Set(index.documents.flatMap(\.programs))).sorted()
        var facets: [UInt8] = []
        for document in index.documents {
            SearchIndex.appendVarint(&facets, editions.firstIndex(of: document.edition)!)
            SearchIndex.appendVarint(&facets, prefectures.firstIndex(of: document.prefecture)!)
            // Programmes as a bit set, in bytes of seven bits (any number of programmes).
            var bits = [UInt8](repeating: 0, count: max(1, (programs.count + 6) / 7))
            for program in document.programs {
                let bit = programs.firstIndex(of: program)!
                bits[bit / 7] |= 1 << UInt8(bit % 7)
            }
            for (at, byte) in bits.enumerated() { facets.append(at == bits.count - 1 ? byte : byte | 0x80) }
        }
        let layout = "{\"facets\":\(json(facetsFile)),\"urls\":\(json(urlsFile)),\"shard\":\(json(shardPattern)),"
            + "\"text\":\(json(textPattern))}"
        let meta = "{\"version\":\(version),\"shards\":\(index.shardCount),\"count\":\(index.documents.count),"
            + "\"lead\":\(SearchIndex.leadLimit),\"editions\":\(json(editions.map(String.init))),"
            + "\"prefectures\":\(json(prefectures)),\"programs\":\(json(programs)),\"files\":\(layout)}"
        files.append((metaFile, "ZuimeiSearch.meta(\(meta));\n"))
        files.append((facetsFile, "ZuimeiSearch.facets(\"\(SearchPayload.encode(facets))\");\n"))
        let urls = "[" + index.documents.map { json($0.url) }.joined(separator: ",\n") + "]"
        files.append((urlsFile, "ZuimeiSearch.urls(\"\(SearchPayload.encode(Array(urls.utf8)))\");\n"))
        return files
    }

    /// `i/<n>.js`: shard n. Deflated at level 1: postings are varints, which deflate shrinks little
    /// more at its default level 6 (2.4 % smaller, measured over 800 shards of 10,000 stories) in twice the time.
    static func shardFile(_ index: SearchIndex, _ number: Int) -> (path: String, text: String) {
        (shardPath(number), "ZuimeiSearch.shard(\(number),\"\(SearchPayload.encode(index.shards[number], level: 1))\");\n")
    }

    /// `t/<id>.js`: document id.
    static func textFile(_ index: SearchIndex, _ id: Int) -> (path: String, text: String) {
        let document = index.documents[id]
        let row = "[\(json(document.url)),\(json(document.date)),\(json(document.title)),\(json(document.summary)),"
            + "\(json(document.text))]"
        return (textPath(id), "ZuimeiSearch.text(\(id),\"\(SearchPayload.encode(Array(row.utf8)))\");\n")
    }

    /// Path of shard n's file (`shardFile`).
    public static func shardPath(_ number: Int) -> String { shardPattern.replacingOccurrences(of: "{}", with: "\(number)") }

    /// Path of document id's file (`textFile`).
    public static func textPath(_ id: Int) -> String { textPattern.replacingOccurrences(of: "{}", with: "\(id)") }

    /// The bytes of shard `number` read back from its file, exactly as `shardFile` wrote them; nil
    /// for anything else.
    public static func shard(fromFile data: Data, number: Int) -> [UInt8]? {
        guard let payload = payload(of: data, call: "ZuimeiSearch.shard(\(number),") else { return nil }
        return SearchPayload.decode(payload)
    }

    /// The searched text of document `id` read back from its file: nil unless the file is
    /// exactly what `textFile` writes for a document of that URL and that text.
    public static func text(fromFile data: Data, id: Int, url: String) -> String? {
        guard let payload = payload(of: data, call: "ZuimeiSearch.text(\(id),"), let row = SearchPayload.decode(payload),
              let values = try? JSONSerialization.jsonObject(with: Data(row)) as? [String], values.count == 5,
              values[0] == url else { return nil }
        let again = "[\(json(values[0])),\(json(values[1])),\(json(values[2])),\(json(values[3])),\(json(values[4]))]"
        return again.utf8.elementsEqual(row) ? values[4] : nil
    }

    /// The packed string of a file `call("…");` (the form of every file but `meta.js`).
    static func payload(of data: Data, call: String) -> String? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        let head = call + "\"", tail = "\");\n"
        guard text.utf8.starts(with: head.utf8), text.utf8.count >= head.utf8.count + tail.utf8.count,
              text.utf8.suffix(tail.utf8.count).elementsEqual(tail.utf8) else { return nil }
        let bytes = Array(text.utf8)
        return String(decoding: bytes[head.utf8.count..<(bytes.count - tail.utf8.count)], as: UTF8.self)
    }

    /// A file of the index as a reader of its data would see it: every packed string literal
    /// replaced by what it holds, as a JSON string literal (binary data decoded as UTF-8).
    /// The private-data guard searches this, not the packed bytes.
    public static func readable(_ file: String) -> String {
        let bytes = Array(file.utf8)
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == quote else {
                out.append(bytes[index])
                index += 1
                continue
            }
            // A string literal: to its closing quote, past escapes.
            var end = index + 1
            var plain = true
            while end < bytes.count, bytes[end] != quote {
                if bytes[end] == backslash { plain = false; end += 1 }
                end += 1
            }
            let literal = bytes[(index + 1)..<min(end, bytes.count)]
            if plain, literal.count > 2, let data = SearchPayload.decode(String(decoding: literal, as: UTF8.self)) {
                out += Array(json(String(decoding: data, as: UTF8.self)).utf8)
            } else {
                out += bytes[index..<min(end + 1, bytes.count)]
            }
            index = end + 1
        }
        return String(decoding: out, as: UTF8.self)
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
