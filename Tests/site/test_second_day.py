"""What a media team trips over on its second day (issue 26), in a real browser: the
breadcrumb's separator in right-to-left pages, a story page on a phone, the printed booklet."""


def test_right_to_left_breadcrumbs_point_toward_the_page_not_back_home(browser, site):
    for page, separator in [("stories/2021/ili-example-ayixiamu/index.html", "›"),
                            ("ug/stories/2021/ili-example-ayixiamu/index.html", "‹")]:
        browser.get((site / page).as_uri())
        shown = browser.execute_script(
            "const li = document.querySelector('.breadcrumb li + li');"
            "const style = getComputedStyle(li, '::before');"
            "return [style.content, style.direction, style.unicodeBidi];")
        # Isolated left to right: the glyph drawn is the one written, never mirrored again.
        assert shown == ['"' + separator + '"', "ltr", "isolate"], (page, shown)


def test_a_story_page_on_a_phone_shows_its_way_back_once(browser, site):
    browser.set_window_size(375, 812)
    browser.get((site / "stories/2021/ili-example-ayixiamu/index.html").as_uri())
    breadcrumb = browser.find_element("css selector", ".breadcrumb")
    assert breadcrumb.is_displayed()
    visible = [a.get_attribute("href") for a in browser.find_elements("css selector", "main a") if a.is_displayed()]
    crumbs = {a.get_attribute("href") for a in breadcrumb.find_elements("css selector", "a")}
    # Every link of the breadcrumb is on the screen once.
    for href in crumbs:
        assert visible.count(href) == 1, (href, visible.count(href))


def booklet_content(root, tmp_path):
    """The sample site with three stories of 1,500 characters, each with a portrait photo, and
    one study material asking three questions about them."""
    import shutil
    from PIL import Image
    content = tmp_path / "Content"
    shutil.copytree(root / "Content", content)
    for folder in ("stories/2021", "study", "pages"):
        shutil.rmtree(content / folder)
    (content / "stories/2021").mkdir(parents=True)
    (content / "study").mkdir()
    original = (root / "Content/stories/2021/ili-example-ayixiamu/index.md").read_text()
    front = original.split("\n---\n", 1)[0].split("\nprivate:\n")[0]
    sentences = ["清晨七点半，乡里的天刚蒙蒙亮，她已经站在学校门口迎接孩子们。",
                 "十年来，她走遍了全乡的每一户人家，把家访笔记写满了整整六本。",
                 "她把自己的工资拿出一部分，在学校里办起了一间小小的书屋。",
                 "在她的带动下，越来越多的年轻教师愿意留在乡村，扎根基层。"]
    for number, slug in enumerate(["a", "b", "c"]):
        folder = content / "stories/2021" / slug
        folder.mkdir()
        Image.new("RGB", (1200, 1600), (80 + number * 40, 120, 160)).save(folder / "photo.jpg", quality=80)
        text, paragraph, count = "", "", 0
        while len(text) < 1500:
            paragraph += sentences[count % 4]
            count += 1
            if len(paragraph) > 120:
                text += paragraph + "\n\n"
                paragraph = ""
        story = front.replace("【示例】", f"【示例{number + 1}】").replace("阿依夏木（示例）", f"人物{number + 1}（示例）")
        (folder / "index.md").write_text(story + "\n---\n" + text)
    (content / "study/guide.md").write_text(
        "---\ntitle: 学习指南\ndate: 2021-11-10\nstories: [2021/a, 2021/b, 2021/c]\n"
        "questions: [\"她为什么留在乡村？\", \"书屋带来了什么？\", \"我们能学到什么？\"]\n---\n学习三位人物的事迹。\n")
    return content


def test_the_printed_booklet_of_three_stories_takes_at_most_five_pages(browser, tmp_path):
    import base64
    import pathlib
    import os
    import re
    import subprocess
    from selenium.webdriver.common.print_page_options import PrintOptions
    from conftest import ROOT
    content = booklet_content(ROOT, tmp_path)
    out = tmp_path / "site"
    zuimei = os.environ.get("ZUIMEI", str(ROOT / ".build/debug/zuimei"))
    result = subprocess.run([zuimei, "build", "--content", str(content), "--output", str(out), "--date", "2021-11-20"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    browser.get((out / "study/booklet/index.html").as_uri())
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4
    pdf = base64.b64decode(browser.print_page(options))
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    if os.environ.get("BOOKLET_PDF"):
        pathlib.Path(os.environ["BOOKLET_PDF"]).write_bytes(pdf)
    assert 3 <= pages <= 5, f"{pages} pages"


def test_search_results_write_dates_as_every_page_does_and_do_not_repeat_the_title(browser, site):
    import re
    browser.get_log("browser")  # what earlier tests left in the log is theirs
    from urllib.parse import quote
    for page, query, pattern in [("search/index.html", "阿依夏木", r"\d{4}年\d{1,2}月\d{1,2}日"),
                                 ("ug/search/index.html", "ئايشەم", r"\d{4}-يىلى \d{1,2}-ئاينىڭ \d{1,2}-كۈنى")]:
        browser.get((site / page).as_uri() + "?q=" + quote(query))
        browser.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const wait = () => document.querySelector('#search-results li p:not(.meta)') ? done() : setTimeout(wait, 50);
            wait();
        """)
        first = browser.find_element("css selector", "#search-results li")
        time = first.find_element("css selector", "time")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", time.get_attribute("datetime"))
        assert re.fullmatch(pattern, time.text), (page, time.text)
        title = first.find_element("css selector", "h2").text
        passage = first.find_element("css selector", "p:not(.meta)").text
        assert not passage.lstrip("…").startswith(title[:10]), (page, passage[:40])
        assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
