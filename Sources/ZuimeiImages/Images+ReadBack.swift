// Reading an encoded image back from memory with libvips: for tests (`@testable import`),
// so that they can check an output's fields and pixels without importing CVips themselves.
import CVips
import Foundation

/// An image decoded from memory.
final class DecodedImage {
    let image: VipsRef

    init(image: VipsRef) { self.image = image }

    var width: Int { image.width }
    var height: Int { image.height }
    var bands: Int { image.bands }
    var isUInt8: Bool { image.bandFormat == VIPS_FORMAT_UCHAR }
    var isSRGB: Bool { image.interpretation == VIPS_INTERPRETATION_sRGB }
    /// Metadata field names (the built-in header fields and libvips' bookkeeping left out).
    var metadataFields: [String] {
        let builtIn: Set<String> = ["width", "height", "bands", "format", "coding", "interpretation", "xoffset",
                                    "yoffset", "xres", "yres", "filename"]
        return image.fields.filter { !builtIn.contains($0) }
    }
    /// The image's orientation field (1 if it has none).
    var orientation: Int { Int(vips_image_get_orientation(image.pointer)) }
    /// The frames libvips counts ("n-pages"), 1 if it does not say.
    var pages: Int { image.int("n-pages", default: 1) }

    /// The samples of one pixel (0...255 for 8-bit images).
    func pixel(x: Int, y: Int) -> [Double]? {
        var values: (Double, Double, Double, Double) = (0, 0, 0, 0)
        var count: Int32 = 0
        let status = withUnsafeMutableBytes(of: &values) { raw in
            zuimei_vips_getpoint(image.pointer, Int32(x), Int32(y), raw.baseAddress!.assumingMemoryBound(to: Double.self), &count)
        }
        guard status == 0 else {
            _ = Images.vipsErrorDetail()
            return nil
        }
        return Array([values.0, values.1, values.2, values.3].prefix(Int(count)))
    }
}

extension Images {
    /// Decodes `data` fully as a `format` image (failing on any damage), for tests.
    static func decode(_ data: Data, as format: ImageFormat) -> Result<DecodedImage, ImageError> {
        guard started else { return .failure(ImageError(reason: "libvips could not be started")) }
        // The buffer loader keeps a pointer to the bytes, not a copy: decode into memory
        // while `data` is alive, so that the image no longer needs it.
        let result: UnsafeMutablePointer<VipsImage>? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress,
                  let lazy = VipsRef(zuimei_vips_load_buffer(format.code, base, raw.count))
            else { return nil }
            return vips_image_copy_memory(lazy.pointer)
        }
        guard let image = VipsRef(result) else {
            return .failure(ImageError(reason: withDetail("the image is damaged or truncated", vipsErrorDetail())))
        }
        return .success(DecodedImage(image: image))
    }

    /// Live libvips objects in the process (for leak tests).
    static var liveObjects: Int { Int(zuimei_vips_live_objects()) }
}
