import Foundation

/// How to fix each problem, in English (the Chinese hints are in `Messages/zh-Hans.json`).
extension Problem {
    /// How to fix it.
    public var hint: String? {
        switch self {
        case .notUTF8:
            return "save the file as UTF-8 (a BOM and CRLF line endings are fine)"
        case .nulCharacter:
            return "remove it (it is invisible in most editors; it often comes from copying out of a PDF or a binary file)"
        case .tooManyBrackets:
            return "a story needs a few dozen links and images; remove the repeated brackets (this place is where the limit is passed)"
        case .unreadable:
            return "check the file's permissions"
        case .missingFile:
            return "create it; see the README's 'Content layout'"
        case .missingFrontMatter:
            return "start the file with '---', the YAML front matter, and another '---'"
        case .unclosedFrontMatter:
            return "add a line '---' after the last front-matter key"
        case .yamlSyntax:
            return "check indentation (spaces, not tabs), quotes and colons around this place"
        case .unclosedQuote(let quote):
            return "end the value with \(quote) on the same line (write \(quote == "'" ? "''" : "\\\"") for a quote inside it)"
        case .yamlTooLarge:
            return "write the values out instead of repeating them with aliases; a value written out is never limited"
        case .notAMapping:
            return "write one 'key: value' per line"
        case .unknownKey(_, let suggestion):
            if let suggestion { return "did you mean '\(suggestion)'? Private data belongs under 'private:'" }
            return "remove it, or move private data under 'private:'"
        case .missingKey(let key):
            return "add '\(key): …'"
        case .wrongType:
            return "change the value to the expected type"
        case .badDate(_, _, let format):
            return "write the date as \(format)"
        case .invalidValue:
            return "use one of the allowed values"
        case .unknownTerm(let kind, _, let suggestion):
            if let suggestion { return "did you mean \(suggestion)?" }
            return "use a \(kind) listed in site.yml, or add it there"
        case .duplicateTerm:
            return "list each name and slug once"
        case .invisibleInTerm:
            return "retype the name without it (zero-width spaces and joiners often come with copied text)"
        case .badBaseURL:
            return "write the site's origin, e.g. 'https://example.org/zuimei/'"
        case .placeholderBaseURL:
            return "write the address where the site will be published (its scheme, host and path, ending in '/') before publishing; a preview does not need it"
        case .missingPhoto(_, let suggestion?):
            return "did you mean '\(suggestion)'? (names are compared exactly, case included)"
        case .missingPhoto:
            return "put the photo file beside the story (stories/<year>/<slug>/index.md with the photo in the same folder), or fix the name"
        case .photoWithoutAlt:
            return "add 'photo_alt:' describing the photo for readers who cannot see it"
        case .pathOutsideFolder:
            return "keep the story's files in its own folder and name them without '..' or '/'"
        case .symlinkOutside:
            return "copy the file into the folder instead of linking to it"
        case .badSlug:
            return "use lowercase ASCII letters, digits and hyphens, e.g. 'ili-wang-fang'"
        case .badFileName:
            return "rename the file (letters, digits, spaces, '-', '_' and '.' are fine)"
        case .badLocation(_, _):
            return "see the README's 'Content layout'"
        case .duplicateURL:
            return "rename one of the two files"
        case .unknownEdition(let year):
            return "create editions/\(year).yml (zuimei new edition \(year))"
        case .editionYear:
            return "an edition's reference date and the start of each stage fall in the year its file is named for; check the year, or the file's name"
        case .unknownLanguage:
            return "add the language to site.yml's languages (code, name, direction, prefix), or rename the file"
        case .translationWithoutOriginal:
            return "a translation is named after its original: <slug>.<language>.md beside <slug>.md (index.<language>.md in a story's folder)"
        case .translationSetsFact:
            return "remove the key: the translated page takes it from the original"
        case .translationOutdated(_, _, let current):
            return "bring the translation up to date with the original, then set translated_from: \(current)"
        case .translationUnversioned(_, let current):
            return "if it translates the original as it is now, add translated_from: \(current) (zuimei new translation writes it)"
        case .missingString(let key, let language):
            return "add '\(key)' to the theme's table for '\(language)' (Sources/ZuimeiKit/Theme/strings/\(language).yml); a site cannot add its own tables yet"
        case .unknownString:
            return "correct the phrase's name, or add it to the theme's tables (Sources/ZuimeiKit/Theme/strings/)"
        case .ageLimit(_, _, _, let limit):
            return "the campaign takes candidates aged \(limit) or under"
        case .serviceYears(_, _, _, let minimum):
            return "the campaign takes candidates with \(minimum) years or more at the grassroots"
        case .graduationAfterService:
            return "check 'graduated' and 'grassroots_since': service starts after graduation"
        case .graduationBeforeAdulthood:
            return "check 'graduated' and 'born' for a typo"
        case .prefectureQuota:
            return "nominate at most the quota per prefecture; set the others to draft, rejected or withdrawn"
        case .winnerQuota:
            return "mark at most the edition's number of winners"
        case .winnerNotApproved:
            return "approve the story, or remove 'winner: true'"
        case .storyLength:
            return "the notice asks for a story of about 3,000 characters; change the range with story_length in the edition file"
        case .photoFormat:
            return "save the photo as JPEG, PNG or WebP"
        case .brokenLink:
            return "fix the path: a link to another story is written as its file, e.g. ../other-story.md"
        case .unpublishedLink:
            return "a published page must not link to an unpublished one; remove the link or publish the target first"
        case .unknownStory:
            return "name stories as <year>/<slug>, e.g. 2021/ili-example"
        case .stageDates:
            return "swap 'from' and 'to'"
        case .stageOverlap:
            return "stages run one after the other: mobilisation, nomination, review, publicity, study"
        case .dateBeforePublicity:
            return "stories are published in the publicity stage; check the date"
        case .privateDataLeak(_, _, let source):
            switch source {
            case .template: return "remove the value from the template; nothing was written"
            case .page: return "find where the page's content shows the value (a field, a story's text, a link) and remove it; nothing was written"
            case .copiedFile: return "remove the value from that file, or the file from the content; nothing was written"
            case .fileName: return "rename the file; nothing was written"
            }
        case .privateDataInContent(let key, let owner):
            let name = key.hasPrefix("private.") ? String(key.dropFirst("private.".count)) : key
            if owner != nil {
                return "remove it; if the value is public anyway, list '\(name)' under private.known_public in that story"
            }
            return "remove it; if the value is public anyway, list '\(name)' under private.known_public"
        case .privateValueTooShort(let key, _, _):
            let name = key.hasPrefix("private.") ? String(key.dropFirst("private.".count)) : key
            return "a value this short would match ordinary text, so it is not guarded; make sure it is nowhere on the site and list '\(name)' under private.known_public (an error once the story is nominated, until then a warning)"
        case .privateValuePublic(let key, _):
            let name = key.hasPrefix("private.") ? String(key.dropFirst("private.".count)) : key
            return "if that is right, list '\(name)' under private.known_public: it is then not guarded and not reported (an error once the story is nominated, until then a warning)"
        case .privateKeyMisspelt:
            return "rename the key to 'private:'; this is an error even in a draft, since its values are the nomination form's"
        case .privateBlockInText:
            return "move the block above the front matter's closing '---' (the line that ends it); this is an error even in a draft"
        case .privateBlockNested:
            return "move it to the top level, with no indentation, beside title: and name:; this is an error even in a draft"
        case .unknownKeyValueInContent(let key, let owner):
            return "if it is private, move '\(key)' under 'private:' in \(owner ?? "this story") and remove the value here; if not, correct the key's name"
        case .privateValuesGuessed:
            return "fix the YAML error in this file; until then any published text that holds one of these values is an error naming it"
        case .guessedPrivateDataInContent(_, let owner):
            return "fix the YAML of \(owner) (the error there says where); if the value is private, remove it here too"
        case .cacheUntrusted(let path, _):
            return "Zuimei uses a cache only when the running user owns it and nobody else can write it; remove it (rm -rf \(path)) and the next build makes a new one, readable by you alone"
        case .knownPublicUnknownKey(_, let suggestion):
            if let suggestion { return "did you mean '\(suggestion)'?" }
            return "list keys that exist under private, e.g. known_public: [hukou]"
        case .attachmentNotAllowed:
            return "a story's folder may publish images (JPEG, PNG, WebP, GIF), videos (MP4, WebM), captions (VTT) and PDF; move the file out of Content/, or link an external page instead"
        case .imageInvalid:
            return "replace the file with a whole, still JPEG, PNG, WebP or GIF image of at most 100 megapixels, of the type its name says"
        case .bidiControl:
            return "remove the control character; write the text in the order it is read"
        case .controlCharacter:
            return "remove it (it often comes from copying out of another program); tabs and line breaks are fine"
        case .dataURL:
            return "put the image beside the story (stories/<year>/<slug>/photo.jpg) and link it by name"
        case .unscannableFile:
            return "publish it as a plain file (text, CSV, PDF) or on another site; a nomination form never belongs in static/"
        case .reorderedText:
            return "remove the bidi-override (direction and unicode-bidi) from the file, or write the text in the order it is read"
        case .staticImageMetadata(let path):
            return "remove the metadata (exiftool -all= static/\(path)) or save the image again without it; a story's photos are re-encoded, static/ files are published as they are"
        case .pdfUnreadable:
            return "export the PDF again from the program that made it (Save as or Export as PDF, or print to PDF): without a password or permissions, without attached files, at most 64 MB (compress its pictures); or publish it on another site"
        case .redacted(_, _, let hint):
            return hint
        case .photoLocation:
            return "the published photo has no metadata, but the source file still shows where it was taken: remove the location before sharing Content/"
        case .videoFileMissing:
            return "put the file beside the story (stories/<year>/<slug>/index.md with the video in the same folder), or fix the name"
        case .videoFileType(let key, _, _):
            if key.hasSuffix(".poster") { return "save the poster (a frame of the video) as JPEG, PNG or WebP" }
            if key.hasSuffix(".captions") { return "save the captions as WebVTT (.vtt), starting with the line WEBVTT" }
            return "publish the video as MP4 (H.264) or WebM (VP9/AV1); Zuimei does not transcode"
        case .videoWithoutCaptions(let path):
            let stem = path.lastIndex(of: ".").map { String(path[..<$0]) } ?? path
            return "add 'captions: \(stem).vtt' (WebVTT) to the video: a published video needs captions for readers who cannot hear it (WCAG 1.2.2)"
        case .captionsInvalid:
            return "each cue is a line 'HH:MM:SS.mmm --> HH:MM:SS.mmm' (or MM:SS.mmm) followed by its text; see https://www.w3.org/TR/webvtt1/"
        case .videoTooLarge:
            return "export it again at a lower bit rate (about 2–4 Mbit/s for 1080p) or shorter; Zuimei publishes videos as they are"
        case .videoInvalid:
            return "export the video again as a whole MP4 (H.264) or WebM file"
        case .videoLocation:
            return "the published video has no metadata, but the source file still shows where it was filmed: remove the location before sharing Content/"
        case .templateSyntax:
            return "fix the Mustache tag at this place"
        case .missingPartial, .missingParent:
            return "check the name against the built-in theme's templates or add the file to Content/templates/"
        case .missingTemplate:
            return "add the template to Content/templates/ or restore the built-in one"
        case .unescapedInTemplate:
            return "write it with two braces, {{…}}, which escapes it; only the rendered Markdown (body) is HTML already"
        case .templateCycle:
            return "remove one of these includes, or put it inside a section that ends the recursion"
        case .outputFailed:
            return "check the output directory's permissions and free disk space"
        case .unsafeOutput:
            return "choose another --output directory"
        case .changedWhileBuilding:
            return "build again (when it is saved, the next build searches what is there then)"
        }
    }
}
