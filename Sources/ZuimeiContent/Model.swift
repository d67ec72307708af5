import Foundation
import ZuimeiDiagnostics

/// `Content/site.yml`.
public struct SiteConfig: Codable, Sendable, Equatable {
    public var title: String
    public var description: String
    /// The origin, with a trailing slash: `https://example.org/zuimei/`.
    public var baseURL: String
    public var language: String
    /// How many stories a feed carries (newest first).
    public var feedItems: Int
    public var prefectures: [Term]
    public var programs: [Term]
    public var fields: [Term]
    /// Every language the site is published in, the default (`language`, at the site's root) first.
    public var languages: [SiteLanguage] = []
    /// Where each key's value is, for diagnostics.
    public var locations: [String: SourceLocation] = [:]

    public static let keys = ["title", "description", "base_url", "language", "languages", "feed_items", "prefectures", "programs", "fields"]

    /// The other languages: those with a prefix of their own.
    public var translations: [SiteLanguage] { Array(languages.dropFirst()) }
    public static let defaultFeedItems = 50
}

/// A controlled-vocabulary entry: the name used in content and its ASCII URL slug.
/// Decoded from `name` and `slug`; `names` (the other languages' names) is read by the parser.
public struct Term: Codable, Sendable, Hashable {
    public var name: String
    public var slug: String
    /// The name in each other language, by language code (`ug: ئىلى قازاق ئاپتونوم ئوبلاستى`).
    public var names: [String: String] = [:]
    enum CodingKeys: String, CodingKey { case name, slug }
    public init(name: String, slug: String, names: [String: String] = [:]) {
        self.name = name
        self.slug = slug
        self.names = names
    }
}

/// `Content/editions/<year>.yml`: one campaign edition.
public struct Edition: Codable, Sendable, Equatable {
    public var year: Int
    public var title: String
    /// The date at which age and service are measured.
    public var referenceDate: Day
    public var quotaPerPrefecture: Int
    public var winners: Int
    public var stages: Stages
    /// The story length the notice asks for ("3000字左右"), in characters of text.
    public var storyLength: LengthRange
    /// The public announcement (公示) of the nominees.
    public var announcement: Announcement
    public var source: SourceFile
    /// Where each key's value is, for diagnostics.
    public var locations: [String: SourceLocation]

    public static let keys = ["title", "reference_date", "quota_per_prefecture", "winners", "stages", "story_length", "announcement"]

    public func location(of key: String) -> SourceLocation {
        locations[key] ?? SourceLocation(file: source.display, line: 1, column: 1)
    }
}

/// `announcement: {from: …, to: …, feedback: …}`: the 公示 period (default: the
/// review stage) and how the public sends feedback.
public struct Announcement: Codable, Sendable, Equatable {
    public var from: Day?
    public var to: Day?
    public var feedback: String?
    public static let keys = ["from", "to", "feedback"]
    public init(from: Day? = nil, to: Day? = nil, feedback: String? = nil) {
        self.from = from
        self.to = to
        self.feedback = feedback
    }
}

public struct LengthRange: Codable, Sendable, Equatable {
    public var min: Int
    public var max: Int
    public static let standard = LengthRange(min: 2000, max: 4000)
}

/// The campaign's five stages (活动安排).
public struct Stages: Codable, Sendable, Equatable {
    public var mobilisation: DateRange  // 广泛动员
    public var nomination: DateRange    // 组织推荐
    public var review: DateRange        // 评议报送
    public var publicity: DateRange     // 集中宣传
    public var study: DateRange         // 深入学习

    public static let keys = ["mobilisation", "nomination", "review", "publicity", "study"]

    public var all: [(key: String, range: DateRange)] {
        [("mobilisation", mobilisation), ("nomination", nomination), ("review", review),
         ("publicity", publicity), ("study", study)]
    }
}

public struct DateRange: Codable, Sendable, Equatable {
    public var from: Day
    public var to: Day

    public func contains(_ day: Day) -> Bool { from <= day && day <= to }
}

