"""Pages open in headless Chromium without console errors, look right at phone
and desktop widths, and axe-core finds no accessibility violations."""
import os
import pathlib

import axe_playwright_python
import pytest

SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"
AXE = (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

PAGES = {
    "home": "index.html",
    "story": "stories/2021/ili-example-ayixiamu/index.html",
    "listing": "stories/index.html",
    "edition": "editions/2021/index.html",
    "study": "study/2021-learning-guide/index.html",
    "announcement": "editions/2021/announcement/index.html",
    "booklet": "study/booklet/index.html",
    "video": "stories/2021/hotan-example-maimaiti/index.html",
    "ug-home": "ug/index.html",
    "ug-story": "ug/stories/2021/ili-example-ayixiamu/index.html",
    "ug-announcement": "ug/editions/2021/announcement/index.html",
    "ug-about": "ug/about/index.html",
    "kk-story": "kk/stories/2021/altay-example-jianaerguli/index.html",
    "kk-untranslated": "kk/untranslated/index.html",
}


def open_page(browser, site, name, width=1280, height=900):
    browser.set_window_size(width, height)
    browser.get((site / PAGES[name]).as_uri())
    browser.get_log("browser")  # drop messages of earlier pages


@pytest.mark.parametrize("name", ["home", "story", "listing", "edition", "study", "video"])
def test_no_console_errors(browser, site, name):
    browser.set_window_size(1280, 900)
    browser.get_log("browser")
    browser.get((site / PAGES[name]).as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert browser.execute_script("return document.querySelectorAll('h1').length") == 1
    assert browser.execute_script("return document.documentElement.lang") == "zh-Hans"


@pytest.mark.parametrize("name", ["home", "story", "listing", "study", "edition", "announcement", "video",
                                  "ug-home", "ug-story", "ug-announcement", "ug-about", "kk-story", "kk-untranslated"])
def test_axe_finds_no_violations(browser, site, name):
    open_page(browser, site, name)
    browser.execute_script(AXE)
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', '))))")
    assert violations == []


@pytest.mark.parametrize("name", ["home", "story"])
@pytest.mark.parametrize("width,height,label", [(375, 812, "phone"), (1280, 900, "desktop")])
def test_pages_fit_phone_and_desktop_widths(browser, site, tmp_path, name, width, height, label):
    open_page(browser, site, name, width, height)
    inner = browser.execute_script("return document.documentElement.clientWidth")
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= inner, f"{name} scrolls sideways at {width}px"
    # Chinese text renders with a CJK font, not as empty boxes: a line of Han
    # characters is as wide as the same number of full-width characters.
    han = browser.execute_script(
        "const s = document.createElement('span'); s.textContent = '最美基层高校毕业生'; document.body.append(s);"
        "const w = s.getBoundingClientRect().width; s.remove(); return w")
    assert han > 0
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    target.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(target / f"{name}-{label}.png"))


def test_a_video_plays_with_its_captions_from_disk(browser, site):
    """The sample story's video, opened from file:// as a mirror on disk is: the captions
    track loads (its cues are there, no console error) and the video plays."""
    open_page(browser, site, "video")
    result = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const video = document.querySelector('video');
        const track = video.querySelector('track');
        track.track.mode = 'showing';
        const settle = () => done({ready: track.readyState, cues: track.track.cues ? track.track.cues.length : 0,
                                   first: track.track.cues && track.track.cues[0] ? track.track.cues[0].text : ''});
        if (track.readyState >= 2) settle(); else { track.addEventListener('load', settle); track.addEventListener('error', settle); }
    """)
    assert result == {"ready": 2, "cues": 2, "first": "清晨，买买提大夫出发入户随访。"}
    played = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const video = document.querySelector('video');
        video.muted = true;
        video.play().then(() => setTimeout(() => done([video.currentTime > 0, video.error]), 1000),
                          error => done([false, String(error)]));
    """)
    assert played == [True, None]
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_a_browser_that_takes_webp_gets_the_webp_size(browser, site):
    open_page(browser, site, "story", 375, 812)
    source = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const img = document.querySelector('.story-photo img');
        const report = () => done(img.currentSrc);
        if (img.complete) report(); else img.addEventListener('load', report);
    """)
    assert source.endswith(".webp"), source


def test_the_booklet_prints_its_contents_numbered_pages_and_each_question_once(browser, site):
    """Printed, the booklet keeps its table of contents, numbers its pages at the foot, and lists
    each discussion question once (not under every story it names). How few pages it takes is
    test_second_day's."""
    import base64
    import re
    open_page(browser, site, "booklet")
    text = browser.execute_script("return document.querySelector('main').innerText")
    questions = browser.execute_script(
        "return [...document.querySelectorAll('.booklet-questions li')].map(li => li.textContent)")
    assert questions and all(text.count(q) == 1 for q in questions), [q for q in questions if text.count(q) != 1]
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script("return getComputedStyle(document.querySelector('.booklet-toc')).display") != "none"
        assert browser.execute_script("return getComputedStyle(document.querySelector('.site-header')).display") == "none"
        css = (site / "assets/style.css").read_text()  # file:// hides a sheet's rules from scripts
        assert re.search(r"@page\s*\{[^}]*@bottom-center\s*\{[^}]*counter\(page\)", css)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3  # six stories run on, page after page
