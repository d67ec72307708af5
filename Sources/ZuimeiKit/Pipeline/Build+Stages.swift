import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiOutput
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiSearch
import ZuimeiSite
import ZuimeiTemplates
import ZuimeiTheme

// The stages of `build`, in its order. Each takes what the stages before it made and the
// build's run (its diagnostics, caches and memos), and gives its own result.

/// Stage: `Content/` read and parsed. A content that cannot be read stops the build.
func load(_ run: inout BuildRun) throws(BuildStop) -> Content {
    let loaded = loadContent(from: run.options.content, jobs: run.options.jobs, memo: run.options.memo?.parsed)
    run.diagnostics += loaded.diagnostics
    guard let content = loaded.content else { throw BuildStop() }
    run.summary = ContentSummary(content, on: run.options.date)
    return content
}

/// Stage: the nomination forms' values that must never be published, the signing key among them.
func findPrivateValues(_ content: Content, _ run: inout BuildRun) -> PrivateValues {
    var values = PrivateValues(content)
    if let key = run.options.signingKey { values.guardSecretKey(key) }
    run.scanCache = ScanCache(cache: run.cacheDirectory, values: values)
    return values
}

/// Stage: the campaign's rules, private data at its source among them.
func applyRules(_ content: Content, _ values: PrivateValues, _ run: inout BuildRun) {
    // Texts found clean before, for these values; in serve, its own memo of texts instead.
    let memo = run.options.memo?.privacy ?? PrivacyMemo(clean: run.options.useCache ? run.scanCache : nil)
    run.diagnostics += checkRules(content, jobs: run.options.jobs, privateValues: values, privacyMemo: memo)
}

/// Stage: the rules over the stories' Markdown (links, length, hidden characters), and where the output goes.
func applyBodyRules(_ content: Content, _ run: inout BuildRun) {
    run.markdown.startBuild()
    let options = run.options
    run.diagnostics += checkBodies(content, on: options.date, preview: options.preview, jobs: options.jobs, markdown: run.markdown)
    if options.write, options.memory == nil {
        run.diagnostics += checkOutputLocation(options.output, content: content.root, preview: options.preview)
    }
}

/// Stage: the theme's templates with the site's own (`Content/templates/`); nil when they do not parse.
func loadTheme(_ content: Content, _ run: inout BuildRun) -> TemplateSet? {
    let (templates, problems) = Theme.templates(overrides: content.templatesDirectory,
                                                overridesDisplay: run.options.content + "/templates", memo: run.options.memo?.templates)
    run.diagnostics += problems
    return templates
}

/// What is published on the build date, and the files its stories publish.
struct PublishedContent {
    var publication: Publication
    var files: StoryFiles
}

/// Stage: what is published, and its stories' files, photos re-encoded without metadata.
func publishSiteFiles(_ content: Content, _ run: inout BuildRun) -> PublishedContent {
    let options = run.options
    let publication = publish(content, on: options.date, preview: options.preview)
    // Photos found in the cache by the last build: in serve, this process's; else the cache's `photos.json`.
    // Serve's starts from the cache's, so its first build believes what the last build wrote.
    let photoMemo = options.memo?.images ?? ImageMemo.load(run.cacheDirectory)
    if options.memo != nil { photoMemo.seed(from: run.cacheDirectory) }
    let (files, problems) = publishFiles(publication, content: content,
                                         cache: ImageCache(cache: run.cacheDirectory, scratch: run.scratch, memo: photoMemo),
                                         jobs: options.jobs, markdown: run.markdown)
    photoMemo.save(run.cacheDirectory)
    run.diagnostics += problems
    return PublishedContent(publication: publication, files: files)
}

/// Stage: the published Markdown rendered, its images and quoted text written by the theme.
func renderMarkdown(_ published: PublishedContent, _ content: Content, _ templates: TemplateSet?,
                    _ run: inout BuildRun) -> RenderedSite {
    let options = run.options
    var rendered = render(published.publication, checking: content, files: published.files,
                          theme: MarkdownTheme(templates: templates), jobs: options.jobs, markdown: run.markdown)
    rendered.signed = options.signingKey != nil
    return rendered
}

