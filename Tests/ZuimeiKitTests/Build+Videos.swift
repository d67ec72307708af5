import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiKit
@testable import ZuimeiCache
@testable import ZuimeiGuard
@testable import ZuimeiSite
@testable import ZuimeiTheme

/// A story with a video, built end to end: the page's player, the feed's enclosure,
/// the sitemap's video entry, and the rules on captions.
@Suite struct BuildVideosTests {
    static let date = day("2021-12-31")
    static let webm = Data([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01]) + Data("webm".utf8) + Data(count: 2000)
    static let captions = "WEBVTT\n\n00:00.000 --> 00:01.500\n清晨，测试人物出发入户随访。\n"
    static let video = ["videos:", "  - file: clip.webm", "    title: \"田间随访\"", "    poster: poster.jpg", "    captions: clip.vtt"]

    func build(status: String = "approved", videos: [String] = video, captions: String = captions,
               privateLines: [String] = [], extra: [String: Data] = [:]) throws -> (BuildResult, String, TempContent) {
        let text = TempContent.story(replacing: ["status": "status: \(status)"], adding: videos + privateLines)
        let temp = try TempContent(files: ["stories/2021/video-story/index.md": text])
        let folder = "stories/2021/video-story/"
        try temp.write(folder + "clip.webm", Self.webm)
        try temp.write(folder + "poster.jpg", try Data(contentsOf: URL(fileURLWithPath: Fixture.path("basic") + "/stories/2021/approved-one/photo.jpg")))
        try temp.write(folder + "clip.vtt", captions)
        for (name, data) in extra { try temp.write(folder + name, data) }
        let output = temporaryDirectory().appendingPathComponent("site").path
        var result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        result.diagnostics.removeAll { $0.problem.rule == "story-length" }  // the fixture's text is short
        return (result, output, temp)
    }

    @Test func aVideoStoryHasAPlayerAnEnclosureAndASitemapEntry() throws {
        let (result, output, temp) = try build()
        defer { temp.remove() }
        #expect(result.diagnostics == [])
        let page = text(FileManager.default.contents(atPath: output + "/stories/2021/video-story/index.html"))
        #expect(page.contains(#"<video controls preload="none" poster="poster.jpg" width="1" height="1">"#))
        #expect(page.contains(#"<source src="clip.webm" type="video/webm">"#))
        // The track loads the captions as a data: URL, which works from disk too; the link downloads the file.
        let inline = "data:text/vtt;base64," + Data(Self.captions.utf8).base64EncodedString()
        #expect(page.contains(#"<track kind="captions" src="\#(inline)" srclang="zh-Hans" label="中文" default>"#))
        #expect(page.contains(#"<a href="clip.webm" download>下载视频（WebM，3 KB）</a><a href="clip.vtt" download>字幕文件（WebVTT）</a>"#))
        #expect(!page.contains("autoplay"))
        for name in ["clip.webm", "clip.vtt", "poster.jpg"] {
            #expect(FileManager.default.fileExists(atPath: output + "/stories/2021/video-story/" + name), "\(name)")
        }
        let feed = try FeedParser.parse(try Data(contentsOf: URL(fileURLWithPath: output + "/feed.xml")))
        let base = "https://zuimei.fixture/zuimei/stories/2021/video-story/"
        #expect(feed.items.first?.enclosure == ["url": base + "clip.webm", "length": "\(Self.webm.count)", "type": "video/webm"])
        let sitemap = text(FileManager.default.contents(atPath: output + "/sitemap.xml"))
        #expect(sitemap.contains(#"xmlns:video="http://www.google.com/schemas/sitemap-video/1.1""#))
        #expect(sitemap.contains("<video:video><video:thumbnail_loc>\(base)poster.jpg</video:thumbnail_loc><video:title>田间随访</video:title>"))
        #expect(sitemap.contains("<video:content_loc>\(base)clip.webm</video:content_loc></video:video>"))
    }

    /// A poster shown only by the player is published only at the size the player shows
    /// (the rendition nearest 960 px): every published file is one a page links to, so a
    /// `wget --mirror` copy is whole.
    @Test(arguments: [("large-gps-orient6.jpg", "big.jpg", "big.jpg"), ("poster-1200.png", "big.png", "big-960w.jpg")])
    func aPosterIsPublishedOnlyAtTheSizeThePlayerShows(fixture: String, name: String, shown: String) throws {
        let source = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/" + fixture))
        var videos = Self.video
        videos[3] = "    poster: \(name)"
        let (result, output, temp) = try build(videos: videos, extra: [name: source])
        defer { temp.remove() }
        // The JPEG fixture has a GPS position; poster.jpg, which the video no longer names, is named and not published.
        #expect(result.diagnostics.allSatisfy { [.photoLocation(path: name), .unlinkedFile(path: "poster.jpg")].contains($0.problem) })
        let folder = output + "/stories/2021/video-story/"
        let published = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(published == ["clip.vtt", "clip.webm", "index.html", shown].sorted())
        let page = text(FileManager.default.contents(atPath: folder + "index.html"))
        #expect(page.contains("poster=\"\(shown)\" width=\"960\""))
        let data = try #require(FileManager.default.contents(atPath: folder + shown))
        #expect(data.starts(with: [0xFF, 0xD8, 0xFF]))  // a JPEG, whatever the poster was
        for target in linkTargets(in: page) where !target.contains(":") && !target.hasPrefix("#") {
            let path = URL(fileURLWithPath: folder + target).standardizedFileURL.path
            #expect(FileManager.default.fileExists(atPath: path) || FileManager.default.fileExists(atPath: path + "/index.html"), "\(target)")
        }
    }

