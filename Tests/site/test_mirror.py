"""Mirror-readiness: the site served by nginx under a sub-path, crawled; a
wget --mirror copy served under another sub-path, crawled again and verified."""
import subprocess

import pytest

from helpers import Nginx, crawl, tree, zuimei


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