/// The site in each of its languages and every file it is made of, before templating.
struct SitePlan {
    /// The default language's, then each translation's.
    var models: [SiteModel]
    /// Each language's pages' views, by the language's prefix.
    var views: [String: PageViews]
    var pages: [PageJob]
    /// Feeds, sitemap, robots.txt and copied files.
    var others: [PlannedFile]
    var publishedStories: Int
}

/// Stage: the site model of each language, its pages, feeds and copied files.
func planSite(_ site: RenderedSite, _ content: Content, _ templates: TemplateSet,
              _ run: inout BuildRun) throws(BuildStop) -> SitePlan {
    let options = run.options
    let strings = site.site.languages.map { UIStrings.load(language: $0.code) }
    run.diagnostics += zip(site.site.languages, strings).flatMap { language, table in
        table.missing.map { Diagnostic(content.site.locations["languages"] ?? SourceLocation(file: options.content + "/site.yml", line: 1, column: 1),
                                       severity: .warning, .missingString(key: $0, language: language.code)) }
    }
    var models = [makeSiteModel(site, strings: strings.first ?? .load())]
    for (language, table) in zip(site.site.languages, strings).dropFirst() {
        models.append(makeSiteModel(translate(site, into: language, translations: content.translations, markdown: run.markdown),
                                    strings: table, language: language))
    }
    // Which pages each language has (for hreflang and the switcher), from the pages themselves.
    let pagesByLanguage = models.map(pageJobs)
    let alternates = models.count > 1 ? Alternates(models: models, pages: pagesByLanguage) : .none
    for index in models.indices { models[index].alternates = alternates }
    // The booklet's book in each language, before the pages that link it with its size.
    let books: [PlannedFile]
    do throws(TemplateError) {
        let start = Date()
        books = try bookletBooks(&models, templates: templates, markdown: run.markdown, jobs: options.jobs, memo: options.memo?.books)
        if !books.isEmpty {
            let bytes = books.map { if case .bytes(let data) = $0.file.body { data.count } else { 0 } }.reduce(0, +)
            run.timings.note("study booklet books: \(books.count), \(bytes) bytes, " + String(format: "%.3f s", Date().timeIntervalSince(start)))
        }
    } catch {
        run.diagnostics.append(diagnostic(error))
        throw BuildStop()
    }
    let views = Dictionary(models.map { ($0.routes.prefix, PageViews(model: $0, generator: generatorName)) },
                           uniquingKeysWith: { first, _ in first })
    let pages = pagesByLanguage.flatMap { $0 }
    do throws(TemplateError) {
        var files: [PlannedFile] = []
        for model in models {
            files += try feeds(model, generator: generatorName, templates: templates, jobs: options.jobs, markdown: run.markdown,
                               escaped: options.memo?.feeds)
        }
        files += try crawlerFiles(models[0], pages: pages, alternates: alternates, templates: templates) + copiedFiles(site) + books
        return SitePlan(models: models, views: views, pages: pages, others: files, publishedStories: site.stories.count)
    } catch {
        run.diagnostics.append(diagnostic(error))
        throw BuildStop()
    }
}

/// The search index's files and what the next build needs to update it.
struct SearchPlan {
    var files: [PlannedFile]
    var records: [(prefix: String, record: SearchIndexRecord)]
    var recordFile: SearchRecordFile?
}

