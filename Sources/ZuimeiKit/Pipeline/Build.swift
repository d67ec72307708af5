import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiPrivacy
import ZuimeiRules
import ZuimeiSearch
import ZuimeiSite
import ZuimeiTemplates
import ZuimeiTheme

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
    /// The WeChat and Weibo export: written alone (`zuimei export wechat`), or beside the site (`zuimei serve`).
    public var wechat: WeChatExport?

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
/// at its source among them) → publish, the stories' files, photos re-encoded
/// without metadata → render Markdown (through the theme's hooks) → pages and feeds through templates →
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

/// The pipeline itself, stage by stage (`Build+Stages.swift`); `privateValues` is set as soon
/// as they are known. Each stage is a function from what the stages before it made to its own
/// result; `BuildRun.stage` times it under its name and stops the build where it must.
func build(_ options: BuildOptions, privateValues known: inout PrivateValues?) -> BuildResult {
    var run = BuildRun(options)
    defer { run.end() }
    if let unchanged = run.unchanged() { return unchanged }
    do throws(BuildStop) {
        let content = try run.stage("load", load)
        let values = run.stage("private values") { run in findPrivateValues(content, &run) }
        known = values
        run.stage("rules") { run in applyRules(content, values, &run) }
        run.stage("rules over bodies") { run in applyBodyRules(content, &run) }
        let templates = run.stage("templates loaded") { run in loadTheme(content, &run) }
        let published = try run.stage("photos", stopsOnError: true) { run in publishSiteFiles(content, &run) }
        guard let templates else { throw BuildStop() }
        let site = run.stage("markdown") { run in renderMarkdown(published, content, templates, &run) }
        var plan = try run.stage("site model") { run throws(BuildStop) in try planSite(site, content, templates, &run) }
        if let wechat = run.options.wechat {
            plan = try run.stage("wechat export", stopsOnError: true) { run in planWeChat(plan, content, wechat, &run) }
        }
        let search = run.options.exportsOnly ? SearchPlan(files: [], records: [], recordFile: nil)
            : try run.stage("search index", stopsOnError: true) { run in indexSite(plan, &run) }
        let writer = try run.stage("templates and writing", stopsOnError: true) { run throws(BuildStop) in
            try templateAndWrite(plan, search, values, templates, &run)
        }
        guard let writer else {  // `check`: nothing to write
            run.scanCache?.saveFound()
            return BuildResult(diagnostics: run.diagnostics, written: nil, publishedStories: plan.publishedStories,
                               summary: run.summary, timings: run.timings)
        }
        let report = try run.stage("checksums and swap") { run throws(BuildStop) in try finish(writer, plan, search, &run) }
        return BuildResult(diagnostics: run.diagnostics, written: report, publishedStories: plan.publishedStories,
                           summary: run.summary, timings: run.timings)
    } catch {
        return .failed(run.diagnostics, summary: run.summary, timings: run.timings)
    }
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
