import ZuimeiContent
import ZuimeiDiagnostics

/// The campaign's rules (the notice, published as `Content/pages/notice.md`), checked
/// on every build and by `zuimei check`. Each rule is a function from the
/// content to diagnostics; nothing is changed.
///
/// Rules apply to nominated and approved stories as errors; on drafts they are
/// warnings, so work in progress can be saved; rejected and withdrawn stories
/// are out of the process and not checked.
public func checkRules(_ content: Content, jobs: Int = 1, privateValues known: PrivateValues? = nil,
                       privacyMemo: PrivacyMemo? = nil) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for story in content.stories {
        guard let severity = severity(for: story) else { continue }
        diagnostics += vocabulary(story, site: content.site, severity: severity)
        diagnostics += photo(story, severity: severity)
        diagnostics += videos(story, severity: severity)
        diagnostics += attachments(story, severity: severity)
        guard let edition = content.editions[story.year] else { continue }
        diagnostics += eligibility(story, edition: edition, severity: severity)
        diagnostics += winner(story, severity: severity)
        if story.date < edition.stages.publicity.from {
            diagnostics.append(Diagnostic(story.location(of: "date"), severity: .warning,
                                          .dateBeforePublicity(date: story.date.description,
                                                               publicityFrom: edition.stages.publicity.from.description)))
        }
    }
    // A story that did not load still has its terms checked: its problems come in one run.
    for failed in content.unloaded {
        diagnostics += vocabulary(failed.terms, site: content.site, severity: failed.draft ? .warning : .error)
        diagnostics += attachments(failed.files, photo: nil, display: failed.attachmentDisplayPath,
                                   severity: failed.draft ? .warning : .error)
    }
    for edition in content.editions.values.sorted(by: { $0.year < $1.year }) {
        let stories = content.stories.filter { $0.year == edition.year }
        diagnostics += quota(stories, edition: edition)
        diagnostics += winnerQuota(stories, edition: edition)
        diagnostics += stages(edition)
    }
    diagnostics += studyReferences(content)
    diagnostics += uniqueURLs(content)
    let privateValues = known ?? PrivateValues(content)
    diagnostics += privateValues.diagnostics + checkPrivateData(content, privateValues, jobs: jobs, memo: privacyMemo)
    diagnostics += unscannableStaticFiles(content)
    return diagnostics
}

/// Errors for nominated and approved stories, warnings for drafts, nothing for the rest.
public func severity(for story: Story) -> Diagnostic.Severity? {
    switch story.status {
    case .approved, .nominated: .error
    case .draft: .warning
    case .rejected, .withdrawn: nil
    }
}

// MARK: Eligibility

/// 40 or under, 5 years or more at the grassroots, graduated after 15 and before service.
func eligibility(_ story: Story, edition: Edition, severity: Diagnostic.Severity) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let reference = edition.referenceDate.yearMonth
    let age = story.born.months(until: reference) / 12
    if age > 40 {
        diagnostics.append(Diagnostic(story.location(of: "born"), severity: severity,
                                      .ageLimit(born: story.born.description, age: age,
                                                referenceDate: edition.referenceDate.description, limit: 40)))
    }
    let service = story.grassrootsSince.months(until: reference)
    if service < 60 {
        diagnostics.append(Diagnostic(story.location(of: "grassroots_since"), severity: severity,
                                      .serviceYears(since: story.grassrootsSince.description, months: max(0, service),
                                                    referenceDate: edition.referenceDate.description, minimumYears: 5)))
    }
    if story.graduated > story.grassrootsSince.year {
        diagnostics.append(Diagnostic(story.location(of: "graduated"), severity: severity,
                                      .graduationAfterService(graduated: story.graduated, since: story.grassrootsSince.description)))
    }
    if story.graduated < story.born.year + 15 {
        diagnostics.append(Diagnostic(story.location(of: "graduated"), severity: severity,
                                      .graduationBeforeAdulthood(graduated: story.graduated, born: story.born.description)))
    }
    return diagnostics
}

// MARK: Quotas

