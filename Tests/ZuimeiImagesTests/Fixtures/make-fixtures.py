#!/usr/bin/env python3
"""Regenerates the ZuimeiImagesTests fixtures (deterministic; Python 3 + Pillow).

    python3 make-fixtures.py [OUTDIR]     # default: the folder of this script

Every secret the sanitizer must remove is a marker string the tests search for in
the output bytes (ARTIST-SECRET, DESCRIPTION-SECRET, XMP-CREATOR-SECRET, ...).
"""
import io
import os
import random
import struct
import sys
import zlib

from PIL import Image, ImageCms, PngImagePlugin

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------------
# EXIF (TIFF, little endian) with IFD0, Exif IFD, GPS IFD and IFD1 (an embedded thumbnail)

ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 2, 3, 4, 5, 7


def _ifd(entries, start, next_ifd=0):
    """entries: [(tag, type, count, payload bytes)]; returns (bytes, {tag: value offset}).
    Payloads longer than 4 bytes go in a data area right after the IFD."""
    entries = sorted(entries, key=lambda e: e[0])
    data_off = start + 2 + 12 * len(entries) + 4
    table, data, where = b"", b"", {}
    for tag, typ, count, payload in entries:
        if len(payload) <= 4:
            table += struct.pack("<HHI", tag, typ, count) + payload.ljust(4, b"\x00")
        else:
            where[tag] = data_off + len(data)
            table += struct.pack("<HHII", tag, typ, count, data_off + len(data))
            data += payload + (b"\x00" if len(payload) % 2 else b"")
    return struct.pack("<H", len(entries)) + table + struct.pack("<I", next_ifd) + data


def _size(entries):
    return len(_ifd(entries, 0))


def asc(s):
    b = s.encode() + b"\x00"
    return (ASCII, len(b), b)


def rationals(*pairs):
    return (RATIONAL, len(pairs), b"".join(struct.pack("<II", a, b) for a, b in pairs))


def exif_tiff(orientation, artist, description, thumbnail=None, gps=True):
    ifd0 = [(0x010F, *asc("Zuimei Test Camera")), (0x0110, *asc("Model-7")),
            (0x0112, SHORT, 1, struct.pack("<H", orientation)),
            (0x013B, *asc(artist)), (0x010E, *asc(description)),
            (0x8298, *asc("Copyright COPYRIGHT-SECRET")),
            (0x8769, LONG, 1, b"\x00" * 4)]
    if gps:
        ifd0.append((0x8825, LONG, 1, b"\x00" * 4))
    exif = [(0x9003, *asc("2021:08:05 10:11:12")), (0xA420, *asc("UNIQUE-ID-SECRET-0123456789")),
            (0x927C, UNDEFINED, 16, b"MAKERNOTE-SECRET")]
    gpsifd = [(0x0000, 1, 4, bytes([2, 3, 0, 0])), (0x0001, *asc("N")),
              (0x0002, *rationals((43, 1), (47, 1), (3012, 100))),
              (0x0003, *asc("E")), (0x0004, *rationals((87, 1), (36, 1), (4567, 100)))]
    ifd1 = []
    if thumbnail:
        ifd1 = [(0x0103, SHORT, 1, struct.pack("<H", 6)),
                (0x0201, LONG, 1, b"\x00" * 4), (0x0202, LONG, 1, struct.pack("<I", len(thumbnail)))]
    # layout: header | IFD0 | Exif IFD | GPS IFD | IFD1 | thumbnail
    o0 = 8
    oe = o0 + _size(ifd0)
    og = oe + _size(exif)
    o1 = og + (_size(gpsifd) if gps else 0)
    ot = o1 + (_size(ifd1) if ifd1 else 0)

    def setv(entries, tag, value):
        return [(t, ty, c, struct.pack("<I", value) if t == tag else p) for t, ty, c, p in entries]

    ifd0 = setv(ifd0, 0x8769, oe)
    if gps:
        ifd0 = setv(ifd0, 0x8825, og)
    if ifd1:
        ifd1 = setv(ifd1, 0x0201, ot)
    out = b"II*\x00" + struct.pack("<I", o0)
    out += _ifd(ifd0, o0, next_ifd=o1 if ifd1 else 0)
    out += _ifd(exif, oe)
    if gps:
        out += _ifd(gpsifd, og)
    if ifd1:
        out += _ifd(ifd1, o1) + thumbnail
    assert len(out) == ot + (len(thumbnail) if thumbnail else 0), "layout"
    return out


