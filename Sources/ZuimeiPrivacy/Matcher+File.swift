import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What searching a file found.
public struct FileScan: Sendable, Equatable {
    /// Every occurrence of a value.
    public var matches: [Match]
    /// Why a PDF's text cannot be read, said for whoever made it (it must not be published
    /// unread); nil for a PDF that was read, and for any other file.
    public var unreadablePDF: String?

    public init(matches: [Match], unreadablePDF: String? = nil) {
        self.matches = matches
        self.unreadablePDF = unreadablePDF
    }
}

extension Matcher {
    /// The largest text file read whole to be transcoded (UTF-16, GB18030);
    /// a larger one is searched as its bytes are.
    public static let maximumTranscodedSize = 64 << 20

    /// Every occurrence in a file (see `scan(inFile:kind:)`).
    /// - Returns: nil when the file cannot be opened as a regular file.
    public func matches(inFile path: String, kind: ScanKind) -> [Match]? {
        scan(inFile: path, kind: kind)?.matches
    }

    /// Every occurrence in a file, read in windows with `pread`: memory stays
    /// bounded whatever its size, and a file that shrinks while it is read is
    /// read to its new end (no mapping that a truncation could turn into a
    /// crash). A text file in UTF-16 (with a byte-order mark) or in
    /// GB18030/GBK is read as the text it is. A PDF (named `.pdf`, or with
    /// `%PDF-` in its first kilobyte) is also read as a viewer reads it
    /// (`PDFText`), or said unreadable, whether or not there are values to look for.
    /// `name`: the name it is published under, when not `path`'s.
    /// - Returns: nil when the file cannot be opened as a regular file.
    public func scan(inFile path: String, kind: ScanKind, name: String? = nil) -> FileScan? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let pdf = kind == .binary && (name.map { PDFText.isPDF(path: $0, head: Data()) } == true
            || PDFText.isPDF(path: path, head: read(descriptor, offset: 0, count: min(size, 1024)) ?? Data()))
        guard !isEmpty || pdf else { return FileScan(matches: []) }
        if pdf, size > PDFText.maximumSize {  // not published: searching it would change nothing
            return FileScan(matches: [], unreadablePDF: "it is larger than \(PDFText.maximumSize >> 20) MB, more than Zuimei reads")
        }
        if kind != .binary, size <= Self.maximumTranscodedSize {
            guard let data = read(descriptor, offset: 0, count: size) else { return nil }
            let text = Transcode.toUTF8(data) ?? data
            guard kind == .captions else { return FileScan(matches: matches(in: text, kind: kind)) }
            // Captions: the file as written, and its cues' text as a viewer meets it, one cue after
            // another (a value split across two cues; offsets in the second point nowhere in particular).
            let joined = matches(in: VisibleText.cueText(ofCaptions: text), kind: .captions).map { Match(id: $0.id, offset: 0, last: 0) }
            return FileScan(matches: Array(Set(matches(in: text, kind: .captions) + joined))
                .sorted { ($0.offset, $0.id) < ($1.offset, $1.id) })
        }
        var found = Set<Match>()
        var start = 0
        while !isEmpty, start < size {
            let count = min(size - start, Self.window)
            guard let data = read(descriptor, offset: start, count: count), !data.isEmpty else { break }
            for match in matches(in: data, kind: kind, utf16: false) {
                found.insert(Match(id: match.id, offset: match.offset + start, last: match.last + start))
            }
            guard start + data.count < size else { break }
            start += data.count - Self.overlap
        }
        var unreadable: String?
        if pdf {
            if let whole = read(descriptor, offset: 0, count: size) {
                let read = scan(pdf: whole)
                found.formUnion(read.matches)
                unreadable = read.unreadablePDF
            } else {
                unreadable = "it cannot be read"
            }
        }
        if kind == .binary, !isEmpty {  // UTF-16 at both ends, where the metadata is
            for start in Set([0, max(0, size - Self.utf16Ends)]) {
                guard let data = read(descriptor, offset: start, count: min(size - start, Self.utf16Ends)) else { continue }
                for match in matches(in: data, kind: .binary) {
                    found.insert(Match(id: match.id, offset: match.offset + start, last: match.last + start))
                }
            }
        }
        return FileScan(matches: found.sorted { ($0.offset, $0.id) < ($1.offset, $1.id) }, unreadablePDF: unreadable)
    }

    /// Every occurrence in bytes held in memory, read as `kind` says; for a PDF (`path`
    /// named `.pdf`, or `%PDF-` in its first kilobyte) also as a viewer reads it.
    public func scan(_ data: Data, kind: ScanKind, path: String) -> FileScan {
        var found = FileScan(matches: isEmpty ? [] : matches(in: data, kind: kind))
        if kind == .binary, PDFText.isPDF(path: path, head: data.prefix(1024)) {
            let read = scan(pdf: data)
            found.matches = Array(Set(found.matches + read.matches)).sorted { ($0.offset, $0.id) < ($1.offset, $1.id) }
            found.unreadablePDF = read.unreadablePDF
        }
        return found
    }

    /// The occurrences in what a viewer shows of a PDF: its strings (offsets then point nowhere
    /// in particular: the file is named, not a place in it) and its decoded streams; or why
    /// its text cannot be read.
    func scan(pdf data: Data) -> FileScan {
        let reading: PDFText.Reading
        do throws(PDFRefusal) { reading = try PDFText.read(data) } catch { return FileScan(matches: [], unreadablePDF: error.reason) }
        guard !isEmpty else { return FileScan(matches: []) }
        var found = Set<Match>()
        for match in matches(in: reading.text, kind: .text) { found.insert(Match(id: match.id, offset: 0, last: 0)) }
        // A stream's bytes as they are, UTF-8 throughout (as the file's own bytes are read).
        for stream in reading.decoded {
            for match in matches(in: Data(stream), kind: .binary, utf16: false) { found.insert(Match(id: match.id, offset: 0, last: 0)) }
        }
        return FileScan(matches: found.sorted { ($0.offset, $0.id) < ($1.offset, $1.id) })
    }

    private func read(_ descriptor: Int32, offset: Int, count: Int) -> Data? {
        var data = Data(count: count)
        var filled = 0
        let ok = data.withUnsafeMutableBytes { raw -> Bool in
            while filled < count {
                let got = pread(descriptor, raw.baseAddress! + filled, count - filled, off_t(offset + filled))
                if got < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                if got == 0 { break }  // the file ended sooner than its size said
                filled += got
            }
            return true
        }
        guard ok else { return nil }
        data.count = filled
        return data
    }
}

