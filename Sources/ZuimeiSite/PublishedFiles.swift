import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiImages
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiRules

/// A file of a story's folder as the site publishes it.
public struct PublishedFile: Sendable, Equatable {
    /// Path relative to the story's folder: `photo.jpg`.
    public var name: String
    /// The published file's size in bytes (a photo's after re-encoding).
    public var size: Int
    /// The file to copy: the source itself, or the re-encoded photo in the cache.
    public var path: String
    /// `path` is Zuimei's own re-encoded photo, never changed in place: the
    /// writer may hard-link it instead of copying (no new file to allocate).
    public var processed = false
    /// For a photo: its sizes and Open Graph crop, each also published as a file of its own.
    var renditions: [PublishedRendition] = []
    /// For captions up to `inlineCaptionsLimit`: the file as a `data:` URL, for the `<track>`
    /// of the page. Chromium loads no `<track>` from another file of a site opened from disk
    /// (every `file:` URL is an origin of its own); a `data:` URL loads everywhere.
    public var inline: String?
    /// False for a poster shown only through one of its renditions: no page links the file itself.
    public var written = true
    /// An image decoded and re-encoded here (a photo or one of its sizes): pixels, no metadata.
    public var reencoded = false
}

/// Captions up to this size are also inlined into their page's `<track>` (about an hour of speech).
let inlineCaptionsLimit = 256 << 10

/// One rendition of a published photo, by its published name.
public struct PublishedRendition: Sendable, Equatable {
    public var name: String
    var suffix: String
    var format: ImageFormat
    public var width: Int
    public var height: Int
}

extension PublishedFile {
    /// The photo's JPEG sizes for `srcset`, narrowest first (the Open Graph crop is not one).
    public var jpegSizes: [PublishedRendition] {
        renditions.filter { $0.format == .jpeg && $0.suffix != "og" }.sorted { $0.width < $1.width }
    }
    /// Its WebP sizes, narrowest first.
    public var webpSizes: [PublishedRendition] { renditions.filter { $0.format == .webp }.sorted { $0.width < $1.width } }
    /// Its 1200×630 crop for link previews, when it is large enough to have one.
    public var openGraphCrop: PublishedRendition? { renditions.first { $0.suffix == "og" } }
}

/// The files each published story publishes beside its page, by story id.
public typealias StoryFiles = [String: [PublishedFile]]

