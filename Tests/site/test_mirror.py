"""Mirror-readiness: the site served by nginx under a sub-path, crawled; a
wget --mirror copy served under another sub-path, crawled again and verified."""
import hashlib
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


def run_the_readmes_mirror_recipe(site, tmp_path):
    """The README's recipe, run as written against `site` served by nginx at /zuimei/ (as in the
    README); only the origin and the mirror's directory are substituted. Returns the copy, the
    environment the commands ran in (`zuimei` on PATH) and the result of the final verify."""
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
        return copy, env, final
    finally:
        server.stop()


def test_the_readmes_mirror_recipe_makes_a_whole_copy(site, tmp_path):
    """The crawl and then the files no page links to (the WebP sizes): a whole copy."""
    copy, _, final = run_the_readmes_mirror_recipe(site, tmp_path)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "0 missing, 0 changed, 0 extra" in final.stdout
    assert tree(copy) == tree(site)
    assert any(path.endswith(".webp") for path in tree(site))  # the second wget had something to do
    assert {"study/booklet.epub", "ug/study/booklet.epub"} <= set(tree(copy))  # the books, linked from the booklet pages


def test_the_readmes_mirror_recipe_never_writes_through_a_hard_link_out_of_the_copy(site, tmp_path):
    """A copy whose robots.txt is a hard link to a file outside it, older than the origin's:
    wget --timestamping would rewrite that file in place. The recipe's verify --to-fetch says so
    on stderr and prints nothing (the line fails under pipefail); the file outside is untouched."""
    copy, env, final = run_the_readmes_mirror_recipe(site, tmp_path)
    assert final.returncode == 0, final.stdout + final.stderr
    victim = tmp_path / "victim.txt"
    victim.write_text("not the site's\n")
    (copy / "robots.txt").unlink()
    os.link(victim, copy / "robots.txt")
    os.utime(victim, (946684800, 946684800))  # 2000-01-01
    server = Nginx(tmp_path / "nginx-again", {"/zuimei/": site})
    try:
        fetch = next(line for line in readme_mirror_recipe() if "--to-fetch" in line)
        fetch = fetch.replace("https://example.org/zuimei/", server.url("/zuimei/")).replace("/var/www/mirror/zuimei", str(copy))
        result = subprocess.run(["bash", "-o", "pipefail", "-c", fetch], env=env, capture_output=True, text=True, timeout=300)
    finally:
        server.stop()
    assert result.returncode == 1, result.stderr
    assert "robots.txt: error: changed, and it has 2 names (hard links)" in result.stderr
    assert victim.read_text() == "not the site's\n"
    assert os.stat(victim).st_mtime == 946684800


@pytest.fixture(scope="module")
def signed_site(tmp_path_factory):
    """The sample built as the README's "Signed checksums" says, with a key made by `zuimei key new`."""
    work = tmp_path_factory.mktemp("signed")
    zuimei("key", "new", work / "zuimei-site")
    out = work / "site"
    zuimei("build", "--content", ROOT / "Content", "--output", out, "--date", "2021-11-20",
           "--signing-key", work / "zuimei-site.key")
    assert (out / "SHA256SUMS.minisig").is_file()
    return out, work / "zuimei-site.pub"


def readme_signed_checks():
    """The README's two commands a mirror checks a signed copy with, as written."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"a mirror then checks either way:\n\n```sh\n(.*?)```", readme, flags=re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readmes_mirror_recipe_copies_a_signed_site_that_both_signature_checks_accept(signed_site, tmp_path):
    """The same recipe, as written, against a signed build served under a sub-path: the copy
    holds SHA256SUMS.minisig (no page but the footer links it, SHA256SUMS cannot list it), and
    the README's two checks, `zuimei verify --key` and Debian's `minisign -Vm`, both accept it."""
    site, public_key = signed_site
    copy, env, final = run_the_readmes_mirror_recipe(site, tmp_path)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "0 missing, 0 changed, 0 extra" in final.stdout
    assert tree(copy) == tree(site)
    assert "SHA256SUMS.minisig" in tree(copy)
    checks = readme_signed_checks()
    assert [c.split()[:2] for c in checks] == [["zuimei", "verify"], ["minisign", "-Vm"]]
    for check in checks:
        # As written; the public key is wherever the mirror keeps it, minisign runs in the copy.
        command = check.replace("zuimei-site.pub", str(public_key)).replace("/var/www/mirror/zuimei", str(copy))
        result = subprocess.run(["bash", "-c", command], cwd=copy, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    # The checks can fail: a page edited and re-hashed in SHA256SUMS is refused by both.
    page = copy / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    sums = copy / "SHA256SUMS"
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    sums.write_text(re.sub(r"(?m)^[0-9a-f]{64}(  index\.html)$", digest + r"\1", sums.read_text()))
    assert zuimei("verify", copy).returncode == 0
    for check in checks:
        command = check.replace("zuimei-site.pub", str(public_key)).replace("/var/www/mirror/zuimei", str(copy))
        result = subprocess.run(["bash", "-c", command], cwd=copy, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode != 0, command
