"""Published photos carry no metadata, read back by two independent readers
(exiftool and Pillow); a source photo with a GPS position is a warning in
`zuimei check` naming the file; and a build never changes the source photo.

The phone-like photo is the image module's fixture: EXIF with a GPS position,
an owner's name, a description and an embedded thumbnail, XMP, IPTC, an ICC
profile, a JPEG comment, and orientation 6 (stored on its side)."""
import json
import shutil
import subprocess

import pytest
from PIL import Image

from helpers import ROOT, zuimei

DATE = "2021-11-20"
FIXTURE = ROOT / "Tests/ZuimeiImagesTests/Fixtures/exif-gps-orient6.jpg"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# exiftool's family-1 groups that hold metadata; none may appear in a published image.
METADATA_GROUPS = ("IFD0", "IFD1", "ExifIFD", "GPS", "InteropIFD", "MakerNotes", "XMP", "IPTC", "ICC",
                   "Photoshop", "MPF", "FlashPix", "APP")


@pytest.fixture(scope="module")
def phone_photo_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("privacy")
    content = work / "Content"
    shutil.copytree(ROOT / "Content", content)
    photo = content / "stories/2021/ili-example-ayixiamu/photo.jpg"
    assert photo.exists()
    shutil.copy(FIXTURE, photo)
    return content, photo, work / "site"


def test_the_fixture_really_carries_metadata():
    tags = json.loads(subprocess.run(["exiftool", "-j", "-a", "-G1", str(FIXTURE)],
                                     capture_output=True, text=True, check=True).stdout)[0]
    groups = {key.split(":")[0] for key in tags}
    assert "GPS" in groups and "IFD1" in groups  # a position and a thumbnail
    assert any(group.startswith("XMP") for group in groups) and any(group.startswith("ICC") for group in groups)
    assert Image.open(FIXTURE).getexif()


def test_check_warns_about_a_source_photo_with_a_gps_position(phone_photo_site):
    content, photo, _ = phone_photo_site
    result = zuimei("check", "--content", content, "--date", DATE, check=False)
    assert result.returncode == 0, result.stderr  # a warning, not an error
    # check reports on standard output (build on standard error)
    warnings = [line for line in result.stdout.splitlines() if line.endswith("[photo-location]")]
    assert len(warnings) == 1, result.stdout
    assert warnings[0].startswith(f"{photo}: warning:")