/// Stage: the files each published story publishes beside its page. Only
/// what the attachment rule allows and something links to (`linkedFiles`) is published; every
/// photo is decoded and re-encoded without metadata (`ZuimeiImages`), through a cache keyed by
/// the source's content, so an unchanged photo is processed once. A photo
/// whose source still carries a GPS position gets a warning, for every story
/// in the process, so `zuimei check` tells the team before anyone shares the
/// folder. Before the Markdown is rendered: a photo its text shows is written with its sizes.
public func publishFiles(_ publication: Publication, content: Content, cache: ImageCache, jobs: Int,
                  markdown: MarkdownMemo = MarkdownMemo()) -> (StoryFiles, [Diagnostic]) {
    struct Job: Sendable {
        var story: String?
        /// The file, and its path as diagnostics show it.
        var source: String
        var display: String
        var attachment: Attachment
        var severity: Diagnostic.Severity
    }
    var work: [Job] = []
    // Only what something links to (`linkedFiles`; the rules warn of the rest).
    let translations = translationsByOriginal(content)
    let candidates = content.stories.filter { (publication.publishes($0) || severity(for: $0) != nil) && $0.folder != nil }
    let linkedSets = parallelMap(candidates, jobs: jobs) { story in
        linkedFiles(of: story, translations: translations[story.source.relative] ?? [], markdown: markdown)
    }
    for (story, linked) in zip(candidates, linkedSets) {
        let published = publication.publishes(story) ? story.id : nil
        for attachment in story.files where attachment.isPublishable && linked.contains(attachment.name) {
            work.append(Job(story: published, source: story.folder! + "/" + attachment.name,
                            display: story.attachmentDisplayPath(attachment.name), attachment: attachment,
                            severity: severity(for: story) ?? .error))
        }
    }
    let results = parallelMap(work, jobs: jobs) { job -> ([PublishedFile], [Diagnostic]) in
        let source = job.source, display = job.display
        guard job.attachment.isImage, let format = ImageFormat(rawValue: job.attachment.allowedType ?? "") else {
            var copied = PublishedFile(name: job.attachment.name, size: job.attachment.size, path: source)
            if job.attachment.allowedType == "mp4" {
                return publishedVideo(source, attachment: job.attachment, display: display, severity: job.severity,
                                      published: job.story != nil, cache: cache)
            }
            guard job.attachment.allowedType == "vtt" else { return ([copied], []) }
            let (data, problems) = captions(source, attachment: job.attachment, display: display, severity: job.severity)
            if let data, data.count <= inlineCaptionsLimit { copied.inline = "data:text/vtt;base64," + data.base64EncodedString() }
            return ([copied], problems)
        }
        let location = Diagnostic(file: display, severity: .warning, problem: .photoLocation(path: job.attachment.name))
        guard job.story != nil else {  // not published: checked, not processed
            if case .success(let facts) = Images.inspect(path: source), facts.hasGPS { return ([], [location]) }
            return ([], [])
        }
        switch cache.sanitized(source: source, as: format) {
        case .success(let processed):
            let renditions = processed.renditions.filter { !$0.suffix.isEmpty }.map { rendition in
                PublishedFile(name: rendition.name(for: job.attachment.name), size: rendition.size, path: rendition.path,
                              processed: true, reencoded: true)
            }
            var photo = PublishedFile(name: job.attachment.name, size: processed.size, path: processed.path, processed: true,
                                      reencoded: true)
            photo.renditions = processed.renditions.map { rendition in
                PublishedRendition(name: rendition.name(for: job.attachment.name), suffix: rendition.suffix,
                                   format: rendition.format, width: rendition.width, height: rendition.height)
            }
            return ([photo] + renditions, processed.sourceHasGPS ? [location] : [])
        case .failure(let error):
            return ([], [Diagnostic(file: display, severity: job.severity,
                                     problem: .imageInvalid(path: job.attachment.name, reason: error.reason))])
        }
    }
    var files: StoryFiles = [:]
    var diagnostics: [Diagnostic] = []
    for (job, (published, problems)) in zip(work, results) {
        diagnostics += problems
        if let story = job.story { files[story, default: []] += published }
    }
    for story in content.stories where !story.videos.isEmpty {
        guard let published = files[story.id] else { continue }
        files[story.id] = postersSized(published, of: story, shown: imagesShown(by: story.body, markdown: markdown))
    }
    diagnostics += staticImagesWithMetadata(content, jobs: jobs)
    return (files, diagnostics)
}

/// The files of its folder that a text shows as images (`![…](poster.jpg)`), by name.
func imagesShown(by body: String, markdown: MarkdownMemo) -> Set<String> {
    var names: Set<String> = []
    _ = markdown.render(body, html: false) { link in
        if link.kind == .image, let name = folderFileName(link.destination) { names.insert(name) }
        return nil
    }
    return names
}

/// Rule `static-metadata`: an image in `static/` is published as it is (a story's photos are
/// re-encoded), so one that carries metadata (a phone photo's EXIF and GPS, XMP, a PNG's
/// compressed text chunks, which no search reads) is refused, known by its bytes whatever its name.
func staticImagesWithMetadata(_ content: Content, jobs: Int) -> [Diagnostic] {
    parallelMap(content.staticFiles, jobs: jobs) { file -> Diagnostic? in
        guard Attachment.imageFormat(of: Data(fileHeader(file.sourcePath, count: 16))) != nil else { return nil }
        switch Images.inspect(path: file.sourcePath) {
        case .success(let facts) where !facts.hasMetadata: return nil
        case .success: return Diagnostic(file: file.source.display, problem: .staticImageMetadata(path: file.outputPath))
        case .failure(let error): return Diagnostic(file: file.source.display, problem: .imageInvalid(path: file.outputPath, reason: error.reason))
        }
    }.compactMap { $0 }
}

