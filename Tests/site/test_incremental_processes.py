"""Issue 24, item 6: the incremental property through separate `zuimei build` processes.

Each round edits the content the way a media team does, then disturbs the next build the
way the world does: a build killed with SIGKILL at a random moment (while loading,
rendering, writing or installing), a cache file truncated or filled with garbage, a cache
written by an older Zuimei (another version string). Then an ordinary build must give,
byte for byte, what a clean build of the same content gives (SHA256SUMS and build.json
included), pass `zuimei verify`, and leave nothing beside the site. Seeded: a failure names
the seed and the round to replay (ZUIMEI_PROCESS_SEED, ZUIMEI_PROCESS_ROUNDS)."""
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import time

from helpers import ROOT, ZUIMEI, tree, zuimei

DATE = "2021-11-20"
ROUNDS = int(os.environ.get("ZUIMEI_PROCESS_ROUNDS", "10"))
SEED = int(os.environ.get("ZUIMEI_PROCESS_SEED", "20261207"))


def approved_stories(content):
    return sorted(p for p in content.rglob("*.md") if "stories" in p.parts and "\nstatus: approved\n" in p.read_text())


def edit(content, rng):
    story = rng.choice(approved_stories(content))
    text = story.read_text()
    kind = rng.choice(["body", "middle", "title"])
    if kind == "body":
        story.write_text(text + f"\n进程测试补充的一句话，第{rng.randrange(10**6)}号。\n")
    elif kind == "middle":
        end = text.index("\n---\n", 4) + 5
        at = end + rng.randrange(max(1, len(text) - end))
        while at < len(text) and text[at] != "\n":
            at += 1
        story.write_text(text[:at] + f"\n\n插入的一段，编号{rng.randrange(10**6)}。\n" + text[at:])
    else:
        story.write_text(re.sub(r"^title: .*$", f'title: "进程测试标题{rng.randrange(10**6)}"', text, count=1, flags=re.M))
    return f"{kind} of {story.name}"


def disturb(content, out, rng):
    cache = content.parent / ".zuimei-cache"
    kind = rng.choice(["kill", "kill", "truncate", "garbage", "old version"])
    if kind == "kill":
        process = subprocess.Popen([ZUIMEI, "build", "--content", str(content), "--output", str(out), "--date", DATE],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0.0, 2.5)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        return f"a build killed after {delay:.2f} s"
    files = sorted(p for p in cache.rglob("*") if p.is_file()) if cache.exists() else []
    if not files:
        return "no cache to damage"
    victim = rng.choice(files)
    data = victim.read_bytes()
    if kind == "truncate":
        victim.write_bytes(data[: rng.randrange(len(data) + 1)])
    elif kind == "garbage":
        victim.write_bytes(bytes(rng.randrange(256) for _ in range(max(1, len(data)))))
    else:
        victim.write_bytes(re.sub(rb'(zuimei-[a-z-]+ )(\d+)', rb'\g<1>0', data) if b"zuimei-" in data else data + b" ")
    return f"{kind}: {victim.relative_to(cache)}"


def test_builds_in_separate_processes_survive_kills_and_damaged_caches(tmp_path):
    rng = random.Random(SEED)
    project = tmp_path / "project"
    content = project / "Content"
    shutil.copytree(ROOT / "Content", content)
    out = project / "site"
    zuimei("build", "--content", content, "--output", out, "--date", DATE)
    for number in range(1, ROUNDS + 1):
        what = edit(content, rng)
        how = disturb(content, out, rng)
        context = f"seed {SEED}, round {number}: {what}; {how}"
        result = zuimei("build", "--content", content, "--output", out, "--date", DATE, check=False)
        assert result.returncode == 0, f"{context}: {result.stderr[-2000:]}"
        clean = tmp_path / f"clean-{number}"
        shutil.copytree(content, clean / "Content")
        zuimei("build", "--content", clean / "Content", "--output", clean / "site", "--date", DATE)
        built, expected = tree(out), tree(clean / "site")
        differing = sorted(p for p in set(built) | set(expected) if built.get(p) != expected.get(p))
        assert differing == [], f"{context}: {differing[:10]}"
        assert zuimei("verify", out, check=False).returncode == 0, context
        assert [p.name for p in project.iterdir() if p.name.startswith(".site.zuimei-")] == [], context
        shutil.rmtree(clean)
