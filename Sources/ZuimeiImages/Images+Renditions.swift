import CVips
import Foundation

/// One size of a published photo, for `srcset`.
public struct Rendition: Sendable, Equatable {
    /// What goes before the extension: `480w`.
    public var suffix: String
    /// `.jpeg` for every browser, `.webp` (about a third smaller) for those that take it.
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    public var data: Data
}

extension Images {
    /// The widths a photo is published at (never above its own width).
    public static let widths = [480, 960, 1600]

    /// The widths of the renditions a photo `own` pixels wide gets, in order, each once:
    /// every width below its own, and its own up to the largest, unless the photo is a
    /// JPEG of at most that width (it is its own rendition: no second file of its size).
    /// The one answer for making renditions and for finding them in the cache.
    public static func renditionWidths(own: Int, format: ImageFormat) -> [Int] {
        var targets = widths.filter { $0 < own }
        if own > widths.last! || format != .jpeg { targets.append(min(own, widths.last!)) }
        return Set(targets).sorted()
    }

    /// The Open Graph image's size (what Facebook, LinkedIn and others show in a link's card).
    public static let openGraphSize = (width: 1200, height: 630)

    /// A photo at least 1200×630 gets its Open Graph crop (`og`); a smaller one is shared as its largest size.
    public static func hasOpenGraphCrop(width: Int, height: Int) -> Bool {
        width >= openGraphSize.width && height >= openGraphSize.height
    }

    /// Every rendition of a photo `own` pixels wide, by width and format: the JPEG sizes
    /// (`renditionWidths`) and, for a photo at least as wide as the smallest size, a WebP at
    /// each width below its own and at its own up to the largest (a WebP is never the photo
    /// itself; an icon-sized image is not worth a second file).
    public static func renditionSizes(own: Int, format: ImageFormat) -> [(width: Int, format: ImageFormat)] {
        let jpeg = renditionWidths(own: own, format: format).map { (width: $0, format: ImageFormat.jpeg) }
        guard own >= widths.first! else { return jpeg }
        let webp = Set(widths.filter { $0 < own } + [min(own, widths.last!)]).sorted().map { (width: $0, format: ImageFormat.webp) }
        return jpeg + webp
    }

    /// Every rendition of a photo already made safe by `sanitize` (upright, sRGB, no
    /// metadata): each width below the photo's own, and the photo's own width up to
    /// the largest (unless the photo is a JPEG of at most that width: it is its own), in JPEG. Every one is encoded like `sanitize`'s output: stripped,
    /// fixed settings, checked for metadata, the same bytes on every machine with the
    /// same libvips.
    public static func renditions(of sanitized: Data, format: ImageFormat) -> Result<[Rendition], ImageError> {
        do throws(ImageError) {
            return .success(try renditionsThrowing(of: sanitized, format: format))
        } catch {
            return .failure(error)
        }
    }

    static func renditionsThrowing(of sanitized: Data, format: ImageFormat) throws(ImageError) -> [Rendition] {
        guard started else { throw ImageError(reason: "libvips could not be started") }
        let loaded = sanitized.withUnsafeBytes { raw in zuimei_vips_load_buffer(format.code, raw.baseAddress, raw.count) }
        guard let source = VipsRef(loaded) else {
            throw ImageError(reason: withDetail("the re-encoded photo cannot be read", vipsErrorDetail()))
        }
        // JPEG has no transparency: flattened on white, as `sanitize` does for a JPEG.
        func flattened(_ image: VipsRef) throws(ImageError) -> VipsRef {
            guard image.bands == 4 else { return image }
            var image = try apply(image, "the image's transparency could not be flattened") { zuimei_vips_flatten_white($0) }
            if image.bandFormat != VIPS_FORMAT_UCHAR {
                image = try apply(image, "the image's transparency could not be flattened") { zuimei_vips_cast_uchar($0) }
            }
            return image
        }
        let own = source.width
        let sizes = renditionSizes(own: own, format: format)
        var result: [Rendition] = []
        for width in Set(sizes.map(\.width)).sorted() {
            // Each size decoded from the encoded photo at the smallest scale that covers it
            // (shrink-on-load), not resized from the whole decoded photo: a 480-pixel rendition
            // of a 4000-pixel photo reads an eighth of it.
            let scaled: VipsRef
            if width == own {
                scaled = try flattened(source)
            } else {
                let loaded = sanitized.withUnsafeBytes { raw in zuimei_vips_thumbnail_buffer_width(raw.baseAddress, raw.count, Int32(width)) }
                guard let thumbnail = VipsRef(loaded) else {
                    throw ImageError(reason: withDetail("the photo could not be scaled", vipsErrorDetail()))
                }
                scaled = try flattened(thumbnail)
            }
            // Computed once, encoded as often as it has formats.
            guard let computed = VipsRef(zuimei_vips_copy_memory(scaled.pointer)) else {
                throw ImageError(reason: withDetail("the photo could not be scaled", vipsErrorDetail()))
            }
            for size in sizes where size.width == width {
                result.append(Rendition(suffix: "\(width)w", format: size.format, width: scaled.width, height: scaled.height,
                                        data: try encode(computed, as: size.format)))
            }
        }
        if hasOpenGraphCrop(width: source.width, height: source.height) {
            let (width, height) = openGraphSize
            let loaded = sanitized.withUnsafeBytes { raw in
                zuimei_vips_thumbnail_buffer_crop(raw.baseAddress, raw.count, Int32(width), Int32(height))
            }
            guard let crop = VipsRef(loaded) else {
                throw ImageError(reason: withDetail("the photo could not be cropped for sharing", vipsErrorDetail()))
            }
            let image = try flattened(crop)
            result.append(Rendition(suffix: "og", format: .jpeg, width: image.width, height: image.height,
                                    data: try encode(image, as: .jpeg)))
        }
        return result.sorted { ($0.format.rawValue, $0.width, $0.suffix) < ($1.format.rawValue, $1.width, $1.suffix) }
    }

    /// A rendition encoded as `sanitize`'s output is: no metadata field, then `encoded`.
    static func encode(_ image: VipsRef, as format: ImageFormat) throws(ImageError) -> Data {
        let bare = try apply(image, "the image's metadata could not be removed") { zuimei_vips_bare_copy($0) }
        return try encoded(bare, as: format, webpLossless: false, failure: "the photo could not be encoded")
    }
}
