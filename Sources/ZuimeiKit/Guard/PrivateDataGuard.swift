import Foundation
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
struct PrivateDataGuard {
    private let values: PrivateValues
    /// For each value found in a template's own text, the first such template and where.
    private let inTemplates: [Int: String]
    private let templatePlaces: [Int: SourceLocation]
    private let jobs: Int
    private var reported = Set<String>()
    /// Large copied files found clean before, unchanged since, for the same values.
    private let scanned: ScanCache?

    init(values: PrivateValues, templates: TemplateSet, jobs: Int, cache: ScanCache? = nil) {
        self.values = values
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

    /// Searches a batch of files; each leak is reported once. A PDF whose text cannot be read
    /// is refused (`pdfUnreadable`) whether or not there are values to look for: whether it may
    /// be published does not depend on what other stories hold.
    mutating func scan(_ files: [PlannedFile]) -> [Diagnostic] {
        let matcher = values.matcher
        let inTemplates = inTemplates
        let scanned = scanned
        let found = parallelMap(files, jobs: jobs) { planned -> (leaks: [(id: Int, source: LeakSource)], unreadable: String?) in
            var leaks = matcher.matches(in: planned.file.path).map { (id: $0.id, source: LeakSource.fileName) }
            if planned.nameOnly { return (leaks, nil) }
            let kind = scanKind(of: planned.file.path)
            if matcher.isEmpty, kind != .binary { return (leaks, nil) }
            var unreadable: String?
            // A file named .pdf is also read as a PDF (as any file whose bytes begin like one).
            let how = (planned.file.path as NSString).pathExtension.lowercased() == "pdf" ? ":pdf" : ""
            switch planned.file.body {
            case .bytes(let data):
                // The same bytes, read the same way, for the same values: found clean before.
                let key = planned.file.digest.map { "\(kind):\($0)\(how)" }
                if let key, scanned?.isClean(key) == true { break }
                let scan = matcher.scan(planned.readable?(data) ?? data, kind: kind, path: planned.file.path)
                let matches = scan.matches
                unreadable = scan.unreadablePDF
                if matches.isEmpty, unreadable == nil, let key { scanned?.markClean(key) }
                for match in matches {
                    let source: LeakSource = if let template = inTemplates[match.id] {
                        .template(template)
                    } else if let template = planned.template {
                        .page(template: template)
                    } else {
                        .copiedFile(planned.origin)
                    }
                    leaks.append((match.id, source))
                }
            case .copy(let from):
                // With no values to look for, only a PDF is read (to know whether it can be), and no
                // digest is taken of every file to remember it by.
                let key = matcher.isEmpty ? nil : scanned?.key(ofCopy: from, kind: kind).map { $0 + how }
                if let key, scanned?.isClean(key) == true { break }
                // Read in windows: a video is never in memory whole.
                let scan = matcher.scan(inFile: from, kind: kind, name: planned.file.path) ?? FileScan(matches: [])
                unreadable = scan.unreadablePDF
                if scan.matches.isEmpty, unreadable == nil, let key { scanned?.markClean(key) }
                leaks += scan.matches.map { (id: $0.id, source: LeakSource.copiedFile(planned.origin)) }
            }
            return (leaks, unreadable)
        }
        var diagnostics: [Diagnostic] = []
        for (planned, (_, unreadable)) in zip(files, found) {
            guard let unreadable else { continue }
            // Where the fix is: the file in the content (or the theme) it is copied from.
            diagnostics.append(Diagnostic(file: values.matcher.redact(planned.origin), problem: .pdfUnreadable(
                path: values.matcher.redact(planned.file.path), reason: values.matcher.redact(unreadable))))
        }
        for (planned, (leaks, _)) in zip(files, found) {
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
