import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiParallel

/// The rules over Markdown bodies, on the build date: every link and image
/// (`broken-link`, `unpublished-link`, `data-url`), a
/// story's length (`story-length`), and a published study page's stories
/// (`unpublished-link`). Each body is parsed without making HTML; the render
/// stage makes the HTML of the published ones and reports nothing.
///
/// Checked: every story in the process (nominated, approved, drafts as
/// warnings) and every published one, every page and study material.
public func checkBodies(_ content: Content, on day: Day, preview: Bool = false, jobs: Int = 1,
                        markdown: MarkdownMemo = MarkdownMemo()) -> [Diagnostic] {
    let index = ContentIndex(content, on: day, preview: preview)
    struct Body: Sendable {
        var text: String
        var source: SourceFile
        var published: Bool
        var severity: Diagnostic.Severity
        var story: Story?
    }
    var bodies: [Body] = []
    for story in content.stories {
        let published = story.isPublished(on: day, preview: preview)
        guard published || severity(for: story) != nil else { continue }
        bodies.append(Body(text: story.body, source: story.source, published: published,
                           severity: severity(for: story) ?? .warning, story: story))
    }
    for page in content.pages {
        bodies.append(Body(text: page.body, source: page.source, published: page.isPublished(preview: preview),
                           severity: page.draft ? .warning : .error))
    }
    for material in content.study {
        bodies.append(Body(text: material.body, source: material.source, published: material.isPublished(on: day, preview: preview),
                           severity: material.draft ? .warning : .error))
    }
    let severities = translationSeverities(content)
    for translation in content.translations {
        guard let body = translation.body, let severity = severities[translation.source.relative] else { continue }
        bodies.append(Body(text: body, source: translation.source, published: !translation.draft || preview, severity: severity))
    }
    let editions = content.editions
    var diagnostics = parallelMap(bodies, jobs: jobs) { body -> [Diagnostic] in
        // One parse (or none, from the memo) gives the links and the length.
        var (problems, characters) = linkProblems(body.text, source: body.source, published: body.published,
                                                  severity: body.severity, index: index, markdown: markdown)
        if let story = body.story,
           let problem = checkLength(story, characters: characters, edition: editions[story.year]) { problems.append(problem) }
        return problems
    }.flatMap { $0 }
    diagnostics += unlinkedFiles(content, markdown: markdown, jobs: jobs)
    // A published study page must not point at a story that is not published.
    for material in content.study where material.isPublished(on: day, preview: preview) {
        for (position, id) in material.stories.enumerated() where index.story(id)?.published == false {
            diagnostics.append(Diagnostic(material.locations["stories[\(position)]"]
                                              ?? SourceLocation(file: material.source.display, line: 1, column: 1),
                                          .unpublishedLink(destination: id)))
        }
    }
    return diagnostics
}

/// Every link and image of one body, checked where it is written; and the body's length in characters.
func linkProblems(_ body: String, source: SourceFile, published: Bool, severity: Diagnostic.Severity,
                  index: ContentIndex, markdown: MarkdownMemo) -> ([Diagnostic], Int) {
    var problems: [Diagnostic] = []
    let rendered = markdown.render(body, html: false) { link in
        let location = SourceLocation(file: source.display, line: source.bodyLine + link.line - 1, column: link.column)
        if isDataURL(link.destination) {
            problems.append(Diagnostic(location, severity: severity, .dataURL))
            return nil
        }
        switch index.resolve(link.destination, from: source.relative) {
        case .other:
            break  // a web address, an anchor, a file beside the body or at the site's root (`BodyLinks`)
        case .missing:
            problems.append(Diagnostic(location, severity: severity, .brokenLink(destination: link.destination)))
        case .page(let target, _):
            if published, !target.published {
                problems.append(Diagnostic(location, severity: severity, .unpublishedLink(destination: link.destination)))
            }
        }
        return nil
    }
    return (problems, rendered.characterCount)
}