def test_published_images_have_no_metadata_by_exiftool_and_pillow(phone_photo_site):
    content, photo, out = phone_photo_site
    before = photo.read_bytes()
    zuimei("build", "--content", content, "--output", out, "--date", DATE)
    assert photo.read_bytes() == before, "the build changed the source photo"

    images = sorted(p for p in out.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    assert len(images) >= 3
    report = json.loads(subprocess.run(["exiftool", "-j", "-a", "-G1", *map(str, images)],
                                       capture_output=True, text=True, check=True).stdout)
    for entry in report:
        found = sorted(key for key in entry if key.split(":")[0].startswith(METADATA_GROUPS))
        assert found == [], f"{entry['SourceFile']}: {found}"
        assert not any(key.endswith(":Comment") for key in entry), entry["SourceFile"]
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif(), path
            leftover = {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp", "photoshop"} & set(image.info)
            assert not leftover, f"{path}: {leftover}"
        data = path.read_bytes()
        for marker in (b"Exif\x00", b"http://ns.adobe.com/xap", b"Photoshop 3.0", b"ICC_PROFILE"):
            assert marker not in data, f"{path}: {marker!r}"


def test_the_phone_photo_is_published_upright(phone_photo_site):
    _, _, out = phone_photo_site
    published = out / "stories/2021/ili-example-ayixiamu/photo.jpg"
    if not published.exists():
        zuimei("build", "--content", phone_photo_site[0], "--output", out, "--date", DATE)
    with Image.open(FIXTURE) as source:
        stored = source.size
        assert source.getexif().get(0x0112) == 6  # Orientation: rotate 90° to view
    with Image.open(published) as image:
        assert image.size == (stored[1], stored[0])


def phone_video():
    """An MP4 as phones write it, with where it was filmed (QuickTime `©xyz`) and the device's
    owner in its user data, and Apple's location key in its metadata."""
    import struct

    def box(kind, payload):
        return struct.pack(">I", 8 + len(payload)) + kind + payload
    position = b"+43.8171+087.5853/"
    udta = box(b"udta", box(b"\xa9xyz", struct.pack(">HH", len(position), 0x15C7) + position)
               + box(b"\xa9nam", struct.pack(">HH", 6, 0x15C7) + "王芳".encode()))
    meta = box(b"meta", bytes(4) + box(b"keys", b"mdtacom.apple.quicktime.location.ISO6709") + box(b"ilst", position))
    return (box(b"ftyp", b"isom\0\0\x02\0isommp41") + box(b"mdat", b"\x09" * 500)
            + box(b"moov", box(b"mvhd", bytes(100)) + udta + meta))


def test_a_published_video_has_no_position_by_exiftool(tmp_path):
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    folder = content / "stories/2021/hotan-example-maimaiti"
    source = folder / "clip.mp4"
    source.write_bytes(phone_video())
    index = folder / "index.md"
    index.write_text(index.read_text().replace("file: video.webm", "file: clip.mp4"))
    before = json.loads(subprocess.run(["exiftool", "-j", "-a", "-G1", str(source)],
                                       capture_output=True, text=True, check=True).stdout)[0]
    assert any("GPS" in key for key in before)  # exiftool sees the position in the source
    result = zuimei("build", "--content", content, "--output", tmp_path / "site", "--date", DATE)
    assert "video 'clip.mp4' carries where it was filmed" in result.stderr
    published = tmp_path / "site/stories/2021/hotan-example-maimaiti/clip.mp4"
    after = json.loads(subprocess.run(["exiftool", "-j", "-a", "-G1", str(published)],
                                      capture_output=True, text=True, check=True).stdout)[0]
    leaked = {key: value for key, value in after.items()
              if key.split(":")[0] in ("UserData", "Keys", "ItemList", "Composite", "XMP") or "GPS" in key}
    assert leaked == {}
    assert published.stat().st_size == source.stat().st_size
    assert source.read_bytes() == phone_video()  # the source is never changed


def test_every_exif_orientation_comes_out_upright(tmp_path):
    """Eight photos, one per EXIF orientation, stored so that each shows the same picture (a red
    block top-left on blue, 64x40) when the orientation is applied: every published copy is that
    picture with no orientation left to apply, by Pillow."""
    import io

    from PIL import ImageOps

    shown = Image.new("RGB", (64, 40), (20, 40, 220))
    shown.paste((230, 20, 20), (0, 0, 24, 16))
    # What a camera stores for each orientation: the inverse of what the tag asks a viewer to do.
    stored = {1: shown, 2: shown.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 3: shown.transpose(Image.Transpose.ROTATE_180),
              4: shown.transpose(Image.Transpose.FLIP_TOP_BOTTOM), 5: shown.transpose(Image.Transpose.TRANSPOSE),
              6: shown.transpose(Image.Transpose.ROTATE_90), 7: shown.transpose(Image.Transpose.TRANSVERSE),
              8: shown.transpose(Image.Transpose.ROTATE_270)}
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    folder = content / "stories/2021/hotan-example-maimaiti"
    for orientation, image in stored.items():
        exif = Image.Exif()
        exif[0x0112] = orientation
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
        (folder / f"orientation-{orientation}.jpg").write_bytes(buffer.getvalue())
        with (folder / "index.md").open("a") as story:  # shown in the text, so published
            story.write(f"\n![方向 {orientation}](orientation-{orientation}.jpg)\n")
        # The fixture is right: a reader that applies the tag sees the same picture each time.
        with Image.open(folder / f"orientation-{orientation}.jpg") as check:
            assert ImageOps.exif_transpose(check).size == (64, 40)
    zuimei("build", "--content", content, "--output", tmp_path / "site", "--date", DATE)
    for orientation in stored:
        with Image.open(tmp_path / f"site/stories/2021/hotan-example-maimaiti/orientation-{orientation}.jpg") as published:
            assert published.getexif().get(0x0112) in (None, 1), orientation
            assert published.size == (64, 40), orientation
            red, blue = published.getpixel((4, 4)), published.getpixel((60, 36))
            assert red[0] > 180 and red[2] < 90, (orientation, red)
            assert blue[2] > 170 and blue[0] < 90, (orientation, blue)
