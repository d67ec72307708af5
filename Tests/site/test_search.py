"""The search, in headless Chromium: every query of a query set built from the site's own
texts (names, places, programmes, substrings of 1 to 12 characters, absent strings, several
words, full-width and Latin case variants) returns exactly the stories whose text contains it
(recall and precision 100 % against a plain substring search), from file:// and from nginx
under a sub-path; the page has no axe violations with results shown."""
import json
import random
import re
import unicodedata
import zlib

import pytest

from helpers import Nginx

AXE_SCRIPT = None


def unpack(packed):
    """The index's packing (README, "Search"): seven bits a character, most significant first."""
    count, out, value, bits = len(packed) * 7 // 8, bytearray(), 0, 0
    for ch in packed:
        assert ord(ch) < 0x80 or 0x100 <= ord(ch) < 0x180, hex(ord(ch))
        value = value << 7 | (ord(ch) & 0x7F)
        bits += 7
        if bits >= 8:
            bits -= 8
            if len(out) < count:
                out.append(value >> bits & 0xFF)
            value &= (1 << bits) - 1
    return bytes(out)


def payload(path, call):
    """The data of one index file `ZuimeiSearch.<call>(<n>,"<packed>");`: (n, bytes)."""
    found = re.fullmatch(rf'ZuimeiSearch\.{call}\((?:(\d+),)?"([^"\\]*)"\);\n', path.read_text(encoding="utf-8"), flags=re.S)
    assert found, path
    return (int(found.group(1)) if found.group(1) else None), zlib.decompress(unpack(found.group(2)))


def load_meta(site):
    # The packed facets may hold control characters, which a JavaScript string may, strict JSON not.
    return json.loads(re.fullmatch(r"ZuimeiSearch\.meta\((.*)\);\n", (site / "search/meta.js").read_text(), flags=re.S).group(1), strict=False)


def load_index(site):
    """URL -> the text searched, from the index's own files (search/t/<id>.js: [url, date,
    title, summary, text]); search/urls.js lists the same URLs in the same order."""
    rows = {}
    for path in (site / "search/t").glob("*.js"):
        number, data = payload(path, "text")
        rows[number] = json.loads(data)
    _, data = payload(site / "search/urls.js", "urls")
    assert json.loads(data) == [rows[i][0] for i in range(len(rows))]
    return {row[0]: row[4] for row in rows.values()}


def is_latin(c):
    v = ord(c)
    return 0x41 <= v <= 0x5A or 0xC0 <= v <= 0xD6 or 0xD8 <= v <= 0xDE or 0x100 <= v <= 0x24F or 0x1E00 <= v <= 0x1EFF


def normalize(text):
    """NFKC per cluster (a character and the marks after it), Latin letters lower-cased: the
    normalisation the README documents, written again here from its description."""
    clusters, current = [], ""
    for ch in text:
        if current and not unicodedata.category(ch).startswith("M"):
            clusters.append(current)
            current = ""
        current += ch
    if current:
        clusters.append(current)
    out = []
    for cluster in clusters:
        for ch in unicodedata.normalize("NFKC", cluster):
            out.append(ch.lower() if is_latin(ch) else ch)
    return "".join(out)


def truth(texts, query):
    words = normalize(query).split()
    return sorted(url for url, text in texts.items() if words and all(w in normalize(text) for w in words))


def query_set(texts):
    rng = random.Random(20261130)
    queries = {"北京烤鸭", "zz不存在zz", "西部计划", "三支一扶", "乡村振兴", "伊宁县", "阿勒泰", "和田地区", "喀什", "大学生村官",
               "示例", "的", "。", "2012", "２０１２", "DNA", "dna", "卫生院 乡亲", "阿斯卡尔 西部计划", "数学 不存在的词"}
    all_text = list(texts.values())
    for text in all_text:
        first = text.split("\n")
        queries.add(first[1][:4])  # the name
        for length in range(1, 13):
            for _ in range(3):
                source = rng.choice(all_text)
                start = rng.randrange(0, max(1, len(source) - length))
                piece = source[start:start + length]
                if piece.strip() and "\n" not in piece:
                    queries.add(piece)
    return sorted(queries)


