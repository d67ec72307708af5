import Foundation
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiParallel
import ZuimeiRules
import ZuimeiSite
import ZuimeiTemplates

// The study booklet as an EPUB 3 book (issue 28): what the booklet page holds, one file to share
// over WeChat or a USB stick and read offline. Its documents are written by the theme's
// templates (`epub/…`); the container is put together here, byte for byte the same for the
// same content and build date (`Zip`).

/// A book and where it goes.
public struct BookletBook: Sendable {
    public var path: String
    public var data: Data
    /// Its documents' text, decompressed, for the private-data guard; checked against the archive when made.
    public var text: Data
}

extension PageViews {
    /// The booklet's book in this model's language, or nil when the booklet has no story.
    func bookletBook(templates: TemplateSet, markdown: MarkdownMemo, jobs: Int, memo: PackMemo?) throws(TemplateError) -> BookletBook? {
        guard let edition = bookletEdition(), let group = model.editions.first(where: { $0.edition.year == edition.year })?.group,
              !group.stories.isEmpty else { return nil }
        let stories = Array(group.stories.reversed())  // oldest first, as the booklet page
        let base = config.baseURL
        let language = config.languages.first { $0.code == config.language }
        let rtl = language?.direction == "rtl"
        let quoted = model.rendered.originalLanguage?.code
        var images: [BookImage] = []
        var chapters: [BookChapter] = []
        for (offset, story) in stories.enumerated() {
            let number = offset + 1
            // The images of its folder, each once, at the 960 px JPEG (the photo's, and its text's).
            var packaged: [String: String] = [:]
            func package(_ name: String) -> String? {
                if let known = packaged[name] { return known }
                guard let file = story.files.first(where: { $0.name == name }) else { return nil }
                let source = file.phoneSize.flatMap { rendition in story.files.first { $0.name == rendition.name } } ?? file
                let type = mediaType(of: source.name)
                guard ["image/jpeg", "image/png", "image/gif"].contains(type) else { return nil }
                let href = BookFiles.images + "\(number)-\(images.count + 1).\((source.name as NSString).pathExtension.lowercased())"
                images.append(BookImage(id: "image-\(images.count + 1)", href: href, mediaType: type, path: source.path))
                packaged[name] = href
                return href
            }
            let photo = story.story.photo.flatMap { name in
                package(name).map { BookPhoto(src: $0, alt: shown(story.story.photoAlt ?? "", .story(id: story.story.id, field: "photo_alt"))) }
            }
            let links = absoluteLinks(for: story, index: index, base: base, translated: model.rendered.translatedPages)
            var shownImages: [String: String] = [:]
            for block in markdown.blocks(story.story.body, rewriteURL: links) { collectImages(block, into: &shownImages) }
            for source in shownImages.keys.sorted() { _ = folderFileName(source).flatMap(package) }
            let hooks = model.rendered.theme.bookHooks(images: packaged, quoted: story.quotedLanguage)
            let body = markdown.render(story.story.body, hooks: hooks, rewriteURL: links).html
            let questions = (model.studyByStory[story.story.id] ?? []).flatMap { self.questions($0) }
            chapters.append(BookChapter(id: "story-\(number)", file: "story-\(number).xhtml", number: number,
                                        title: story.story.title, facts: facts(story).map { fact in
                                            Fact(label: fact.label, items: fact.items.map { FactItem(href: nil, runs: $0.runs) })
                                        }, photo: photo, body: body, questions: questions))
        }
        let ids = Set(group.stories.map(\.story.id))
        var closing: [TextRun] = []
        for material in model.rendered.study where material.material.stories.contains(where: ids.contains) {
            for question in self.questions(material) where !closing.contains(where: { $0.text == question.text }) { closing.append(question) }
        }
        let view = BookView(
            layout: exportLayout(title: strings("booklet.title", ["edition": edition.title])),
            rtl: rtl, siteTitle: shown(config.title, .siteTitle), editionTitle: editionTitle(edition), year: edition.year,
            title: strings("booklet.title", ["edition": edition.title]),
            identifier: bookIdentifier(base: base, edition: edition.year, language: config.language),
            modified: "\(model.day.description)T00:00:00Z", chapters: chapters, questions: closing, images: images,
            quotedLanguage: quoted == config.language ? nil : quoted)
        // In serve: the same book (the same stories, questions, photos and texts) as the last build's, with the same theme.
        if let known = memo?.book(at: routes.bookletBook, view: view, templates: templates) { return known }
        let folder = BookFiles.folder
        var documents: [(String, String)] = [(folder + BookFiles.package, "epub/package"), (folder + BookFiles.nav, "epub/nav"),
                                             (folder + BookFiles.cover, "epub/cover"), (folder + BookFiles.style, "epub/style")]
        if !closing.isEmpty { documents.append((folder + BookFiles.questions, "epub/questions")) }
        var entries = [Zip.Entry(name: "mimetype", data: Data("application/epub+zip".utf8), compress: false),
                       Zip.Entry(name: "META-INF/container.xml", data: Data(containerXML.utf8))]
        for (name, template) in documents { entries.append(Zip.Entry(name: name, data: Data(try templates.render(view, with: template).utf8))) }
        for chapter in chapters {
            entries.append(Zip.Entry(name: folder + chapter.file, data: Data(try templates.render(ChapterView(book: view, chapter: chapter),
                                                                                                    with: "epub/chapter").utf8)))
        }
        let documentCount = entries.count
        for image in images {
            guard let data = readRegularFile(image.path, limit: 64 << 20) else { continue }
            entries.append(Zip.Entry(name: folder + image.href, data: data, compress: false))
        }
        let packed = parallelMap(entries, jobs: jobs) { entry in memo?.packed(entry) ?? Zip.pack(entry) }
        var text = Data()
        for entry in entries[..<documentCount] { text.append(entry.data); text.append(0x0A) }
        let book = BookletBook(path: routes.bookletBook, data: Zip.archive(packed), text: text)
        memo?.remember(book, view: view, templates: templates, images: images, entries: entries)
        return book
    }

