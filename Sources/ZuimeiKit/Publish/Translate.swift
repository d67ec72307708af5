import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiRules

/// Stage: the site in another language, from the site as rendered in the default language
/// and the translations into `language`. A story, page or study material is in it only if it
/// is translated (and its original published); editions are all there, with their
/// translated title where there is one. The facts (dates, prefecture, programmes, status,
/// photo) are the original's: a translation holds only text. Term names are `site.yml`'s
/// names in the language, else the default's.
func translate(_ site: RenderedSite, into language: SiteLanguage, translations: [Translation],
               markdown memo: MarkdownMemo) -> RenderedSite {
    let routes = Routes(prefix: language.prefix)
    let mine = translations.filter { $0.language == language.code && (!$0.draft || site.preview) }
    let byOriginal = Dictionary(mine.map { ($0.original, $0) }, uniquingKeysWith: { first, _ in first })
    let index = site.index

    var config = site.site
    let original = config.language
    // What is not translated is shown in the default language, and marked so (`lang`).
    var untranslated: Set<ShownText> = []
    if language.title == nil { untranslated.insert(.siteTitle) }
    if language.description == nil, !config.description.isEmpty { untranslated.insert(.siteDescription) }
    for term in config.prefectures + config.programs + config.fields where term.names[language.code] == nil {
        untranslated.insert(.term(term.name))
    }
    config.language = language.code
    config.title = language.title ?? config.title
    config.description = language.description ?? config.description
    func localized(_ terms: [Term]) -> [Term] {
        terms.map { Term(name: $0.names[language.code] ?? $0.name, slug: $0.slug, names: $0.names) }
    }
    func names(_ terms: [Term]) -> [String: String] {
        Dictionary(terms.map { ($0.name, $0.names[language.code] ?? $0.name) }, uniquingKeysWith: { first, _ in first })
    }
    let prefectures = names(config.prefectures), programs = names(config.programs), fields = names(config.fields)
    config.prefectures = localized(config.prefectures)
    config.programs = localized(config.programs)
    config.fields = localized(config.fields)

    // The pages translated into this language, by their default-language directory, for links between them.
    var translatedPages: [String: PagePath] = [:]
    for story in site.stories where byOriginal[story.story.source.relative] != nil {
        translatedPages[story.path.directory] = Routes.site.translated(story.path, to: routes)
    }
    for page in site.pages where byOriginal[page.source.relative] != nil {
        translatedPages[page.path.directory] = Routes.site.translated(page.path, to: routes)
    }
    for material in site.study where byOriginal[material.material.source.relative] != nil {
        translatedPages[material.document.path.directory] = Routes.site.translated(material.document.path, to: routes)
    }

    /// A translated body on its page: a link to a content file goes to its translation if
    /// there is one, else to the original; any other relative link (an image beside the
    /// original) to the original's folder.
    func body(_ translation: Translation, page: PagePath, folder: PagePath) -> RenderedMarkdown {
        // An anchor stays on this page; any other link leads where the original's does (`BodyLinks`).
        let links = BodyLinks(index: index, source: translation.source.relative, folder: folder.directory,
                              translated: translatedPages)
        var rendered = memo.render(translation.body ?? "") { link in
            link.destination.hasPrefix("#") ? nil : links.href(link.destination, from: .page(page))
        }
        // A Chinese name quoted in Uyghur text is marked Chinese, so it gets a Chinese font and reads left to right.
        if language.code != original { rendered.html = markHan(rendered.html, language: original) }
        return rendered
    }

    let stories = site.stories.compactMap { rendered -> RenderedStory? in
        guard let translation = byOriginal[rendered.story.source.relative] else { return nil }
        var story = rendered.story
        let text = translation.fields
        // A text field the translation leaves out is the original's, shown as such (`lang`).
        for (key, value) in [("name", story.name), ("gender", story.gender), ("ethnicity", story.ethnicity),
                             ("university", story.university), ("workplace", story.workplace), ("photo_alt", story.photoAlt)]
        where text[key] == nil && value != nil {
            untranslated.insert(.story(id: story.id, field: key))
        }
        story.title = text["title"] ?? story.title
        story.name = text["name"] ?? story.name
        story.gender = text["gender"] ?? story.gender
        story.ethnicity = text["ethnicity"] ?? story.ethnicity
        story.university = text["university"] ?? story.university
        story.workplace = text["workplace"] ?? story.workplace
        story.summary = text["summary"]
        story.photoAlt = text["photo_alt"] ?? story.photoAlt
        story.prefecture = prefectures[story.prefecture] ?? story.prefecture
        story.programs = story.programs.map { programs[$0] ?? $0 }
        story.fields = story.fields.map { fields[$0] ?? $0 }
        story.body = translation.body ?? ""
        story.source = translation.source
        let path = Routes.site.translated(rendered.path, to: routes)
        var result = RenderedStory(story: story, path: path, markdown: body(translation, page: path, folder: rendered.path))
        result.files = rendered.files
        result.folder = rendered.path
        // The original's photos shown in the text get their sizes, from the original's folder.
        result.markdown.html = sizedImages(result.markdown.html, files: rendered.files, prefix: path.href(toFile: rendered.path.directory))
        result.outdatedOriginal = translation.outdated ? rendered.path : nil
        result.quotedLanguage = language.code != original ? original : nil
        return result
    }

    let pages = site.pages.compactMap { page -> RenderedDocument? in
        guard let translation = byOriginal[page.source.relative] else { return nil }
        let path = Routes.site.translated(page.path, to: routes)
        let markdown = body(translation, page: path, folder: page.path)
        return RenderedDocument(title: translation.fields["title"] ?? page.title,
                                summary: translation.fields["summary"] ?? markdown.excerpt, path: path, markdown: markdown,
                                source: translation.source,
                                navTitle: page.navTitle.map { title in
                                    translation.fields["nav_title"] ?? { untranslated.insert(.navTitle(page: path.directory)); return title }() },
                                outdatedOriginal: translation.outdated ? page.path : nil)
    }

    let study = site.study.compactMap { material -> RenderedStudy? in
        guard let translation = byOriginal[material.material.source.relative] else { return nil }
        let path = Routes.site.translated(material.document.path, to: routes)
        let markdown = body(translation, page: path, folder: material.document.path)
        var translated = material.material
        translated.title = translation.fields["title"] ?? translated.title
        translated.summary = translation.fields["summary"]
        translated.questions = translation.questions ?? translated.questions
        if translation.questions == nil { untranslated.insert(.questions(material: path.directory)) }
        translated.body = translation.body ?? ""
        translated.source = translation.source
        return RenderedStudy(material: translated, document: RenderedDocument(
            title: translated.title, summary: translated.summary ?? markdown.excerpt, path: path, markdown: markdown,
            source: translation.source, outdatedOriginal: translation.outdated ? material.document.path : nil,
            folder: material.document.path, quotedLanguage: language.code != original ? original : nil))
    }

    var editions = site.editions
    for (year, edition) in editions {
        if let translation = byOriginal[edition.source.relative], let title = translation.fields["title"] {
            editions[year]?.title = title
        } else {
            untranslated.insert(.editionTitle(year))
        }
    }

    // The 公示 is a record of names: a candidate's translated name and workplace where the story is translated.
    let translatedStories = Dictionary(stories.map { ($0.story.id, $0.story) }, uniquingKeysWith: { first, _ in first })
    let candidates = site.candidates.map { candidate -> Candidate in
        var candidate = candidate
        if let story = translatedStories[candidate.id] {
            candidate.name = story.name
            candidate.workplace = story.workplace
        } else {
            candidate.language = site.site.language
        }
        candidate.prefecture = prefectures[candidate.prefecture] ?? candidate.prefecture
        candidate.programs = candidate.programs.map { programs[$0] ?? $0 }
        return candidate
    }

    var result = site
    result.site = config
    result.stories = stories
    result.pages = pages
    result.study = study
    result.editions = editions
    result.candidates = candidates
    result.untranslated = untranslated
    result.originalLanguage = site.site.languages.first { $0.code == original }
    result.translatedPages = translatedPages
    return result
}

