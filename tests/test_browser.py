"""The served dashboard in real headless Chromium (Debian's, driven by Playwright)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(demo_warehouse):
    """`skp serve` on a free port, as a user starts it."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "skp.cli",
            "serve",
            "--port",
            str(port),
            "--warehouse",
            str(demo_warehouse),
        ],
        env={**os.environ, "SKP_WAREHOUSE": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("skp serve did not answer within 60 s")
    yield url
    server.terminate()
    server.wait(timeout=20)


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