def run_queries(browser, url, queries):
    browser.get(url)
    return browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const queries = arguments[0];
        (async () => {
          const out = {};
          for (const q of queries) {
            const r = await ZuimeiSearch.query(q);
            if (r.count !== r.results.length) throw new Error('count');
            out[q] = r.results.slice().sort();
          }
          return out;
        })().then(done, e => done({error: String(e)}));
    """, queries)


@pytest.fixture(scope="module")
def texts(site):
    return load_index(site)


def check_all(browser, url, texts):
    queries = query_set(texts)
    assert len(queries) > 150
    browser.set_script_timeout(120)
    got = run_queries(browser, url, queries)
    assert "error" not in got, got
    wrong = {q: (got[q], truth(texts, q)) for q in queries if got[q] != truth(texts, q)}
    assert wrong == {}
    assert any(got[q] for q in queries) and any(not got[q] for q in queries)


def test_every_query_is_exact_from_disk(browser, site, texts):
    check_all(browser, (site / "search/index.html").as_uri(), texts)


def test_every_query_is_exact_over_nginx_under_a_sub_path(browser, site, texts, tmp_path):
    server = Nginx(tmp_path / "nginx", {"/mirror/zuimei/": site})
    try:
        check_all(browser, server.url("/mirror/zuimei/search/index.html"), texts)
    finally:
        server.stop()


def test_the_search_page_shows_ranked_results_with_the_match_marked(browser, site):
    browser.get((site / "search/index.html").as_uri() + "?q=%E9%98%BF%E6%96%AF%E5%8D%A1%E5%B0%94")  # 阿斯卡尔
    browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const wait = () => document.querySelector('#search-results li mark') ? done() : setTimeout(wait, 50);
        wait();
    """)
    status = browser.find_element("id", "search-status").text
    assert re.fullmatch(r"共 \d+ 条结果", status)
    first = browser.find_element("css selector", "#search-results li")
    assert "阿斯卡尔" in first.find_element("css selector", "h2").text  # the name's story first
    assert first.find_element("css selector", "mark").text == "阿斯卡尔"
    assert browser.find_element("id", "search-query").get_attribute("value") == "阿斯卡尔"
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_axe_finds_no_violations_on_the_search_page_with_results(browser, site):
    import pathlib

    import axe_playwright_python
    axe = (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    browser.get((site / "search/index.html").as_uri() + "?q=%E8%A5%BF%E9%83%A8")  # 西部
    browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const wait = () => document.querySelector('#search-results li p') ? done() : setTimeout(wait, 50);
        wait();
    """)
    browser.execute_script(axe)
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', '))))")
    assert violations == []


def test_a_sharded_index_is_exact_too(browser, tmp_path):
    """150 stories: the index is split into dozens of shards, so the browser's hash of a key
    must name the shard the build put it in (the sample site fits in one)."""
    from corpus import make_corpus
    from helpers import zuimei

    corpus = make_corpus(150, tmp_path / "corpus")
    site = tmp_path / "site"
    zuimei("build", "--content", corpus, "--output", site, "--date", "2026-01-01")
    meta = load_meta(site)
    assert meta["shards"] > 10
    texts = load_index(site)
    rng = random.Random(7)
    queries = sorted(query_set(texts))
    queries = rng.sample(queries, min(120, len(queries))) + ["北京烤鸭", "乡村振兴 滴灌"]
    browser.set_script_timeout(120)
    got = run_queries(browser, (site / "search/index.html").as_uri(), queries)
    assert "error" not in got, got
    wrong = {q: (got[q][:3], truth(texts, q)[:3]) for q in queries if got[q] != truth(texts, q)}
    assert wrong == {}


def test_filters_keep_only_the_matching_stories(browser, site, texts):
    browser.get((site / "search/index.html").as_uri())
    result = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all([ZuimeiSearch.query('示例'), ZuimeiSearch.query('示例', {prefecture: '和田地区'}),
                     ZuimeiSearch.query('示例', {edition: '2021', program: '三支一扶'}),
                     ZuimeiSearch.query('示例', {edition: '1999'})]).then(done, e => done(String(e)));
    """)
    everything, hotan, program, none = result
    assert everything["count"] == len(truth(texts, "示例")) > 3
    assert hotan["results"] == ["stories/2021/hotan-example-maimaiti/"]
    assert 0 < program["count"] < everything["count"]
    assert all("三支一扶" in texts[url] for url in program["results"])
    assert none == {"count": 0, "results": []}
