import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiTemplates

/// Stage: the private-data guard, the last line of defence. The rules stage
/// has already searched the content where the fix is (`checkPrivateData`);
/// this searches everything the build is about to write, for every story's
/// private values (`PrivateValues`), as a reader would see it (`VisibleText`):
/// - every templated page, feed, sitemap and robots file, as text with its
///   markup, references, percent-encoding and string escapes decoded;
/// - every copied file (a story's photos after re-encoding, videos, PDF, the
///   site's `static/` and the theme's assets): text formats as text,
///   anything else by its bytes read as UTF-8 and as UTF-16, and a PDF as a
///   viewer reads it, through its compressed streams (one it cannot read is
///   refused: `pdfUnreadable`);
/// - every output path, which is also all that `SHA256SUMS` holds besides
///   digests, and what a file name shows in a URL.
///
/// A match fails the build, naming the key (never the value), the output
/// file and where the value came from: a template's own text, a page's
/// content, a copied file, a file name.
public struct PrivateDataGuard {
    private let values: PrivateValues
    /// For each value found in a template's own text, the first such template and where.
    private let inTemplates: [Int: String]
    private let templatePlaces: [Int: SourceLocation]
    private let jobs: Int
    private var reported = Set<String>()
    /// Large copied files found clean before, unchanged since, for the same values.
    private let scanned: ScanCache?
    private let checkpoint: (@Sendable (BuildCheckpoint) -> Void)?
    /// A file kept from the last build (`.unchanged`) was not the file it wrote: the records
    /// that kept it are not to be believed again.
    public private(set) var alteredKept = false

    public init(values: PrivateValues, templates: TemplateSet, jobs: Int, cache: ScanCache? = nil,
         checkpoint: (@Sendable (BuildCheckpoint) -> Void)? = nil) {
        self.values = values
        self.checkpoint = checkpoint
        self.jobs = jobs
        self.scanned = cache
        var inTemplates: [Int: String] = [:]
        var places: [Int: SourceLocation] = [:]
        if !values.matcher.isEmpty {
            for name in templates.names.sorted() {
                let text = templates.text(of: name) ?? ""
                for match in values.matcher.matches(in: text) where inTemplates[match.id] == nil {
                    inTemplates[match.id] = name
                    // The match's byte offset as a line and column (in characters) of the template's file.
                    let before = text.utf8.prefix(match.offset)
                    let line = before.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                    let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { before.index(after: $0) } ?? before.startIndex
                    let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
                    places[match.id] = SourceLocation(file: templates.path(of: name) ?? name, line: line, column: column)
                }
            }
        }
        self.inTemplates = inTemplates
        self.templatePlaces = places
    }

