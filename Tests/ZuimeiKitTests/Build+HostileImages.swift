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

/// The hostile images of issue 13 as a story's photo, built end to end: each is an
/// `image-invalid` (or `photo-format`) error naming the file, in bounded time, with nothing
/// written, or a correct result (sRGB, 8 bits, with its sizes).
@Suite struct BuildHostileImagesTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Fixture.repository.appendingPathComponent("Tests/ZuimeiImagesTests/Fixtures/" + name))
    }

    func build(photo name: String, data: Data) throws -> (BuildResult, String, TempContent, TimeInterval) {
        let story = TempContent.story(adding: ["photo: \(name)", "photo_alt: 照片"])
        let temp = try TempContent(files: ["stories/2021/hostile/index.md": story])
        try temp.write("stories/2021/hostile/" + name, data)
        let output = temporaryDirectory().appendingPathComponent("site").path
        let start = Date()
        var result = ZuimeiKit.build(BuildOptions(content: temp.display, output: output, date: day("2021-12-31")))
        result.diagnostics.removeAll { $0.problem.rule == "story-length" }
        return (result, output, temp, Date().timeIntervalSince(start))
    }

    @Test(arguments: [
        ("claims-40000x40000.png", "photo.png", "limit"),          // a decompression bomb: refused from its header
        ("script.svg", "photo.jpg", ""),                           // an SVG (scripts!) named as a photo
        ("animated.png", "photo.png", "animated"),
        ("animated.webp", "photo.webp", "animated"),
        ("plain.jpg", "photo.png", "JPEG"),                        // not the image its name says
        ("truncated", "photo.jpg", ""),                            // half a JPEG
    ])
    func aHostilePhotoIsAnErrorNamingTheFile(fixture: String, name: String, reason: String) throws {
        let data = fixture == "truncated" ? try Self.fixture("plain.jpg").prefix(3000) : try Self.fixture(fixture)
        let (result, output, temp, seconds) = try build(photo: name, data: Data(data))
        defer { temp.remove() }
        #expect(!result.succeeded)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(result.diagnostics)")
        #expect(errors.allSatisfy { ["image-invalid", "photo-format", "file-type"].contains($0.problem.rule) })
        #expect(errors.allSatisfy { $0.file.hasSuffix("stories/2021/hostile/" + name) || $0.file.hasSuffix("hostile/index.md") })
        #expect(reason.isEmpty || errors.contains { $0.problem.message.contains(reason) }, "\(errors.map(\.problem.message))")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(seconds < 20)
    }

    @Test(arguments: [("cmyk.jpg", "photo.jpg"), ("grey16.png", "photo.png"), ("rgba16.png", "photo.png"), ("grey-alpha.png", "photo.png")])
    func anUnusualButValidPhotoIsPublished(fixture: String, name: String) throws {
        let (result, output, temp, _) = try build(photo: name, data: try Self.fixture(fixture))
        defer { temp.remove() }
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let folder = output + "/stories/2021/hostile/"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != "index.html" }
        #expect(files.contains(name))
        for file in files where file.hasSuffix(".jpg") {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + file))
            // A baseline JPEG of three components (sRGB), not four (CMYK), and no Adobe or ICC marker.
            #expect(data.starts(with: [0xFF, 0xD8, 0xFF]))
            #expect(data.range(of: Data("Adobe".utf8)) == nil && data.range(of: Data("ICC_PROFILE".utf8)) == nil, "\(file)")
        }
    }
}
