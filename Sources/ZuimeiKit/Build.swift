import Foundation
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiOutput
import ZuimeiTemplates

public struct BuildOptions: Sendable {
    /// The content directory as the user named it (`Content`).
    public var content: String
    /// The output directory (`site`).
    public var output: String
    public var date: Day

    public init(content: String = "Content", output: String = "site", date: Day) {
        self.content = content
        self.output = output
        self.date = date
    }
}

public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// What was written; nil when the build failed and the output was left as it was.
    public var written: WriteReport?
    public var publishedStories: Int
    public var succeeded: Bool { written != nil }
}

public let generatorName = "Zuimei 0.1"

/// The pipeline: Content/ → load → validate → render Markdown → pages and
/// feeds through templates → site/. Nothing is written unless every stage
/// before the writer succeeded, so a failed build leaves site/ as it was.
public func build(_ options: BuildOptions) -> BuildResult {
    let loaded = loadContent(from: options.content)
    guard let content = loaded.content else { return .failed(loaded.diagnostics) }
    var diagnostics = loaded.diagnostics + validate(content)
    diagnostics += checkOutputLocation(options.output, content: content.root)
    let (templates, templateProblems) = Theme.templates(overrides: content.templatesDirectory,
                                                        overridesDisplay: options.content + "/templates")
    diagnostics += templateProblems
    guard let templates, !diagnostics.hasErrors else { return .failed(diagnostics) }

    let site = render(publish(content, on: options.date))
    let pages: [PlannedFile]
    do throws(TemplateError) { pages = try renderPages(site, templates: templates, generator: generatorName) }
    catch { return .failed(diagnostics + [diagnostic(error)]) }
    let files = pages + [storyFeed(site, generator: generatorName)] + copiedFiles(site)
    diagnostics += collisions(files)
    guard !diagnostics.hasErrors else { return .failed(diagnostics) }

    do {
        let report = try writeSite(files.map(\.file), to: options.output)
        return BuildResult(diagnostics: diagnostics, written: report, publishedStories: site.stories.count)
    } catch {
        return .failed(diagnostics + [Diagnostic(file: options.output, problem: .outputFailed(reason: "\(error.path): \(error.reason)"))])
    }
}

extension BuildResult {
    static func failed(_ diagnostics: [Diagnostic]) -> BuildResult {
        BuildResult(diagnostics: diagnostics, written: nil, publishedStories: 0)
    }
}

/// The output replaces a whole directory: refuse one that holds the content,
/// the current directory or the file system's root.
func checkOutputLocation(_ output: String, content: String) -> [Diagnostic] {
    let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path
    func contains(_ outer: String, _ inner: String) -> Bool { inner == outer || inner.hasPrefix(outer == "/" ? "/" : outer + "/") }
    if contains(target, content) {
        return [Diagnostic(file: output, problem: .unsafeOutput(path: output, reason: "it contains the content directory"))]
    }
    if contains(target, current) {
        return [Diagnostic(file: output, problem: .unsafeOutput(path: output, reason: "it contains the current directory"))]
    }
    if contains(content, target) {
        return [Diagnostic(file: output, problem: .unsafeOutput(path: output, reason: "it is inside the content directory"))]
    }
    return []
}
