"""End-to-end checks of a built site with real tools: the W3C Nu HTML checker,
feedparser and lxml, headless Chromium and axe-core.

The site under test is the sample Content/ built by the real zuimei binary
(ZUIMEI, default .build/debug/zuimei) on a date in the study stage, when every
kind of page exists."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD_DATE = os.environ.get("SITE_TEST_DATE", "2021-11-20")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    zuimei = os.environ.get("ZUIMEI", str(ROOT / ".build/debug/zuimei"))
    out = tmp_path_factory.mktemp("build") / "site"
    result = subprocess.run(
        [zuimei, "build", "--content", str(ROOT / "Content"), "--output", str(out), "--date", BUILD_DATE],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The sample's one diagnostic: its base_url is a placeholder (example.org).
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].endswith("[base-url-placeholder]") and lines[1] == "0 errors, 1 warning", result.stderr
    return out


@pytest.fixture(scope="session")
def html_files(site):
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="session")
def feed_files(site):
    return sorted(site.rglob("feed.xml"))


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="zuimei-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", f"--user-data-dir={profile}", "--lang=zh-CN"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
