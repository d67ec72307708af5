"""The README's "Writing a story" walk-through, run as written in a copy of the sample
content: `zuimei new story` with the README's arguments, the server, the fields filled in and
the story approved, `zuimei check`, and the build (`make site # or: zuimei build`, run as
zuimei build), with an unfinished draft left in place that blocks nobody."""
import os
import re
import shutil
import subprocess
import time
import urllib.request

from helpers import ROOT, ZUIMEI, free_port

ZUIMEI = os.path.abspath(ZUIMEI)  # the commands run in the copy's folder


def readme_commands():
    section = re.search(r"^## Writing a story\n(.*?)^## ", (ROOT / "README.md").read_text(), flags=re.S | re.M).group(1)
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if command:
                commands.append(command)
    return commands


def test_the_readme_walk_through_publishes_a_story_with_a_draft_left_in_place(tmp_path):
    commands = readme_commands()
    assert [c.split()[:2] for c in commands] == [["zuimei", "new"], ["zuimei", "serve"], ["zuimei", "check"], ["make", "site"]]
    shutil.copytree(ROOT / "Content", tmp_path / "Content")

    def run(command, **kwargs):
        words = command.split()
        return subprocess.run([ZUIMEI] + words[1:], cwd=tmp_path, capture_output=True, text=True, **kwargs)

    # 1. The new story, as written; and an unfinished draft beside it, never touched again.
    made = run(commands[0])
    assert made.returncode == 0, made.stderr
    story = tmp_path / "Content/stories/2021/ili-example/index.md"
    assert "status: draft" in story.read_text()
    assert run("zuimei new story 2021/unfinished-draft").returncode == 0

    # 2. The preview server, as written but on a free port (8080 may be taken on a test machine).
    port = free_port()
    server = subprocess.Popen([ZUIMEI] + commands[1].split()[1:] + ["--port", str(port)], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and "serving" not in server.stderr.readline():
            pass
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
    finally:
        server.kill()

    # 3. Fill in the fields marked 必填 and approve it, as the README says.
    text = story.read_text()
    for key, value in {"born": "1993-03", "university": '"新疆大学"', "graduated": "2014", "workplace": '"伊宁县某村委会"',
                       "grassroots_since": "2014-07", "status": "approved"}.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    story.write_text(text + "\n" + "她扎根基层，带领乡亲们发展庭院经济。" * 120 + "\n")

    # 4. check (exit 0: the draft's gaps are warnings), then the build.
    checked = run(commands[2])
    assert checked.returncode == 0, checked.stdout
    assert "unfinished-draft/index.md" in checked.stdout and "warning: required key" in checked.stdout
    assert commands[3] == "make site" and "or: zuimei build" in (ROOT / "README.md").read_text()
    built = run("zuimei build")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site/stories/2021/ili-example/index.html").exists()
    assert not (tmp_path / "site/stories/2021/unfinished-draft").exists()
