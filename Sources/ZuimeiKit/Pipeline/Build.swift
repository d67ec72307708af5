import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiSearch
import ZuimeiTemplates

public struct BuildOptions: Sendable {
    /// The content directory as the user named it (`Content`).
    public var content: String
    /// The output directory (`site`).
    public var output: String
    public var date: Day
    /// A preview: drafts and nominated stories too, each page with a banner and `noindex`.
    public var preview: Bool
    /// False for `zuimei check`: every stage runs, nothing is written.
    public var write: Bool
    /// Threads for the per-item stages; the output is the same for any number.
    public var jobs: Int
    /// Called when another build holds the output's lock, before waiting for it.
    public var waiting: @Sendable () -> Void
    /// Skip the build when nothing changed since the last one (`.zuimei-cache/`).
    public var useCache: Bool
    /// Told the name of each stage as it finishes, for a progress line.
    public var progress: (@Sendable (String) -> Void)?
    /// Build into memory instead of `output` (`zuimei serve`): the site is
    /// replaced there as a whole when the build succeeds.
    public var memory: MemorySite?
    /// What earlier builds in this process worked out (`zuimei serve`): reused
    /// where the input is exactly the same.
    public var memo: BuildMemo?
    /// The site's secret key (the text of `zuimei key new`'s `.key` file): the build signs
    /// `SHA256SUMS` into `SHA256SUMS.minisig` with it.
    public var signingKey: String?
    /// A test hook: told where the build is (`BuildCheckpoint`), so a test can change a file at
    /// exactly that moment. Nil outside tests.
    public var checkpoint: (@Sendable (BuildCheckpoint) -> Void)?

    public init(content: String = "Content", output: String = "site", date: Day, preview: Bool = false, write: Bool = true,
                jobs: Int = Parallelism.cores, useCache: Bool = false,
                progress: (@Sendable (String) -> Void)? = nil, waiting: @escaping @Sendable () -> Void = {}) {
        self.useCache = useCache
        self.progress = progress
        self.content = content
        self.output = output
        self.date = date
        self.preview = preview
        self.write = write
        self.jobs = max(1, jobs)
        self.waiting = waiting
    }
}

/// Where a build is, for a test hook (`BuildOptions.checkpoint`).
public enum BuildCheckpoint: Sendable, Equatable {
    /// The guard has looked a copied file up in the scan cache and is about to search it.
    case searching(source: String)
    /// A batch of files has been searched and is about to be written; `sources`: the files it copies.
    case searched(sources: Set<String>)
}

public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// What was written; nil when nothing was (a failed build, or a check).
    public var written: WriteReport?
    public var publishedStories: Int
    /// Stories per edition and status, as loaded.
    public var summary: ContentSummary
    /// Wall time per stage.
    public var timings: Timings
    /// Nothing had changed since the last build: the output was left as it was.
    public var upToDate = false
    public var succeeded: Bool { !diagnostics.hasErrors }
}

public let generatorName = "Zuimei 0.1"

/// The pipeline: Content/ → load → check the campaign's rules (private data
/// at its source among them) → publish → render Markdown → the stories' files,
/// photos re-encoded without metadata → pages and feeds through templates →
/// private-data guard over every output → site/. Nothing is written unless every stage before the writer succeeded,
/// so a failed build leaves site/ as it was.
public func build(_ options: BuildOptions) -> BuildResult {
    var privateValues: PrivateValues?
    var result = build(options, privateValues: &privateValues)
    // A file name, a term or a path in any diagnostic may itself be a private value: shown masked.
    if let matcher = privateValues?.matcher, !matcher.isEmpty {
        result.diagnostics = result.diagnostics.map { $0.redacted(by: matcher) }
    }
    return result
}

