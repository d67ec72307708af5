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
