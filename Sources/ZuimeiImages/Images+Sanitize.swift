// Images.sanitize: decode, orient, convert to sRGB 8-bit, drop every metadata field, encode.
import CVips
import Foundation

extension Images {
    /// Decodes the whole image and re-encodes it in `format` with no metadata, orientation applied, sRGB 8-bit.
    ///
    /// The file must really be a `format` image (PNG bytes in a `.jpg` are refused). Also refused:
    /// unreadable or non-image data, damaged or truncated data (libvips is told to fail rather than
    /// return a grey picture), more than `maxPixels` pixels (checked from the header before anything
    /// is decoded), animations (more than one frame), and every format but JPEG, PNG, WebP and GIF.
    /// The same input bytes give the same output bytes on every run.
    public static func sanitize(path: String, as format: ImageFormat, maxPixels: Int = 100_000_000) -> Result<Data, ImageError> {
        do {
            return .success(try sanitizeThrowing(path: path, as: format, maxPixels: maxPixels))
        } catch {
            return .failure(error)
        }
    }

    static func sanitizeThrowing(path: String, as format: ImageFormat, maxPixels: Int) throws(ImageError) -> Data {
        // 1. The header only: what it is, how big, how many frames, which way up.
        var opened = try openHeader(path: path, sequential: true).get()
        guard opened.format == format else {
            throw ImageError(reason: "the file is a \(opened.format.displayName) image, not a \(format.displayName) image")
        }
        let width = opened.image.width, height = opened.image.height
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > maxPixels {
            throw ImageError(reason: "\(width)×\(height) pixels is more than the \(limitText(maxPixels)) limit")
        }
        if opened.image.int("n-pages", default: 1) > 1 || opened.container.isAnimated {
            throw ImageError(reason: "animated images are not supported")
        }

        // 2. Streaming top to bottom keeps memory small, but rotating needs random access:
        //    orientations 1 (none) and 2 (mirror) stream; 3–8 reopen with random access
        //    (libvips then decodes into memory, or a temporary file above 100 MB).
        let orientation = Int(vips_image_get_orientation(opened.image.pointer))
        if orientation > 2 {
            let random = try openHeader(path: path, sequential: false).get()
            guard random.format == format, random.image.width == width, random.image.height == height else {
                throw ImageError(reason: "the file changed while it was being read")
            }
            opened = random
        }
        let webpLossless = opened.container.webpLossless
        var image = opened.image

        // 3. Upright, sRGB, 8 bits a sample, at most one alpha band (none for JPEG).
        image = try apply(image, "the image could not be rotated upright") { zuimei_vips_autorot($0) }
        if image.has("icc-profile-data") {
            if let converted = VipsRef(zuimei_vips_icc_transform_srgb(image.pointer)) {
                image = converted
            } else {
                _ = vipsErrorDetail()  // an unusable profile: fall back to libvips' built-in conversion
            }
        }
        if image.interpretation != VIPS_INTERPRETATION_sRGB || image.bandFormat != VIPS_FORMAT_UCHAR {
            image = try apply(image, "the image's colour space cannot be converted to sRGB") {
                zuimei_vips_colourspace($0, VIPS_INTERPRETATION_sRGB)
            }
        }
        if image.bandFormat != VIPS_FORMAT_UCHAR {
            image = try apply(image, "the image's colour space cannot be converted to sRGB") { zuimei_vips_cast_uchar($0) }
        }
        guard image.bands >= 3 else {
            throw ImageError(reason: "the image's colour space cannot be converted to sRGB")
        }
        if image.bands > 4 {
            image = try apply(image, "the image's colour space cannot be converted to sRGB") {
                zuimei_vips_extract_bands($0, 0, 4)
            }
        }
        if format == .jpeg && image.bands == 4 {
            image = try apply(image, "the image's transparency could not be flattened") { zuimei_vips_flatten_white($0) }
            if image.bandFormat != VIPS_FORMAT_UCHAR {
                image = try apply(image, "the image's transparency could not be flattened") { zuimei_vips_cast_uchar($0) }
            }
        }

        // 4. No metadata field at all, then an encoder told to strip as well.
        image = try apply(image, "the image's metadata could not be removed") { zuimei_vips_bare_copy($0) }

        // 5. Encode: this is when the pixels are actually decoded, so decoding errors show up here.
        return try encoded(image, as: format, webpLossless: webpLossless, failure: "the image is damaged or truncated")
    }

    /// Encodes an image that has no metadata field left, with the fixed settings; then,
    /// trust but verify: libvips' WebP saver writes a small EXIF block of its own, which is
    /// removed, and our own container scan of the output must find no metadata at all.
    static func encoded(_ image: VipsRef, as format: ImageFormat, webpLossless: Bool,
                        failure: String) throws(ImageError) -> Data {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        let status: Int32
        switch format {
        case .jpeg: status = zuimei_vips_jpegsave_buffer(image.pointer, &buffer, &length, Settings.jpegQuality)
        case .png: status = zuimei_vips_pngsave_buffer(image.pointer, &buffer, &length, Settings.pngCompression)
        case .webp:
            status = zuimei_vips_webpsave_buffer(image.pointer, &buffer, &length, Settings.webpQuality, webpLossless ? 1 : 0)
        case .gif: status = zuimei_vips_gifsave_buffer(image.pointer, &buffer, &length)
        }
        defer { g_free(buffer) }
        guard status == 0, let buffer, length > 0 else {
            throw ImageError(reason: withDetail(failure, vipsErrorDetail()))
        }
        var output = Data(bytes: buffer, count: length)
        if format == .webp {
            guard let stripped = WebPMetadata.strip(output) else {
                throw ImageError(reason: "the WebP encoder wrote a file that cannot be read back")
            }
            output = stripped
        }
        let check = ContainerScan.scan(output, format: format)
        guard !check.hasMetadata, !check.isAnimated else {
            throw ImageError(reason: "the \(format.displayName) encoder left metadata in its output")
        }
        return output
    }

    /// Runs one libvips operation on `image`; its result replaces the image (the input is
    /// released when the caller drops it).
    static func apply(
        _ image: VipsRef, _ reason: String, _ operation: (UnsafeMutablePointer<VipsImage>) -> UnsafeMutablePointer<VipsImage>?
    ) throws(ImageError) -> VipsRef {
        guard let result = VipsRef(operation(image.pointer)) else {
            throw ImageError(reason: withDetail(reason, vipsErrorDetail()))
        }
        return result
    }

    /// "100-megapixel", "2.5-megapixel", "5000-pixel".
    static func limitText(_ maxPixels: Int) -> String {
        if maxPixels >= 1_000_000 && maxPixels % 100_000 == 0 {
            let whole = maxPixels / 1_000_000, tenths = (maxPixels % 1_000_000) / 100_000
            return tenths == 0 ? "\(whole)-megapixel" : "\(whole).\(tenths)-megapixel"
        }
        return "\(maxPixels)-pixel"
    }
}