/// The pipeline itself; `privateValues` is set as soon as they are known.
func build(_ options: BuildOptions, privateValues known: inout PrivateValues?) -> BuildResult {
    var timings = Timings(progress: options.progress)
    // Photos re-encoded without a cache: a folder of this build's, removed when it ends; serve
    // keeps its own for as long as it serves them.
    let scratch = options.memo?.scratch ?? PrivateTemporaryDirectory()
    defer { if options.memo == nil { scratch.remove() } }
    // `.zuimei-cache/`: used only when the user alone can write it; `check` reads it and writes nothing.
    let (cacheDirectory, cacheProblems) = FileManager.default.fileExists(atPath: options.content)
        ? CacheDirectory.open(content: options.content, write: options.write) : (nil, [])
    // Nothing read has changed and the output is as the last build left it: done.
    let cache = options.write && options.useCache ? cacheDirectory.map { BuildCache(cache: $0, output: options.output) } : nil
    let inputs = cache.map { _ in BuildCache.inputs(options) }
    if let cache, let record = cache.load(), record.inputs == inputs,
       record.outputs == BuildCache.outputs(options.output) {
        timings.mark("unchanged")
        return BuildResult(diagnostics: record.warnings,
                           written: WriteReport(files: record.files, bytes: record.bytes, written: 0, kept: record.files),
                           publishedStories: record.publishedStories, summary: .empty, timings: timings, upToDate: true)
    }
    cache?.remove()
    let loaded = loadContent(from: options.content, jobs: options.jobs, memo: options.memo?.parsed)
    guard let content = loaded.content else { return .failed(loaded.diagnostics, summary: .empty, timings: timings) }
    timings.mark("load")
    let summary = ContentSummary(content, on: options.date)
    var privateValues = PrivateValues(content)
    if let key = options.signingKey { privateValues.guardSecretKey(key) }
    known = privateValues
    timings.mark("private values")
    // Each body parsed once for the rules, its page and the feeds (and, in serve, once until it changes).
    let markdown = options.memo?.markdown ?? MarkdownMemo()
    markdown.startBuild()
    // Files and texts found clean before, for these values (`.zuimei-cache/scans.json`): in serve,
    // its own memo of texts instead.
    let scanCache = ScanCache(cache: cacheDirectory, values: privateValues)
    let privacyMemo = options.memo?.privacy ?? PrivacyMemo(clean: options.useCache ? scanCache : nil)
    var diagnostics = cacheProblems + loaded.diagnostics + checkRules(content, jobs: options.jobs, privateValues: privateValues,
                                                                privacyMemo: privacyMemo)
    timings.mark("rules")
    diagnostics += checkBodies(content, on: options.date, preview: options.preview, jobs: options.jobs, markdown: markdown)
    timings.mark("rules over bodies")
    if options.write, options.memory == nil {
        diagnostics += checkOutputLocation(options.output, content: content.root, preview: options.preview)
    }
    let (templates, templateProblems) = Theme.templates(overrides: content.templatesDirectory,
                                                        overridesDisplay: options.content + "/templates", memo: options.memo?.templates)
    timings.mark("templates loaded")
    var rendered = render(publish(content, on: options.date, preview: options.preview), checking: content, jobs: options.jobs,
                          markdown: markdown)
    rendered.signed = options.signingKey != nil
    timings.mark("markdown")
    // Photos found in the cache by the last build: in serve, this process's; else the cache's `photos.json`.
    // Serve's starts from the cache's, so its first build believes what the last build wrote.
    let photoMemo = options.memo?.images ?? ImageMemo.load(cacheDirectory)
    if options.memo != nil { photoMemo.seed(from: cacheDirectory) }
    let (site, fileProblems) = publishFiles(rendered, content: content, cache: ImageCache(cache: cacheDirectory, scratch: scratch, memo: photoMemo),
                                            jobs: options.jobs)
    photoMemo.save(cacheDirectory)
    timings.mark("photos")
    diagnostics += templateProblems + fileProblems
    guard let templates, !diagnostics.hasErrors else { return .failed(diagnostics, summary: summary, timings: timings) }

    // The site in each of its languages: the default's, then each translation's.
    let strings = site.site.languages.map { UIStrings.load(language: $0.code) }
    diagnostics += zip(site.site.languages, strings).flatMap { language, table in
        table.missing.map { Diagnostic(content.site.locations["languages"] ?? SourceLocation(file: options.content + "/site.yml", line: 1, column: 1),
                                       severity: .warning, .missingString(key: $0, language: language.code)) }
    }
    var models = [makeSiteModel(site, strings: strings.first ?? .load())]
    for (language, table) in zip(site.site.languages, strings).dropFirst() {
        models.append(makeSiteModel(translate(site, into: language, translations: content.translations, markdown: markdown),
                                    strings: table, language: language))
    }
    // Which pages each language has (for hreflang and the switcher), from the pages themselves.
    let alternates = Alternates(models: models, pages: models.map { pageJobs($0, generator: generatorName) })
    for index in models.indices { models[index].alternates = models.count > 1 ? alternates : .none }
    let model = models[0]
    let pages = models.flatMap { pageJobs($0, generator: generatorName) }
    let others: [PlannedFile]
    do throws(TemplateError) {
        var files: [PlannedFile] = []
        for model in models {
            files += try feeds(model, generator: generatorName, templates: templates, jobs: options.jobs, markdown: markdown,
                               escaped: options.memo?.feeds)
        }
        others = try files + crawlerFiles(model, pages: pages, alternates: models.count > 1 ? alternates : .none, templates: templates)
            + copiedFiles(site)
    } catch {
        return .failed(diagnostics + [diagnostic(error)], summary: summary, timings: timings)
    }
    timings.mark("site model")
    // The search index's record from the last build on the command line (not in serve, not for
    // `check`), as the site it wrote still shows it.
    let recording = options.write && options.memory == nil ? cacheDirectory : nil
    let previousSite = recording != nil && options.useCache ? PreviousSite(output: options.output) : nil
    let recordFile = recording.map { SearchRecordFile(cache: $0, previous: previousSite) }
    var searchIndex: [PlannedFile] = []
    var searchRecords: [(prefix: String, record: SearchIndexRecord)] = []
    var searchUpdated: [(shards: Int, documents: Int)] = []
    for (index, model) in models.enumerated() {
        // The memo keeps one index: the default language's, the one an edit in serve changes most.
        let search = searchFiles(model, views: PageViews(model: model, generator: generatorName), jobs: options.jobs,
                                 markdown: markdown, memo: index == 0 ? options.memo?.search : nil, recordFile: recordFile)
        searchIndex += search.files
        if let record = search.record { searchRecords.append((model.routes.prefix, record)) }
        if let updated = search.updated { searchUpdated.append(updated) }
    }
    timings.mark("search index")
    if searchUpdated.count == models.count {
        timings.note("search index updated: documents changed \(searchUpdated.map(\.documents).reduce(0, +)), "
            + "shards encoded again \(searchUpdated.map(\.shards).reduce(0, +))")
    }
    diagnostics += collisions(pages.map { ($0.file, $0.origin) } + (others + searchIndex).map { ($0.file.path, $0.origin) })
    guard !diagnostics.hasErrors else { return .failed(diagnostics, summary: summary, timings: timings) }

    // Templated, checked and written in batches: the whole output is never in memory at once.
    var guardian = PrivateDataGuard(values: privateValues, templates: templates, jobs: options.jobs, cache: scanCache,
                                    checkpoint: options.checkpoint)
    let writer: (any SiteSink)?
    do throws(OutputError) {
        if !options.write {
            writer = nil
        } else if let memory = options.memory {
            writer = memory.sink()
        } else {
            writer = try SiteWriter(output: options.output, jobs: options.jobs, waiting: options.waiting)
        }
    } catch {
        return .failed(diagnostics + [outputFailure(error, options)], summary: summary, timings: timings)
    }
    options.memo?.pages.begin(with: templates)
    let batch = 1024
    let batches = stride(from: 0, to: pages.count, by: batch).map { $0..<min(pages.count, $0 + batch) }
    for index in 0...batches.count {  // the page batches, then the feeds and copied files
        var files: [PlannedFile]
        do throws(TemplateError) {
            files = index < batches.count ? try renderPages(pages[batches[index]], templates: templates, jobs: options.jobs,
                                                                     memo: options.memo?.pages) : others + searchIndex
        } catch {
            writer?.abort()
            return .failed(diagnostics + [diagnostic(error)], summary: summary, timings: timings)
        }
        diagnostics += guardian.scan(&files)
        if index == 0 { pauseIfRequested("render") }  // a test hook: rendering under way, nothing written
        options.checkpoint?(.searched(sources: Set(files.compactMap { if case .copy(let from) = $0.file.body { from } else { nil } })))
        guard !diagnostics.hasErrors, let writer else { continue }
        do throws(OutputError) { try writer.write(files.map(\.file)) } catch {
            let origin = files.first { $0.file.path == error.path }?.origin
            return .failed(diagnostics + [outputFailure(error, options, origin: origin)], summary: summary, timings: timings)
        }
    }
    timings.mark("templates and writing")
    if guardian.alteredKept { recordFile?.remove() }
    options.memo?.pages.keep(only: Set(pages.map(\.file)))
    guard !diagnostics.hasErrors else {
        writer?.abort()
        return .failed(diagnostics, summary: summary, timings: timings)
    }
    scanCache.saveFound()
    guard let writer else {
        return BuildResult(diagnostics: diagnostics, written: nil, publishedStories: site.stories.count, summary: summary,
                           timings: timings)
    }
    let report: WriteReport
    do throws(OutputError) {
        report = try writer.finish(BuildInfo(buildDate: options.date.description, generator: generatorName, preview: options.preview,
                                             signingKey: options.signingKey))
    } catch {
        return .failed(diagnostics + [outputFailure(error, options)], summary: summary, timings: timings)
    }
    timings.mark("checksums and swap")
    // The search index's records, bound to the site just written.
    if let recordFile, let site = report.manifestDigest { recordFile.save(searchRecords, site: site) }
    if let cache, let inputs, inputs == BuildCache.inputs(options) {  // content not changed while building
        cache.save(BuildCache.Record(version: BuildCache.version, inputs: inputs,
                                     outputs: BuildCache.outputs(options.output),
                                     publishedStories: site.stories.count, files: report.files, bytes: report.bytes,
                                     warnings: diagnostics))
    }
    return BuildResult(diagnostics: diagnostics, written: report, publishedStories: site.stories.count, summary: summary,
                       timings: timings)
}

/// `origin`: the content file the output file comes from, where a copied file changed.
func outputFailure(_ error: OutputError, _ options: BuildOptions, origin: String? = nil) -> Diagnostic {
    if error.changed { return Diagnostic(file: origin ?? options.output, problem: .changedWhileBuilding(output: error.path)) }
    return Diagnostic(file: options.output, problem: .outputFailed(reason: "\(error.path): \(error.reason)"))
}

extension BuildResult {
    static func failed(_ diagnostics: [Diagnostic], summary: ContentSummary, timings: Timings) -> BuildResult {
        BuildResult(diagnostics: diagnostics, written: nil, publishedStories: 0, summary: summary, timings: timings)
    }
}