    /// Searches a batch of files; each leak is reported once. Each copied file gets the digest
    /// of the bytes searched (`OutputFile.digest`): the writer publishes those bytes or none. A
    /// PDF whose text cannot be read is refused (`pdfUnreadable`) whether or not there are
    /// values to look for: whether it may be published does not depend on what stories hold.
    public mutating func scan(_ files: inout [PlannedFile]) -> [Diagnostic] {
        let matcher = values.matcher
        let inTemplates = inTemplates
        let scanned = scanned
        let checkpoint = checkpoint
        let batch = files
        typealias Found = (leaks: [(id: Int, source: LeakSource)], copied: CopiedFile?, skipped: Bool, unreadablePDF: String?,
                           changed: String?)
        let found = parallelMap(batch, jobs: jobs) { planned -> Found in
            var leaks = matcher.matches(in: planned.file.path).map { (id: $0.id, source: LeakSource.fileName) }
            let kind = scanKind(of: planned.file.path)
            let readableKind = planned.readableName.map(scanKind(of:)) ?? kind
            // With no values to look for, only a PDF is read, to know whether it can be.
            if matcher.isEmpty, kind != .binary || !isPDF(planned) { return (leaks, nil, true, nil, nil) }
            var unreadable: String?
            /// A generated file's bytes (made now, or the last build's kept), searched as a reader sees
            /// them and, when clean, remembered so under `key`.
            func search(_ data: Data, key: String?) {
                let scan = planned.readable.map { matcher.scan($0(data), kind: readableKind, path: planned.file.path) }
                    ?? matcher.scan(data, kind: kind, path: planned.file.path)
                unreadable = scan.unreadablePDF
                if scan.matches.isEmpty, unreadable == nil, let key { scanned?.markClean(key) }
                for match in scan.matches {
                    let source: LeakSource = if let template = inTemplates[match.id] {
                        .template(template)
                    } else if let template = planned.template {
                        .page(template: template)
                    } else {
                        .copiedFile(planned.origin)
                    }
                    leaks.append((match.id, source))
                }
            }
            // The same bytes, read the same way, for the same values: found clean before.
            let key = planned.file.digest.map { "\(kind):\($0)" }
            func foundClean() -> Bool { key.map { scanned?.isClean($0) == true } ?? false }
            switch planned.file.body {
            case .bytes(let data):
                if planned.nameOnly || foundClean() { break }
                search(data, key: key)
            case .unchanged(let at):
                // The last build's file, whose digest its manifest lists: found clean before for these
                // values, or read back (those bytes only, whole, at most as large as a manifest allows)
                // and searched.
                if planned.nameOnly || foundClean() { break }
                guard case .bytes(let data) = fileContents(at, limit: Manifest.maximumSize, followingLinks: false),
                      let key, "\(kind):\(sha256Hex(data))" == key else {
                    return (leaks, nil, false, nil, planned.file.path)
                }
                search(data, key: key)
            case .copy(let from):
                let copied = searchCopy(from, name: planned.file.path, kind: kind, nameOnly: planned.nameOnly, matcher: matcher,
                                        scanned: scanned, checkpoint: checkpoint)
                leaks += (copied?.found ?? []).map { (id: $0.id, source: LeakSource.copiedFile(planned.origin)) }
                return (leaks, copied, false, copied?.unreadablePDF, nil)
            }
            return (leaks, nil, false, unreadable, nil)
        }
        var diagnostics: [Diagnostic] = []
        for index in files.indices {
            if let changed = found[index].changed {
                // A kept file whose bytes are not those its manifest lists: altered in the site since.
                alteredKept = true
                diagnostics.append(Diagnostic(file: values.matcher.redact(files[index].origin),
                                              problem: .changedWhileBuilding(output: values.matcher.redact(changed))))
            }
            if let unreadable = found[index].unreadablePDF {
                // Where the fix is: the file in the content (or the theme) it is copied from.
                diagnostics.append(Diagnostic(file: values.matcher.redact(files[index].origin), problem: .pdfUnreadable(
                    path: values.matcher.redact(files[index].file.path), reason: values.matcher.redact(unreadable))))
            }
            guard case .copy(let from) = files[index].file.body, !found[index].skipped else { continue }
            if let digest = found[index].copied?.digest {
                files[index].file.digest = digest
            } else {
                // Not a regular file that can be read: nothing is published that was not searched.
                diagnostics.append(Diagnostic(file: values.matcher.redact(files[index].origin), problem: .unreadable(
                    reason: "\(values.matcher.redact(from)) cannot be read to be searched for private data, so it is not published")))
            }
        }
        for (planned, leaks) in zip(files, found.map(\.leaks)) {
            for leak in leaks {
                let value = values.guarded[leak.id]
                // Once per value and where it comes from: a template's text or a page kind shows it in
                // every file it writes, and one line says so (naming the first file).
                let once = if case .fileName = leak.source { "\(leak.id)|\(planned.file.path)" } else { "\(leak.id)|\(leak.source)" }
                guard reported.insert(once).inserted else { continue }
                // The path and the origin may hold the value themselves: they are shown masked.
                var source = leak.source
                if case .copiedFile(let origin) = source { source = .copiedFile(values.matcher.redact(origin)) }
                // In a template's text, the fix is there: the diagnostic points at it.
                let place = if case .template = leak.source, let at = templatePlaces[leak.id] { at } else { value.location }
                diagnostics.append(Diagnostic(place, .privateDataLeak(
                    key: value.key, output: values.matcher.redact(planned.file.path), source: source)))
            }
        }
        return diagnostics
    }
}

/// A copied file as the guard read it: the digest of the bytes searched, and what was found.
struct CopiedFile: Sendable {
    var digest: String
    var found: [Match]
    /// Why a PDF's text cannot be read (it is not published).
    var unreadablePDF: String? = nil
}

