"""zuimei serve: pages, live reload after an edit, the error overlay after a
broken save, every traversal form refused, Ctrl-C stops it cleanly; and the
zuimei new scaffolds build and pass zuimei check once filled in."""
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from helpers import ROOT, ZUIMEI, free_port, zuimei

STORY = "stories/2021/changji-example-ma-jing/index.md"


@pytest.fixture
def server(tmp_path):
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    port = free_port()
    process = subprocess.Popen([ZUIMEI, "serve", "--content", str(content), "--port", str(port), "--date", "2021-11-20"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stderr.readline()
        lines.append(line)
        if "serving" in line:
            break
    else:
        process.kill()
        pytest.fail("".join(lines))
    assert "built in memory" in lines[-1], lines[-1]
    for _ in range(200):  # the server says it listens once it does; this only guards a slow machine
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    threading.Thread(target=lambda: [lines.append(l) for l in process.stderr], daemon=True).start()
    yield {"port": port, "content": content, "process": process, "log": lines}
    if process.poll() is None:
        process.kill()


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read().decode(errors="replace")


def raw_get(port, path):
    """Sends the path exactly as written, with no client-side normalisation."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read().decode(errors="replace")


def raw_status_and_location(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.getheader("Location")


def version(port):
    return json.loads(get(port, "/__zuimei/poll?since=-1")[2])["version"]


def wait_for(port, since, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        status = json.loads(get(port, f"/__zuimei/poll?since={since}")[2])
        if status["version"] != since:
            return status
    pytest.fail("no rebuild")


def test_serves_pages_with_the_live_reload_script(server):
    status, kind, body = get(server["port"], "/")
    assert status == 200 and kind.startswith("text/html")
    assert "zuimei serve: live reload" in body and "最美基层高校毕业生" in body
    assert get(server["port"], "/stories/2021/ili-example-ayixiamu/")[0] == 200
    assert get(server["port"], "/assets/style.css")[1].startswith("text/css")
    assert get(server["port"], "/feed.xml")[1].startswith("application/xml")
    assert get(server["port"], "/stories/2021/ili-example-ayixiamu/photo.jpg")[1] == "image/jpeg"
    assert get(server["port"], "/favicon.svg")[1] == "image/svg+xml"
    status, kind, body = get(server["port"], "/no/such/page/")
    assert status == 404 and "页面未找到" in body


def test_the_wechat_export_is_served_beside_the_site(server):
    """A team copies a story into the WeChat editor straight from the preview (issue 27)."""
    status, kind, body = get(server["port"], "/__zuimei/wechat/")
    assert status == 200 and kind.startswith("text/html") and "2021/ili-example-ayixiamu/index.html" in body
    status, kind, body = get(server["port"], "/__zuimei/wechat/2021/ili-example-ayixiamu/index.html")
    assert status == 200 and '<section id="wechat-article">' in body and "复制正文" in body
    status, kind, body = get(server["port"], "/__zuimei/wechat/ug/2021/ili-example-ayixiamu/weibo.txt")
    assert status == 200 and body.rstrip().endswith("/ug/stories/2021/ili-example-ayixiamu/")


def test_a_directory_without_its_slash_is_redirected(server):
    status, location = raw_status_and_location(server["port"], "/stories/2021/ili-example-ayixiamu?x=1")
    assert status == 301 and location == "/stories/2021/ili-example-ayixiamu/?x=1"
    # From the slash form, the page's relative photo resolves beside it.
    assert get(server["port"], "/stories/2021/ili-example-ayixiamu/photo.jpg")[0] == 200


def test_the_built_site_never_carries_the_live_reload_script(tmp_path):
    zuimei("build", "--content", ROOT / "Content", "--output", tmp_path / "out", "--date", "2021-11-20")
    assert "live reload" not in (tmp_path / "out/index.html").read_text()


def test_an_edit_rebuilds_and_reloads_and_a_broken_save_shows_the_overlay(server):
    port, story = server["port"], server["content"] / STORY
    before = version(port)
    story.write_text(story.read_text().replace("title: ", "title: \"【已修改】\" #", 1))
    status = wait_for(port, before)
    assert status["errors"] == []
    assert "【已修改】" in get(port, "/stories/2021/changji-example-ma-jing/")[2]
    # The story's WeChat export page and Weibo text are made again with it; another story's are the same.
    assert "【已修改】" in get(port, "/__zuimei/wechat/2021/changji-example-ma-jing/index.html")[2]
    assert "【已修改】" in get(port, "/__zuimei/wechat/2021/changji-example-ma-jing/weibo.txt")[2]
    assert "【已修改】" not in get(port, "/__zuimei/wechat/2021/ili-example-ayixiamu/index.html")[2]

    story.write_text(story.read_text().replace("\ndate: ", "\ndate: 2021-13-45\nold_date: ", 1))
    broken = wait_for(port, status["version"])
    assert broken["errors"], broken
    assert any(re.search(r"changji-example-ma-jing/index\.md:\d+:\d+: error: .*\[bad-date\]", e) for e in broken["errors"])
    status_code, _, page = get(port, "/stories/2021/changji-example-ma-jing/")
    assert status_code == 200 and "【已修改】" in page  # the last good build is still served
    assert "bad-date" in page                           # with the errors for the overlay
    assert any("bad-date" in line for line in server["log"])  # and printed in the terminal

    story.write_text(story.read_text().replace("\ndate: 2021-13-45\nold_date: ", "\ndate: ", 1))
    fixed = wait_for(port, broken["version"])
    assert fixed["errors"] == []


@pytest.mark.parametrize("path", [
    "/../../../../etc/hostname", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/hostname", "/%2E%2E/%2E%2E/etc/passwd",
    "/stories/..%2f..%2f..%2f..%2fetc%2fhostname", "/..%5c..%5c..%5cetc%5chostname", "/assets/../../../etc/hostname",
    "/escape/hostname",
])
def test_every_traversal_form_is_refused(server, path):
    # The site is in memory: only the build's own files are there to serve.
    status, body = raw_get(server["port"], path)
    assert status == 404
    assert "root:" not in body and open("/etc/hostname").read().strip() not in body.split("<")[0]


def test_drafts_are_served_with_the_banner(tmp_path):
    port = free_port()
    process = subprocess.Popen([ZUIMEI, "serve", "--content", str(ROOT / "Content"), "--port", str(port),
                                "--date", "2021-11-20", "--drafts"], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(1000):
            line = process.stderr.readline()
            if "serving" in line or (not line and process.poll() is not None):
                break
        assert process.poll() is None, "zuimei serve --drafts exited"
        status, _, body = get(port, "/stories/2021/aksu-example-li-na/")
        assert status == 200 and "预览 · 未审核" in body
    finally:
        process.kill()


def test_ctrl_c_stops_the_server_and_leaves_no_directory(server):
    pid = server["process"].pid
    server["process"].send_signal(signal.SIGINT)
    assert server["process"].wait(timeout=30) == 0
    # It built into memory: nothing in the temporary folder (as the old zuimei-serve-<pid> was).
    temporary = pathlib.Path(os.environ.get("TMPDIR", "/tmp"))
    assert not list(temporary.glob(f"zuimei-serve-{pid}*"))


def test_new_site_builds_and_passes_check(tmp_path):
    site = tmp_path / "newsite" / "Content"  # new site DIR writes DIR/Content
    zuimei("new", "site", tmp_path / "newsite")
    assert zuimei("check", "--content", site).returncode == 0
    zuimei("build", "--content", site, "--output", tmp_path / "out")
    assert (tmp_path / "out" / "index.html").is_file()


def test_new_story_and_edition_pass_check_once_filled_in(tmp_path):
    site = tmp_path / "newsite" / "Content"  # new site DIR writes DIR/Content
    zuimei("new", "site", tmp_path / "newsite")
    year = next(p.stem for p in (site / "editions").glob("*.yml"))
    edition = zuimei("new", "edition", str(int(year) + 1), "--content", site)
    assert "wrote" in edition.stdout
    made = zuimei("new", "story", f"{year}/ili-example", "--name", "示例", "--prefecture", "伊犁哈萨克自治州", "--content", site)
    path = site / "stories" / year / "ili-example" / "index.md"
    assert str(path) in made.stdout
    text = path.read_text()
    assert "status: draft" in text and "# 出生年月" in text and 'prefecture: "伊犁哈萨克自治州"' in text
    # A draft's gaps are warnings: work in progress never stops a build; --strict holds them.
    unfilled = zuimei("check", "--content", site, check=False)
    assert unfilled.returncode == 0 and "warning: required key" in unfilled.stdout and "[missing-key]" in unfilled.stdout
    assert zuimei("check", "--strict", "--content", site, check=False).returncode == 1
    for key, value in {"born": f"{int(year) - 28}-03", "university": "新疆大学", "graduated": f"{int(year) - 6}",
                       "workplace": "某村委会", "grassroots_since": f"{int(year) - 6}-09"}.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, flags=re.M)
    path.write_text(text)
    filled = zuimei("check", "--content", site, check=False)
    assert filled.returncode == 0, filled.stdout
    # Never overwrites; checks the prefecture against site.yml.
    again = zuimei("new", "story", f"{year}/ili-example", "--content", site, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr
    typo = zuimei("new", "story", f"{year}/other", "--prefecture", "伊犁哈萨克自治洲", "--content", site, check=False)
    assert typo.returncode == 1 and "did you mean 伊犁哈萨克自治州" in typo.stderr
    assert zuimei("new", "edition", year, "--content", site, check=False).returncode == 1
    # A story for next year's edition is dated from its publicity stage, not today: approved
    # early, it still waits for the stage; a year with no edition is refused, saying how.
    later = zuimei("new", "story", f"{int(year) + 1}/kashgar-later", "--content", site)
    assert f"date: {int(year) + 1}-08-01" in later.stdout
    assert f"\ndate: {int(year) + 1}-08-01\n" in (site / "stories" / str(int(year) + 1) / "kashgar-later" / "index.md").read_text()
    none = zuimei("new", "story", f"{int(year) + 2}/nowhere", "--content", site, check=False)
    assert none.returncode == 1 and f"zuimei new edition {int(year) + 2}" in none.stderr
    assert not (site / "stories" / str(int(year) + 2)).exists()


def test_a_name_that_is_not_this_machine_is_refused(server):
    """DNS rebinding: a page on another site whose name now resolves to 127.0.0.1 must not
    read the preview (drafts included)."""
    def with_host(host):
        connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
        connection.putrequest("GET", "/", skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    status, body = with_host(f"attacker.example:{server['port']}")
    assert status == 403 and "Host" in body and "<html" not in body
    assert with_host(f"localhost:{server['port']}")[0] == 200
    assert with_host(f"127.0.0.1:{server['port']}")[0] == 200


def test_a_port_that_is_taken_fails_at_once(tmp_path):
    """Another program listens on the port: serve says so and exits 1 at once, instead of
    building, saying nothing and hanging while the other program answers."""
    taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = subprocess.run([ZUIMEI, "serve", "--content", str(ROOT / "Content"), "--port", str(port), "--date", "2021-11-20"],
                                capture_output=True, text=True, timeout=20)
    finally:
        taken.close()
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr and "--port" in result.stderr
    assert "serving" not in result.stderr


def test_requests_are_logged_only_with_verbose(tmp_path):
    """The log (stdout and stderr) says where the site is, the rebuilds and the problems; every
    connection and request only with --verbose."""
    def run(*flags):
        port = free_port()
        process = subprocess.Popen([ZUIMEI, "serve", "--content", str(ROOT / "Content"), "--port", str(port),
                                    "--date", "2021-11-20", *flags], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            lines = []
            deadline = time.time() + 120
            while time.time() < deadline and not any("serving" in line for line in lines):
                lines.append(process.stdout.readline())
            threading.Thread(target=lambda: [lines.append(l) for l in process.stdout], daemon=True).start()
            for _ in range(3):
                assert get(port, "/")[0] == 200
            time.sleep(0.5)
            return "".join(lines)
        finally:
            process.kill()
    quiet, verbose = run(), run("--verbose")
    assert "serving" in quiet
    assert "FlyingFox" not in quiet and "GET /" not in quiet and "connection" not in quiet, quiet
    assert "GET /" in verbose, verbose


def raw_exchange(port, data, timeout=5.0):
    """Sends raw bytes and reads until the server closes or `timeout` passes; returns the
    first response's status (None if none came), the bytes, whether the server closed, and
    the seconds taken."""
    start = time.time()
    received, closed = b"", False
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(data)
        while time.time() - start < timeout:
            connection.settimeout(max(0.01, timeout - (time.time() - start)))
            try:
                chunk = connection.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
    match = re.match(rb"HTTP/1\.1 (\d{3}) ", received)
    return (int(match.group(1)) if match else None), received, closed, time.time() - start


def test_a_request_with_two_host_lines_or_none_is_refused(server):
    """RFC 9112 §3.2: more than one Host line, or none in HTTP/1.1, is a 400, never the page
    (a Host allow-list that reads one of two lines can be passed by the other)."""
    port = server["port"]
    for request in [b"GET / HTTP/1.1\r\nHost: evil.com\r\nHost: 127.0.0.1\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.com\r\n\r\n",
                    b"GET / HTTP/1.1\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b\r\n  folded\r\n\r\n"]:
        status, body, closed, _ = raw_exchange(port, request)
        assert status == 400 and closed, (request, body[:300])
        assert "最美" not in body.decode(errors="replace")
    status, body, _, _ = raw_exchange(port, b"GET / HTTP/1.0\r\n\r\n")  # HTTP/1.0 tools send no Host
    assert status == 200 and "最美" in body.decode(errors="replace")
    status, body, closed, _ = raw_exchange(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
    assert status == 431 and closed, body[:300]


def test_a_client_that_stalls_mid_request_is_dropped(server):
    """Half a request head, then nothing: the connection is closed after the head timeout
    (10 s), not held open for ever."""
    status, body, closed, seconds = raw_exchange(server["port"], b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-", timeout=20)
    assert closed and seconds < 15, (seconds, body)
    assert status in (None, 408), body
