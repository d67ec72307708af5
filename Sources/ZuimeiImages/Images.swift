// ZuimeiImages: story photos decoded and re-encoded without metadata (libvips through CVips).
//
// `Images.inspect` reads a header; `Images.sanitize` decodes the whole picture and encodes a
// fresh file: EXIF orientation applied, sRGB 8-bit, no EXIF/XMP/IPTC/ICC/comments/thumbnails,
// the same bytes for the same input on every run. Only JPEG, PNG, WebP and GIF are read:
// every other libvips loader (SVG, PDF, ImageMagick, HEIF, ...) is blocked process-wide.
import CVips
import Foundation

/// The image formats ZuimeiImages reads and writes.
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg, png, webp, gif

    /// The number CVips' shim uses for this format (ZUIMEI_FORMAT_*).
    var code: Int32 {
        switch self {
        case .jpeg: return Int32(ZUIMEI_FORMAT_JPEG)
        case .png: return Int32(ZUIMEI_FORMAT_PNG)
        case .webp: return Int32(ZUIMEI_FORMAT_WEBP)
        case .gif: return Int32(ZUIMEI_FORMAT_GIF)
        }
    }

    /// The name used in messages: "JPEG", "PNG", "WebP", "GIF".
    var displayName: String {
        switch self {
        case .jpeg: return "JPEG"
        case .png: return "PNG"
        case .webp: return "WebP"
        case .gif: return "GIF"
        }
    }
}

/// What a header says about an image file.
public struct ImageFacts: Sendable, Equatable {
    /// What the bytes really are (libvips' loader), not what the file name says.
    public var format: ImageFormat
    /// Width after the EXIF orientation is applied.
    public var width: Int
    /// Height after the EXIF orientation is applied.
    public var height: Int
    /// EXIF GPS fields are present (or an XMP GPS position).
    public var hasGPS: Bool
    /// Any metadata is present: EXIF, XMP, IPTC, an ICC profile, comments, text chunks, thumbnails.
    public var hasMetadata: Bool

    public init(format: ImageFormat, width: Int, height: Int, hasGPS: Bool, hasMetadata: Bool) {
        self.format = format
        self.width = width
        self.height = height
        self.hasGPS = hasGPS
        self.hasMetadata = hasMetadata
    }
}

/// Why an image could not be read or written: a short English reason for a diagnostic.
public struct ImageError: Error, Sendable, Equatable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

public enum Images {
    /// Reads only the header (fast): what the file is, its size, GPS and metadata presence.
    public static func inspect(path: String) -> Result<ImageFacts, ImageError> {
        let opened: Opened
        switch openHeader(path: path, sequential: true) {
        case .success(let value): opened = value
        case .failure(let error): return .failure(error)
        }
        let image = opened.image
        let swap = vips_image_get_orientation_swap(image.pointer) != 0
        let exif = image.blob("exif-data")
        let xmp = image.blob("xmp-data")
        let fields = image.fields
        let gpsInXMP = xmp.map { containsGPS(xmp: $0) } ?? false
        let hasGPS = fields.contains { $0.hasPrefix("exif-ifd3-") }
            || (exif.map { ExifScan.hasGPSDirectory($0) } ?? false)
            || gpsInXMP
        let hasMetadata = fields.contains(where: isMetadataField) || opened.container.hasMetadata
        return .success(ImageFacts(
            format: opened.format,
            width: swap ? image.height : image.width,
            height: swap ? image.width : image.height,
            hasGPS: hasGPS,
            hasMetadata: hasMetadata))
    }

    /// Version string of the encoder settings (libvips version + ours), for cache keys.
    public static var settingsVersion: String {
        let vips = String(cString: vips_version_string())
        return "libvips \(vips); zuimei-images 1: autorot, sRGB 8-bit (ICC relative), strip all, 72 dpi; "
            + "jpeg q\(Settings.jpegQuality) optimize-coding baseline 4:2:0-auto; "
            + "png compression \(Settings.pngCompression) filter-all; "
            + "webp q\(Settings.webpQuality) effort 4 (lossless if the source is); "
            + "gif effort 7 dither 1"
    }

    // MARK: - Internals

    enum Settings {
        static let jpegQuality: Int32 = 85
        static let pngCompression: Int32 = 6
        static let webpQuality: Int32 = 80
    }

    /// libvips started (once, thread-safe: Swift runs a `static let` initialiser exactly once).
    static let started: Bool = zuimei_vips_start() == 0

    /// An opened file: its format, its header, and what our own scan of the container found.
    struct Opened {
        var format: ImageFormat
        var image: VipsRef
        var container: ContainerScan
    }

