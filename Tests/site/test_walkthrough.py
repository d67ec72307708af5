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

import pytest

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


@pytest.mark.parametrize("locale", ["C.UTF-8", "zh_CN.UTF-8"])
def test_the_readme_walk_through_publishes_a_story_with_a_draft_left_in_place(tmp_path, locale):
    """As written, in the C locale and in a Chinese one (where every line is Chinese)."""
    commands = readme_commands()
    env = {**os.environ, "LC_ALL": locale}
    assert [c.split()[:2] for c in commands] == [["zuimei", "new"], ["zuimei", "serve"], ["zuimei", "check"], ["make", "site"]]
    shutil.copytree(ROOT / "Content", tmp_path / "Content")

    def run(command, **kwargs):
        words = command.split()
        return subprocess.run([ZUIMEI] + words[1:], cwd=tmp_path, capture_output=True, text=True, env=env, **kwargs)

    # 1. The new story, as written; and an unfinished draft beside it, never touched again.
    made = run(commands[0])
    assert made.returncode == 0, made.stderr
    story = tmp_path / "Content/stories/2021/ili-example/index.md"
    assert "status: draft" in story.read_text()
    assert run("zuimei new story 2021/unfinished-draft").returncode == 0

    # 2. The preview server, as written but on a free port (8080 may be taken on a test machine).
    port = free_port()
    server = subprocess.Popen([ZUIMEI] + commands[1].split()[1:] + ["--port", str(port)], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and "http://" not in server.stderr.readline():
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
    assert "unfinished-draft/index.md" in checked.stdout and re.search(r"warning: .*\[missing-key\]", checked.stdout)
    assert commands[3] == "make site" and "or: zuimei build" in (ROOT / "README.md").read_text()
    built = run("zuimei build")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site/stories/2021/ili-example/index.html").exists()
    assert not (tmp_path / "site/stories/2021/unfinished-draft").exists()


def translation_section():
    section = re.search(r"^## Translations: Uyghur and Kazakh editions\n(.*?)^## ", (ROOT / "README.md").read_text(),
                        flags=re.S | re.M).group(1)
    languages = re.search(r"```yaml\n(languages:.*?)```", section, flags=re.S).group(1)
    commands = [line.split("#", 1)[0].strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)
                for line in block.splitlines() if line.split("#", 1)[0].strip()]
    return languages, commands


def test_the_readme_translation_recipe_runs_as_written_on_the_sample_and_on_a_new_site(tmp_path):
    languages, commands = translation_section()
    assert [c.split()[:3] for c in commands] == [["zuimei", "new", "translation"]]

    def run(command, cwd):
        words = command.split()
        return subprocess.run([ZUIMEI] + words[1:], cwd=cwd, capture_output=True, text=True)

    # On the sample, the README's command as written: a draft that blocks nobody.
    sample = tmp_path / "sample"
    shutil.copytree(ROOT / "Content", sample / "Content")
    made = run(commands[0], sample)
    assert made.returncode == 0, made.stderr
    story_id, language = commands[0].split()[3:5]
    written = sample / "Content/stories" / story_id / f"index.{language}.md"
    assert "draft: true" in written.read_text()
    assert run("zuimei check", sample).returncode == 0

    # On a site made with `zuimei new site`: the README's languages block added to site.yml,
    # then the same command for the new site's own story, translated and published.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert run("zuimei new site Content", fresh).returncode == 0
    site_yml = fresh / "Content/site.yml"
    site_yml.write_text(site_yml.read_text() + languages)
    assert run("zuimei check", fresh).returncode == 0
    own = next((fresh / "Content/stories").glob("*/*/index.md")).parent
    own_id = f"{own.parent.name}/{own.name}"
    made = run(f"zuimei new translation {own_id} {language}", fresh)
    assert made.returncode == 0, made.stderr
    translation = own / f"index.{language}.md"
    text = translation.read_text().replace("draft: true\n", "").replace('title: ""', 'title: "ماۋزۇ"', 1)
    text = re.sub(r'(?m)^(\w+): ""\n', "", text)  # the fields left untranslated are the original's
    translation.write_text(text + "\nتېكىست.\n")
    checked = run("zuimei check", fresh)
    assert checked.returncode == 0 and "error" not in checked.stdout.replace("0 errors", ""), checked.stdout
    built = subprocess.run([ZUIMEI, "build", "--date", "2026-12-31"], cwd=fresh, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    page = fresh / "site" / language / "stories" / own_id / "index.html"
    assert page.exists() and 'lang="ug" dir="rtl"' in page.read_text()
