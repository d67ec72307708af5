import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiRules

/// Stage: the site in another language, from the site as rendered in the default language
/// and the translations into `language`. A story, page or study material is in it only if it
/// is translated (and its original published); editions are all there, with their
/// translated title where there is one. The facts (dates, prefecture, programmes, status,
/// photo) are the original's: a translation holds only text. Term names are `site.yml`'s
/// names in the language, else the default's.
public func translate(_ site: RenderedSite, into language: SiteLanguage, translations: [Translation],
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
    /// The original's photos shown in the text get their sizes, from the original's folder; a Chinese
    /// name quoted in Uyghur text is marked Chinese, so it gets a Chinese font and reads left to right.
    func body(_ translation: Translation, page: PagePath, folder: PagePath, files: [PublishedFile] = []) -> RenderedMarkdown {
        // An anchor stays on this page; any other link leads where the original's does (`BodyLinks`).
        let links = BodyLinks(index: index, source: translation.source.relative, folder: folder.directory,
                              translated: translatedPages)
        let hooks = site.theme.hooks(sizing: files, prefix: page.href(toFile: folder.directory),
                                     quoted: language.code != original ? original : nil)
        return memo.render(translation.body ?? "", hooks: hooks) { link in
            link.destination.hasPrefix("#") ? nil : links.href(link.destination, from: .page(page))
        }
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
        var result = RenderedStory(story: story, path: path,
                                   markdown: body(translation, page: path, folder: rendered.path, files: rendered.files))
        result.files = rendered.files
        result.folder = rendered.path
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
