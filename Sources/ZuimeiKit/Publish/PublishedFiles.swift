import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiImages
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
}

/// Stage: the files each published story publishes beside its page. Only
/// what the attachment rule allows is published; every photo is decoded and
/// re-encoded without metadata (`ZuimeiImages`), through a cache keyed by
/// the source's content, so an unchanged photo is processed once. A photo
/// whose source still carries a GPS position gets a warning, for every story
/// in the process, so `zuimei check` tells the team before anyone shares the
/// folder.
func publishFiles(_ site: RenderedSite, content: Content, cache: ImageCache, jobs: Int) -> (RenderedSite, [Diagnostic]) {
    struct Job: Sendable {
        var storyIndex: Int?
        var story: Story
        var attachment: Attachment
        var severity: Diagnostic.Severity
    }
    let published = Dictionary(site.stories.enumerated().map { ($1.story.id, $0) }, uniquingKeysWith: { first, _ in first })
    var work: [Job] = []
    for story in content.stories {
        let index = published[story.id]
        guard index != nil || severity(for: story) != nil, story.folder != nil else { continue }
        for attachment in story.files where attachment.isPublishable {
            work.append(Job(storyIndex: index, story: story, attachment: attachment, severity: severity(for: story) ?? .error))
        }
    }
    let results = parallelMap(work, jobs: jobs) { job -> (PublishedFile?, [Diagnostic]) in
        let source = job.story.folder! + "/" + job.attachment.name
        let display = job.story.attachmentDisplayPath(job.attachment.name)
        guard job.attachment.isImage, let format = ImageFormat(rawValue: job.attachment.allowedType ?? "") else {
            return (PublishedFile(name: job.attachment.name, size: job.attachment.size, path: source), [])
        }
        let location = Diagnostic(file: display, severity: .warning, problem: .photoLocation(path: job.attachment.name))
        guard job.storyIndex != nil else {  // not published: checked, not processed
            if case .success(let facts) = Images.inspect(path: source), facts.hasGPS { return (nil, [location]) }
            return (nil, [])
        }
        switch cache.sanitized(source: source, as: format) {
        case .success(let processed):
            return (PublishedFile(name: job.attachment.name, size: processed.size, path: processed.path, processed: true),
                    processed.sourceHasGPS ? [location] : [])
        case .failure(let error):
            return (nil, [Diagnostic(file: display, severity: job.severity,
                                     problem: .imageInvalid(path: job.attachment.name, reason: error.reason))])
        }
    }
    var site = site
    var diagnostics: [Diagnostic] = []
    for (job, (file, problems)) in zip(work, results) {
        diagnostics += problems
        if let index = job.storyIndex, let file { site.stories[index].files.append(file) }
    }
    return (site, diagnostics)
}

