import Foundation
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiTemplates
import ZuimeiDiagnostics

/// The pages of the last build, by output path, with what they were made from.
public final class PageMemo: Sendable {
    public init() {}

    struct Entry: Sendable {
        var template: String
        var origin: String
        var view: any PageViewModel
        var file: PlannedFile
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var templates: [String: String] = [:]
    }

    private let state = Locked(State())

    /// At the start of a build: every page is forgotten when any template changed.
    public func begin(with set: TemplateSet) {
        let texts = set.sources
        state.withLock { state in
            if texts != state.templates {
                state.entries = [:]
                state.templates = texts
            }
        }
    }

    func file(for job: PageJob, view: any PageViewModel) -> PlannedFile? {
        guard let entry = state.withLock({ $0.entries[job.file] }), entry.template == job.template, entry.origin == job.origin,
              entry.view.isEqual(to: view) else { return nil }
        return entry.file
    }

    func remember(_ job: PageJob, view: any PageViewModel, file: PlannedFile) {
        state.withLock { $0.entries[job.file] = Entry(template: job.template, origin: job.origin, view: view, file: file) }
    }

    /// After a build: only its pages are kept.
    public func keep(only paths: Set<String>) {
        state.withLock { $0.entries = $0.entries.filter { paths.contains($0.key) } }
    }
}
