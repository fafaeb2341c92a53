"""The served dashboard in real headless Chromium (Debian's, driven by Playwright)."""

import itertools
import json
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from report.texts import TEXT
from tests.conftest import report, run, serving

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def served(demo_warehouse):
    """`skp serve` on a free port, as a user starts it."""
    with serving(["serve", "--warehouse", str(demo_warehouse)], "/_stcore/health") as url:
        yield url


def citizens_metric(page):
    return page.get_by_test_id("stMetric").filter(has_text="Borgere i kontakt").first


def wait_for_value(page, value: str) -> None:
    metric = citizens_metric(page)
    metric.get_by_test_id("stMetricValue").get_by_text(value, exact=True).wait_for(timeout=30_000)


def choose(page, widget: str, label: str, option: str) -> None:
    """Pick an option of a sidebar selectbox or multiselect, as a user clicks it."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id(widget).filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_a_manager_finds_filters_shares_and_downloads(served, browser, demo_warehouse, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1300}, accept_downloads=True)
    page.goto(served)
    wait_for_value(page, "55")
    citizens = citizens_metric(page)
    assert citizens.get_by_test_id("stMetricDelta").inner_text() == "+8"
    assert citizens.get_by_test_id("stMetricDeltaDescription").inner_text() == "fra 2009"
    page.locator("canvas, svg.marks").first.wait_for(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "overblik.png", full_page=True)
    # a screen reader reads each chart by its title and its bars as shown, once
    charts = page.get_by_test_id("stVegaLiteChart")
    origin = charts.and_(page.locator('[aria-label^="Hvor kommer borgerne fra. "]'))
    origin.wait_for(timeout=30_000)
    assert "RAS: 14" in origin.get_attribute("aria-label")
    assert not charts.locator("[aria-label*='shown']").count()  # no bar read out twice

    # another year, then a filter: the figures change as skp report says
    choose(page, "stSelectbox", "År", "2009")
    wait_for_value(page, str(report(demo_warehouse, 2009)["citizens"]["total"]))
    choose(page, "stMultiSelect", "Køn", "Kvinde")
    women = shown_report(demo_warehouse, "--year", "2009", "--gender", "K")
    wait_for_value(page, str(women["citizens"]["total"]))
    page.wait_for_function("() => location.search.includes('gender=K')", timeout=30_000)
    assert "year=2009" in page.url

    # the link reproduces the view in a new tab
    link = page.url
    other = browser.new_page(viewport={"width": 1400, "height": 1300})
    other.goto(link)
    wait_for_value(other, str(women["citizens"]["total"]))
    other.close()

    # a page's own link opens that page inside the app's navigation
    other = browser.new_page(viewport={"width": 1400, "height": 1300})
    other.goto(f"{served}/bolig?year=2010")
    other.get_by_role("heading", name="Bolig").first.wait_for(timeout=30_000)
    nav = other.get_by_test_id("stSidebarNav")
    nav.get_by_text("Overblik", exact=True).wait_for(timeout=30_000)
    assert "streamlit app" not in nav.inner_text().lower()
    other.close()

    # every page, with the filter still in effect; the CSV of a chart is what it shows
    for title, name in [
        ("Henvendelser", "henvendelser"),
        ("Forløb", "forloeb"),
        ("Kontakter", "kontakter"),
        ("Målgruppe", "maalgruppe"),
        ("Bolig", "bolig"),
        ("Datakvalitet", "datakvalitet"),
    ]:
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
        if name != "datakvalitet":
            # a chart, or the sentence that stands for one whose counts are all hidden
            chart = page.locator("canvas, svg.marks").first
            words = page.get_by_text(TEXT["nothing_shown"][0]).first
            chart.or_(words).first.wait_for(timeout=30_000)
            page.get_by_text("Filtreret: Køn: Kvinde").first.wait_for(timeout=30_000)
        if name == "kontakter":
            with page.expect_download() as download:
                page.get_by_test_id("stDownloadButton").filter(
                    has_text="Hent tal (CSV)"
                ).first.click()
            # named after what it holds; a BOM, so that Danish Excel reads æøå
            name = download.value.suggested_filename
            assert name == "kontakter-efter-kontaktform_2009_koen-K.csv", name
            raw = Path(download.value.path()).read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf")
            csv = raw.decode("utf-8-sig").splitlines()
            assert csv[0] == "Kontaktform;Antal"
            expected = women["contacts"]["by_form"]
            assert len(csv) - 1 == len(expected)
            shown = {line.rsplit(";", 1)[1] for line in csv[1:]}
            assert shown == {str(v) for v in expected.values()}
        page.wait_for_timeout(500)
        # headings start at the page's H1 and never skip a level (the sidebar has none)
        levels = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
            ".filter(h => h.offsetParent !== null).map(h => +h.tagName[1])"
        )
        assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    page.close()


def shown_report(warehouse, *args) -> dict:
    result = run("report", "--suppress", "--warehouse", warehouse, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_board_pdf_downloads_for_the_view_in_effect(served, browser, demo_warehouse):
    page = browser.new_page(viewport={"width": 1400, "height": 1300}, accept_downloads=True)
    page.goto(f"{served}/?year=2010&gender=K")
    women = shown_report(demo_warehouse, "--year", "2010", "--gender", "K")
    wait_for_value(page, str(women["citizens"]["total"]))
    with page.expect_download() as download:
        page.get_by_test_id("stSidebar").get_by_role("button", name="Statusrapport (PDF)").click()
    assert download.value.suggested_filename == "statusrapport_2010_koen-K.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", download.value.path(), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    text = " ".join(text.split())
    assert "Statusrapport 2010" in text and "Afgrænset til: Køn: Kvinde" in text
    total = women["citizens"]["total"]
    assert f"Teamet har haft kontakt til {total} borgere i 2010" in text
    page.close()


def test_meeting_mode_steps_through_on_a_projector(served, browser, demo_warehouse):
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("moede-*.png"):
        old.unlink()
    # a projector: 1280 x 720, no sidebar, big type
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{served}/moede?year=2010")
    page.get_by_text("1 af 8", exact=True).wait_for(timeout=30_000)
    # the page's style hides the sidebar once the browser applies it (under load, a moment
    # after the first slide is drawn)
    page.get_by_test_id("stSidebar").wait_for(state="hidden", timeout=10_000)
    board = shown_report(demo_warehouse, "--year", "2010")
    for number in range(1, 9):
        page.get_by_text(f"{number} af 8", exact=True).wait_for(timeout=30_000)
        if number in (3, 4, 5, 7):  # the chart slides
            page.locator("canvas, svg.marks").first.wait_for(timeout=30_000)
        page.wait_for_timeout(300)
        page.screenshot(path=ARTIFACTS / f"moede-{number}.png")
        # each slide: its title the page's one heading, the period shown, and the change of
        # slide told to a screen reader from one polite live region
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_count(1)
        expect(page.get_by_text("Periode: 01-01-2010 – 31-12-2010")).to_be_visible()
        live = page.locator("#skp-live[role=status][aria-live=polite]")
        expect(live).to_have_text(f"Dias {number} af 8: {heading.inner_text()}")
        if number > 1:  # Næste was clicked or an arrow pressed: the focus stays on the buttons
            focused = page.evaluate("document.activeElement.innerText")
            assert focused.split()[0] in ("Næste", "Forrige"), focused
        if number == 2:
            figure = page.locator(".skp-slide-figure")
            assert figure.inner_text() == str(board["citizens"]["total"])
            size = figure.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 100  # readable from the back of the room
        if number < 8:
            # a presenter's clicker sends the arrow keys; a mouse clicks Næste
            if number % 2:
                page.keyboard.press("ArrowRight")
            else:
                page.get_by_role("button", name="Næste").click()
    page.keyboard.press("ArrowLeft")
    page.get_by_text("7 af 8", exact=True).wait_for(timeout=30_000)
    # while a rerun redraws the slide, the old link may linger beside the new one for a moment
    leave = page.get_by_text("Afslut mødevisning")
    expect(leave).to_have_count(1, timeout=30_000)
    leave.click()
    page.get_by_test_id("stSidebar").wait_for(timeout=30_000)
    wait_for_value(page, str(board["citizens"]["total"]))
    page.close()
