"""sitemap.xml is valid sitemaps.org XML and every loc maps to a file of the site."""
import lxml.etree

BASE = "https://example.org/zuimei/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_every_loc_maps_to_a_file(site):
    tree = lxml.etree.parse(str(site / "sitemap.xml"))
    assert tree.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [loc.text for loc in tree.findall("s:url/s:loc", NS)]
    assert len(locs) == len(set(locs)) > 30
    for loc in locs:
        assert loc.startswith(BASE), loc
        path = loc[len(BASE):]
        target = site / path / "index.html" if path.endswith("/") or path == "" else site / path
        assert target.is_file(), loc
    for lastmod in tree.findall("s:url/s:lastmod", NS):
        assert len(lastmod.text) == 10 and lastmod.text[4] == "-"


def test_robots_points_at_the_sitemap(site):
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text()


def test_the_video_story_lists_its_video_with_the_video_extension(site):
    ns = dict(NS, v="http://www.google.com/schemas/sitemap-video/1.1")
    tree = lxml.etree.parse(str(site / "sitemap.xml"))
    videos = tree.findall("s:url/v:video", ns)
    assert len(videos) == 1
    page = videos[0].getparent().findtext("s:loc", namespaces=ns)
    assert page == BASE + "stories/2021/hotan-example-maimaiti/"
    for field, name in (("v:thumbnail_loc", "video-poster.jpg"), ("v:content_loc", "video.webm")):
        url = videos[0].findtext(field, namespaces=ns)
        assert url == page + name and (site / url[len(BASE):]).is_file()
    assert videos[0].findtext("v:title", namespaces=ns).startswith("示例视频")
    assert 0 < len(videos[0].findtext("v:description", namespaces=ns)) <= 2048
