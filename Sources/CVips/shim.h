// CVips: the slice of libvips (8.14+) that ZuimeiImages uses.
//
// Swift cannot call C variadic functions, and most of libvips' API is variadic
// (`vips_jpegsave_buffer(in, &buf, &len, "Q", 85, ..., NULL)`), so every call
// ZuimeiImages needs is wrapped here in a small non-variadic `static inline`
// function with all its options fixed. Functions that create an image return it
// (a new reference the caller must g_object_unref) or NULL on error; the error
// text is then in vips_error_buffer(). Nothing here keeps state.
#ifndef ZUIMEI_CVIPS_SHIM_H
#define ZUIMEI_CVIPS_SHIM_H

#include <vips/vips.h>

/// The formats ZuimeiImages reads and writes; the numbers match ImageFormat's order in Swift.
enum {
    ZUIMEI_FORMAT_JPEG = 0,
    ZUIMEI_FORMAT_PNG = 1,
    ZUIMEI_FORMAT_WEBP = 2,
    ZUIMEI_FORMAT_GIF = 3,
};

static inline void zuimei_vips_quiet_log(const gchar *domain, GLogLevelFlags level,
                                  const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

/// Starts libvips once (the caller guarantees "once"): no operation cache (bounded memory;
/// builds call in from several threads), libvips' own warnings silenced (its errors still
/// come back through vips_error_buffer), and every loader blocked except the four we accept,
/// so that no SVG, PDF, ImageMagick, HEIF, ... parser can ever run on untrusted bytes.
/// Returns 0 on success.
static inline int zuimei_vips_start(void) {
    if (VIPS_INIT("zuimei"))
        return -1;
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    g_log_set_handler("VIPS", (GLogLevelFlags)(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE |
                                               G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG),
                      zuimei_vips_quiet_log, NULL);
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    vips_operation_block_set("VipsForeignLoadNsgif", FALSE);
    return 0;
}

/// The libvips loader (by nickname) for one of our formats.
static inline const char *zuimei_vips_loader(int format) {
    switch (format) {
    case ZUIMEI_FORMAT_JPEG: return "jpegload";
    case ZUIMEI_FORMAT_PNG: return "pngload";
    case ZUIMEI_FORMAT_WEBP: return "webpload";
    case ZUIMEI_FORMAT_GIF: return "gifload";
    default: return NULL;
    }
}

/// Whether libvips' own sniffer for `format` recognises the file (reads its first bytes only).
static inline int zuimei_vips_is_a(int format, const char *path) {
    const char *loader = zuimei_vips_loader(format);
    return loader && vips_foreign_is_a(loader, path) ? 1 : 0;
}

/// Opens `path` with the loader for `format`. Only the header is read now; pixels are
/// decoded when an output is computed. `sequential`: top-to-bottom streaming (small memory),
/// otherwise random access (needed to rotate). Damage or truncation fails the load
/// (fail_on=error) instead of giving a grey picture. Only the first page/frame is opened;
/// the caller reads "n-pages" to refuse animations. EXIF orientation is not applied here.
static inline VipsImage *zuimei_vips_load(int format, const char *path, int sequential) {
    VipsImage *out = NULL;
    VipsAccess access = sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM;
    int r = -1;
    switch (format) {
    case ZUIMEI_FORMAT_JPEG:
        r = vips_jpegload(path, &out, "access", access, "fail_on", VIPS_FAIL_ON_ERROR,
                          "autorotate", FALSE, "shrink", 1, NULL);
        break;
    case ZUIMEI_FORMAT_PNG:
        r = vips_pngload(path, &out, "access", access, "fail_on", VIPS_FAIL_ON_ERROR,
                         "unlimited", FALSE, NULL);
        break;
    case ZUIMEI_FORMAT_WEBP:
        r = vips_webpload(path, &out, "access", access, "fail_on", VIPS_FAIL_ON_ERROR,
                          "page", 0, "n", 1, NULL);
        break;
    case ZUIMEI_FORMAT_GIF:
        r = vips_gifload(path, &out, "access", access, "fail_on", VIPS_FAIL_ON_ERROR,
                         "page", 0, "n", 1, NULL);
        break;
    default:
        vips_error("zuimei", "unknown format %d", format);
        return NULL;
    }
    return r ? NULL : out;
}

/// The image's integer header field `name`, or `fallback` if it has none.
static inline int zuimei_vips_get_int(VipsImage *image, const char *name, int fallback) {
    int value = 0;
    if (vips_image_get_typeof(image, name) == 0 || vips_image_get_int(image, name, &value))
        return fallback;
    return value;
}

/// The blob field `name` (exif-data, xmp-data, ...): its bytes and length, or NULL.
/// The bytes belong to the image.
static inline const void *zuimei_vips_get_blob(VipsImage *image, const char *name, size_t *length) {
    const void *data = NULL;
    *length = 0;
    if (vips_image_get_typeof(image, name) == 0 || vips_image_get_blob(image, name, &data, length)) {
        vips_error_clear();
        *length = 0;
        return NULL;
    }
    return data;
}

/// Applies the EXIF orientation (a copy if there is none) and drops the orientation field.
static inline VipsImage *zuimei_vips_autorot(VipsImage *in) {
    VipsImage *out = NULL;
    return vips_autorot(in, &out, NULL) ? NULL : out;
}

/// Converts from the embedded ICC profile to sRGB, 8 bits a sample. Extra bands (alpha)
/// pass through. Fails if the profile is unusable.
static inline VipsImage *zuimei_vips_icc_transform_srgb(VipsImage *in) {
    VipsImage *out = NULL;
    return vips_icc_transform(in, &out, "srgb", "embedded", TRUE, "intent", VIPS_INTENT_RELATIVE,
                              "depth", 8, NULL) ? NULL : out;
}

/// Converts to another colour space by libvips' built-in rules (CMYK through a built-in
/// profile, 16-bit RGB and grey to 8-bit sRGB, grey to three bands, ...).
static inline VipsImage *zuimei_vips_colourspace(VipsImage *in, VipsInterpretation space) {
    VipsImage *out = NULL;
    return vips_colourspace(in, &out, space, NULL) ? NULL : out;
}

/// Casts to 8-bit unsigned samples, clipping.
static inline VipsImage *zuimei_vips_cast_uchar(VipsImage *in) {
    VipsImage *out = NULL;
    return vips_cast(in, &out, VIPS_FORMAT_UCHAR, NULL) ? NULL : out;
}

/// Keeps `n` bands starting at `first`.
static inline VipsImage *zuimei_vips_extract_bands(VipsImage *in, int first, int n) {
    VipsImage *out = NULL;
    return vips_extract_band(in, &out, first, "n", n, NULL) ? NULL : out;
}

/// Composites the alpha band over white (for JPEG, which has no alpha).
static inline VipsImage *zuimei_vips_flatten_white(VipsImage *in) {
    VipsImage *out = NULL;
    VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
    int r = vips_flatten(in, &out, "background", white, "max_alpha", 255.0, NULL);
    vips_area_unref(VIPS_AREA(white));
    return r ? NULL : out;
}

/// A copy of the image with every metadata field removed (EXIF, XMP, IPTC, ICC, comments,
/// format-specific fields, ...) and a fixed resolution of 72 pixels per inch, marked sRGB.
/// The pixels are shared, not copied.
static inline VipsImage *zuimei_vips_bare_copy(VipsImage *in) {
    VipsImage *out = NULL;
    const double px_per_mm = 72.0 / 25.4;
    if (vips_copy(in, &out, "xres", px_per_mm, "yres", px_per_mm,
                  "interpretation", VIPS_INTERPRETATION_sRGB, NULL))
        return NULL;
    gchar **fields = vips_image_get_fields(out);
    for (gchar **f = fields; f && *f; f++) {
        /* the built-in header fields (width, bands, xres, ...) are not in the metadata
           table: vips_image_remove ignores them */
        vips_image_remove(out, *f);
    }
    g_strfreev(fields);
    return out;
}

// Savers: every one strips all metadata (strip=TRUE) and fixes all its options, so the
// same pixels give the same bytes. `*buf` is g_malloc'd: free with g_free. 0 on success.

static inline int zuimei_vips_jpegsave_buffer(VipsImage *in, void **buf, size_t *len, int quality) {
    return vips_jpegsave_buffer(in, buf, len, "strip", TRUE, "Q", quality,
                                "optimize_coding", TRUE, "interlace", FALSE,
                                "trellis_quant", FALSE, "overshoot_deringing", FALSE,
                                "optimize_scans", FALSE, "quant_table", 0,
                                "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_AUTO, NULL);
}

static inline int zuimei_vips_pngsave_buffer(VipsImage *in, void **buf, size_t *len, int compression) {
    return vips_pngsave_buffer(in, buf, len, "strip", TRUE, "compression", compression,
                               "interlace", FALSE, "filter", VIPS_FOREIGN_PNG_FILTER_ALL,
                               "palette", FALSE, "bitdepth", 8, NULL);
}

static inline int zuimei_vips_webpsave_buffer(VipsImage *in, void **buf, size_t *len, int quality, int lossless) {
    return vips_webpsave_buffer(in, buf, len, "strip", TRUE, "Q", quality,
                                "lossless", lossless ? TRUE : FALSE, "near_lossless", FALSE,
                                "alpha_q", 100, "preset", VIPS_FOREIGN_WEBP_PRESET_DEFAULT,
                                "smart_subsample", FALSE, "min_size", FALSE, "mixed", FALSE,
                                "effort", 4, NULL);
}

static inline int zuimei_vips_gifsave_buffer(VipsImage *in, void **buf, size_t *len) {
    return vips_gifsave_buffer(in, buf, len, "strip", TRUE, "dither", 1.0, "effort", 7,
                               "bitdepth", 8, "interframe_maxerror", 0.0, "reuse", FALSE,
                               "interpalette_maxerror", 3.0, "interlace", FALSE, NULL);
}

/// The image computed once into memory, so it can be encoded more than once (a rendition
/// in JPEG and in WebP) without reading its sequential source twice.
static inline VipsImage *zuimei_vips_copy_memory(VipsImage *in) {
    return vips_image_copy_memory(in);
}

/// Scaled down to `width` pixels wide, the height in proportion; never scaled up.
/// The image is already upright (no_rotate). Deterministic for the same input.
static inline VipsImage *zuimei_vips_thumbnail_width(VipsImage *in, int width) {
    VipsImage *out = NULL;
    if (vips_thumbnail_image(in, &out, width, "height", 10000000, "size", VIPS_SIZE_DOWN,
                             "no_rotate", TRUE, "linear", FALSE, NULL))
        return NULL;
    return out;
}

/// An encoded image in memory (Zuimei's own re-encoded photo) scaled down to `width`
/// pixels wide, decoded at the smallest scale that still covers it (a JPEG's
/// shrink-on-load: a 4000-pixel photo is read at 500 pixels for a 480-pixel rendition),
/// then resized; never scaled up, no rotation (the photo is already upright).
/// Deterministic for the same input and libvips.
static inline VipsImage *zuimei_vips_thumbnail_buffer_width(const void *data, size_t length, int width) {
    VipsImage *out = NULL;
    if (vips_thumbnail_buffer((void *)data, length, &out, width, "height", 10000000, "size", VIPS_SIZE_DOWN,
                              "no_rotate", TRUE, "linear", FALSE, NULL))
        return NULL;
    return out;
}

/// The Open Graph crop: `width`×`height` cut from an encoded photo where libvips'
/// attention measure (edges, skin tones, saturated colour) finds the subject, scaled
/// down first so the shorter side fits. Deterministic for the same input and libvips.
static inline VipsImage *zuimei_vips_thumbnail_buffer_crop(const void *data, size_t length, int width, int height) {
    VipsImage *out = NULL;
    if (vips_thumbnail_buffer((void *)data, length, &out, width, "height", height, "size", VIPS_SIZE_DOWN,
                              "crop", VIPS_INTERESTING_ATTENTION, "no_rotate", TRUE, "linear", FALSE, NULL))
        return NULL;
    return out;
}

/// Reads an encoded image from memory with the loader for `format` (for tests: to read
/// an output back). Random access, fail on errors.
static inline VipsImage *zuimei_vips_load_buffer(int format, const void *data, size_t length) {
    VipsImage *out = NULL;
    int r = -1;
    switch (format) {
    case ZUIMEI_FORMAT_JPEG:
        r = vips_jpegload_buffer((void *)data, length, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
        break;
    case ZUIMEI_FORMAT_PNG:
        r = vips_pngload_buffer((void *)data, length, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
        break;
    case ZUIMEI_FORMAT_WEBP:
        r = vips_webpload_buffer((void *)data, length, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
        break;
    case ZUIMEI_FORMAT_GIF:
        r = vips_gifload_buffer((void *)data, length, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
        break;
    default:
        vips_error("zuimei", "unknown format %d", format);
        return NULL;
    }
    return r ? NULL : out;
}

/// Reads one pixel (up to 4 bands, as doubles) of an image; 0 on success.
static inline int zuimei_vips_getpoint(VipsImage *in, int x, int y, double out4[4], int *bands) {
    double *vector = NULL;
    int n = 0;
    if (vips_getpoint(in, &vector, &n, x, y, NULL))
        return -1;
    for (int i = 0; i < 4; i++)
        out4[i] = i < n ? vector[i] : 0;
    *bands = n;
    g_free(vector);
    return 0;
}

/// Number of live VipsObjects in the process (for leak tests).
static inline void *zuimei_vips_count_one(void *object, void *a, void *b) {
    (void)object; (void)b;
    (*(int *)a)++;
    return NULL;
}

static inline int zuimei_vips_live_objects(void) {
    int n = 0;
    vips_object_map((VipsSListMap2Fn)zuimei_vips_count_one, &n, NULL);
    return n;
}

#endif
