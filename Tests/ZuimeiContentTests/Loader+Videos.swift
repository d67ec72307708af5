import Foundation
import Testing
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiContent

/// A story's `videos:`: every problem of every entry in one run, each where it is.
@Suite struct LoaderVideosTests {
    static let webm = Data([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01]) + Data("webm".utf8)
    static let mp4 = Data([0, 0, 0, 0x18]) + Data("ftypisom".utf8) + Data(count: 12)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(count: 12)
    static let vtt = Data("WEBVTT\n\n00:01.000 --> 00:02.000\n一\n".utf8)

    func load(_ videos: [String]) throws -> (Content?, [(String, Int, Int, Problem)], TempContent) {
        let temp = try TempContent(files: ["stories/2021/video-story/index.md": TempContent.story(adding: videos)])
        for (name, data) in ["clip.webm": Self.webm, "clip.mp4": Self.mp4, "poster.jpg": Self.jpeg, "clip.vtt": Self.vtt,
                             "notes.vtt.txt": Data("x".utf8)] {
            try temp.write("stories/2021/video-story/\(name)", data)
        }
        let loaded = loadContent(from: temp.display)
        let found = loaded.diagnostics.map { ($0.file.components(separatedBy: "/").suffix(2).joined(separator: "/"), $0.line, $0.column, $0.problem) }
        return (loaded.content, found, temp)
    }

    @Test func aVideoWithItsPosterAndCaptionsLoads() throws {
        let (content, found, temp) = try load([
            "videos:",
            "  - file: clip.webm",
            "    title: \"田间随访\"",
            "    poster: poster.jpg",
            "    captions: clip.vtt",
            "    captions_language: ug",
            "  - {file: clip.mp4, title: \"第二段\", poster: poster.jpg}",
        ])
        defer { temp.remove() }
        #expect(found.isEmpty, "\(found)")
        let story = try #require(content?.stories.first)
        #expect(story.videos == [
            Video(file: "clip.webm", title: "田间随访", poster: "poster.jpg", captions: "clip.vtt", captionsLanguage: "ug"),
            Video(file: "clip.mp4", title: "第二段", poster: "poster.jpg"),
        ])
    }

    @Test func everyProblemOfEveryEntryInOneRun() throws {
        let (content, found, temp) = try load([
            "videos:",                                  // line 14
            "  - file: missing.mp4",                    // 15
            "    title: \"\"",                          // 16
            "    poster: clip.vtt",                     // 17
            "    caption: clip.vtt",                    // 18
            "  - file: poster.jpg",                     // 19
            "    title: 第二段",                         // 20
            "    poster: ../../secret.jpg",             // 21
            "    captions: notes.vtt.txt",              // 22
            "    captions_language: 中文",               // 23
            "  - just a string",                        // 24
        ])
        defer { temp.remove() }
        #expect(content?.stories.isEmpty ?? true)
        let file = "video-story/index.md"
        let expected: [(String, Int, Int, Problem)] = [
            (file, 18, 5, .unknownKey(key: "caption", suggestion: "captions")),
            (file, 15, 11, .videoFileMissing(key: "videos[0].file", path: "missing.mp4")),
            (file, 16, 12, .wrongType(key: "videos[0].title", expected: "text")),
            (file, 17, 13, .videoFileType(key: "videos[0].poster", path: "clip.vtt", expected: "a JPEG, PNG or WebP image")),
            (file, 19, 11, .videoFileType(key: "videos[1].file", path: "poster.jpg", expected: "an MP4 or WebM video (.mp4, .m4v, .webm)")),
            (file, 21, 13, .pathOutsideFolder(path: "../../secret.jpg")),
            (file, 22, 15, .videoFileType(key: "videos[1].captions", path: "notes.vtt.txt", expected: "a WebVTT caption file (.vtt)")),
            (file, 23, 24, .wrongType(key: "videos[1].captions_language", expected: "a language tag such as zh-Hans, ug or kk-Arab")),
            (file, 24, 5, .wrongType(key: "videos[2]", expected: "a mapping {file: …, title: …, poster: …, captions: …}")),
        ]
        let story = found.filter { $0.0 == file }
        #expect(story.count == expected.count, "\(story)")
        for (got, want) in zip(story, expected) {
            #expect(got.0 == want.0 && got.1 == want.1 && got.2 == want.2 && got.3 == want.3, "\(got) is not \(want)")
        }
    }

    @Test func aRequiredKeyMissingIsNamedWithItsEntry() throws {
        let (_, found, temp) = try load(["videos:", "  - file: clip.webm", "    title: 片段"])
        defer { temp.remove() }
        #expect(found.map(\.3) == [.missingKey(key: "videos[0].poster")])
        #expect(found.first?.1 == 15 && found.first?.2 == 5)
    }

    @Test func videosMustBeAList() throws {
        let (_, found, temp) = try load(["videos: clip.webm"])
        defer { temp.remove() }
        #expect(found.map(\.3) == [.wrongType(key: "videos", expected: "a list of videos, each {file: …, title: …, poster: …, captions: …}")])
    }
}