XMP = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
       b'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
       b'<dc:creator><rdf:Seq><rdf:li>XMP-CREATOR-SECRET</rdf:li></rdf:Seq></dc:creator>'
       b'<exif:GPSLatitude>43,47.5N</exif:GPSLatitude></rdf:Description></rdf:RDF></x:xmpmeta>'
       b'<?xpacket end="w"?>')


def segment(marker, body):
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def iptc():
    def ds(rec, tag, value):
        return bytes([0x1C, rec, tag]) + struct.pack(">H", len(value)) + value
    data = ds(2, 0, b"\x00\x04") + ds(2, 80, b"IPTC-BYLINE-SECRET") + ds(2, 116, b"IPTC-COPYRIGHT-SECRET")
    res = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data)) + data
    if len(data) % 2:
        res += b"\x00"
    return b"Photoshop 3.0\x00" + res


def splice_after_soi(jpeg, *segments):
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def srgb_icc():
    p = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    p[24:36] = struct.pack(">6H", 2024, 8, 5, 0, 0, 0)   # creation time: fixed, so the fixtures are reproducible
    p[84:100] = bytes(16)                                # profile ID (an MD5 of the above): "not computed"
    return bytes(p)


def jpeg_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kw)
    return buf.getvalue()


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes")


# --------------------------------------------------------------------------------------------

