"""The served blog in headless Chromium: pages render, media loads, math, dark mode, gallery, live reload."""
from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urljoin

import pytest

pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium==4.51.0)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]

# Waits for every <img> and <video> (lazy ones made eager) and reports their natural sizes.
_MEDIA_JS = """
const done = arguments[arguments.length - 1];
const images = [...document.images], videos = [...document.querySelectorAll("video")];
const settle = (el, ready, events) => ready ? null : new Promise(r => events.forEach(e => el.addEventListener(e, r)));
images.forEach(i => { i.loading = "eager"; });
videos.forEach(v => { if (v.readyState < 1) { v.preload = "auto"; v.load(); } });
Promise.all([
  ...images.map(i => settle(i, i.complete, ["load", "error"])),
  ...videos.map(v => settle(v, v.readyState >= 1, ["loadedmetadata", "error"])),
]).then(() => done({
  images: images.map(i => [i.currentSrc, i.naturalWidth]),
  videos: videos.map(v => [v.currentSrc || v.querySelector("source")?.src, v.videoWidth]),
}));
"""


def open_page(browser, blog, path: str) -> None:
    """Load a site path (without baseurl) and wait for the document to be complete."""
    browser.get(urljoin(blog.url, path.lstrip("/")))
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def console_errors(browser) -> list[str]:
    """SEVERE console entries (errors, failed loads) since the last call."""
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def post_titles() -> list[str]:
    """Titles of the real posts in site_src/_posts (front matter `title:`)."""
    titles = []
    for path in sorted((REPO / "site_src" / "_posts").glob("*.md")):
        for line in path.read_text().splitlines()[1:]:
            if line.startswith("title:"):
                titles.append(line.split(":", 1)[1].strip().strip("\"'"))
                break
    return titles


def fixture_post_path(browser, blog) -> str:
    """The fixture post's URL path, found through its link on the index."""
    open_page(browser, blog, "/")
    return browser.find_element(By.LINK_TEXT, "Browser fixture").get_attribute("href")


def pages(browser, blog) -> list[str]:
    """Every page the media and console checks visit: index, each post, /runs/ and the fixture run."""
    open_page(browser, blog, "/")
    links = [browser.find_element(By.LINK_TEXT, title).get_attribute("href")
             for title in post_titles() + ["Browser fixture"]]
    return [urljoin(blog.url, ".")] + links + [urljoin(blog.url, "runs/"), urljoin(blog.url, f"runs/{blog.run_id}/")]


def test_index_lists_the_posts_and_each_post_renders(browser, blog):
    titles = post_titles() + ["Browser fixture"]
    for title in titles:
        open_page(browser, blog, "/")
        browser.find_element(By.LINK_TEXT, title).click()
        WebDriverWait(browser, 10).until(lambda d: title in d.find_element(By.TAG_NAME, "h1").text)
        assert browser.find_element(By.TAG_NAME, "article").text.strip()
    assert browser.find_elements(By.CSS_SELECTOR, ".highlight pre, pre code")


def test_every_image_gif_and_video_loads(browser, blog):
    seen_images = seen_videos = 0
    for url in pages(browser, blog):
        browser.get(url)
        report = browser.execute_async_script(_MEDIA_JS)
        broken = [src for src, width in report["images"] + report["videos"] if not width]
        assert broken == [], f"{url}: media that did not load: {broken}"
        seen_images += len(report["images"])
        seen_videos += len(report["videos"])
    assert seen_images >= 4 and seen_videos >= 1


def test_no_console_errors(browser, blog):
    console_errors(browser)
    for url in pages(browser, blog):
        browser.get(url)
        WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(0.2)  # let deferred scripts (KaTeX, theme) run
        assert console_errors(browser) == [], url


def test_math_is_typeset(browser, blog):
    browser.get(fixture_post_path(browser, blog))
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".katex"))
    untyped = browser.execute_script(
        "return [...document.querySelectorAll('.math')].filter(m => !m.querySelector('.katex')).length")
    assert untyped == 0
    assert browser.find_elements(By.CSS_SELECTOR, ".math.display .katex-display")
    assert browser.find_elements(By.CSS_SELECTOR, ".math.inline .katex")


def _background(browser) -> str:
    return browser.execute_script("return getComputedStyle(document.body).backgroundColor")


def test_dark_mode_switches(browser, blog):
    browser.get(fixture_post_path(browser, blog))
    media = lambda scheme: browser.execute_cdp_cmd(  # noqa: E731
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        media("light")
        light = _background(browser)
        media("dark")
        dark = _background(browser)
        assert light != dark, "prefers-color-scheme: dark does not change the page background"
        toggles = browser.find_elements(By.CSS_SELECTOR, "[data-theme-toggle]")
        if toggles:
            toggles[0].click()
            assert _background(browser) == light, "the theme toggle does not switch dark → light"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        browser.execute_script("localStorage.clear(); sessionStorage.clear()")  # forget the toggle's choice


def test_gallery_links_to_the_run_page(browser, blog):
    open_page(browser, blog, "/runs/")
    browser.find_element(By.CSS_SELECTOR, f"a[href$='/runs/{blog.run_id}/']").click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith(f"/runs/{blog.run_id}/"))
    assert "Browser fixture run" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "img[src*='.gif'], video")
    browser.get(fixture_post_path(browser, blog))
    gallery_link = browser.find_element(By.CSS_SELECTOR, f"a[href$='/runs/{blog.run_id}/']")
    gallery_link.click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith(f"/runs/{blog.run_id}/"))


@pytest.mark.parametrize("name,width,height,mobile", [("desktop", 1280, 900, False), ("phone", 390, 844, True)])
def test_screenshots_and_no_sideways_scroll(browser, blog, name, width, height, mobile):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
    try:
        browser.get(fixture_post_path(browser, blog))
        browser.execute_async_script(_MEDIA_JS)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        path = blog.artifacts / f"post-{name}.png"
        assert browser.save_screenshot(str(path)) and path.stat().st_size > 1000
        assert overflow <= 0, f"{name}: the post scrolls sideways by {overflow}px"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_live_reload_after_an_edit(browser, blog):
    post = blog.src_dir / "_posts" / blog.fixture_post
    browser.get(fixture_post_path(browser, blog))
    time.sleep(0.3)  # the event stream connects
    marker = f"Edited at {time.time():.0f} for live reload."
    post.write_text(post.read_text() + f"\n{marker}\n")
    started = time.monotonic()
    WebDriverWait(browser, 2).until(lambda d: marker in d.find_element(By.TAG_NAME, "body").text)
    assert time.monotonic() - started < 2


def test_build_error_overlay_then_recovery(browser, blog):
    post = blog.src_dir / "_posts" / blog.fixture_post
    good = post.read_text()
    browser.get(fixture_post_path(browser, blog))
    time.sleep(0.3)
    post.write_text(good.replace("title: Browser fixture", "title: [unclosed"))
    try:
        overlay = WebDriverWait(browser, 3).until(lambda d: d.find_elements(By.ID, "sitegen-build-error"))
        assert blog.fixture_post in overlay[0].text
        assert "Browser fixture" in browser.find_element(By.TAG_NAME, "h1").text
    finally:
        post.write_text(good)
    WebDriverWait(browser, 3).until(lambda d: not d.find_elements(By.ID, "sitegen-build-error"))