/// At most `quota_per_prefecture` nominated or approved stories per prefecture per edition.
func quota(_ stories: [Story], edition: Edition) -> [Diagnostic] {
    let counted = stories.filter { $0.status == .nominated || $0.status == .approved }
    let byPrefecture = Dictionary(grouping: counted, by: \.prefecture)
    return byPrefecture.keys.sorted().compactMap { prefecture in
        let group = byPrefecture[prefecture]!.sorted { $0.source.relative < $1.source.relative }
        guard group.count > edition.quotaPerPrefecture else { return nil }
        // Reported once, at the first story over the quota, naming them all.
        let over = group[edition.quotaPerPrefecture]
        return Diagnostic(over.location(of: "prefecture"), severity: .error,
                          .prefectureQuota(prefecture: prefecture, edition: edition.year, quota: edition.quotaPerPrefecture,
                                           stories: group.map(\.source.display)))
    }
}

/// Only approved stories can be winners.
func winner(_ story: Story, severity: Diagnostic.Severity) -> [Diagnostic] {
    guard story.winner, story.status != .approved else { return [] }
    return [Diagnostic(story.location(of: "winner"), severity: severity, .winnerNotApproved(status: story.status.rawValue))]
}

/// At most `winners` stories with `winner: true` per edition.
func winnerQuota(_ stories: [Story], edition: Edition) -> [Diagnostic] {
    let winners = stories.filter { $0.winner && $0.status == .approved }.sorted { $0.source.relative < $1.source.relative }
    guard winners.count > edition.winners else { return [] }
    let over = winners[edition.winners]
    return [Diagnostic(over.location(of: "winner"), severity: .error,
                       .winnerQuota(edition: edition.year, limit: edition.winners, stories: winners.map(\.source.display)))]
}

// MARK: Vocabulary and files

/// Prefecture, programmes and fields come from `site.yml`.
func vocabulary(_ story: Story, site: SiteConfig, severity: Diagnostic.Severity) -> [Diagnostic] {
    let named = [UnloadedStory.NamedTerm(key: "prefecture", value: story.prefecture, location: story.location(of: "prefecture"))]
        + story.programs.enumerated().map { .init(key: "programs[\($0)]", value: $1, location: story.location(of: "programs[\($0)]")) }
        + story.fields.enumerated().map { .init(key: "fields[\($0)]", value: $1, location: story.location(of: "fields[\($0)]")) }
    return vocabulary(named, site: site, severity: severity)
}

/// The same for terms read from a story's front matter alone (one that did not load).
func vocabulary(_ named: [UnloadedStory.NamedTerm], site: SiteConfig, severity: Diagnostic.Severity) -> [Diagnostic] {
    named.compactMap { term in
        let (kind, terms) = term.key == "prefecture" ? ("prefecture", site.prefectures)
            : term.key.hasPrefix("programs[") ? ("programme", site.programs) : ("field", site.fields)
        let names = terms.map(\.name)
        guard !names.contains(term.value) else { return nil }
        return Diagnostic(term.location, severity: severity,
                          .unknownTerm(kind: kind, value: term.value, suggestion: closestMatch(to: term.value, in: names)))
    }
}

/// The photo is a JPEG, PNG or WebP image, by its bytes, not its name.
func photo(_ story: Story, severity: Diagnostic.Severity) -> [Diagnostic] {
    guard let name = story.photo, let file = story.files.first(where: { $0.name == name }) else { return [] }
    guard !["jpeg", "png", "webp"].contains(file.imageFormat ?? "") else { return [] }
    return [Diagnostic(story.location(of: "photo"), severity: severity, .photoFormat(path: name))]
}

/// A published video has captions (WCAG 1.2.2: an error once the story is nominated or
/// approved, a warning on a draft); a video larger than `videoSizeWarning` is a warning
/// naming its size, since Zuimei publishes videos as they are.
func videos(_ story: Story, severity: Diagnostic.Severity) -> [Diagnostic] {
    story.videos.enumerated().flatMap { index, video -> [Diagnostic] in
        var found: [Diagnostic] = []
        let at = story.location(of: "videos[\(index)].file")
        if video.captions == nil {
            found.append(Diagnostic(at, severity: severity, .videoWithoutCaptions(path: video.file)))
        }
        if let file = story.files.first(where: { $0.name == video.file }), file.size > videoSizeWarning {
            found.append(Diagnostic(at, severity: .warning, .videoTooLarge(path: video.file, size: file.size, limit: videoSizeWarning)))
        }
        return found
    }
}

/// Above this size a video gets a warning: 100 MB is about three minutes of 1080p at 4 Mbit/s.
public let videoSizeWarning = 100_000_000

