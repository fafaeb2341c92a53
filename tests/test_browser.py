"""The served dashboard in real headless Chromium (Debian's, driven by Playwright)."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import serving

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def served(demo_warehouse):
    """`skp serve` on a free port, as a user starts it."""
    with serving(["serve", "--warehouse", str(demo_warehouse)], "/_stcore/health") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_overblik_in_a_real_browser(served, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1300})
    page.goto(served)
    metric = page.get_by_test_id("stMetric").filter(has_text="Borgere i kontakt")
    metric.get_by_test_id("stMetricValue").get_by_text("55").wait_for(timeout=30_000)
    assert "+8 fra 2009" in metric.inner_text()
    page.locator("canvas, svg.marks").first.wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "overblik.png", full_page=True)
    page.close()
