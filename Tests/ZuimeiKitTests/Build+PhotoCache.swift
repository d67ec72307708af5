import Foundation
import Testing
import ZuimeiContent
import ZuimeiDiagnostics
import ZuimeiTestSupport
@testable import ZuimeiKit

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
