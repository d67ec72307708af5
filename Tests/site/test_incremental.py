"""Rsync-friendly, crash-safe writes: an edit rewrites exactly the files that
show it; a killed build leaves the old site whole; two builds never interleave."""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import time

import pytest

from corpus import make_corpus
from helpers import ROOT, ZUIMEI, stats, tree, zuimei
from test_search import payload

DATE = "2026-01-01"
MARKER = "这是增量构建测试加入的一句话，用来找出展示这篇故事正文的文件。"


def text_files(root):
    """Every text file as a reader sees it: a search text unpacked (test_search.payload)."""
    root = pathlib.Path(root)
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".js", ""):
            name = str(path.relative_to(root))
            if name.startswith("search/t/"):
                yield name, "\n".join(json.loads(payload(path, "text")[1]))
            else:
                yield name, path.read_text(errors="ignore")


def test_editing_one_story_rewrites_exactly_the_files_that_show_it(tmp_path):
    corpus = make_corpus(1000, tmp_path / "corpus")
    out = tmp_path / "site"
    zuimei("build", "--content", corpus, "--output", out, "--date", DATE)
    before = stats(out)
    story = next(p for p in sorted(corpus.glob("stories/*/*/index.md")) if "\nstatus: approved\n" in p.read_text())
    story.write_text(story.read_text() + "\n" + MARKER + "\n")
    zuimei("build", "--content", corpus, "--output", out, "--date", DATE)
    after = stats(out)
    assert set(after) == set(before)
    changed = {path for path in after if after[path] != before[path]}
    showing = {path for path, text in text_files(out) if MARKER in text}
    page = str(story.parent.relative_to(corpus)) + "/index.html"
    assert page in showing
    # The search index: the story's text (it shows the sentence) and the shards of the
    # sentence's characters, pairs and runs of three, nothing else.
    shards = {path for path in changed - showing if path.startswith("search/i/")}
    grams = set(MARKER) | {MARKER[i:i + n] for n in (2, 3) for i in range(len(MARKER) - n + 1)}
    assert 0 < len(shards) <= len(grams)
    assert changed == showing | shards | {"SHA256SUMS", "build.json"}
    assert len(changed - shards) < 20 < len(after)
    assert zuimei("verify", out).returncode == 0


def test_a_rebuild_with_nothing_changed_rewrites_nothing(tmp_path):
    out = tmp_path / "site"
    zuimei("build", "--content", ROOT / "Content", "--output", out, "--date", "2021-11-20")
    before = stats(out)
    result = zuimei("build", "--content", ROOT / "Content", "--output", out, "--date", "2021-11-20")
    assert stats(out) == before
    assert "is up to date" in result.stdout
    forced = zuimei("build", "--content", ROOT / "Content", "--output", out, "--date", "2021-11-20", "--force")
    assert stats(out) == before  # built again, and every file kept
    assert "(0 written," in forced.stdout


def test_the_up_to_date_check_notices_a_damaged_output(tmp_path):
    out = tmp_path / "site"
    zuimei("build", "--content", ROOT / "Content", "--output", out, "--date", "2021-11-20")
    (out / "robots.txt").unlink()
    result = zuimei("build", "--content", ROOT / "Content", "--output", out, "--date", "2021-11-20")
    assert "(1 written," in result.stdout
    assert zuimei("verify", out).returncode == 0


def start_paused(content, out, point):
    env = dict(os.environ, ZUIMEI_PAUSE_AT=point)
    process = subprocess.Popen([ZUIMEI, "build", "--content", str(content), "--output", str(out), "--date", "2021-11-20"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()
    assert f"paused at {point}" in line, line
    return process


@pytest.fixture
def built(tmp_path):
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    out = tmp_path / "site"
    zuimei("build", "--content", content, "--output", out, "--date", "2021-11-20")
    story = content / "stories/2021/changji-example-ma-jing/index.md"
    story.write_text(story.read_text() + "\n" + MARKER + "\n")
    return content, out


@pytest.mark.parametrize("point", ["render", "write", "swap"])
def test_a_build_killed_at_any_point_leaves_the_old_site_whole(built, point):
    content, out = built
    before = tree(out)
    process = start_paused(content, out, point)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert tree(out) == before
    assert zuimei("verify", out).returncode == 0
    # The next build cleans up what the killed one left and goes through.
    zuimei("build", "--content", content, "--output", out, "--date", "2021-11-20")
    assert [p.name for p in out.parent.iterdir() if "zuimei-tmp" in p.name or "zuimei-old" in p.name] == []
    assert MARKER in (out / "stories/2021/changji-example-ma-jing/index.html").read_text()
    assert zuimei("verify", out).returncode == 0


def test_a_build_killed_while_installing_is_finished_by_the_next(built):
    # Killed after it wrote its install list (every new file staged beside the site, the
    # private-data guard done): nothing half written; the next build moves the rest in first.
    content, out = built
    before = tree(out)
    process = start_paused(content, out, "install")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert [p.name for p in out.parent.iterdir() if "zuimei-install" in p.name] != []
    assert tree(out) == before  # paused before the first rename
    result = zuimei("build", "--content", content, "--output", out, "--date", "2021-11-20")
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".site.zuimei-")] == []
    assert MARKER in (out / "stories/2021/changji-example-ma-jing/index.html").read_text()
    assert zuimei("verify", out).returncode == 0
    # What it moved in is exactly the new site: the build after finds every file as it would write it.
    assert "(0 written," in result.stdout, result.stdout


def test_a_second_build_waits_for_the_first(built):
    content, out = built
    first = start_paused(content, out, "swap")
    second = subprocess.Popen([ZUIMEI, "build", "--content", str(content), "--output", str(out), "--date", "2021-11-20"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = second.stderr.readline()
    assert "another build is writing" in line
    time.sleep(0.5)
    assert second.poll() is None  # still waiting, not interleaving
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert second.wait(timeout=120) == 0
    assert zuimei("verify", out).returncode == 0