/// Where a content item came from.
public struct SourceFile: Codable, Sendable, Equatable, Hashable {
    /// The path as shown in diagnostics (`Content/stories/2021/x.md`).
    public var display: String
    /// The path relative to the content directory (`stories/2021/x.md`).
    public var relative: String
    /// Line number, in the file, of the first line of the Markdown body.
    public var bodyLine: Int

    public init(display: String, relative: String, bodyLine: Int = 1) {
        self.display = display
        self.relative = relative
        self.bodyLine = bodyLine
    }
}

public enum Status: String, Codable, Sendable, CaseIterable {
    case draft, nominated, approved, rejected, withdrawn
}

/// A candidate's story: `stories/<year>/<slug>.md` or `stories/<year>/<slug>/index.md`.
public struct Story: Codable, Sendable, Equatable {
    public var year: Int
    public var slug: String
    public var title: String
    public var name: String
    public var gender: String?
    public var ethnicity: String?
    public var born: YearMonth
    public var university: String
    public var graduated: Int
    public var prefecture: String
    public var workplace: String
    public var grassrootsSince: YearMonth
    public var programs: [String]
    public var fields: [String]
    public var status: Status
    /// `announced: true`: the candidate was in the 公示. Rejected or withdrawn later, they stay in
    /// it, marked, as a public record; without it a rejected or withdrawn story is never shown
    /// there (it may never have been announced: nothing else says so).
    public var announced: Bool = false
    public var winner: Bool
    public var date: Day
    public var summary: String?
    /// File name of the photo, beside the story.
    public var photo: String?
    public var photoAlt: String?
    /// Videos beside the story, in the order the front matter lists them.
    public var videos: [Video] = []
    /// The Markdown body.
    public var body: String
    /// Files in the story's folder other than its Markdown (photo, video).
    /// Empty for a single-file story.
    public var files: [Attachment]
    /// The story's folder, for copying its files. Nil for a single-file story.
    public var folder: String?
    public var source: SourceFile
    /// Where each front-matter key's value is, for later diagnostics.
    public var locations: [String: SourceLocation]
    /// Every string found under `private:`. Used only by the private-data guard;
    /// never part of a view model.
    public var privateValues: [PrivateValue]
    /// Keys under `private:` whose values are public anyway (`private.known_public`),
    /// as key paths (`private.hukou`): neither guarded nor reported.
    public var knownPublic: [String] = []
    /// Values that may be private outside `private:` (under a key a story does not have):
    /// guarded, never part of a view model (`Parse.privateOutsideTheBlock`).
    public var strayPrivateValues: [LoosePrivateValue] = []

    public static let keys = [
        "title", "name", "gender", "ethnicity", "born", "university", "graduated", "prefecture",
        "workplace", "grassroots_since", "programs", "fields", "status", "announced", "winner", "date", "summary",
        "photo", "photo_alt", "videos", "private",
    ]

    /// `2021/ili-example`: how study material and links name a story.
    public var id: String { "\(year)/\(slug)" }

    public func location(of key: String) -> SourceLocation {
        locations[key] ?? SourceLocation(file: source.display, line: 1, column: 1)
    }

    /// How diagnostics name a file of the story's folder: `Content/stories/2021/x/photo.jpg`.
    public func attachmentDisplayPath(_ name: String) -> String {
        source.display.hasSuffix("/index.md") ? String(source.display.dropLast("index.md".count)) + name : name
    }

    /// Whether `key` (`private.hukou`, `private.referees[0]`) is listed under `private.known_public`.
    public func isKnownPublic(_ key: String) -> Bool {
        knownPublic.contains { key == $0 || key.hasPrefix($0 + ".") || key.hasPrefix($0 + "[") }
    }