/// Stage: the search index of each language; then no two files at one path.
func indexSite(_ plan: SitePlan, _ run: inout BuildRun) -> SearchPlan {
    let options = run.options
    // The search index's record from the last build on the command line (not in serve, not for
    // `check`), as the site it wrote still shows it.
    let recording = options.write && options.memory == nil ? run.cacheDirectory : nil
    let previousSite = recording != nil && options.useCache ? PreviousSite(output: options.output) : nil
    let recordFile = recording.map { SearchRecordFile(cache: $0, previous: previousSite) }
    var result = SearchPlan(files: [], records: [], recordFile: recordFile)
    var updated: [(shards: Int, documents: Int)] = []
    for (index, model) in plan.models.enumerated() {
        // The memo keeps one index: the default language's, the one an edit in serve changes most.
        let search = searchFiles(model, views: plan.views[model.routes.prefix]!, jobs: options.jobs, markdown: run.markdown,
                                 memo: index == 0 ? options.memo?.search : nil, recordFile: recordFile)
        result.files += search.files
        if let record = search.record { result.records.append((model.routes.prefix, record)) }
        if let counts = search.updated { updated.append(counts) }
    }
    if updated.count == plan.models.count {
        run.timings.note("search index updated: documents changed \(updated.map(\.documents).reduce(0, +)), "
            + "shards encoded again \(updated.map(\.shards).reduce(0, +))")
    }
    run.diagnostics += collisions(plan.pages.map { ($0.file, $0.origin) } + (plan.others + result.files).map { ($0.file.path, $0.origin) })
    return result
}

/// Stage: pages templated, and every file searched for private data and written, in batches:
/// the whole output is never in memory at once. Nil for `check`, which writes nothing.
func templateAndWrite(_ plan: SitePlan, _ search: SearchPlan, _ values: PrivateValues, _ templates: TemplateSet,
                      _ run: inout BuildRun) throws(BuildStop) -> (any SiteSink)? {
    let options = run.options
    var guardian = PrivateDataGuard(values: values, templates: templates, jobs: options.jobs, cache: run.scanCache,
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
        run.diagnostics.append(outputFailure(error, options))
        throw BuildStop()
    }
    options.memo?.pages.begin(with: templates)
    let pages = plan.pages
    let batch = 1024
    let batches = stride(from: 0, to: pages.count, by: batch).map { $0..<min(pages.count, $0 + batch) }
    for index in 0...batches.count {  // the page batches, then the feeds and copied files
        var files: [PlannedFile]
        do throws(TemplateError) {
            files = index < batches.count ? try renderPages(pages[batches[index]], views: plan.views, templates: templates,
                                                            jobs: options.jobs, memo: options.memo?.pages)
                : plan.others + search.files
        } catch {
            writer?.abort()
            run.diagnostics.append(diagnostic(error))
            throw BuildStop()
        }
        run.diagnostics += guardian.scan(&files)
        if index == 0 { pauseIfRequested("render") }  // a test hook: rendering under way, nothing written
        options.checkpoint?(.searched(sources: Set(files.compactMap { if case .copy(let from) = $0.file.body { from } else { nil } })))
        guard !run.diagnostics.hasErrors, let writer else { continue }
        do throws(OutputError) { try writer.write(files.map(\.file)) } catch {
            let origin = files.first { $0.file.path == error.path }?.origin
            run.diagnostics.append(outputFailure(error, options, origin: origin))
            throw BuildStop()
        }
    }
    if guardian.alteredKept { search.recordFile?.remove() }
    options.memo?.pages.keep(only: Set(pages.map(\.file)))
    if run.diagnostics.hasErrors { writer?.abort() }
    return writer
}

/// Stage: `SHA256SUMS` (signed with a key) and the new site in place of the old; then the
/// search index's records and the build's, bound to the site just written.
func finish(_ writer: any SiteSink, _ plan: SitePlan, _ search: SearchPlan, _ run: inout BuildRun) throws(BuildStop) -> WriteReport {
    run.scanCache?.saveFound()
    let options = run.options
    let report: WriteReport
    do throws(OutputError) {
        report = try writer.finish(BuildInfo(buildDate: options.date.description, generator: generatorName, preview: options.preview,
                                             signingKey: options.signingKey))
    } catch {
        run.diagnostics.append(outputFailure(error, options))
        throw BuildStop()
    }
    if let recordFile = search.recordFile, let site = report.manifestDigest { recordFile.save(search.records, site: site) }
    if let cache = run.cache, let inputs = run.inputs, inputs == BuildCache.inputs(options) {  // content not changed while building
        cache.save(BuildCache.Record(version: BuildCache.version, inputs: inputs,
                                     outputs: BuildCache.outputs(options.output),
                                     publishedStories: plan.publishedStories, files: report.files, bytes: report.bytes,
                                     warnings: run.diagnostics))
    }
    return report
}