/// An MP4 video as published: as it is when it carries no metadata, else a copy in the
/// cache with its metadata boxes blanked (`VideoMetadata`), never the device's record of
/// where it was filmed. A source with a location gets a warning, as a photo's does.
func publishedVideo(_ source: String, attachment: Attachment, display: String, severity: Diagnostic.Severity,
                    published: Bool, cache: ImageCache) -> ([PublishedFile], [Diagnostic]) {
    switch VideoMetadata.scan(path: source) {
    case .failure(let error):
        return ([], [Diagnostic(file: display, severity: severity, problem: .videoInvalid(path: attachment.name, reason: error.reason))])
    case .success(let scan):
        let location = scan.hasLocation ? [Diagnostic(file: display, severity: .warning, problem: .videoLocation(path: attachment.name))] : []
        guard published else { return ([], location) }
        guard !scan.boxes.isEmpty else { return ([PublishedFile(name: attachment.name, size: attachment.size, path: source)], location) }
        guard let cached = cache.blankedVideo(source, boxes: scan.boxes) else {
            return ([], location + [Diagnostic(file: display, severity: severity, problem: .videoInvalid(
                path: attachment.name, reason: "its copy without metadata cannot be written to \(cache.videoDirectory)"))])
        }
        return ([PublishedFile(name: attachment.name, size: cached.size, path: cached.path, processed: true)], location)
    }
}

/// Captions read, with what a browser would load but show wrongly, or not at all, each a
/// diagnostic at its line and column (`WebVTT.problems`).
func captions(_ source: String, attachment: Attachment, display: String,
              severity: Diagnostic.Severity) -> (Data?, [Diagnostic]) {
    func invalid(_ reason: String) -> (Data?, [Diagnostic]) {
        (nil, [Diagnostic(file: display, severity: severity, problem: .captionsInvalid(path: attachment.name, reason: reason))])
    }
    guard attachment.size <= WebVTT.maximumSize else { return invalid("the file is larger than \(WebVTT.maximumSize >> 20) MB") }
    guard let data = readRegularFile(source, limit: WebVTT.maximumSize) else { return invalid("the file cannot be read") }
    return (data, WebVTT.problems(in: data).map { problem in
        Diagnostic(file: display, line: problem.line, column: problem.column, severity: severity,
                   problem: .captionsInvalid(path: attachment.name, reason: problem.reason))
    })
}

extension PublishedFile {
    /// Its JPEG rendition nearest 960 px wide, the size a phone shows (nil without renditions):
    /// a video's poster on its page, an image of a WeChat article, an image of the booklet's book.
    public var phoneSize: PublishedRendition? {
        let sizes = jpegSizes
        return sizes.last { $0.width <= 960 } ?? sizes.first
    }
}

/// The rendition of a video's poster that the player shows: the page shows a video at
/// most 42rem (672 px) wide, so the one nearest 960 px, not the camera's size (the
/// poster itself when it has no renditions).
public func posterRendition(_ poster: PublishedFile) -> PublishedRendition? { poster.phoneSize }

/// An image that is only a video's poster (not the story's photo, not shown by its text)
/// publishes only the size the player shows: any other would be a file no page links
/// to, which a `wget --mirror` copy never fetches (and `verify` then reports missing).
/// A JPEG poster is published at that size under its own name; another format as the
/// JPEG rendition (`poster-960w.jpg`), the poster itself not written.
func postersSized(_ files: [PublishedFile], of story: Story, shown: Set<String>) -> [PublishedFile] {
    var files = files
    for poster in Set(story.videos.map(\.poster)).sorted() where poster != story.photo && !shown.contains(poster) {
        guard let index = files.firstIndex(where: { $0.name == poster }), let kept = posterRendition(files[index]) else { continue }
        var shown = kept
        let isJPEG = ["jpg", "jpeg"].contains((poster as NSString).pathExtension.lowercased())
        if kept.name != poster {
            if isJPEG, let file = files.first(where: { $0.name == kept.name }) {
                files[index].path = file.path
                files[index].size = file.size
                shown.name = poster
                shown.suffix = ""
            } else {
                files[index].written = false
            }
        }
        let dropped = Set(files[index].renditions.map(\.name)).subtracting([shown.name, poster])
        files[index].renditions = [shown]
        files.removeAll { dropped.contains($0.name) }
    }
    return files
}

/// A regular file's bytes, at most `limit` of them (more is nil); nil for anything
/// else (a FIFO would block a plain read forever).
public func readRegularFile(_ path: String, limit: Int) -> Data? {
    if case .bytes(let data) = fileContents(path, limit: limit) { data } else { nil }
}