/// A PDF by its published name, or by its first bytes (`%PDF-`).
func isPDF(_ planned: PlannedFile) -> Bool {
    switch planned.file.body {
    case .bytes(let data): return looksLikePDF(path: planned.file.path, head: data.prefix(1024))
    case .unchanged(let at):
        return looksLikePDF(path: planned.file.path, head: Data(fileHeader(at, count: 1024)))
    case .copy(let from):
        if looksLikePDF(path: planned.file.path, head: Data()) { return true }
        let head = fileHeader(URL(fileURLWithPath: from).resolvingSymlinksInPath().path, count: 1024)
        return head.isEmpty || looksLikePDF(path: "", head: Data(head))  // unreadable: searched, and refused there
    }
}

/// Reads a copied file (what a link names, as the writer copies it) and searches it, unless
/// bytes of the same digest were found clean before; the digest is always of the bytes read
/// and searched (a file saved over between two reads cannot have one read's digest and the
/// other's search). A file up to a window is read once, whole; a larger one is hashed in one
/// read to be looked up, and, when it is not found clean, searched and hashed again in one
/// more. An image Zuimei re-encoded itself (`nameOnly`) is only hashed. Nil: not a regular
/// file that can be read.
func searchCopy(_ path: String, name: String, kind: ScanKind, nameOnly: Bool, matcher: Matcher, scanned: ScanCache?,
                checkpoint: (@Sendable (BuildCheckpoint) -> Void)?) -> CopiedFile? {
    if nameOnly { return sha256Hex(ofFile: path).map { CopiedFile(digest: $0, found: []) } }
    // A file published as a PDF is read as one: its clean record is not another reading's.
    let how = looksLikePDF(path: name, head: Data()) ? ":pdf" : ""
    switch fileContents(path, limit: Matcher.window) {
    case .unreadable:
        return nil
    case .bytes(let data):
        let digest = sha256Hex(data)
        if scanned?.isClean("\(kind):\(digest)\(how)") == true { return CopiedFile(digest: digest, found: []) }
        checkpoint?(.searching(source: path))
        let scan = matcher.scan(inContents: data, path: name, kind: kind)
        if scan.matches.isEmpty, scan.unreadablePDF == nil { scanned?.markClean("\(kind):\(digest)\(how)") }
        return CopiedFile(digest: digest, found: scan.matches, unreadablePDF: scan.unreadablePDF)
    case .tooLarge:
        // Read in windows: a video is never in memory whole. (`scan(inFile:)` follows no link.)
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let digest = sha256Hex(ofFile: resolved), scanned?.isClean("\(kind):\(digest)\(how)") == true {
            return CopiedFile(digest: digest, found: [])
        }
        checkpoint?(.searching(source: path))
        let hash = SHA256Stream()
        guard let scan = matcher.scan(inFile: resolved, kind: kind, name: name, reading: { hash.update($0) }),
              let digest = hash.finish() else { return nil }
        if scan.matches.isEmpty, scan.unreadablePDF == nil { scanned?.markClean("\(kind):\(digest)\(how)") }
        return CopiedFile(digest: digest, found: scan.matches, unreadablePDF: scan.unreadablePDF)
    }
}

/// Text formats are read as text, with markup, references and their own
/// escapes decoded; anything else as bytes.
func scanKind(of path: String) -> ScanKind {
    let name = (path as NSString).pathExtension.lowercased()
    if scriptExtensions.contains(name) { return .script }
    if name == "css" { return .style }
    if name == "vtt" { return .captions }
    return textExtensions.contains(name) ? .text : .binary
}

let scriptExtensions: Set<String> = ["js", "mjs", "cjs", "json", "webmanifest", "map"]
let textExtensions: Set<String> = [
    "html", "htm", "xhtml", "xml", "rss", "atom", "svg", "txt", "text", "md", "markdown", "csv", "tsv",
    "vtt", "srt", "yml", "yaml", "ics", "",
]

/// Where a build is, for a test hook (`BuildOptions.checkpoint`).
public enum BuildCheckpoint: Sendable, Equatable {
    /// The guard has looked a copied file up in the scan cache and is about to search it.
    case searching(source: String)
    /// A batch of files has been searched and is about to be written; `sources`: the files it copies.
    case searched(sources: Set<String>)
}