    private func collectImages(_ block: MarkdownBlock, into images: inout [String: String]) {
        func inline(_ item: MarkdownInline) {
            switch item {
            case .image(_, let source, let alt, _): images[source] = alt
            case .strong(let children), .emphasis(let children), .link(_, let children): children.forEach(inline)
            default: break
            }
        }
        switch block {
        case .paragraph(let items), .heading(_, let items): items.forEach(inline)
        case .quote(let blocks): blocks.forEach { collectImages($0, into: &images) }
        case .list(_, _, let items): items.flatMap { $0 }.forEach { collectImages($0, into: &images) }
        default: break
        }
    }
}

/// Where each file of a book is: the one place its names are spelled (templates get them as `files`).
enum BookFiles {
    /// The folder of the package document and everything it lists.
    static let folder = "EPUB/"
    static let package = "package.opf"
    static let nav = "nav.xhtml"
    static let cover = "cover.xhtml"
    static let style = "style.css"
    static let questions = "questions.xhtml"
    static let images = "images/"
}

struct BookFilesView: Sendable, Equatable, TemplateContext {
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "nav": .string(BookFiles.nav)
        case "cover": .string(BookFiles.cover)
        case "style": .string(BookFiles.style)
        case "questions": .string(BookFiles.questions)
        default: nil
        }
    }
}

/// `META-INF/container.xml`: where the package document is (the EPUB container format, fixed).
let containerXML = """
<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="\(BookFiles.folder + BookFiles.package)" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>

"""

/// A stable `urn:uuid:` for a book: a name-based UUID (RFC 9562 version 8, from SHA-256) of the
/// site's address, the edition and the language, so a new build of the same book keeps it.
func bookIdentifier(base: String, edition: Int, language: String) -> String {
    var bytes = [UInt8](sha256Hex(Data("zuimei-booklet\n\(base)\n\(edition)\n\(language)".utf8)).utf8)
    bytes = stride(from: 0, to: 32, by: 2).map { UInt8(String(decoding: bytes[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    bytes[6] = bytes[6] & 0x0F | 0x80
    bytes[8] = bytes[8] & 0x3F | 0x80
    let hex = bytes.map { String(format: "%02x", $0) }.joined()
    let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
    return "urn:uuid:" + parts.joined(separator: "-")
}

struct BookImage: Sendable, Equatable, TemplateContext {
    var id: String
    var href: String
    var mediaType: String
    /// The published file it is read from (a rendition in the photo cache).
    var path: String
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "id": .string(id)
        case "href": .string(href)
        case "mediaType": .string(mediaType)
        default: nil
        }
    }
}

struct BookPhoto: Sendable, Equatable, TemplateContext {
    var src: String
    var alt: TextRun
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "src": .string(src)
        case "alt": TemplateValue(alt)
        default: nil
        }
    }
}

struct BookChapter: Sendable, Equatable, TemplateContext {
    var id: String
    var file: String
    var number: Int
    var title: String
    var facts: [Fact]
    var photo: BookPhoto?
    /// The story's text as XHTML (libcmark writes `<br />`, `<img … />`), its links at the site's address.
    var body: String
    var questions: [TextRun]
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "id": .string(id)
        case "file": .string(file)
        case "number": .int(number)
        case "title": .string(title)
        case "facts": TemplateValue(facts)
        case "photo": photo.map { TemplateValue.object($0) } ?? .bool(false)
        case "body": .string(body)
        case "questions": TemplateValue(questions)
        case "hasQuestions": .bool(!questions.isEmpty)
        default: nil
        }
    }
}

