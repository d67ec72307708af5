import ZuimeiDiagnostics

/// Checks that need more than one file: the vocabulary of `site.yml` against
/// each story. Returns diagnostics; the content is not changed.
public func validate(_ content: Content) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let site = content.site
    for story in content.stories {
        let severity: Diagnostic.Severity = .error
        check(story.prefecture, key: "prefecture", kind: "prefecture", terms: site.prefectures, story: story,
              severity: severity, into: &diagnostics)
        for (index, program) in story.programs.enumerated() {
            check(program, key: "programs[\(index)]", kind: "programme", terms: site.programs, story: story,
                  severity: severity, into: &diagnostics)
        }
        for (index, field) in story.fields.enumerated() {
            check(field, key: "fields[\(index)]", kind: "field", terms: site.fields, story: story,
                  severity: severity, into: &diagnostics)
        }
    }
    return diagnostics
}

private func check(_ value: String, key: String, kind: String, terms: [Term], story: Story,
                   severity: Diagnostic.Severity, into diagnostics: inout [Diagnostic]) {
    let names = terms.map(\.name)
    guard !names.contains(value) else { return }
    diagnostics.append(Diagnostic(story.location(of: key), severity: severity,
                                  .unknownTerm(kind: kind, value: value, suggestion: closestMatch(to: value, in: names))))
}

extension SiteConfig {
    public func prefecture(named name: String) -> Term? { prefectures.first { $0.name == name } }
    public func program(named name: String) -> Term? { programs.first { $0.name == name } }
    public func field(named name: String) -> Term? { fields.first { $0.name == name } }
}
