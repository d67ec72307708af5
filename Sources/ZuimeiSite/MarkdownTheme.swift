import Foundation
import ZuimeiCache
import ZuimeiContent
import ZuimeiMarkdown
import ZuimeiOutput
import ZuimeiRules
import ZuimeiTemplates

/// The theme's render hooks for Markdown, as Hugo's `render-image` is: what HTML an image and a
/// quoted run of Chinese are written as is decided on the parsed tree (`MarkdownHooks`) and
/// written by the theme's templates, which a site overrides like any other:
/// - `render/image`: an image of a text (`MarkdownImageView`); a story's own photo on its page
///   with its sizes (`srcset`, `width`, `height`), any other image as libcmark writes it;
/// - `partials/text`: a run of Han characters quoted in a translation (`TextRun`, in the
///   original's language, left to right), as every text in another language is written (`TextRun`).
public struct MarkdownTheme: Sendable {
    let templates: TemplateSet?
    /// A digest of every template: what a hook writes may depend on any (partials include others).
    let identity: String

    public init(templates: TemplateSet?) {
        self.templates = templates
        identity = templates.map { set in
            sha256Hex(Data(set.sources.sorted { $0.key < $1.key }.map { $0.key + "\u{0}" + $0.value + "\u{0}" }.joined().utf8))
        } ?? ""
    }

    /// No theme: libcmark's HTML (a build whose templates do not parse, which stops before any page).
    public static let none = MarkdownTheme(templates: nil)

    /// The hooks for a text shown on a page or in a feed.
    /// - Parameters:
    ///   - files: the story's published files whose renditions an image of its folder is shown
    ///     with (its own page and its translations'); none elsewhere (a feed, the booklet).
    ///   - prefix: from the page to the story's folder, for the renditions' URLs.
    ///   - quoted: in a translation, the original's language: its Han runs are marked with it.
    public func hooks(sizing files: [PublishedFile] = [], prefix: String = "", quoted language: String? = nil) -> MarkdownHooks {
        guard let templates else { return .none }
        let sized = Dictionary(files.filter { !$0.jpegSizes.isEmpty }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let image: (MarkdownImage) -> String? = { image in
            var view = MarkdownImageView(src: image.source, alt: image.alt, title: image.title)
            if let name = folderFileName(image.destination), let file = sized[name], let largest = file.jpegSizes.last {
                func set(_ list: [PublishedRendition]) -> String {
                    list.map { "\(prefix)\(PagePath.encoded($0.name)) \($0.width)w" }.joined(separator: ", ")
                }
                view.srcset = set(file.jpegSizes)
                view.webpSrcset = file.webpSizes.isEmpty ? nil : set(file.webpSizes)
                view.width = largest.width
                view.height = largest.height
            }
            return try? templates.render(view, with: "render/image")
        }
        let hanRun = language.map { language in
            { (run: String) -> String in
                let view = TemplateDictionary(["text": .string(run), "lang": .string(language), "dir": .string("ltr")])
                return (try? templates.render(view, with: "partials/text")) ?? escapedText(run)
            }
        }
        return MarkdownHooks(image: image, hanRun: hanRun, identity: identity + "\u{0}" + (language ?? ""))
    }
}

extension MarkdownTheme {
    /// The hooks for a text in the study booklet's book: an image of the story's folder by its
    /// file in the book (`images`, by its name in the folder), through `epub/image`; any other
    /// image (on the web: a book reads offline) as its description, there too.
    public func bookHooks(images: [String: String], quoted language: String?) -> MarkdownHooks {
        guard let templates else { return .none }
        var hooks = self.hooks(quoted: language)
        hooks.image = { image in
            let src = folderFileName(image.destination).flatMap { images[$0] } ?? ""
            let view = TemplateDictionary(["src": src.isEmpty ? .bool(false) : .string(src), "alt": .string(image.alt),
                                           "title": image.title.isEmpty ? .bool(false) : .string(image.title)])
            return try? templates.render(view, with: "epub/image")
        }
        hooks.identity += "\u{0}book"
        return hooks
    }
}

/// An image of a Markdown text as `render/image` is given it.
struct MarkdownImageView: Sendable, Equatable {
    /// Where the page links it, percent-encoded (escaped for HTML by the template); empty for a
    /// URL the safe renderer refuses.
    var src: String
    /// The description as plain text, and the title (empty without).
    var alt: String
    var title: String
    /// A story's own photo: its JPEG and WebP sizes (`photo-480w.jpg 480w, …`) and the largest's size.
    var srcset: String? = nil
    var webpSrcset: String? = nil
    var width: Int? = nil
    var height: Int? = nil
}

extension MarkdownImageView: TemplateContext {
    func child(named key: String) -> TemplateValue? {
        switch key {
        case "src": TemplateValue(src)
        case "alt": TemplateValue(alt)
        case "title": title.isEmpty ? .bool(false) : TemplateValue(title)
        case "srcset": srcset.map(TemplateValue.string) ?? .bool(false)
        case "webpSrcset": webpSrcset.map(TemplateValue.string) ?? .bool(false)
        case "width": width.map(TemplateValue.int) ?? .bool(false)
        case "height": height.map(TemplateValue.int) ?? .bool(false)
        default: nil
        }
    }
}

/// A text escaped as libcmark escapes text (`&`, `<`, `>`, `"`).
private func escapedText(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