/// `html` with each run of Han characters in its text (not in a tag or an attribute) in
/// `<span lang="zh-Hans" dir="ltr">`: a Chinese name quoted in a Uyghur or Kazakh text. A run
/// takes the CJK punctuation around and between its characters (「伊宁县」。), and the marks that
/// belong to a character (combining marks, variation selectors, a zero-width joiner). The HTML is
/// libcmark's: a `<` in text is always `&lt;`, so every `<` starts a tag. Linear in the text.
func markHan(_ html: String, language: String) -> String {
    func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x30000...0x323AF,
             0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B: true
        default: false
        }
    }
    /// CJK punctuation and full-width forms: part of a run next to a Han character.
    func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value) || scalar == "\u{B7}"
            || (0x2018...0x201D).contains(scalar.value) || scalar == "\u{2026}" || scalar == "\u{2014}"
    }
    /// What belongs to the character before it.
    func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value) || scalar == "\u{200D}"
        }
    }
    let scalars = Array(html.unicodeScalars)
    guard scalars.contains(where: isHan) else { return html }
    let open = Array("<span lang=\"\(language)\" dir=\"ltr\">".unicodeScalars), close = Array("</span>".unicodeScalars)
    var result = String.UnicodeScalarView()
    result.reserveCapacity(scalars.count + scalars.count / 8)
    var index = 0
    var inTag = false
    while index < scalars.count {
        let scalar = scalars[index]
        if inTag || scalar == "<" {
            inTag = scalar != ">"
            result.append(scalar)
            index += 1
            continue
        }
        // A run starts at a Han character, or at punctuation that leads straight to one.
        var lead = index
        while lead < scalars.count, isPunctuation(scalars[lead]) { lead += 1 }
        guard lead < scalars.count, isHan(scalars[lead]) else {
            // Not a run: what was looked at goes out as it is (all of it: it leads to no Han).
            for position in index..<max(index + 1, lead) { result.append(scalars[position]) }
            index = max(index + 1, lead)
            continue
        }
        var end = lead
        while end < scalars.count {
            let next = scalars[end]
            if isHan(next) || isMark(next) {
                end += 1
            } else if isPunctuation(next) {
                // Punctuation between Han characters, or closing the run.
                end += 1
            } else {
                break
            }
        }
        // Punctuation at the end stays in the run only if the run is not followed by more text of
        // it (handled above); trailing punctuation before a tag or another script closes the quote.
        for unit in open { result.append(unit) }
        for position in index..<end { result.append(scalars[position]) }
        for unit in close { result.append(unit) }
        index = end
    }
    return String(result)
}
