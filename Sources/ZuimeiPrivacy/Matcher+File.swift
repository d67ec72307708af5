import Foundation
import ZuimeiParallel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PDF by its name (`.pdf`) or its first kilobyte (`%PDF-`): read as a viewer reads it.
public func looksLikePDF(path: String, head: Data) -> Bool { PDFText.isPDF(path: path, head: head) }

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

    /// Every occurrence in a file (see `scan(inFile:kind:name:reading:)`).
    /// - Returns: nil when the file cannot be opened as a regular file, or a read fails.
    public func matches(inFile path: String, kind: ScanKind, reading: ((UnsafeRawBufferPointer) -> Void)? = nil) -> [Match]? {
        scan(inFile: path, kind: kind, reading: reading)?.matches
    }

    /// Every occurrence in a file, read once from its start to its end with `pread`, in
    /// windows of `window` bytes that overlap by `overlap` (the overlap kept from the window
    /// before, not read again): memory stays bounded whatever its size, and a file that shrinks
    /// while it is read is read to its new end (no mapping that a truncation could turn into a
    /// crash). A text file in UTF-16 (with a byte-order mark) or in GB18030/GBK is read as the
    /// text it is. A PDF (named `.pdf`, here or as published, `name`, or with `%PDF-` in its
    /// first kilobyte) is also read as a viewer reads it (`PDFText`), or said unreadable,
    /// whether or not there are values to look for. Every search (the windows, a PDF, UTF-16 at
    /// both ends) is of bytes read in that one pass, and `reading` is handed each of them once,
    /// in order: exactly the bytes searched, so that a digest of them names what was searched.
    /// - Returns: nil when the file cannot be opened as a regular file, or a read fails.
    public func scan(inFile path: String, kind: ScanKind, name: String? = nil,
                     reading: ((UnsafeRawBufferPointer) -> Void)? = nil) -> FileScan? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        guard !isEmpty || reading != nil || kind == .binary else { return FileScan(matches: []) }
        var offset = 0
        func next(_ buffer: inout Data, _ count: Int) -> Bool {
            let before = buffer.count
            let ok = readAt(descriptor, offset: offset, count: count, into: &buffer)
            let filled = buffer.count - before
            guard ok else { return false }
            offset += filled
            if let reading, filled > 0 {
                buffer.withUnsafeBytes { reading(UnsafeRawBufferPointer(rebasing: $0[before..<before + filled])) }
            }
            return true
        }
        let named = PDFText.isPDF(path: path, head: Data()) || name.map { PDFText.isPDF(path: $0, head: Data()) } == true
        return scan(size: Int(info.st_size), namedPDF: named, kind: kind, next: next)
    }

    /// The search `matches(inFile:kind:)` makes, over a file's bytes read already (`path`
    /// names the file as published, for its kind: a PDF is read as one).
    public func matches(inContents data: Data, path: String, kind: ScanKind) -> [Match] {
        scan(inContents: data, path: path, kind: kind).matches
    }

    /// The same, with what it says of a PDF.
    public func scan(inContents data: Data, path: String, kind: ScanKind) -> FileScan {
        var offset = data.startIndex
        func next(_ buffer: inout Data, _ count: Int) -> Bool {
            let end = min(data.endIndex, offset + count)
            if buffer.isEmpty, data.startIndex == 0, offset == 0, end == data.endIndex {
                buffer = data  // the whole file at once: shared, not copied
            } else {
                buffer.append(data[offset..<end])
            }
            offset = end
            return true
        }
        return scan(size: data.count, namedPDF: PDFText.isPDF(path: path, head: Data()), kind: kind, next: next) ?? FileScan(matches: [])
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

    /// The search over a file's `size` bytes, which `next(&buffer, count)` appends to `buffer`
    /// in order, each byte once: `count` of them, fewer only where the file ends (false when
    /// they cannot be read).
    private func scan(size: Int, namedPDF: Bool, kind: ScanKind, next: (inout Data, Int) -> Bool) -> FileScan? {
        if kind != .binary, size <= Self.maximumTranscodedSize {
            var data = Data()
            guard next(&data, size) else { return nil }
            let text = Transcode.toUTF8(data) ?? data
            guard kind == .captions else { return FileScan(matches: isEmpty ? [] : matches(in: text, kind: kind)) }
            guard !isEmpty else { return FileScan(matches: []) }
            // Captions: the file as written, and its cues' text as a viewer meets them: one cue after
            // another, and cues shown at once in each order (offsets there point nowhere in particular).
            let readings = VisibleText.cueReadings(ofCaptions: text) ?? [VisibleText.cueText(ofCaptions: text)]
            let joined = readings.flatMap { matches(in: $0, kind: .captions) }.map { Match(id: $0.id, offset: 0, last: 0) }
            return FileScan(matches: Array(Set(matches(in: text, kind: .captions) + joined)).sorted { ($0.offset, $0.id) < ($1.offset, $1.id) })
        }
        var found = Set<Match>()
        var window = Data()  // the end of the window before (`overlap` bytes), then the bytes read after it
        var start = 0  // the file offset of window's first byte
        var total = 0  // bytes read
        // UTF-16 is looked for at both ends of a binary file, where the metadata is; a PDF is read whole.
        var head = Data(), tail = Data()
        var pdf = kind == .binary && namedPDF
        var whole: Data? = nil
        while total < size {
            let before = window.count
            guard next(&window, min(size - total, Self.window - before)) else { return nil }
            let read = window.count - before
            if read == 0 { break }
            let fresh = window[before..<window.count]
            if total == 0, kind == .binary, !pdf { pdf = PDFText.isPDF(path: "", head: Data(fresh.prefix(1024))) }
            if total == 0, pdf {
                if size > PDFText.maximumSize {  // not published: searching it would change nothing
                    return FileScan(matches: [], unreadablePDF: "it is larger than \(PDFText.maximumSize >> 20) MB, more than Zuimei reads")
                }
                whole = Data()
            }
            total += read
            if kind == .binary {
                if head.count < Self.utf16Ends { head.append(fresh.prefix(Self.utf16Ends - head.count)) }
                if read >= Self.utf16Ends {
                    tail = Data(fresh.suffix(Self.utf16Ends))
                } else {
                    tail.append(fresh)
                    if tail.count > Self.utf16Ends { tail = Data(tail.suffix(Self.utf16Ends)) }
                }
                whole?.append(fresh)
            }
            if !isEmpty {
                for match in matches(in: window, kind: kind, utf16: false) {
                    found.insert(Match(id: match.id, offset: match.offset + start, last: match.last + start))
                }
            }
            guard total < size else { break }
            let kept = min(Self.overlap, window.count)
            start += window.count - kept
            window = Data(window.suffix(kept))
        }
        var unreadable: String?
        if let whole {
            // What a viewer shows of a PDF: its strings and decoded streams (offsets then point
            // nowhere in particular: the file is named, not a place in it); or why it cannot be read.
            let read = scan(pdf: whole)
            found.formUnion(read.matches)
            unreadable = read.unreadablePDF
        }
        if kind == .binary, !isEmpty {  // UTF-16 at both ends, where the metadata is
            let ends = total > Self.utf16Ends ? [(0, head), (total - tail.count, tail)] : [(0, head)]
            for (offset, data) in ends {
                for match in matches(in: data, kind: .binary) {
                    found.insert(Match(id: match.id, offset: match.offset + offset, last: match.last + offset))
                }
            }
        }
        return FileScan(matches: found.sorted { ($0.offset, $0.id) < ($1.offset, $1.id) }, unreadablePDF: unreadable)
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