/// What every document of a book sees: the book, and its language and direction.
struct BookView: Sendable, Equatable, TemplateContext {
    var layout: ExportLayout
    var rtl: Bool
    var siteTitle: TextRun
    var editionTitle: TextRun
    var year: Int
    var title: String
    var identifier: String
    var modified: String
    var chapters: [BookChapter]
    var questions: [TextRun]
    var images: [BookImage]
    /// In a translation, the original's language (Chinese quoted in it is marked so).
    var quotedLanguage: String?
    func child(named name: String) -> TemplateValue? {
        switch name {
        case "layout": .object(layout)
        case "rtl": .bool(rtl)
        case "siteTitle": TemplateValue(siteTitle)
        case "editionTitle": TemplateValue(editionTitle)
        case "year": .int(year)
        case "title": .string(title)
        case "identifier": .string(identifier)
        case "modified": .string(modified)
        case "chapters": TemplateValue(chapters)
        case "firstChapter": chapters.first.map { TemplateValue.object($0) } ?? .bool(false)
        case "questions": TemplateValue(questions)
        case "hasQuestions": .bool(!questions.isEmpty)
        case "images": TemplateValue(images)
        case "files": .object(BookFilesView())
        default: nil
        }
    }
}

/// A chapter's document: the chapter, inside its book.
struct ChapterView: Sendable, Equatable, TemplateContext {
    var book: BookView
    var chapter: BookChapter
    func child(named name: String) -> TemplateValue? {
        chapter.child(named: name) ?? book.child(named: name)
    }
}

/// Stage: the booklet's book in every language whose booklet has stories, each model told its
/// book and size (the booklet and study pages link it). The guard searches every document of a
/// book, decompressed from the archive as written.
public func bookletBooks(_ models: inout [SiteModel], templates: TemplateSet, markdown: MarkdownMemo,
                         jobs: Int, memo: PackMemo? = nil) throws(TemplateError) -> [PlannedFile] {
    var files: [PlannedFile] = []
    memo?.begin()
    for index in models.indices {
        let views = PageViews(model: models[index], generator: "")
        guard let book = try views.bookletBook(templates: templates, markdown: markdown, jobs: jobs, memo: memo) else { continue }
        models[index].book = (book.path, book.data.count)
        var file = PlannedFile(file: OutputFile(path: book.path, body: .bytes(book.data)), origin: "(generated) study booklet (EPUB)")
        file.readable = { data in
            // Every entry but the images (the photos' renditions, re-encoded here as on the site).
            guard let entries = Zip.entries(of: data) else { return book.text }
            var text = Data()
            for entry in entries where !entry.name.hasPrefix(BookFiles.folder + BookFiles.images) { text.append(entry.data); text.append(0x0A) }
            return text
        }
        file.readableName = "book.xhtml"
        files.append(file)
    }
    memo?.end()
    return files
}

/// The entries of the last build's books as compressed (`zuimei serve`), by their name and
/// bytes: an entry whose bytes are the same is not compressed again.
public final class PackMemo: Sendable {
    private struct State {
        var packed: [Zip.Entry: Zip.Packed] = [:]
        var used: [Zip.Entry: Zip.Packed] = [:]
        /// Each book by its path, with what it was made from: its view, the templates, and its
        /// images' files as they were (path, size, modification time: the photo cache's files are
        /// never changed in place, a new rendition is a new file).
        var books: [String: (view: BookView, templates: [String: String], images: [String: [Int]], book: BookletBook,
                             entries: [Zip.Entry])] = [:]
    }
    private let state = Locked(State())

    public init() {}

    func begin() { state.withLock { $0.used = [:] } }

    func packed(_ entry: Zip.Entry) -> Zip.Packed {
        if let known = state.withLock({ $0.packed[entry] }) {
            state.withLock { $0.used[entry] = known }
            return known
        }
        let packed = Zip.pack(entry)
        state.withLock { $0.used[entry] = packed }
        return packed
    }

    func book(at path: String, view: BookView, templates: TemplateSet) -> BookletBook? {
        guard let known = state.withLock({ $0.books[path] }), known.view == view, known.templates == templates.sources,
              known.images == Self.stats(view.images) else { return nil }
        // Its entries stay packed for the next change to it.
        state.withLock { state in for entry in known.entries { state.used[entry] = state.packed[entry] } }
        return known.book
    }

    func remember(_ book: BookletBook, view: BookView, templates: TemplateSet, images: [BookImage], entries: [Zip.Entry]) {
        let stats = Self.stats(images)
        state.withLock { $0.books[book.path] = (view, templates.sources, stats, book, entries) }
    }

    private static func stats(_ images: [BookImage]) -> [String: [Int]] {
        Dictionary(images.map { image in
            var info = stat()
            let found = stat(image.path, &info) == 0
            return (image.path, found ? [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)] : [])
        }, uniquingKeysWith: { first, _ in first })
    }

    /// After a build: only what its books hold is kept.
    func end() { state.withLock { $0 = State(packed: $0.used, used: [:], books: $0.books) } }
}