    /// The public fields as written, with their keys: what the site shows of the story's front matter.
    public var publicFields: [(key: String, value: String)] {
        var fields: [(String, String)] = [("title", title), ("name", name), ("university", university),
                                          ("prefecture", prefecture), ("workplace", workplace)]
        if let gender { fields.append(("gender", gender)) }
        if let ethnicity { fields.append(("ethnicity", ethnicity)) }
        if let summary { fields.append(("summary", summary)) }
        if let photo { fields.append(("photo", photo)) }
        if let photoAlt { fields.append(("photo_alt", photoAlt)) }
        for (index, video) in videos.enumerated() {
            fields += [("videos[\(index)].title", video.title), ("videos[\(index)].file", video.file),
                       ("videos[\(index)].poster", video.poster)]
            if let captions = video.captions { fields.append(("videos[\(index)].captions", captions)) }
        }
        fields += programs.enumerated().map { ("programs[\($0)]", $1) }
        fields += self.fields.enumerated().map { ("fields[\($0)]", $1) }
        return fields
    }
}

/// A video beside a story (`videos:` in its front matter): the file as it is
/// (MP4 or WebM, never transcoded), a poster image, WebVTT captions.
public struct Video: Codable, Sendable, Equatable {
    /// The video file, beside the story: `interview.mp4`.
    public var file: String
    /// What the video shows, for its caption and its accessible name.
    public var title: String
    /// The image shown before it plays (processed like the photo).
    public var poster: String
    /// The WebVTT captions; required once the story is published (WCAG 1.2.2).
    public var captions: String?
    /// The captions' language (BCP 47); nil for the site's language.
    public var captionsLanguage: String?

    public static let keys = ["file", "title", "poster", "captions", "captions_language"]

    public init(file: String, title: String, poster: String, captions: String? = nil, captionsLanguage: String? = nil) {
        self.file = file
        self.title = title
        self.poster = poster
        self.captions = captions
        self.captionsLanguage = captionsLanguage
    }
}

/// One value under a story's `private:` key, with its key path (`private.phone`).
public struct PrivateValue: Codable, Sendable, Equatable, Hashable {
    public var key: String
    public var value: String
}

/// A file in a story's folder.
public struct Attachment: Codable, Sendable, Equatable {
    /// Path relative to the story's folder: `photo.jpg`, `video/clip.mp4`.
    public var name: String
    public var size: Int
    /// What the file's first bytes say it is, for images: `jpeg`, `png`, `webp`, `gif`; nil otherwise.
    public var imageFormat: String?
    /// What the file's first bytes say it is: an image format, `pdf`, `mp4`, `webm`, `vtt`; nil when unknown.
    public var detectedType: String?

    public init(name: String, size: Int, imageFormat: String?, detectedType: String? = nil) {
        self.name = name
        self.size = size
        self.imageFormat = imageFormat
        self.detectedType = detectedType ?? imageFormat
    }

    /// The kinds of file a story may publish, by extension, with the type
    /// their bytes must have. Anything else (HTML, SVG, scripts, office
    /// files, text, CSV) is refused: it could carry a script or the
    /// nomination form onto the site.
    public static let allowedTypes: [String: String] = [
        "jpg": "jpeg", "jpeg": "jpeg", "png": "png", "webp": "webp", "gif": "gif",
        "mp4": "mp4", "m4v": "mp4", "webm": "webm", "vtt": "vtt", "pdf": "pdf",
    ]

    /// The file's extension, lower-cased.
    public var fileExtension: String {
        guard let dot = name.lastIndex(of: "."), !name[name.index(after: dot)...].contains("/") else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// The type this file's extension promises; nil when the extension is not allowed.
    public var allowedType: String? { Self.allowedTypes[fileExtension] }

    /// Allowed by its extension, and its bytes are what the extension says.
    public var isPublishable: Bool { allowedType != nil && allowedType == detectedType }

    /// An image to decode and re-encode without metadata.
    public var isImage: Bool { isPublishable && ["jpeg", "png", "webp", "gif"].contains(allowedType ?? "") }

    /// Any file's type by its signature: the image formats, PDF, MP4, WebM, WebVTT.
    public static func detectType(of header: Data) -> String? {
        if let image = imageFormat(of: header) { return image }
        let bytes = [UInt8](header.prefix(16))
        if bytes.starts(with: Array("%PDF-".utf8)) { return "pdf" }
        if bytes.count >= 8, bytes[4..<8] == Array("ftyp".utf8)[...] { return "mp4" }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "webm" }
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if text.starts(with: Array("WEBVTT".utf8)), text.count == 6 || [0x20, 0x09, 0x0A, 0x0D].contains(text[6]) { return "vtt" }
        return nil
    }

