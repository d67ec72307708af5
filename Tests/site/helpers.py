"""Shared helpers: running zuimei, a private nginx, a crawler, file trees."""
import hashlib
import os
import pathlib
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import lxml.html

ROOT = pathlib.Path(__file__).resolve().parents[2]
ZUIMEI = os.environ.get("ZUIMEI", str(ROOT / ".build/debug/zuimei"))


def zuimei(*args, check=True, **kwargs):
    result = subprocess.run([ZUIMEI, *map(str, args)], capture_output=True, text=True, **kwargs)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def tree(root):
    """relative path -> sha256 of every regular file below root."""
    root = pathlib.Path(root)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def stats(root):
    """relative path -> (inode, mtime_ns) of every regular file below root."""
    root = pathlib.Path(root)
    return {str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx with a private configuration on 127.0.0.1 and a free port,
    serving directories under URL prefixes; stopped by its pid."""

    def __init__(self, workdir, locations, access_log=False):
        """With access_log, every response's URI and body bytes go to `self.access_log`."""
        self.port = free_port()
        self.dir = pathlib.Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        blocks = "\n".join(
            f"    location {prefix} {{ alias {path}/; error_page 404 {prefix}404.html; }}"
            for prefix, path in locations.items())
        mime = "/etc/nginx/mime.types"
        types = f"include {mime};" if os.path.exists(mime) else "types { text/html html; text/css css; application/xml xml; }"
        temp = "\n".join(f"  {name}_temp_path {self.dir}/{name};" for name in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        # As root, nginx's workers would drop to an unprivileged user that cannot
        # read the test's private temporary directories.
        user = "user root;" if os.geteuid() == 0 else ""
        (self.dir / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 64; }}
http {{
  {types}
  default_type application/octet-stream;
  {f"log_format sent '$request_uri $body_bytes_sent'; access_log {self.dir}/access.log sent;" if access_log else "access_log off;"}
{temp}
  server {{
    listen 127.0.0.1:{self.port};
{blocks}
  }}
}}
""")
        self.access_log = self.dir / "access.log" if access_log else None
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start: " + self.process.stderr.read().decode())

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def crawl(start, prefix, limit=5000):
    """Fetches start and every page, image, stylesheet and feed it links to
    below prefix. Returns (checked URLs, problems). A link that leaves the
    prefix on the same server is a problem: it breaks on a mirror."""
    start_parts = urllib.parse.urlsplit(start)
    seen, queue, problems = {start}, [start], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            problems.append(f"{error.code} {url}")
            continue
        if kind != "text/html":
            continue
        document = lxml.html.fromstring(body, base_url=url)
        for element, attribute, link, _ in document.iterlinks():
            if element.tag not in ("a", "link", "img", "script", "source", "video"):
                continue
            target = urllib.parse.urldefrag(urllib.parse.urljoin(url, link))[0]
            parts = urllib.parse.urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != start_parts.netloc:
                continue
            if not parts.path.startswith(prefix):
                problems.append(f"leaves {prefix}: {target} (from {url})")
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen, problems