    /// Finds what the file is (libvips' sniffers, restricted to our four formats) and opens its header.
    static func openHeader(path: String, sequential: Bool) -> Result<Opened, ImageError> {
        guard started else { return .failure(ImageError(reason: "libvips could not be started")) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(ImageError(reason: "the file does not exist"))
        }
        if isDirectory.boolValue { return .failure(ImageError(reason: "a folder, not an image file")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(ImageError(reason: "the file cannot be read"))
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        if head.isEmpty { return .failure(ImageError(reason: "the file is empty")) }

        guard let format = ImageFormat.allCases.first(where: { zuimei_vips_is_a($0.code, path) != 0 }) else {
            return .failure(ImageError(reason: unsupportedReason(head: head)))
        }
        let container = ContainerScan.scan(handle, format: format)
        guard let image = VipsRef(zuimei_vips_load(format.code, path, sequential ? 1 : 0)) else {
            let detail = vipsErrorDetail()
            return .failure(ImageError(reason: withDetail("the image is damaged or truncated", detail)))
        }
        if image.width <= 0 || image.height <= 0 {
            return .failure(ImageError(reason: "the image is damaged or truncated"))
        }
        return .success(Opened(format: format, image: image, container: container))
    }

    /// A clear reason for a file none of our four loaders recognises.
    static func unsupportedReason(head: Data) -> String {
        let bytes = [UInt8](head)
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        let text = String(decoding: bytes.prefix(64), as: UTF8.self).lowercased()
        let other: String?
        if text.contains("<svg") || (text.hasPrefix("<?xml") || text.hasPrefix("\u{FEFF}<?xml")) {
            other = "SVG"
        } else if starts(Array("%PDF".utf8)) {
            other = "PDF"
        } else if starts(Array("ftyp".utf8), at: 4) {
            let brand = bytes.count >= 12 ? String(decoding: bytes[8..<12], as: UTF8.self) : ""
            other = brand.hasPrefix("avi") ? "AVIF" : "HEIF/HEIC"
        } else if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            other = "TIFF"
        } else if starts(Array("BM".utf8)) {
            other = "BMP"
        } else if starts([0xFF, 0x0A]) || starts([0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) {
            other = "JPEG XL"
        } else {
            other = nil
        }
        if let other { return "\(other) files are not supported (only JPEG, PNG, WebP and GIF)" }
        return "not an image libvips can read"
    }

    /// Field names that mean the file carries metadata.
    static func isMetadataField(_ name: String) -> Bool {
        let exact: Set<String> = ["exif-data", "xmp-data", "iptc-data", "icc-profile-data", "jpeg-thumbnail-data",
                                  "gif-comment", "jpeg-comment"]
        return exact.contains(name) || name.hasPrefix("exif-") || name.hasPrefix("png-comment-")
            || name.hasPrefix("gif-comment") || name.hasPrefix("jpeg-comment") || name.hasPrefix("heif-")
    }

    /// Whether an XMP packet carries a GPS position (exif:GPSLatitude / GPSLongitude).
    static func containsGPS(xmp: Data) -> Bool {
        let text = String(decoding: xmp, as: UTF8.self)
        return text.contains("GPSLatitude") || text.contains("GPSLongitude")
    }

    /// Takes (and clears) libvips' error text: its first line, trimmed.
    static func vipsErrorDetail() -> String {
        guard let copy = vips_error_buffer_copy() else { return "" }
        defer { g_free(copy) }
        let text = String(cString: copy)
        let first = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return first.trimmingCharacters(in: .whitespaces)
    }

    /// Our reason, with libvips' own text appended only when it is short and adds something.
    /// (libvips' error buffer is process-wide: under concurrency the text is best effort,
    /// which is why the reason always starts with our own words.)
    static func withDetail(_ reason: String, _ detail: String) -> String {
        guard !detail.isEmpty, detail.count <= 80 else { return reason }
        return "\(reason) (\(detail))"
    }
}

/// One reference to a VipsImage, released when this object goes away.
final class VipsRef {
    let pointer: UnsafeMutablePointer<VipsImage>

    init?(_ pointer: UnsafeMutablePointer<VipsImage>?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    var bands: Int { Int(vips_image_get_bands(pointer)) }
    var bandFormat: VipsBandFormat { vips_image_get_format(pointer) }
    var interpretation: VipsInterpretation { vips_image_get_interpretation(pointer) }

    func int(_ name: String, default fallback: Int) -> Int {
        Int(zuimei_vips_get_int(pointer, name, Int32(clamping: fallback)))
    }

    func has(_ name: String) -> Bool { vips_image_get_typeof(pointer, name) != 0 }

    /// A copy of the bytes of a blob field (exif-data, xmp-data, ...), or nil.
    func blob(_ name: String) -> Data? {
        var length = 0
        guard let bytes = zuimei_vips_get_blob(pointer, name, &length), length > 0 else { return nil }
        return Data(bytes: bytes, count: length)
    }

    /// Every field name, the built-in header ones (width, bands, ...) included.
    var fields: [String] {
        guard let list = vips_image_get_fields(pointer) else { return [] }
        defer { g_strfreev(list) }
        var names: [String] = []
        var cursor = list
        while let name = cursor.pointee {
            names.append(String(cString: name))
            cursor += 1
        }
        return names
    }
}