/// A story's folder publishes only photos, videos, captions and PDF, each
/// with the bytes its extension promises: never HTML, SVG or scripts, and
/// never a nomination form in a text or office file.
func attachments(_ story: Story, severity: Diagnostic.Severity) -> [Diagnostic] {
    attachments(story.files, photo: story.photo, display: story.attachmentDisplayPath, severity: severity)
}

/// The same for the files of a folder, its story's photo named by `photo` (a story that did
/// not load has its files checked too: its problems come in one run).
func attachments(_ files: [Attachment], photo: String?, display: (String) -> String, severity: Diagnostic.Severity) -> [Diagnostic] {
    files.compactMap { file in
        guard let type = file.allowedType else {
            return Diagnostic(file: display(file.name), severity: severity, problem: .attachmentNotAllowed(path: file.name))
        }
        // A photo that is no image at all is the photo rule's to report.
        if file.name == photo, !["jpeg", "png", "webp"].contains(file.imageFormat ?? "") { return nil }
        guard file.detectedType == type else {
            return Diagnostic(file: display(file.name), severity: severity,
                              problem: .wrongFileType(path: file.name, declared: type, detected: file.detectedType))
        }
        return nil
    }
}

/// The story's length in characters of text, against the edition's range
/// (about 3,000 characters, as the notice asks). Always a warning.
public func checkLength(_ story: Story, characters: Int, edition: Edition?) -> Diagnostic? {
    guard severity(for: story) != nil else { return nil }
    let range = edition?.storyLength ?? .standard
    guard characters < range.min || characters > range.max else { return nil }
    return Diagnostic(file: story.source.display, line: story.source.bodyLine, column: 1, severity: .warning,
                      problem: .storyLength(characters: characters, min: range.min, max: range.max))
}

// MARK: Editions and references

/// Stage windows are in order and do not overlap.
func stages(_ edition: Edition) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let all = edition.stages.all
    for (index, stage) in all.enumerated() {
        if stage.range.to < stage.range.from {
            diagnostics.append(Diagnostic(edition.location(of: "stages.\(stage.key).to"), severity: .error,
                                          .stageDates(stage: stage.key, from: stage.range.from.description, to: stage.range.to.description)))
        }
        if index > 0, stage.range.from <= all[index - 1].range.to {
            diagnostics.append(Diagnostic(edition.location(of: "stages.\(stage.key).from"), severity: .error,
                                          .stageOverlap(stage: stage.key, previous: all[index - 1].key)))
        }
    }
    return diagnostics
}

/// Study material names stories that exist. A story whose file is there but did not load has
/// its own errors: naming it is not a second one.
func studyReferences(_ content: Content) -> [Diagnostic] {
    let ids = Set(content.stories.map(\.id)).union(content.unloadedStories)
    return content.study.flatMap { material in
        material.stories.enumerated().compactMap { index, id -> Diagnostic? in
            guard !ids.contains(id) else { return nil }
            let location = material.locations["stories[\(index)]"] ?? SourceLocation(file: material.source.display, line: 1, column: 1)
            return Diagnostic(location, severity: material.draft ? .warning : .error, .unknownStory(id: id))
        }
    }
}

/// Two content files must not map to the same URL: `x.md` beside `x/index.md`,
/// or a page named like a section of the site.
func uniqueURLs(_ content: Content) -> [Diagnostic] {
    var owners: [String: String] = [:]
    // The notice of untranslated pages is there only on a site in more than one language.
    for directory in Routes.sections where directory != Routes.site.untranslated.directory || content.site.languages.count > 1 {
        owners[directory] = "(the site's \(directory.dropLast()) section)"
    }
    // Each other language's folder is the language's.
    for language in content.site.translations { owners[language.prefix] = "(the site's \(language.code) pages)" }
    var diagnostics: [Diagnostic] = []
    let items = content.stories.map { ($0.outputDirectory, $0.source.display) }
        + content.pages.map { ($0.outputDirectory, $0.source.display) }
        + content.study.map { ($0.outputDirectory, $0.source.display) }
    for (directory, file) in items.sorted(by: { $0.1 < $1.1 }) {
        if let other = owners[directory] {
            diagnostics.append(Diagnostic(file: file, line: 1, column: 1,
                                          problem: .duplicateURL(url: "/" + directory, otherFile: other)))
        } else {
            owners[directory] = file
        }
    }
    return diagnostics
}
