"""Mirror-readiness: the site served by nginx under a sub-path, crawled; a
wget --mirror copy served under another sub-path, crawled again and verified."""
import os
import pathlib
import re
import subprocess

import pytest

from helpers import ROOT, Nginx, crawl, tree, zuimei


@pytest.fixture(scope="module")
def mirrored(site, tmp_path_factory):
    work = tmp_path_factory.mktemp("mirror")
    copy = work / "copy"
    copy.mkdir()
    server = Nginx(work / "nginx", {"/mirror/zuimei/": site, "/other/place/copy/": copy})
    yield server, copy
    server.stop()


def test_every_link_under_a_sub_path_answers_200(mirrored):
    server, _ = mirrored
    checked, problems = crawl(server.url("/mirror/zuimei/index.html"), "/mirror/zuimei/")
    assert problems == []
    assert len(checked) > 70


def test_a_wget_mirror_under_another_sub_path_works_and_verifies(site, mirrored):
    server, copy = mirrored
    result = subprocess.run(
        ["wget", "--mirror", "--no-parent", "--no-host-directories", "--cut-dirs=2", "--quiet",
         "--directory-prefix", str(copy), server.url("/mirror/zuimei/")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 8), result.stderr  # 8: a server error response, e.g. /robots.txt at the root
    # What no page links to (the WebP sizes in <source srcset>, the search index the search
    # page loads from its script, each language's under its prefix), from the copy's own SHA256SUMS.
    to_fetch = zuimei("verify", copy, "--to-fetch").stdout
    assert to_fetch and all(line.endswith(".webp") or line.startswith(("search/", "ug/search/", "kk/search/"))
                            for line in to_fetch.splitlines())
    result = subprocess.run(
        ["wget", "--quiet", "--timestamping", "--force-directories", "--no-host-directories", "--cut-dirs=2",
         "--base", server.url("/mirror/zuimei/"), "--input-file=-"],
        input=to_fetch, cwd=copy, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert tree(copy) == tree(site)
    checked, problems = crawl(server.url("/other/place/copy/index.html"), "/other/place/copy/")
    assert problems == []
    assert len(checked) > 70
    verified = zuimei("verify", copy)
    assert "0 missing, 0 changed, 0 extra" in verified.stdout


def test_sha256sum_reads_the_checksums(site):
    result = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_verify_reports_a_damaged_copy(site, tmp_path):
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(site), str(copy)], check=True)
    (copy / "index.html").write_text("damaged")
    (copy / "robots.txt").unlink()
    (copy / "stray.txt").write_text("x")
    result = zuimei("verify", copy, check=False)
    assert result.returncode == 1
    assert "missing: robots.txt" in result.stdout
    assert "changed: index.html" in result.stdout
    assert "extra: stray.txt" in result.stdout


def readme_mirror_recipe():
    """The README's commands for a mirror over HTTP, as written (the rsync line is the other way)."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"On the mirror:\n\n```sh\n(.*?)```", readme, flags=re.S).group(1)
    commands = block.replace("\\\n", " ").splitlines()
    return [line for line in commands if line.strip() and not line.startswith("rsync")]


def test_the_readmes_mirror_recipe_makes_a_whole_copy(site, tmp_path):
    """The README's recipe, run as written against the site served by nginx (at /zuimei/, as in
    the README): the crawl and then the files no page links to (the WebP sizes), a whole copy."""
    copy = tmp_path / "var/www/mirror/zuimei"
    copy.parent.mkdir(parents=True)
    server = Nginx(tmp_path / "nginx", {"/zuimei/": site})
    try:
        origin = server.url("/zuimei/")
        script = "\n".join(readme_mirror_recipe()).replace("https://example.org/zuimei/", origin)
        script = script.replace("/var/www/mirror/zuimei", str(copy))
        binary = pathlib.Path(os.environ.get("ZUIMEI", ROOT / ".build/debug/zuimei")).resolve()
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "zuimei").symlink_to(binary)
        env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
        lines = script.splitlines()
        # Everything but the last line (the final verify) must succeed, wget's 8 (a 404 for
        # /robots.txt at the server's root) aside.
        for line in lines[:-1]:
            result = subprocess.run(["bash", "-o", "pipefail", "-c", line], env=env, capture_output=True, text=True, timeout=300)
            assert result.returncode in (0, 8), f"{line}\n{result.stderr}"
        final = subprocess.run(["bash", "-c", lines[-1]], env=env, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stdout + final.stderr
        assert "0 missing, 0 changed, 0 extra" in final.stdout
        assert tree(copy) == tree(site)
        assert any(path.endswith(".webp") for path in tree(site))  # the second wget had something to do
    finally:
        server.stop()
