"""Every feed parses with feedparser (no bozo flag) and passes strict RSS checks."""
import email.utils
from urllib.parse import urlparse

import feedparser
import lxml.etree
import lxml.html

BASE = "https://example.org/zuimei/"
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}


def test_there_is_a_feed_for_the_site_study_and_every_section(site, feed_files):
    names = {str(path.relative_to(site)) for path in feed_files}
    assert {"feed.xml", "study/feed.xml", "editions/2021/feed.xml", "prefectures/ili/feed.xml",
            "programs/serve-the-west/feed.xml", "fields/education/feed.xml"} <= names


def test_feedparser_reads_every_feed_without_complaint(feed_files):
    for path in feed_files:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version == "rss20", path
        # Nothing of the study material is translated in the sample: those two feeds are empty (and valid).
        assert parsed.entries or path.as_posix().endswith(("/ug/study/feed.xml", "/kk/study/feed.xml")), path


def absolute(url):
    parts = urlparse(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def test_strict_rss_checks(site, feed_files):
    for path in feed_files:
        tree = lxml.etree.parse(str(path))
        channel = tree.getroot().find("channel")
        assert tree.getroot().get("version") == "2.0"
        for required in ("title", "link", "description"):
            assert (channel.findtext(required) or "").strip(), f"{path}: no {required}"
        self_link = channel.find("atom:link", NS)
        assert self_link is not None and self_link.get("rel") == "self", path
        assert self_link.get("href") == BASE + str(path.relative_to(site)), path
        guids = [item.findtext("guid") for item in channel.findall("item")]
        assert len(guids) == len(set(guids)), f"{path}: duplicate guids"
        for item in channel.findall("item"):
            assert absolute(item.findtext("link")), path
            assert absolute(item.findtext("guid")), path
            email.utils.parsedate_to_datetime(item.findtext("pubDate"))  # raises unless RFC 822
            assert item.findtext("pubDate").endswith("+0800")
            content = item.findtext("content:encoded", namespaces=NS)
            assert content, f"{path}: no content:encoded"
            document = lxml.html.fromstring(f"<div>{content}</div>")
            for element in document.iter():
                for attribute in ("href", "src"):
                    value = element.get(attribute)
                    if value is not None:
                        assert absolute(value), f"{path}: relative {attribute}={value!r} in {item.findtext('link')}"
            enclosure = item.find("enclosure")
            if enclosure is not None:
                assert absolute(enclosure.get("url")) and int(enclosure.get("length")) > 0


def test_the_site_feed_carries_the_latest_stories_newest_first(site):
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    dates = [entry.published_parsed for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len(parsed.entries) == 6


def test_a_video_story_encloses_its_video_with_its_real_length(site):
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    story = BASE + "stories/2021/hotan-example-maimaiti/"
    entry = next(e for e in parsed.entries if e.link == story)
    assert [(e.href, e.type) for e in entry.enclosures] == [(story + "video.webm", "video/webm")]
    video = site / "stories/2021/hotan-example-maimaiti/video.webm"
    assert int(entry.enclosures[0].length) == video.stat().st_size
