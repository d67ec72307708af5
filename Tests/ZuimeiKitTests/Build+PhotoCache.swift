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

/// A photo wider than the largest rendition, built twice: the second build finds every
/// rendition in the cache, once each, and publishes the same files (before the fix the
/// 1,600 px rendition was looked for twice and the rebuild failed with duplicate-url).
@Suite struct BuildPhotoCacheTests {
    @Test func aWidePhotoRebuildsFromTheCacheWithTheSameFiles() throws {
        let photo = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/wide-2400.jpg"))
        let story = TempContent.story(adding: ["photo: photo.jpg", "photo_alt: 宽照片"])
        let temp = try TempContent(files: ["stories/2021/wide-photo/index.md": story])
        defer { temp.remove() }
        try temp.write("stories/2021/wide-photo/photo.jpg", photo)
        let date = day("2021-12-31")
        var outputs: [[String: Data]] = []
        for run in 0..<2 {
            let output = temporaryDirectory().appendingPathComponent("site-\(run)").path
            let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: date))
            #expect(!result.diagnostics.hasErrors, "run \(run): \(result.diagnostics)")
            outputs.append(readTree(output).filter { $0.key.hasPrefix("stories/2021/wide-photo/") })
        }
        #expect(outputs[0].keys.sorted() == ["index.html", "photo-1600w.jpg", "photo-1600w.webp", "photo-480w.jpg", "photo-480w.webp",
                                             "photo-960w.jpg", "photo-960w.webp", "photo-og.jpg", "photo.jpg"]
            .map { "stories/2021/wide-photo/" + $0 })
        #expect(outputs[0] == outputs[1])
        let page = text(outputs[1]["stories/2021/wide-photo/index.html"])
        #expect(page.contains(#"srcset="photo-480w.jpg 480w, photo-960w.jpg 960w, photo-1600w.jpg 1600w""#))
    }
}

/// The photo memo kept in `.zuimei-cache/photos.json`: a command-line rebuild finds a cached
/// photo by `stat`s alone, and believes nothing it cannot check.
@Suite struct PhotoMemoTests {
    /// A story with one photo, built once: the content, the cache and the first build's photo.
    struct Built {
        var temp: TempContent
        var output: String
        var photo: Data
        var cache: String { URL(fileURLWithPath: temp.display).deletingLastPathComponent().appendingPathComponent(".zuimei-cache").path }
        var source: String { temp.display + "/stories/2021/wide-photo/photo.jpg" }

        /// Each file in the cache's `images/` changed in place through `change`; how many.
        @discardableResult
        func changeEachCachedFile(_ change: (FileHandle) -> Void) throws -> Int {
            let names = try FileManager.default.contentsOfDirectory(atPath: cache + "/images")
            for name in names {
                let handle = try #require(FileHandle(forWritingAtPath: cache + "/images/" + name))
                change(handle)
                try handle.close()
            }
            return names.count
        }

