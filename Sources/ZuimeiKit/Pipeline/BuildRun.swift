import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiGuard
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiPrivacy
import ZuimeiSite
import ZuimeiTheme

/// A build that stops: its diagnostics say why (`BuildRun.diagnostics`).
struct BuildStop: Error {}

/// What one build carries from stage to stage beside each stage's own result: its options,
/// the diagnostics so far, the timings, and the caches and memos the stages read and fill.
struct BuildRun {
    let options: BuildOptions
    var diagnostics: [Diagnostic] = []
    var timings: Timings
    /// Stories per edition and status, once the content is loaded.
    var summary: ContentSummary = .empty
    /// Photos re-encoded without a cache: a folder of this build's, removed when it ends; serve
    /// keeps its own for as long as it serves them.
    let scratch: PrivateTemporaryDirectory
    /// `.zuimei-cache/`: used only when the user alone can write it; `check` reads it and writes nothing.
    let cacheDirectory: CacheDirectory?
    /// The record of the last build's inputs and outputs, when the build may be skipped.
    let cache: BuildCache?
    let inputs: String?
    /// Each body parsed once for the rules, its page and the feeds (and, in serve, once until it changes).
    let markdown: MarkdownMemo
    /// Files and texts found clean before, for this build's private values (`.zuimei-cache/scans.json`).
    var scanCache: ScanCache?

    init(_ options: BuildOptions) {
        self.options = options
        timings = Timings(progress: options.progress)
        scratch = options.memo?.scratch ?? PrivateTemporaryDirectory()
        let (directory, problems) = FileManager.default.fileExists(atPath: options.content)
            ? CacheDirectory.open(content: options.content, write: options.write) : (nil, [])
        cacheDirectory = directory
        diagnostics = problems
        cache = options.write && options.useCache && !options.exportsOnly ? directory.map { BuildCache(cache: $0, output: options.output) } : nil
        inputs = cache.map { _ in BuildCache.inputs(options) }
        markdown = options.memo?.markdown ?? MarkdownMemo()
    }

    /// Removes what the build made for itself alone.
    func end() {
        if options.memo == nil { scratch.remove() }
    }

    /// Nothing read has changed and the output is as the last build left it: the last build's
    /// result, without building.
    mutating func unchanged() -> BuildResult? {
        guard let cache, let record = cache.load(), record.inputs == inputs,
              record.outputs == BuildCache.outputs(options.output) else {
            cache?.remove()
            return nil
        }
        timings.mark("unchanged")
        return BuildResult(diagnostics: record.warnings,
                           written: WriteReport(files: record.files, bytes: record.bytes, written: 0, kept: record.files),
                           publishedStories: record.publishedStories, summary: .empty, timings: timings, upToDate: true)
    }

    /// Runs one stage: its time is marked under `name`, and with `stopsOnError` an error among
    /// the diagnostics stops the build after it.
    mutating func stage<T>(_ name: String, stopsOnError: Bool = false,
                           _ body: (inout BuildRun) throws(BuildStop) -> T) throws(BuildStop) -> T {
        let value = try body(&self)
        timings.mark(name)
        if stopsOnError, diagnostics.hasErrors { throw BuildStop() }
        return value
    }

    /// A stage that cannot stop the build.
    mutating func stage<T>(_ name: String, _ body: (inout BuildRun) -> T) -> T {
        let value = body(&self)
        timings.mark(name)
        return value
    }
}
