"""Run pages in headless Chromium: truth/sample toggle (runs.js), charts that follow the theme."""

from __future__ import annotations

import pytest

pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium==4.51.0)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.browser.test_browser_pages import console_errors, open_page  # noqa: E402

pytestmark = pytest.mark.browser


def _run_page(browser, blog) -> None:
    open_page(browser, blog, f"/runs/{blog.run_id}/")


def _shown(browser, selector: str) -> bool:
    script = (
        "const e = document.querySelector(arguments[0]);"
        "return !!e && getComputedStyle(e).display !== 'none'"
    )
    return browser.execute_script(script, selector)


def test_truth_toggle_swaps_the_sample_for_the_real_clip_and_back(browser, blog):
    console_errors(browser)
    _run_page(browser, blog)
    button = browser.find_element(By.CSS_SELECTOR, ".sample-pair[data-truth] .truth-toggle")
    assert button.text == "Show truth" and button.get_attribute("aria-pressed") == "false"
    button.click()
    WebDriverWait(browser, 5).until(
        lambda d: d.execute_script(
            "const i = document.querySelector('.sample-truth');"
            "return !!i && i.complete && i.naturalWidth > 0"
        )
    )
    assert _shown(browser, ".sample-truth") and not _shown(browser, ".sample-pair .sample-video")
    assert button.text == "Show sample" and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert _shown(browser, ".sample-pair .sample-video") and not _shown(browser, ".sample-truth")
    assert console_errors(browser) == []


def test_chart_text_takes_the_page_text_colour_in_both_themes(browser, blog):
    _run_page(browser, blog)
    # follow prefers-color-scheme, whatever an earlier test chose with the theme toggle
    browser.execute_script(
        "localStorage.removeItem('theme'); document.documentElement.removeAttribute('data-theme')"
    )
    colours = (
        "const t = document.querySelector('.chart-svg text');"
        "return [getComputedStyle(t).fill, getComputedStyle(document.body).color]"
    )
    emulate = lambda scheme: browser.execute_cdp_cmd(  # noqa: E731
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    try:
        emulate("light")
        light_fill, light_text = browser.execute_script(colours)
        emulate("dark")
        dark_fill, dark_text = browser.execute_script(colours)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert (light_fill, dark_fill) == (light_text, dark_text) and light_fill != dark_fill
    svg_filter = "return getComputedStyle(document.querySelector('.chart-svg')).filter"
    assert browser.execute_script(svg_filter) == "none"
