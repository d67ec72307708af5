"""What a media team trips over on its second day (issue 26), in a real browser: the
breadcrumb's separator in right-to-left pages, a story page on a phone, the printed booklet."""


def test_right_to_left_breadcrumbs_point_toward_the_page_not_back_home(browser, site):
    for page, separator in [("stories/2021/ili-example-ayixiamu/index.html", "›"),
                            ("ug/stories/2021/ili-example-ayixiamu/index.html", "‹")]:
        browser.get((site / page).as_uri())
        shown = browser.execute_script(
            "const li = document.querySelector('.breadcrumb li + li');"
            "const style = getComputedStyle(li, '::before');"
            "return [style.content, style.direction, style.unicodeBidi];")
        # Isolated left to right: the glyph drawn is the one written, never mirrored again.
        assert shown == ['"' + separator + '"', "ltr", "isolate"], (page, shown)


def test_a_story_page_on_a_phone_shows_its_way_back_once(browser, site):
    browser.set_window_size(375, 812)
    browser.get((site / "stories/2021/ili-example-ayixiamu/index.html").as_uri())
    breadcrumb = browser.find_element("css selector", ".breadcrumb")
    assert breadcrumb.is_displayed()
    visible = [a.get_attribute("href") for a in browser.find_elements("css selector", "main a") if a.is_displayed()]
    crumbs = {a.get_attribute("href") for a in breadcrumb.find_elements("css selector", "a")}
    # Every link of the breadcrumb is on the screen once.
    for href in crumbs:
        assert visible.count(href) == 1, (href, visible.count(href))