    /// Recognises an image by its signature, not its name.
    public static func imageFormat(of header: Data) -> String? {
        let bytes = [UInt8](header.prefix(12))
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x45, 0x42, 0x50] { return "webp" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "gif" }
        return nil
    }
}

/// Study material for the in-depth-study stage: `study/<slug>.md`.
public struct StudyMaterial: Codable, Sendable, Equatable {
    public var slug: String
    public var title: String
    public var date: Day
    public var summary: String?
    /// Story ids (`2021/ili-example`) this material studies.
    public var stories: [String]
    public var questions: [String]
    public var draft: Bool
    public var body: String
    public var source: SourceFile
    public var locations: [String: SourceLocation]

    public static let keys = ["title", "date", "summary", "stories", "questions", "draft"]
}

/// A plain page: `pages/<slug>.md`.
public struct Page: Codable, Sendable, Equatable {
    public var slug: String
    public var title: String
    public var summary: String?
    /// A short label for the site's navigation; pages without one are not in it.
    public var navTitle: String?
    public var draft: Bool
    public var body: String
    public var source: SourceFile
    public var locations: [String: SourceLocation] = [:]

    public static let keys = ["title", "summary", "nav_title", "draft"]
}

/// A file copied to the output as it is.
public struct StaticFile: Codable, Sendable, Equatable {
    /// Absolute path of the source file.
    public var sourcePath: String
    /// Path below the output directory.
    public var outputPath: String
    public var source: SourceFile
}

/// Everything loaded from `Content/`.
public struct Content: Sendable {
    public var site: SiteConfig
    public var editions: [Int: Edition]
    public var stories: [Story]
    public var study: [StudyMaterial]
    public var pages: [Page]
    public var staticFiles: [StaticFile]
    /// `Content/templates`, when the site overrides theme templates.
    public var templatesDirectory: String?
    /// The content directory, absolute.
    public var root: String
    /// Stories whose file is there but could not be loaded: their own errors are reported, a
    /// reference to them is not a second, false one, and their terms are still checked.
    public var unloaded: [UnloadedStory] = []
    public var unloadedStories: Set<String> { Set(unloaded.map(\.id)) }
    /// Translations into the site's other languages, each with its original there.
    public var translations: [Translation] = []
    /// Private values of story files that did not load and of stories' translations, each
    /// where it is: guarded like a loaded story's, so a value is never printed or published
    /// because the file around it is broken.
    public var loosePrivateValues: [LoosePrivateValue] = []
}

/// A story that did not load (a field of the wrong type, a missing one), with what can still
/// be checked in the same run: the terms it names, each where it is, and the files of its folder.
public struct UnloadedStory: Sendable {
    public var id: String
    /// Its problems are warnings (a draft): so are those found later.
    public var draft: Bool
    public var terms: [NamedTerm]
    /// The files beside it, for a story in a folder of its own.
    public var files: [Attachment] = []
    /// Its file as diagnostics name it (`Content/stories/2021/x/index.md`).
    public var display = ""

    /// A file of its folder as diagnostics name it.
    public func attachmentDisplayPath(_ name: String) -> String {
        display.hasSuffix("/index.md") ? String(display.dropLast("index.md".count)) + name : name
    }

    public struct NamedTerm: Sendable, Equatable {
        /// `prefecture`, `programs[0]`, `fields[1]`.
        public var key: String
        public var value: String
        public var location: SourceLocation

        public init(key: String, value: String, location: SourceLocation) {
            self.key = key
            self.value = value
            self.location = location
        }
    }
}