    /// File names with a space, a comma or Chinese are one valid, percent-encoded URL in the
    /// page (the player, the photo's srcset, the text's image), the feed and the sitemap.
    @Test func fileNamesWithSpacesCommasAndChineseAreEncodedURLs() throws {
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("basic") + "/stories/2021/approved-one/photo.jpg"))
        let videos = ["photo: \"照片,1.jpg\"", "photo_alt: 照片", "videos:", "  - file: \"采访 视频.webm\"", "    title: 采访",
                      "    poster: poster.jpg", "    captions: \"字幕 1.vtt\""]
        let story = TempContent.story(adding: videos, body: "正文。\n\n![照片](<照片,1.jpg>)\n")
        let temp = try TempContent(files: ["stories/2021/video-story/index.md": story])
        defer { temp.remove() }
        let folder = "stories/2021/video-story/"
        try temp.write(folder + "采访 视频.webm", Self.webm)
        try temp.write(folder + "poster.jpg", jpeg)
        try temp.write(folder + "照片,1.jpg", jpeg)
        try temp.write(folder + "字幕 1.vtt", Self.captions)
        let output = temporaryDirectory().appendingPathComponent("site").path
        let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: Self.date))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let video = "%E9%87%87%E8%AE%BF%20%E8%A7%86%E9%A2%91.webm"
        let photo = "%E7%85%A7%E7%89%87%2C1.jpg"
        let page = text(FileManager.default.contents(atPath: output + "/" + folder + "index.html"))
        #expect(page.contains("<source src=\"\(video)\" type=\"video/webm\">"))
        #expect(page.contains("<a href=\"%E5%AD%97%E5%B9%95%201.vtt\" download>"))
        #expect(page.contains("srcset=\"\(photo) 1w\""))
        #expect(page.components(separatedBy: "srcset=\"\(photo) 1w\"").count == 3)  // the page's photo and the text's
        for target in linkTargets(in: page) where target.hasPrefix("%") {
            #expect(FileManager.default.fileExists(atPath: output + "/" + folder + target.removingPercentEncoding!), "\(target)")
        }
        let base = "https://zuimei.fixture/zuimei/" + folder
        #expect(text(FileManager.default.contents(atPath: output + "/feed.xml")).contains("<enclosure url=\"\(base)\(video)\""))
        #expect(text(FileManager.default.contents(atPath: output + "/sitemap.xml")).contains("<video:content_loc>\(base)\(video)</video:content_loc>"))
    }

    /// A phone's MP4 with where it was filmed: published the same size, without the position,
    /// from the cache on the next build; the source gets a warning, as a photo's GPS does.
    @Test func anMP4IsPublishedWithoutWhereItWasFilmed() throws {
        func box(_ type: [UInt8], _ payload: [UInt8]) -> [UInt8] {
            let size = 8 + payload.count
            return [0, 0, UInt8(size >> 8), UInt8(size & 255)] + type + payload
        }
        let position = Array("+43.8171+087.5853/".utf8)
        let mp4 = box(Array("ftyp".utf8), Array("isom\0\0\u{2}\0isommp41".utf8)) + box(Array("mdat".utf8), Array(repeating: 9, count: 500))
            + box(Array("moov".utf8), box(Array("mvhd".utf8), Array(repeating: 0, count: 100))
                  + box(Array("udta".utf8), box([0xA9] + Array("xyz".utf8), [0, 18, 0x15, 0xC7] + position)))
        var videos = Self.video
        videos[1] = "  - file: clip.mp4"
        let (result, output, temp) = try build(videos: videos, extra: ["clip.mp4": Data(mp4)])
        defer { temp.remove() }
        // (clip.webm, which the video no longer names, is named and not published)
        #expect(result.diagnostics.map(\.problem) == [.unlinkedFile(path: "clip.webm"), .videoLocation(path: "clip.mp4")])
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
        let published = try Data(contentsOf: URL(fileURLWithPath: output + "/stories/2021/video-story/clip.mp4"))
        #expect(published.count == mp4.count)
        #expect(published.range(of: Data(position)) == nil)
        #expect(published.prefix(mp4.count - 38) == Data(mp4).prefix(mp4.count - 38))  // all but the user data
        let cache = temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache/videos").path
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(entries.count == 1)
        let written = try FileManager.default.attributesOfItem(atPath: cache + "/" + entries[0])[.modificationDate] as? Date
        let second = ZuimeiKit.build(BuildOptions(content: temp.display, output: output + "2", date: Self.date))
        #expect(second.succeeded)
        #expect(try FileManager.default.attributesOfItem(atPath: cache + "/" + entries[0])[.modificationDate] as? Date == written)
    }

    /// A cached copy changed in place, same size and still without metadata: not the bytes Zuimei
    /// wrote, so it is written again and the site is what it was.
    @Test func aCachedVideoWithOtherBytesIsWrittenAgain() throws {
        func box(_ type: [UInt8], _ payload: [UInt8]) -> [UInt8] {
            let size = 8 + payload.count
            return [0, 0, UInt8(size >> 8), UInt8(size & 255)] + type + payload
        }
        let mp4 = box(Array("ftyp".utf8), Array("isom\0\0\u{2}\0isommp41".utf8)) + box(Array("mdat".utf8), Array(repeating: 9, count: 500))
            + box(Array("moov".utf8), box(Array("udta".utf8), box([0xA9] + Array("xyz".utf8), [0, 6, 0x15, 0xC7] + Array("+43.8/".utf8))))
        var videos = Self.video
        videos[1] = "  - file: clip.mp4"
        let (result, output, temp) = try build(videos: videos, extra: ["clip.mp4": Data(mp4)])
        defer { temp.remove() }
        #expect(result.succeeded)
        let published = try Data(contentsOf: URL(fileURLWithPath: output + "/stories/2021/video-story/clip.mp4"))
        let cache = temp.root.deletingLastPathComponent().appendingPathComponent(".zuimei-cache/videos").path
        let entry = cache + "/" + (try FileManager.default.contentsOfDirectory(atPath: cache)[0])
        var damaged = try Data(contentsOf: URL(fileURLWithPath: entry))
        damaged[60] ^= 0xFF  // inside mdat
        try damaged.write(to: URL(fileURLWithPath: entry))
        let again = ZuimeiKit.build(BuildOptions(content: temp.display, output: output + "2", date: Self.date))
        #expect(again.succeeded)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output + "2/stories/2021/video-story/clip.mp4")) == published)
    }

    @Test func captionsAreRequiredOncePublishedAndOnlyWarnedAboutOnADraft() throws {
        let without = Array(Self.video.dropLast())
        let (published, _, temp) = try build(videos: without)
        defer { temp.remove() }
        #expect(published.diagnostics.map(\.problem) == [.videoWithoutCaptions(path: "clip.webm"), .unlinkedFile(path: "clip.vtt")])
        #expect(published.diagnostics.first?.severity == .error)
        #expect(published.diagnostics.first?.line == 15)
        let (draft, _, draftTemp) = try build(status: "draft", videos: without)
        defer { draftTemp.remove() }
        #expect(draft.succeeded)
        #expect(draft.diagnostics.map(\.problem) == [.videoWithoutCaptions(path: "clip.webm"), .unlinkedFile(path: "clip.vtt")])
        #expect(draft.diagnostics.first?.severity == .warning)
    }

    @Test func invalidCaptionsAreAnErrorAtTheirLine() throws {
        let (result, _, temp) = try build(captions: "WEBVTT\n\n00:02.000 --> 00:01.000\n倒过来的时间\n")
        defer { temp.remove() }
        #expect(!result.succeeded)
        let found = result.diagnostics.map { ($0.file.hasSuffix("video-story/clip.vtt"), $0.line, $0.column, $0.problem) }
        #expect(found.count == 1)
        #expect(found.first?.0 == true && found.first?.1 == 3 && found.first?.2 == 1)
        #expect(found.first?.3 == .captionsInvalid(path: "clip.vtt", reason: "the cue ends before or when it starts"))
    }

    /// Re-encoded images are pixels and are not searched; a video is copied as it is, so its
    /// bytes are (a text track, a title in its metadata).
    @Test func privateDataInsideAVideoStopsTheBuild() throws {
        let webm = Self.webm + Data("title: 联系电话 13912340003".utf8)
        let (result, output, temp) = try build(privateLines: ["private:", "  phone: \"13912340003\""], extra: ["clip.webm": webm])
        defer { temp.remove() }
        #expect(result.diagnostics.contains { $0.problem.rule == "private-data" && $0.problem.message.contains("clip.webm") })
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func privateDataInCaptionsStopsTheBuild() throws {
        let (result, output, temp) = try build(captions: "WEBVTT\n\n00:00.000 --> 00:01.500\n联系电话 13912340003\n",
                                               privateLines: ["private:", "  phone: \"13912340003\""])
        defer { temp.remove() }
        #expect(!result.succeeded)
        #expect(result.diagnostics.contains { $0.problem.rule == "private-data" })
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