/// The files of a story's folder that something links to, by name: its photo, its videos with
/// their posters and captions, and what its text, or a translation's, links or shows
/// (`[证书](证书.pdf)`, `![](图.jpg)`). Only these are published: a file nothing links to (a
/// forgotten scan, an old draft photo) stays in the folder. `translations`: the story's own
/// (`translationsByOriginal`).
public func linkedFiles(of story: Story, translations: [Translation], markdown: MarkdownMemo) -> Set<String> {
    var linked = Set([story.photo].compactMap { $0 } + story.videos.flatMap { [$0.file, $0.poster] + [$0.captions].compactMap { $0 } })
    let bodies = [story.body] + translations.compactMap(\.body)
    for body in bodies {
        _ = markdown.render(body, html: false) { link in
            if let name = folderFileName(link.destination) { linked.insert(name) }
            return nil
        }
    }
    return linked
}

/// The file in the text's folder that a link destination names, by its path there (`证书.pdf`,
/// `./%E8%AF%81%E4%B9%A6.pdf#page=2`, `video/clip.mp4`), or nil for anything else (a web
/// address, a path from the root, one that climbs out with `..`).
public func folderFileName(_ destination: String) -> String? {
    var path = Substring(destination)
    if let end = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = path[..<end] }
    let name = path.removingPercentEncoding ?? String(path)
    let parts = name.split(separator: "/", omittingEmptySubsequences: false).filter { $0 != "." }
    guard !parts.isEmpty, !name.hasPrefix("/"), !name.contains(":"), !parts.contains(where: { $0.isEmpty || $0 == ".." }) else {
        return nil
    }
    return parts.joined(separator: "/")
}

/// The files of each story's folder that nothing links to: a warning naming each, which is not published.
func unlinkedFiles(_ content: Content, markdown: MarkdownMemo, jobs: Int = 1) -> [Diagnostic] {
    let stories = content.stories.filter { $0.folder != nil && !$0.files.isEmpty && severity(for: $0) != nil }
    let translations = translationsByOriginal(content)
    return parallelMap(stories, jobs: jobs) { story -> [Diagnostic] in
        let linked = linkedFiles(of: story, translations: translations[story.source.relative] ?? [], markdown: markdown)
        return story.files.filter { $0.isPublishable && !linked.contains($0.name) }.map { file in
            Diagnostic(file: story.attachmentDisplayPath(file.name), severity: .warning, problem: .unlinkedFile(path: file.name))
        }
    }.flatMap { $0 }
}

/// Each original's translations, by the original's file.
public func translationsByOriginal(_ content: Content) -> [String: [Translation]] {
    Dictionary(grouping: content.translations, by: \.original)
}

/// A `data:` URL: content inline in the link, which cmark's safe mode lets
/// through for images (`data:image/png;base64,…`) and nothing re-encodes or checks.
public func isDataURL(_ destination: String) -> Bool {
    destination.drop { $0 == " " || $0 == "\t" }.prefix(5).lowercased() == "data:"
}

/// How each translation's problems count, by the translation's file: as its original's (a
/// draft's or a draft original's are warnings, never blocking anyone); none for the
/// translation of a story out of the process (rejected, withdrawn: never published, its
/// translation neither). The originals are looked up once, by file.
public func translationSeverities(_ content: Content) -> [String: Diagnostic.Severity] {
    var originals: [String: Diagnostic.Severity?] = [:]
    for story in content.stories { originals[story.source.relative] = severity(for: story) }
    for page in content.pages { originals[page.source.relative] = page.draft ? .warning : .error }
    for material in content.study { originals[material.source.relative] = material.draft ? .warning : .error }
    var result: [String: Diagnostic.Severity] = [:]
    for translation in content.translations {
        let severity: Diagnostic.Severity? = translation.draft ? .warning
            : translation.kind == .edition ? .error : originals[translation.original] ?? nil
        result[translation.source.relative] = severity
    }
    return result
}
