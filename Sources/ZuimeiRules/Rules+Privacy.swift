import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiParallel
import ZuimeiPrivacy

/// One private value that the guard looks for.
public struct GuardedValue: Sendable, Equatable {
    /// `private.phone`.
    public var key: String
    /// Where the value is written, in its story's front matter.
    public var location: SourceLocation
    /// The story the value belongs to (`Content/stories/2021/x.md`).
    public var owner: String
    public var folded: [UInt32]
}

/// Every story's private values, folded for matching, and what could not be
/// guarded: values too short to recognise, and values that are public by
/// nature (the name of a prefecture, the story's own public field). Those
/// are reported once, at their key, unless listed under `private.known_public`.
public struct PrivateValues: Sendable {
    public var guarded: [GuardedValue]
    public var diagnostics: [Diagnostic]
    /// Finds the guarded values; a match's id is its index in `guarded`.
    public var matcher: Matcher

    public init(_ content: Content) {
        var guarded: [GuardedValue] = []
        var diagnostics: [Diagnostic] = []
        var terms: [[UInt32]: String] = [:]
        for (kind, list) in [("a programme", content.site.programs), ("a field", content.site.fields),
                             ("a prefecture", content.site.prefectures)] {
            for term in list { terms[Fold.fold(term.name)] = kind }
        }
        for story in content.stories {
            // Rejected and withdrawn stories are out of the process: their values are guarded, silently.
            let reports = severity(for: story) != nil
            let fields = story.publicFields.map { (key: $0.key, folded: Fold.fold($0.value)) }
            var seen = Set<[UInt32]>()
            for entry in story.privateValues where !story.isKnownPublic(entry.key) {
                let folded = Fold.fold(entry.value)
                guard !folded.isEmpty else { continue }  // punctuation only, or empty: nothing to show
                let location = story.location(of: entry.key)
                if !Guardable.isGuardable(folded) {
                    if reports {
                        diagnostics.append(Diagnostic(location, severity: .warning, .privateValueTooShort(
                            key: entry.key, length: folded.count, minimum: Guardable.minimum(for: folded))))
                    }
                    continue
                }
                if let kind = terms[folded] {
                    if reports {
                        diagnostics.append(Diagnostic(location, severity: .warning, .privateValuePublic(
                            key: entry.key, reason: "it is the name of \(kind) in site.yml, shown on the site")))
                    }
                    continue
                }
                if let field = fields.first(where: { $0.folded == folded }) {
                    if reports {
                        diagnostics.append(Diagnostic(location, severity: .warning, .privateValuePublic(
                            key: entry.key, reason: "it is the story's public field '\(field.key)'")))
                    }
                    continue
                }
                guard seen.insert(folded).inserted else { continue }
                guarded.append(GuardedValue(key: entry.key, location: location, owner: story.source.display, folded: folded))
            }
        }
        self.guarded = guarded
        self.diagnostics = diagnostics
        matcher = Matcher(guarded.enumerated().map { Needle(folded: $1.folded, id: $0) })
    }
}

/// A text of the content that is published: a body or a front-matter field.
struct PublishedText: Sendable {
    var text: String
    var file: String
    /// Where the text starts: the body's first line, or a field's value.
    var location: SourceLocation
    /// A body: occurrences are located inside it, line by line.
    var isBody: Bool
    var severity: Diagnostic.Severity
}

/// Rule `private-data`, at the source: every story's body and public
/// fields, and every page's and study material's, are searched for every
/// story's private values, as a reader would see them (see `VisibleText`).
/// An occurrence is reported where it is, with the key it matches and never
/// the value, so the fix is at hand before anything is rendered.
public func checkPrivateData(_ content: Content, _ values: PrivateValues, jobs: Int = 1) -> [Diagnostic] {
    guard !values.matcher.isEmpty else { return [] }
    var texts: [PublishedText] = []
    /// A document's body, then its public fields, each located at its key.
    func add(_ source: SourceFile, body: String, fields: [(key: String, value: String)],
             locations: [String: SourceLocation], severity: Diagnostic.Severity) {
        texts.append(PublishedText(text: body, file: source.display,
                                   location: SourceLocation(file: source.display, line: source.bodyLine, column: 1),
                                   isBody: true, severity: severity))
        for (key, value) in fields where !value.isEmpty {
            texts.append(PublishedText(text: value, file: source.display,
                                       location: locations[key] ?? SourceLocation(file: source.display, line: 1, column: 1),
                                       isBody: false, severity: severity))
        }
    }
    for story in content.stories {
        guard let severity = severity(for: story) else { continue }
        add(story.source, body: story.body, fields: story.publicFields, locations: story.locations, severity: severity)
    }
    for page in content.pages {
        let fields = [("title", page.title), ("summary", page.summary ?? ""), ("nav_title", page.navTitle ?? "")]
        add(page.source, body: page.body, fields: fields, locations: page.locations, severity: page.draft ? .warning : .error)
    }
    for material in content.study {
        let fields = [("title", material.title), ("summary", material.summary ?? "")]
            + material.questions.enumerated().map { ("questions[\($0)]", $1) }
        add(material.source, body: material.body, fields: fields, locations: material.locations,
            severity: material.draft ? .warning : .error)
    }
    let matcher = values.matcher
    let found = parallelMap(texts, jobs: jobs) { text -> [Diagnostic] in
        // Each value once per place; a text that repeats one a thousand times gets a bounded report.
        var seen = Set<Int>()
        let matches = matcher.matches(in: text.text).filter { text.isBody || seen.insert($0.id).inserted }
            .prefix(maximumReportsPerText)
        let positions = text.isBody ? text.text.lineAndColumn(ofUTF8Offsets: matches.map(\.offset)) : []
        return matches.enumerated().map { index, match in
            let value = values.guarded[match.id]
            var location = text.location
            if text.isBody {
                location = SourceLocation(file: text.file, line: text.location.line + positions[index].line - 1,
                                          column: positions[index].column)
            }
            return Diagnostic(location, severity: text.severity,
                              .privateDataInContent(key: value.key, owner: value.owner == text.file ? nil : value.owner))
        }
    }
    return found.flatMap { $0 }
}

/// At most this many private-data diagnostics for one text.
let maximumReportsPerText = 20
