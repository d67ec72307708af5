import Foundation
import Testing
import ZuimeiTestSupport
@testable import ZuimeiImages

/// The fixtures come from Fixtures/make-fixtures.py (Pillow, deterministic). Every secret the
/// sanitizer must remove is a marker string searched for in the output bytes.
@Suite(.serialized) struct ImagesSanitizeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Markers in the fixtures' EXIF, XMP, IPTC, comments and text chunks, and container keywords.
    static let secrets = [
        "ARTIST-SECRET", "DESCRIPTION-SECRET", "COPYRIGHT-SECRET", "UNIQUE-ID-SECRET", "MAKERNOTE-SECRET",
        "XMP-CREATOR-SECRET", "IPTC-BYLINE-SECRET", "IPTC-COPYRIGHT-SECRET", "COMMENT-SECRET", "PNG-AUTHOR-SECRET",
        "Zuimei Test Camera", "Model-7", "2021:08:05", "Exif", "http://ns.adobe.com/xap", "xpacket", "Photoshop 3.0",
        "8BIM", "ICC_PROFILE", "acsp", "Little CMS", "GIF-COMMENT-SECRET",
    ]

    /// Field names libvips may set on any decoded image that are not metadata from the file.
    static let harmlessFields: Set<String> = [
        "vips-loader", "vips-sequential", "jpeg-multiscan", "jpeg-chroma-subsample", "resolution-unit",
        "n-pages", "loop", "delay", "gif-delay", "gif-loop", "background", "palette-bit-depth", "bits-per-sample",
        "gif-palette", "page-height", "interlaced",
    ]

    func fixture(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    func temporary(_ name: String, _ data: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zuimei-images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: fixture(name))) }

    func sanitized(_ path: String, as format: ImageFormat) throws -> Data {
        switch Images.sanitize(path: path, as: format) {
        case .success(let data): return data
        case .failure(let error):
            Issue.record("sanitize(\(path)) failed: \(error.reason)")
            throw error
        }
    }

    func failure(_ path: String, as format: ImageFormat, maxPixels: Int = 100_000_000) -> String? {
        switch Images.sanitize(path: path, as: format, maxPixels: maxPixels) {
        case .success: return nil
        case .failure(let error): return error.reason
        }
    }

    func decoded(_ data: Data, as format: ImageFormat) throws -> DecodedImage {
        try Images.decode(data, as: format).get()
    }

    /// No secret marker in the bytes, no metadata field when libvips reads them back,
    /// and `inspect` sees no metadata either.
    func expectClean(_ data: Data, as format: ImageFormat, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for secret in Self.secrets {
            #expect(data.range(of: Data(secret.utf8)) == nil, "output contains \(secret)", sourceLocation: sourceLocation)
        }
        let image = try decoded(data, as: format)
        let extra = image.metadataFields.filter { !Self.harmlessFields.contains($0) }
        #expect(extra.isEmpty, "metadata fields left: \(extra)", sourceLocation: sourceLocation)
        #expect(image.orientation == 1, sourceLocation: sourceLocation)
        #expect(image.isUInt8 && image.isSRGB, sourceLocation: sourceLocation)
        let path = try temporary("out.\(format.rawValue)", data)
        let facts = try Images.inspect(path: path).get()
        #expect(facts.format == format && !facts.hasMetadata && !facts.hasGPS, "\(facts)", sourceLocation: sourceLocation)
    }

    func isRed(_ p: [Double]?) -> Bool { guard let p else { return false }; return p[0] > 180 && p[1] < 90 && p[2] < 90 }
    func isBlue(_ p: [Double]?) -> Bool { guard let p else { return false }; return p[0] < 90 && p[1] < 110 && p[2] > 170 }

    // MARK: - JPEG with everything

    @Test func inspectJPEGWithEXIFGPSXMPIPTCICCCommentAndThumbnail() throws {
        let facts = try Images.inspect(path: fixture("exif-gps-orient6.jpg")).get()
        // stored 48×32, orientation 6: shown 32×48
        #expect(facts == ImageFacts(format: .jpeg, width: 32, height: 48, hasGPS: true, hasMetadata: true))
    }

    @Test func sanitizedJPEGHasNoMetadataAndIsUpright() throws {
        let out = try sanitized(fixture("exif-gps-orient6.jpg"), as: .jpeg)
        try expectClean(out, as: .jpeg)
        // Only the JFIF header, tables, frame and scan: no APP1–APP15, no COM.
        let markers = jpegMarkers(out)
        #expect(markers.allSatisfy { [0xE0, 0xDB, 0xC0, 0xC4, 0xDA].contains($0) }, "markers \(markers.map { String($0, radix: 16) })")
        // The embedded thumbnail (a yellow JPEG) is gone: exactly one SOI in the file.
        #expect(occurrences(of: [0xFF, 0xD8, 0xFF], in: out) == 1)
        let image = try decoded(out, as: .jpeg)
        #expect(image.width == 32 && image.height == 48 && image.bands == 3)
        // The red block stored top-left is shown top-right after a 90° clockwise turn.
        #expect(isRed(image.pixel(x: 28, y: 4)))
        #expect(isBlue(image.pixel(x: 4, y: 4)))
        #expect(isBlue(image.pixel(x: 28, y: 40)))
    }

    // MARK: - PNG, WebP, GIF

    @Test func sanitizedPNGHasNoTextEXIFOrICC() throws {
        let facts = try Images.inspect(path: fixture("text-exif.png")).get()
        #expect(facts == ImageFacts(format: .png, width: 40, height: 30, hasGPS: true, hasMetadata: true))
        let out = try sanitized(fixture("text-exif.png"), as: .png)
        try expectClean(out, as: .png)
        let chunks = pngChunks(out)
        #expect(Set(chunks).isSubset(of: ["IHDR", "pHYs", "IDAT", "IEND"]), "chunks \(chunks)")
        let image = try decoded(out, as: .png)
        #expect(image.width == 40 && image.height == 30 && image.bands == 3)
        #expect(isRed(image.pixel(x: 2, y: 2)) && isBlue(image.pixel(x: 38, y: 28)))
    }

    @Test func sanitizedWebPHasNoEXIFXMPOrICC() throws {
        let facts = try Images.inspect(path: fixture("exif.webp")).get()
        #expect(facts == ImageFacts(format: .webp, width: 40, height: 30, hasGPS: true, hasMetadata: true))
        let out = try sanitized(fixture("exif.webp"), as: .webp)
        try expectClean(out, as: .webp)
        let chunks = webpChunks(out)
        #expect(chunks.allSatisfy { ["VP8 ", "VP8L", "VP8X", "ALPH"].contains($0) }, "chunks \(chunks)")
        #expect(!out.contains(Data("XMP ".utf8)) && !out.contains(Data("ICCP".utf8)) && !out.contains(Data("EXIF".utf8)))
        let image = try decoded(out, as: .webp)
        #expect(image.width == 40 && image.height == 30)
        #expect(isRed(image.pixel(x: 2, y: 2)) && isBlue(image.pixel(x: 38, y: 28)))
    }

    @Test func stillGIFIsReencodedWithoutItsComment() throws {
        let facts = try Images.inspect(path: fixture("still.gif")).get()
        #expect(facts == ImageFacts(format: .gif, width: 24, height: 24, hasGPS: false, hasMetadata: true))
        let out = try sanitized(fixture("still.gif"), as: .gif)
        try expectClean(out, as: .gif)
        let image = try decoded(out, as: .gif)
        #expect(image.width == 24 && image.height == 24)
        #expect(isRed(image.pixel(x: 2, y: 2)) && isBlue(image.pixel(x: 20, y: 20)))
    }

    @Test func losslessWebPStaysLosslessWithItsAlpha() throws {
        let out = try sanitized(fixture("lossless-alpha.webp"), as: .webp)
        try expectClean(out, as: .webp)
        #expect(webpChunks(out).contains("VP8L"), "\(webpChunks(out))")
        let image = try decoded(out, as: .webp)
        #expect(image.pixel(x: 2, y: 2) == [230, 20, 20, 128])
        #expect(image.pixel(x: 30, y: 20) == [20, 40, 220, 255])
    }

    @Test func animationsAreRefused() throws {
        for (name, format) in [("animated.gif", ImageFormat.gif), ("animated.png", .png), ("animated.webp", .webp)] {
            #expect(failure(fixture(name), as: format) == "animated images are not supported", "\(name)")
            // inspect still describes it
            #expect(try Images.inspect(path: fixture(name)).get().format == format, "\(name)")
        }
    }

    // MARK: - Colour conversions

    @Test func cmykJPEGBecomesSRGB() throws {
        let out = try sanitized(fixture("cmyk.jpg"), as: .jpeg)
        try expectClean(out, as: .jpeg)
        let image = try decoded(out, as: .jpeg)
        #expect(image.bands == 3 && image.width == 40 && image.height == 30)
        // top-left block is full cyan (C=255): little red, much blue; the rest magenta+yellow: red
        let cyan = try #require(image.pixel(x: 4, y: 4)), red = try #require(image.pixel(x: 35, y: 25))
        #expect(cyan[0] < 100 && cyan[2] > 150, "\(cyan)")
        #expect(red[0] > 150 && red[1] < 100, "\(red)")
    }

    @Test func sixteenBitPNGWithAlphaBecomesEightBit() throws {
        let out = try sanitized(fixture("rgba16.png"), as: .png)
        try expectClean(out, as: .png)
        let image = try decoded(out, as: .png)
        #expect(image.bands == 4 && image.isUInt8)
        let opaque = try #require(image.pixel(x: 31 - 16, y: 23)), translucent = try #require(image.pixel(x: 31, y: 0))
        // x=15: R = 30000/65535·255 ≈ 117, alpha 255; x=31: alpha 30000/65535·255 ≈ 117
        #expect(abs(opaque[0] - 117) <= 2 && opaque[3] == 255, "\(opaque)")
        #expect(abs(translucent[3] - 117) <= 2, "\(translucent)")
    }

    @Test func greyImagesBecomeSRGB() throws {
        for (name, bands) in [("grey16.png", 3), ("grey-alpha.png", 4)] {
            let out = try sanitized(fixture(name), as: .png)
            try expectClean(out, as: .png)
            let image = try decoded(out, as: .png)
            #expect(image.bands == bands && image.isUInt8, "\(name)")
        }
        let jpeg = try decoded(try sanitized(fixture("plain.jpg"), as: .jpeg), as: .jpeg)
        #expect(jpeg.bands == 3)
    }

    // MARK: - Determinism and threads

    @Test func sameInputGivesSameBytes() throws {
        let cases: [(String, ImageFormat)] = [
            ("exif-gps-orient6.jpg", .jpeg), ("plain.jpg", .jpeg), ("cmyk.jpg", .jpeg), ("text-exif.png", .png),
            ("rgba16.png", .png), ("exif.webp", .webp), ("still.gif", .gif),
        ]
        for (name, format) in cases {
            let first = try sanitized(fixture(name), as: format)
            let second = try sanitized(fixture(name), as: format)
            #expect(first == second, "\(name) differs between runs")
            // a copy of the file elsewhere, under another name, gives the same bytes too
            let copy = try temporary("copy-\(name)", try bytes(name))
            #expect(try sanitized(copy, as: format) == first, "\(name) differs by path")
        }
    }

    @Test func concurrentCallsGiveTheSerialResults() throws {
        let names: [(String, ImageFormat)] = [("exif-gps-orient6.jpg", .jpeg), ("plain.jpg", .jpeg), ("text-exif.png", .png),
                                              ("exif.webp", .webp), ("still.gif", .gif)]
        let expected = try names.map { try sanitized(fixture($0.0), as: $0.1) }
        let paths = names.map { fixture($0.0) }, formats = names.map(\.1)
        let results = ResultBox(count: 40)
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let k = i % paths.count
            results.set(i, try? Images.sanitize(path: paths[k], as: formats[k]).get())
        }
        for i in 0..<40 {
            #expect(results.get(i) == expected[i % names.count], "call \(i) (\(names[i % names.count].0))")
        }
    }

    @Test func noLibvipsObjectLeaksPerCall() throws {
        let truncated = try temporary("half.jpg", try bytes("plain.jpg").prefix(3000))
        let misnamed = try temporary("png.jpg", try bytes("text-exif.png"))
        func round() {
            _ = Images.sanitize(path: fixture("exif-gps-orient6.jpg"), as: .jpeg)
            _ = Images.sanitize(path: fixture("text-exif.png"), as: .png)
            _ = Images.sanitize(path: fixture("exif.webp"), as: .webp)
            _ = Images.sanitize(path: fixture("still.gif"), as: .gif)
            _ = Images.sanitize(path: fixture("animated.gif"), as: .gif)
            _ = Images.sanitize(path: fixture("claims-40000x40000.png"), as: .png)
            _ = Images.sanitize(path: truncated, as: .jpeg)
            _ = Images.sanitize(path: misnamed, as: .jpeg)
            _ = Images.inspect(path: fixture("exif-gps-orient6.jpg"))
        }
        round()  // libvips creates its lasting objects (profiles, ...) the first time
        let before = Images.liveObjects
        for _ in 0..<20 { round() }
        // Another suite in the same process might be using libvips right now: give it a moment.
        var after = Images.liveObjects
        for _ in 0..<40 where after > before {
            Thread.sleep(forTimeInterval: 0.05)
            after = Images.liveObjects
        }
        #expect(after <= before, "live libvips objects \(before) → \(after) after 20 rounds")
        // and the count does see a live image
        let held = try decoded(try bytes("plain.jpg"), as: .jpeg)
        #expect(Images.liveObjects > after)
        _ = held.width
    }

    // MARK: - Bad input

    @Test func pngBytesNamedJPEGAreRefused() throws {
        let path = try temporary("photo.jpg", try bytes("text-exif.png"))
        #expect(failure(path, as: .jpeg) == "the file is a PNG image, not a JPEG image")
        #expect(try Images.inspect(path: path).get().format == .png)  // inspect tells what it really is
        let jpegAsPNG = try temporary("photo.png", try bytes("plain.jpg"))
        #expect(failure(jpegAsPNG, as: .png) == "the file is a JPEG image, not a PNG image")
    }

    @Test func truncatedJPEGIsAnErrorNotAGreyPicture() throws {
        for name in ["plain.jpg", "exif-gps-orient6.jpg"] {
            let data = try bytes(name)
            let path = try temporary("half-\(name)", data.prefix(data.count / 2))
            let reason = try #require(failure(path, as: .jpeg), "\(name) cut in half was accepted")
            #expect(reason.hasPrefix("the image is damaged or truncated"), "\(reason)")
        }
        // a PNG cut short too
        let png = try bytes("text-exif.png")
        let path = try temporary("half.png", png.prefix(png.count * 2 / 3))
        #expect(failure(path, as: .png)?.hasPrefix("the image is damaged or truncated") == true)
    }

    @Test func pixelBombIsRefusedFromTheHeaderQuickly() throws {
        let path = fixture("claims-40000x40000.png")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 500)
        let start = Date()
        let reason = failure(path, as: .png)
        let elapsed = Date().timeIntervalSince(start)
        #expect(reason == "40000×40000 pixels is more than the 100-megapixel limit")
        #expect(elapsed < 0.5, "took \(elapsed) s")
        // the limit is the caller's
        #expect(failure(fixture("plain.jpg"), as: .jpeg, maxPixels: 10_000) == "160×120 pixels is more than the 10000-pixel limit")
        #expect(failure(fixture("plain.jpg"), as: .jpeg, maxPixels: 160 * 120) == nil)
        // inspect reports the size without decoding
        #expect(try Images.inspect(path: path).get().width == 40000)
    }

    @Test func svgWithScriptIsRefused() throws {
        for format in ImageFormat.allCases {
            #expect(failure(fixture("script.svg"), as: format) == "SVG files are not supported (only JPEG, PNG, WebP and GIF)")
        }
        let renamed = try temporary("photo.jpg", try bytes("script.svg"))
        #expect(failure(renamed, as: .jpeg) == "SVG files are not supported (only JPEG, PNG, WebP and GIF)")
        guard case .failure = Images.inspect(path: renamed) else {
            Issue.record("inspect accepted an SVG")
            return
        }
    }

    @Test func randomBytesEmptyAndMissingFilesAreRefused() throws {
        var generator = SplitMix64(seed: 42)
        let noise = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let path = try temporary("noise.jpg", noise)
        #expect(failure(path, as: .jpeg) == "not an image libvips can read")
        // random bytes behind a valid JPEG start: a damaged JPEG
        let fake = try temporary("fake.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0]) + noise)
        #expect(failure(fake, as: .jpeg)?.hasPrefix("the image is damaged or truncated") == true)
        let empty = try temporary("empty.jpg", Data())
        #expect(failure(empty, as: .jpeg) == "the file is empty")
        #expect(failure("/nonexistent/zuimei/photo.jpg", as: .jpeg) == "the file does not exist")
        #expect(failure(FileManager.default.temporaryDirectory.path, as: .jpeg) == "a folder, not an image file")
    }

    @Test func settingsVersionNamesLibvips() {
        #expect(Images.settingsVersion.hasPrefix("libvips 8."))
        #expect(Images.settingsVersion == Images.settingsVersion)
    }

    @Test func exifGPSDirectoryFallback() throws {
        let jpeg = try bytes("exif-gps-orient6.jpg")
        // the raw EXIF block starts after the APP1 marker and length
        let start = try #require(jpeg.range(of: Data("Exif\0\0".utf8))).lowerBound
        #expect(ExifScan.hasGPSDirectory(jpeg[start...]))
        #expect(!ExifScan.hasGPSDirectory(Data("Exif\0\0II*\0\u{8}\0\0\0\0\0".utf8)))
        #expect(!ExifScan.hasGPSDirectory(Data([1, 2, 3])))
    }

    // MARK: - Helpers

    func jpegMarkers(_ data: Data) -> [UInt8] {
        let b = [UInt8](data)
        var markers: [UInt8] = [], i = 2
        while i + 4 <= b.count, b[i] == 0xFF {
            let marker = b[i + 1]
            markers.append(marker)
            if marker == 0xDA { break }
            i += 2 + (Int(b[i + 2]) << 8 | Int(b[i + 3]))
        }
        return markers
    }

    func pngChunks(_ data: Data) -> [String] {
        let b = [UInt8](data)
        var chunks: [String] = [], i = 8
        while i + 8 <= b.count {
            let length = b[i..<i + 4].reduce(0) { $0 << 8 | Int($1) }
            chunks.append(String(decoding: b[i + 4..<i + 8], as: UTF8.self))
            i += 12 + length
        }
        return chunks
    }

    func webpChunks(_ data: Data) -> [String] {
        let b = [UInt8](data)
        var chunks: [String] = [], i = 12
        while i + 8 <= b.count {
            let size = b[i + 4..<i + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
            chunks.append(String(decoding: b[i..<i + 4], as: UTF8.self))
            i += 8 + size + (size & 1)
        }
        return chunks
    }

    func occurrences(of needle: [UInt8], in data: Data) -> Int {
        let b = [UInt8](data)
        guard b.count >= needle.count else { return 0 }
        return (0...(b.count - needle.count)).filter { Array(b[$0..<$0 + needle.count]) == needle }.count
    }
}

/// Results written from `concurrentPerform`'s threads, each index by one thread.
final class ResultBox: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var values: [Data?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Data?) { lock.lock(); values[i] = value; lock.unlock() }
    func get(_ i: Int) -> Data? { lock.lock(); defer { lock.unlock() }; return values[i] }
}