def quadrants(w, h):
    """Blue picture with a red block in the stored top-left corner: after orientation 6
    (rotate 90° clockwise to display) the red block is in the displayed top-right corner."""
    img = Image.new("RGB", (w, h), (20, 40, 220))
    img.paste((230, 20, 20), (0, 0, w // 3, h // 2))
    return img


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(20240805)

    # 1. JPEG, 48x32 stored, Orientation 6 (shown 32x48), EXIF with GPS/Artist/ImageDescription
    #    and an IFD1 thumbnail, XMP, IPTC, an ICC profile and a COM comment.
    thumb = jpeg_bytes(Image.new("RGB", (16, 12), (200, 200, 0)), quality=50)
    tiff = exif_tiff(6, "ARTIST-SECRET Wang Fang", "DESCRIPTION-SECRET home of the family", thumbnail=thumb)
    base = jpeg_bytes(quadrants(48, 32), quality=95, icc_profile=srgb_icc())
    write("exif-gps-orient6.jpg", splice_after_soi(
        base,
        segment(0xE1, b"Exif\x00\x00" + tiff),
        segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP),
        segment(0xED, iptc()),
        segment(0xFE, b"COMMENT-SECRET taken at the candidate's home")))

    # 2. A plain photo-like JPEG (noise + gradient), for truncation, determinism and speed.
    w, h = 160, 120
    img = Image.new("RGB", (w, h))
    img.putdata([(min(255, x + rng.randint(0, 60)), min(255, y * 2 + rng.randint(0, 40)), 128)
                 for y in range(h) for x in range(w)])
    write("plain.jpg", jpeg_bytes(img, quality=85))

    # 3. CMYK JPEG (Adobe APP14), no profile.
    cmyk = Image.new("CMYK", (40, 30), (0, 200, 255, 10))
    cmyk.paste((255, 0, 0, 0), (0, 0, 20, 15))
    write("cmyk.jpg", jpeg_bytes(cmyk, quality=90))

    # 4. PNG with tEXt, zTXt-free iTXt (XMP), eXIf (with GPS) and iCCP.
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "PNG-AUTHOR-SECRET")
    info.add_text("Comment", "PNG-COMMENT-SECRET")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buf = io.BytesIO()
    quadrants(40, 30).save(buf, "PNG", pnginfo=info, icc_profile=srgb_icc(),
                           exif=exif_tiff(1, "PNG-ARTIST-SECRET", "PNG-DESCRIPTION-SECRET"))
    write("text-exif.png", buf.getvalue())

    # 5. 16-bit RGBA PNG and 16-bit grey PNG, built by hand (Pillow writes neither).
    def png(width, height, bit_depth, colour_type, rows):
        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        raw = b"".join(b"\x00" + r for r in rows)
        return (b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    rows = [b"".join(struct.pack(">HHHH", x * 2000, y * 2500, 40000, 65535 if x < 16 else 30000)
                     for x in range(32)) for y in range(24)]
    write("rgba16.png", png(32, 24, 16, 6, rows))
    rows = [b"".join(struct.pack(">H", (x * 2000 + y * 700) & 0xFFFF) for x in range(32)) for y in range(24)]
    write("grey16.png", png(32, 24, 16, 0, rows))

    # 6. Grey + alpha (LA) PNG.
    la = Image.new("LA", (30, 20), (128, 255))
    la.paste((10, 80), (0, 0, 15, 10))
    buf = io.BytesIO()
    la.save(buf, "PNG")
    write("grey-alpha.png", buf.getvalue())

    # 7. A PNG that claims 40000x40000 pixels in a few hundred bytes (a decompression bomb's header).
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40000, 40000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 4000, 9)) + chunk(b"IEND", b""))
    write("claims-40000x40000.png", bomb)

    # 8. WebP (lossy) with EXIF (GPS, Artist), XMP and an ICC profile.
    buf = io.BytesIO()
    quadrants(40, 30).save(buf, "WEBP", quality=90, method=4,
                           exif=b"Exif\x00\x00" + exif_tiff(1, "WEBP-ARTIST-SECRET", "WEBP-DESCRIPTION-SECRET"),
                           xmp=XMP, icc_profile=srgb_icc())
    write("exif.webp", buf.getvalue())

    # 9. GIF: one still picture with a comment, and an animated one (2 frames).
    g = quadrants(24, 24).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    buf = io.BytesIO()
    g.save(buf, "GIF", comment=b"GIF-COMMENT-SECRET")
    write("still.gif", buf.getvalue())
    f1 = Image.new("P", (24, 24), 0)
    f1.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    f2 = f1.copy()
    f2.paste(1, (0, 0, 12, 24))
    buf = io.BytesIO()
    f1.save(buf, "GIF", save_all=True, append_images=[f2], duration=200, loop=0)
    write("animated.gif", buf.getvalue())

    # 10. Lossless WebP with alpha; animated PNG (APNG) and animated WebP.
    rgba = Image.new("RGBA", (32, 24), (20, 40, 220, 255))
    rgba.paste((230, 20, 20, 128), (0, 0, 16, 12))
    buf = io.BytesIO()
    rgba.save(buf, "WEBP", lossless=True, quality=100, method=4)
    write("lossless-alpha.webp", buf.getvalue())
    frames = [Image.new("RGB", (24, 24), c) for c in [(255, 0, 0), (0, 0, 255)]]
    buf = io.BytesIO()
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:], duration=200, loop=0)
    write("animated.png", buf.getvalue())
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], duration=200, loop=0, lossless=True)
    write("animated.webp", buf.getvalue())

    # 11. SVG with a script.
    write("script.svg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
          b'<script>alert(document.cookie)</script><rect width="64" height="64" fill="red"/></svg>\n')

    # 12. A phone-sized photo (2000x1500 stored, Orientation 6: shown 1500x2000) with EXIF and
    #     GPS: for the renditions (480, 960 and 1500 px wide, the Open Graph crop), all upright
    #     and without metadata.
    tiff = exif_tiff(6, "ARTIST-SECRET Wang Fang", "DESCRIPTION-SECRET home of the family")
    write("large-gps-orient6.jpg", splice_after_soi(
        jpeg_bytes(quadrants(2000, 1500), quality=80),
        segment(0xE1, b"Exif\x00\x00" + tiff)))
    # 13. A PNG video poster wider than the player shows (1200x675): published as its
    #     960 px JPEG rendition only.
    buf = io.BytesIO()
    quadrants(1200, 675).save(buf, "PNG", optimize=True)
    write("poster-1200.png", buf.getvalue())
    # 14. A landscape photo wider than the largest rendition (2400x1600, no EXIF): renditions
    #     480, 960 and 1600 px wide, found again in the cache by the next build.
    write("wide-2400.jpg", jpeg_bytes(quadrants(2400, 1600), quality=80))

if __name__ == "__main__":
    main()
