"""The site in Uyghur and Kazakh (issue 15): every page says its language and direction,
text in another language says its own, translated pages name each other with hreflang,
each language has its feeds, Uyghur renders right to left, and an outdated translation is
reported by `zuimei check`."""
import os
import pathlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import lxml.html
import pytest

SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANGUAGES = {"ug/": ("ug", "rtl"), "kk/": ("kk-Arab", "rtl"), "": ("zh-Hans", "ltr")}
HAN = re.compile(r"[\u4e00-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
BASE = "https://example.org/zuimei/"


def page_language(relative):
    for prefix, value in LANGUAGES.items():
        if relative.startswith(prefix):
            return value


def closest_lang(element):
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return None


def test_every_page_and_every_text_says_its_language_and_direction(site, html_files):
    assert lang_problems(site, html_files) == []


def test_what_is_not_translated_is_marked_as_chinese(tmp_path):
    """A prefecture without its Uyghur name and an edition without its Uyghur title are shown
    in Chinese on the Uyghur pages, each marked lang=zh-Hans."""
    zuimei = os.environ.get("ZUIMEI", str(ROOT / ".build/debug/zuimei"))
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content, ignore=shutil.ignore_patterns(".zuimei-cache"))
    (content / "editions/2021.ug.yml").unlink()
    site_yml = content / "site.yml"
    text = site_yml.read_text()
    text = re.sub(r'(\{name: "伊犁哈萨克自治州", slug: ili), ug: "[^"]*"', r"\1", text)
    text = re.sub(r'(\{name: "特岗教师计划", slug: special-post-teacher), ug: "[^"]*"', r"\1", text)
    site_yml.write_text(text)
    out = tmp_path / "site"
    result = subprocess.run([zuimei, "build", "--content", str(content), "--output", str(out), "--date", "2021-11-20"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    story = (out / "ug/stories/2021/ili-example-ayixiamu/index.html").read_text()
    assert 'lang="zh-Hans" dir="ltr">伊犁哈萨克自治州' in story
    assert lang_problems(out, sorted(out.rglob("*.html"))) == []



def test_text_a_translation_leaves_out_is_the_originals_marked_chinese(tmp_path):
    """A story translated without its optional text fields, and study material without its
    questions: the original's words are shown, each marked lang=zh-Hans; the study feed's links
    lead where the page's do."""
    zuimei = os.environ.get("ZUIMEI", str(ROOT / ".build/debug/zuimei"))
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content, ignore=shutil.ignore_patterns(".zuimei-cache"))
    story = content / "stories/2021/ili-example-ayixiamu/index.ug.md"
    text = story.read_text()
    for key in ("name", "gender", "ethnicity", "university", "workplace", "photo_alt"):
        text = re.sub(rf"(?m)^{key}: .*\n", "", text)
    story.write_text(text)
    (content / "study/2021-learning-guide.ug.md").write_text(
        '---\ntitle: "ئۆگىنىش يېتەكچىسى"\n---\nتېكىست 中文 [بەلگە](../../favicon.svg) [about](../pages/about.md)\n')
    out = tmp_path / "site"
    result = subprocess.run([zuimei, "build", "--content", str(content), "--output", str(out), "--date", "2021-11-20"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert lang_problems(out, sorted(out.rglob("*.html"))) == []
    feed = ET.parse(out / "ug/study/feed.xml").getroot().find("channel/item/description").text or ""
    content_html = ET.parse(out / "ug/study/feed.xml").getroot().find("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded")
    html = content_html.text if content_html is not None else feed
    assert BASE + "favicon.svg" in html and BASE + "ug/about/" in html and 'lang="zh-Hans"' in html


def lang_problems(site, html_files):
    wrong = []
    for path in html_files:
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        document = lxml.html.fromstring(path.read_bytes())
        language, direction = page_language(relative)
        html = document if document.tag == "html" else document.getroottree().getroot()
        if html.get("lang") != language or html.get("dir") != direction:
            wrong.append(f"{relative}: <html lang={html.get('lang')} dir={html.get('dir')}>")
            continue
        # Every piece of text in Arabic script is in Uyghur or Kazakh, every piece in Han characters in Chinese.
        for element in document.iter():
            # A document's <title> cannot mark a part of it: an untranslated title there stays as it is.
            if not isinstance(element.tag, str) or element.tag in ("script", "style", "title"):
                continue
            for text, owner in ((element.text, element), (element.tail, element.getparent())):
                if not text:
                    continue
                lang = closest_lang(owner) or ""
                if HAN.search(text) and not lang.startswith("zh"):
                    wrong.append(f"{relative}: Chinese text in lang={lang}: {text.strip()[:30]}")
                if ARABIC.search(text) and lang not in ("ug", "kk-Arab"):
                    wrong.append(f"{relative}: Arabic-script text in lang={lang}: {text.strip()[:30]}")
                # Uyghur and Kazakh take their own punctuation (، ؟ « »), not Chinese full-width forms.
                if lang in ("ug", "kk-Arab") and CJK_PUNCTUATION.search(text):
                    wrong.append(f"{relative}: Chinese punctuation in lang={lang}: {text.strip()[:30]}")
    return wrong


def alternates(path):
    document = lxml.html.fromstring(path.read_bytes())
    return {link.get("hreflang"): link.get("href") for link in document.iter("link")
            if link.get("rel") == "alternate" and link.get("hreflang")}


def test_every_translated_page_names_all_its_versions_and_x_default(site, html_files):
    translated = [path for path in html_files if path.relative_to(site).as_posix().startswith(("ug/", "kk/"))
                  and "untranslated" not in path.as_posix()]
    assert len(translated) >= 20
    problems = []
    for path in translated:
        links = alternates(path)
        own = BASE + path.relative_to(site).parent.as_posix() + "/"
        if own not in links.values() or "x-default" not in links or "zh-Hans" not in links:
            problems.append(f"{path.relative_to(site)}: {links}")
            continue
        for language, url in links.items():
            target = site / url[len(BASE):] / "index.html"
            if not target.exists() or alternates(target) != links:
                problems.append(f"{path.relative_to(site)} → {language}: not reciprocal")
    assert problems == []


def test_no_interface_text_is_empty_or_a_raw_key(site, html_files):
    keys = re.compile(r"\b(nav|ui|story|stage|home|list|study|search|announcement|footer|timeline|pagination|untranslated)\.[a-z][A-Za-z]+\b")
    problems = []
    for path in html_files:
        text = path.read_text()
        document = lxml.html.fromstring(text.encode())
        visible = " ".join(document.itertext())
        if keys.search(visible) or "{{" in text or "layout.t." in text:
            problems.append(str(path.relative_to(site)))
        for element in document.iter("h1", "h2", "button", "label", "a", "th"):
            if not "".join(element.itertext()).strip() and not element.get("aria-label") and element.tag != "a" \
                    and element.get("hidden") is None:
                problems.append(f"{path.relative_to(site)}: empty <{element.tag}>")
    assert problems == []


def test_each_language_has_its_feed_in_its_language(site):
    for prefix, (language, _) in LANGUAGES.items():
        channel = ET.parse(site / (prefix + "feed.xml")).getroot().find("channel")
        assert channel.findtext("language") == language
    items = ET.parse(site / "ug/feed.xml").getroot().findall("channel/item")
    assert [item.findtext("link") for item in items] == [BASE + "ug/stories/2021/ili-example-ayixiamu/"]


def test_the_sitemap_lists_the_alternates(site):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for url in tree.getroot().findall("s:url", ns):
        if url.findtext("s:loc", namespaces=ns) == BASE + "ug/stories/2021/ili-example-ayixiamu/":
            links = {link.get("hreflang") for link in url.findall("x:link", ns)}
            assert links == {"zh-Hans", "ug", "x-default"}
            return
    pytest.fail("the Uyghur story is not in the sitemap")


def test_switching_to_an_untranslated_language_lands_on_a_notice_linking_the_original(browser, site):
    browser.set_window_size(1280, 900)
    browser.get((site / "stories/2021/ili-example-ayixiamu/index.html").as_uri())
    link = browser.find_element("css selector", '.language-switcher a[lang="kk-Arab"]')
    link.click()
    assert "kk/untranslated/" in browser.current_url
    original = browser.find_element("id", "untranslated-original").get_attribute("href")
    assert original.endswith("/stories/2021/ili-example-ayixiamu/index.html") and "/kk/" not in original
    # From the notice, Chinese is the original itself, Uyghur the page in Uyghur's notice place.
    switcher = {a.get_attribute("lang"): a.get_attribute("href")
                for a in browser.find_elements("css selector", ".language-switcher a")}
    assert switcher["zh-Hans"] == original
    assert switcher["ug"].endswith("/ug/untranslated/index.html#stories/2021/ili-example-ayixiamu/")
    assert browser.find_element("css selector", 'meta[name="robots"]').get_attribute("content") == "noindex"


def test_uyghur_reads_right_to_left_with_a_font_that_has_its_letters(browser, site, tmp_path):
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    target.mkdir(exist_ok=True)
    for width, height, label in [(375, 812, "phone"), (1280, 900, "desktop")]:
        browser.set_window_size(width, height)
        browser.get((site / "ug/stories/2021/ili-example-ayixiamu/index.html").as_uri())
        # The first letter of the story's first paragraph is at the right edge of its line.
        edges = browser.execute_script(
            "const p = [...document.querySelectorAll('.prose p')].find(e => e.textContent.trim());"
            "const text = p.firstChild; const range = document.createRange();"
            "range.setStart(text, 0); range.setEnd(text, 1);"
            "const letter = range.getBoundingClientRect(), box = p.getBoundingClientRect();"
            "return [letter.right, box.right, letter.left, box.left, getComputedStyle(p).direction]")
        letter_right, box_right, letter_left, box_left, direction = edges
        assert direction == "rtl"
        assert abs(box_right - letter_right) < 2 and letter_left - box_left > 50, edges
        assert browser.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert browser.save_screenshot(str(target / f"ug-story-{label}.png"))
    # The font that draws the Uyghur letters (ۆ ۈ ڭ ې) is one the stylesheet names, installed
    # (Debian fonts-noto-core), not a fallback: Chromium says which fonts it drew a node with.
    browser.execute_script("const p = document.createElement('p'); p.id = 'letters'; p.lang = 'ug';"
                           "p.textContent = 'ۆ ۈ ۉ ۅ ڭ ې'; document.querySelector('.prose').append(p)")
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    root = browser.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": "#letters"})["nodeId"]
    used = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    families = {font["familyName"] for font in used if font["glyphCount"] > 0}
    assert families and families <= {"Noto Naskh Arabic", "Noto Sans Arabic"}, used
    stack = browser.execute_script("return getComputedStyle(document.getElementById('letters')).fontFamily")
    assert stack.startswith('"Noto Naskh Arabic", "Noto Sans Arabic"'), stack


def test_check_reports_an_outdated_translation(tmp_path):
    zuimei = os.environ.get("ZUIMEI", str(ROOT / ".build/debug/zuimei"))
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    original = content / "stories/2021/ili-example-ayixiamu/index.md"
    original.write_text(original.read_text().replace("清晨七点半", "清晨七点"))
    result = subprocess.run([zuimei, "check", "--content", str(content)], capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "[translation-outdated]" in line]
    assert len(lines) == 1 and lines[0].startswith(f"{content}/stories/2021/ili-example-ayixiamu/index.ug.md:2:"), result.stderr
    # The page says so, with the way to the original; a Chinese name quoted in the translation is marked Chinese.
    translation = content / "stories/2021/ili-example-ayixiamu/index.ug.md"
    translation.write_text(translation.read_text() + "\nبۇ يەردە «阿依夏木» دەپ يېزىلغان.\n")
    out = tmp_path / "site"
    result = subprocess.run([zuimei, "build", "--content", str(content), "--output", str(out), "--date", "2021-11-20"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring((out / "ug/stories/2021/ili-example-ayixiamu/index.html").read_bytes())
    notice = page.find_class("translation-notice")
    assert len(notice) == 1 and notice[0].find("a").get("href") == "../../../../stories/2021/ili-example-ayixiamu/index.html"
    assert [span.text for span in page.iter("span") if span.get("lang") == "zh-Hans"] == ["阿依夏木"]
    assert lang_problems(out, sorted(out.rglob("*.html"))) == []


def test_new_translation_writes_a_draft_that_blocks_nobody(tmp_path):
    zuimei = os.environ.get("ZUIMEI", str(ROOT / ".build/debug/zuimei"))
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    result = subprocess.run([zuimei, "new", "translation", "2021/hotan-example-maimaiti", "ug", "--content", str(content)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = content / "stories/2021/hotan-example-maimaiti/index.ug.md"
    assert written.exists() and "draft: true" in written.read_text()
    out = tmp_path / "site"
    result = subprocess.run([zuimei, "build", "--content", str(content), "--output", str(out), "--date", "2021-11-20"],
                            capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert not (out / "ug/stories/2021/hotan-example-maimaiti").exists()
    again = subprocess.run([zuimei, "new", "translation", "2021/hotan-example-maimaiti", "ug", "--content", str(content)],
                           capture_output=True, text=True)
    assert again.returncode != 0 and "already exists" in again.stderr


def test_axe_finds_no_violations_on_any_page_of_any_language(browser, site, html_files):
    import axe_playwright_python
    axe = (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    browser.set_window_size(1280, 900)
    found = {}
    for path in html_files:
        browser.get(path.as_uri())
        browser.execute_script(axe)
        violations = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))")
        if violations:
            found[str(path.relative_to(site))] = violations
    assert len(html_files) > 70
    assert found == {}


def test_the_uyghur_search_finds_the_uyghur_story_from_its_own_index(browser, site):
    from urllib.parse import quote
    browser.get_log("browser")  # drop messages of earlier pages (the 404 page's absolute links)
    browser.get((site / "ug/search/index.html").as_uri() + "?q=" + quote("ئايشەم"))
    browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const wait = () => document.querySelector('#search-results li a') ? done() : setTimeout(wait, 50);
        wait();
    """)
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "#search-results li h2 a")]
    assert len(links) == 1 and links[0].endswith("/ug/stories/2021/ili-example-ayixiamu/index.html")
    # In Uyghur: the status line is the Uyghur table's, and the Chinese index is not the one read.
    status = browser.find_element("id", "search-status").text
    assert ARABIC.search(status) and not HAN.search(status)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
