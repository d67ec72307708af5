import Foundation
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiTemplates
import ZuimeiDiagnostics

/// The template set of the last build, with the files it was parsed from: reused while
/// every file is the same, byte for byte (name, path and text).
public final class TemplateMemo: Sendable {
    public init() {}

    private struct State {
        var sources: [TemplateSource] = []
        var result: (TemplateSet?, [Diagnostic])?
    }

    private let state = Locked(State())

    func result(for sources: [TemplateSource]) -> (TemplateSet?, [Diagnostic])? {
        func same(_ a: TemplateSource, _ b: TemplateSource) -> Bool {
            sameBytes(a.name, b.name) && sameBytes(a.path, b.path) && sameBytes(a.text, b.text)
        }
        return state.withLock { state in
            guard let result = state.result, sources.count == state.sources.count, zip(sources, state.sources).allSatisfy(same)
            else { return nil }
            return result
        }
    }

    func remember(_ sources: [TemplateSource], _ result: (TemplateSet?, [Diagnostic])) {
        state.withLock { $0 = State(sources: sources, result: result) }
    }
}