/// UTF-16 with a byte-order mark, or GB18030 (GBK, GB2312), as UTF-8; nil when the data is
/// UTF-8 already, or neither.
public func transcodeToUTF8(_ data: Data) -> Data? { Transcode.toUTF8(data) }

/// Text that is not UTF-8, turned into UTF-8 for the search.
enum Transcode {
    /// UTF-16 with a byte-order mark, or bytes that are not UTF-8 but are
    /// GB18030 (which includes GBK and GB2312, the encodings a Chinese office
    /// program saves CSV and text in). Nil when the data is UTF-8 already, or
    /// neither.
    static func toUTF8(_ data: Data) -> Data? {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let bigEndian = data.first == 0xFE
            var units: [UInt16] = []
            units.reserveCapacity(data.count / 2)
            var index = data.startIndex + 2
            while index + 1 < data.endIndex {
                let a = UInt16(data[index]), b = UInt16(data[index + 1])
                units.append(bigEndian ? a << 8 | b : b << 8 | a)
                index += 2
            }
            return Data(String(decoding: units, as: UTF16.self).utf8)
        }
        if String(validating: data, as: UTF8.self) != nil { return nil }
        return iconvToUTF8(data, from: "GB18030")
    }

    /// glibc's iconv; nil when the bytes are not valid in that encoding.
    static func iconvToUTF8(_ data: Data, from encoding: String) -> Data? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: data.count * 2 + 16)
        let ok = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 { return -1 }
                return outBuffer.count - outLeft
            }
        }
        guard ok >= 0 else { return nil }
        return Data(output[0..<ok])
    }
}