        func build(_ run: String) -> (BuildResult, [String: Data]) {
            let output = temporaryDirectory().appendingPathComponent(run).path
            let result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: day("2021-12-31")))
            return (result, readTree(output).filter { $0.key.hasPrefix("stories/2021/wide-photo/") })
        }
    }

    func built() throws -> (Built, [String: Data]) {
        let photo = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/wide-2400.jpg"))
        let temp = try TempContent(files: ["stories/2021/wide-photo/index.md": TempContent.story(adding: ["photo: photo.jpg",
                                                                                                          "photo_alt: 宽照片"])])
        try temp.write("stories/2021/wide-photo/photo.jpg", photo)
        let built = Built(temp: temp, output: "", photo: photo)
        let (result, files) = built.build("first")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(files.count == 9)
        return (built, files)
    }

    @Test func aRebuildTakesEveryPhotoFromTheMemoByStatAlone() throws {
        let (built, first) = try built()
        defer { built.temp.remove() }
        var info = stat()
        #expect(lstat(built.cache + "/photos.json", &info) == 0 && info.st_mode & 0o777 == 0o600)
        // What the next build does: the memo from the cache, the photo looked up through it.
        let cache = try #require(CacheDirectory.open(content: built.temp.display, write: true).cache)
        let memo = ImageMemo.load(cache)
        let images = ImageCache(cache: cache, scratch: PrivateTemporaryDirectory(), memo: memo)
        guard case .success(let processed) = images.sanitized(source: built.source, as: .jpeg) else {
            Issue.record("the photo was not found")
            return
        }
        #expect(memo.reuses == 1)
        #expect(processed.renditions.count == 7)
        #expect(FileManager.default.contents(atPath: processed.path) == first["stories/2021/wide-photo/photo.jpg"])
        // And a whole build publishes the same files.
        let (result, again) = built.build("again")
        #expect(!result.diagnostics.hasErrors)
        #expect(again == first)
    }

    @Test func aCachedFileChangedAfterwardsIsNotBelieved() throws {
        let (built, first) = try built()
        defer { built.temp.remove() }
        // Every cached file of the photo overwritten in place with other bytes (its modification time changes).
        #expect(try built.changeEachCachedFile { $0.write(Data(repeating: 0x41, count: 64)) } == 8)  // the photo, 7 renditions
        let (result, again) = built.build("again")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(again == first)
    }

    /// A cached photo still a valid JPEG without metadata after it was changed (a byte added at
    /// its end, as the process test's damaged cache did): its bytes are not those Zuimei wrote,
    /// so it is made again, and the site is what a clean build gives, with or without the memo.
    @Test(arguments: [false, true])
    func aCachedPhotoWithOtherBytesIsMadeAgain(withoutMemo: Bool) throws {
        let (built, first) = try built()
        defer { built.temp.remove() }
        try built.changeEachCachedFile { handle in
            handle.seekToEndOfFile()
            handle.write(Data(" ".utf8))
        }
        if withoutMemo { try FileManager.default.removeItem(atPath: built.cache + "/photos.json") }
        let (result, again) = built.build("again")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(again == first)
    }

    @Test func aDamagedOrForeignMemoIsIgnored() throws {
        let (built, first) = try built()
        defer { built.temp.remove() }
        let file = built.cache + "/photos.json"
        let data = try #require(FileManager.default.contents(atPath: file))
        // Truncated; then an entry that names a file outside the cache; then one another user could have written.
        let foreign = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: #""name":""#, with: #""name":"..\/..\/"#)
        for (run, (bytes, mode)) in [(data.prefix(data.count / 2), 0o600), (Data(foreign.utf8), 0o600), (data, 0o666)].enumerated() {
            try bytes.write(to: URL(fileURLWithPath: file))
            chmod(file, mode_t(mode))
            let cache = try #require(CacheDirectory.open(content: built.temp.display, write: true).cache)
            let memo = ImageMemo.load(cache)
            let images = ImageCache(cache: cache, scratch: PrivateTemporaryDirectory(), memo: memo)
            _ = images.sanitized(source: built.source, as: .jpeg)
            #expect(memo.reuses == 0, "run \(run)")
            chmod(file, 0o600)
            let (result, again) = built.build("again-\(run)")
            #expect(!result.diagnostics.hasErrors)
            #expect(again == first, "run \(run)")
        }
    }

    @Test func anEditedSourceIsProcessedAgain() throws {
        let (built, first) = try built()
        defer { built.temp.remove() }
        // Another photo of the same size with the old times put back: its change time still differs.
        var info = stat()
        lstat(built.source, &info)
        let other = try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/wide-2400.jpg"))
        var changed = other
        // A value of its first quantisation table (after the DQT marker, the length and the table's
        // number): still a JPEG of the same size, other pixels.
        let table = try #require((0..<(other.count - 1)).first { other[$0] == 0xFF && other[$0 + 1] == 0xDB })
        changed[table + 5] = changed[table + 5] == 255 ? 254 : changed[table + 5] + 1
        try changed.write(to: URL(fileURLWithPath: built.source))
        var times = [timespec(tv_sec: info.st_atim.tv_sec, tv_nsec: info.st_atim.tv_nsec),
                     timespec(tv_sec: info.st_mtim.tv_sec, tv_nsec: info.st_mtim.tv_nsec)]
        utimensat(AT_FDCWD, built.source, &times, 0)
        let cache = try #require(CacheDirectory.open(content: built.temp.display, write: true).cache)
        let memo = ImageMemo.load(cache)
        let images = ImageCache(cache: cache, scratch: PrivateTemporaryDirectory(), memo: memo)
        guard case .success(let processed) = images.sanitized(source: built.source, as: .jpeg) else {
            Issue.record("the photo was not processed")
            return
        }
        #expect(memo.reuses == 0)
        #expect(FileManager.default.contents(atPath: processed.path) != first["stories/2021/wide-photo/photo.jpg"])
    }
}
