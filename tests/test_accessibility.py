"""WCAG 2.1 AA, checked with axe-core (the copy in axe-playwright-python) in Debian's Chromium:
every page in both languages, on a desktop and 320 px wide (WCAG's reflow width), and the
sidebar's widgets opened. A violation of the project's own content fails the test; one that
Streamlit's own markup causes must be listed, with its reason, in the accessibility statement
(docs/tilgaengelighedserklaering.md), or it fails too."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app import access
from tests.conftest import serving

STATEMENT = Path(__file__).resolve().parents[1] / "docs" / "tilgaengelighedserklaering.md"
PAGES = list(access.PAGES)  # every page of the navigation
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()


@pytest.fixture(scope="module")
def served(demo_warehouse):
    with serving(["serve", "--warehouse", str(demo_warehouse)], "/_stcore/health") as url:
        yield url


def streamlit_own() -> dict[str, str]:
    """The statement's table of violations Streamlit's own markup causes: axe rule id and a
    CSS selector fragment of the element (`rule` | `selector` | reason)."""
    rows = re.findall(r"^\| `([\w-]+)` \| `([^`]+)` \|", STATEMENT.read_text(), re.MULTILINE)
    return {f"{rule} {selector}": rule for rule, selector in rows}


def violations(page) -> list[str]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now, as 'rule target: message', less
    those the statement lists as Streamlit's own."""
    result = AXE.run(page, options=WCAG_21_AA).response
    known = streamlit_own()
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            target = " ".join(node["target"])
            if any(
                key.startswith(violation["id"] + " ") and key.split(" ", 1)[1] in target
                for key in known
            ):
                continue
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            message = checks[0]["message"] if checks else violation["help"]
            found.append(f"{violation['id']} {target}: {message} ({node['html'][:120]})")
    return found


def settled(page) -> None:
    """The page drawn: its H1 shown, no rerun running, every chart rendered."""
    page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]"
        ".every(chart => chart.querySelector('svg'))",
        timeout=30_000,
    )
    page.wait_for_timeout(500)


def still(page) -> None:
    """No transition or animation running: a list that fades in is checked as it is shown,
    not half transparent (axe measured a half-drawn option's contrast once in CI)."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=10_000
    )


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_page_meets_wcag_21_aa(served, browser, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    found = {}
    for name in PAGES:
        path = "" if name == "overblik" else name  # the default page's address is /
        page.goto(f"{served}/{path}?year=2010" + ("&lang=en" if lang == "en" else ""))
        settled(page)
        # the page says which language it is in (Streamlit writes "en" into every page; the
        # page's script sets it once it has run, so the check waits for it)
        expect(page.locator("html"), name).to_have_attribute("lang", lang, timeout=10_000)
        if problems := violations(page):
            found[name] = problems
    page.close()
    assert not found, found


def test_the_sidebars_widgets_opened_meet_wcag_21_aa(served, browser):
    """A date range and filters from a link, then a filter's list and the calendar open."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served}/?from=2010-03-01&to=2010-08-31&gender=K")
    settled(page)
    found = {"range and filter": violations(page)}
    sidebar = page.get_by_test_id("stSidebar")
    ages = sidebar.get_by_test_id("stMultiSelect").filter(has_text="Aldersgruppe").first
    # in the middle of the screen, as a user would scroll it: at its bottom edge the list
    # would open below the window
    ages.evaluate("element => element.scrollIntoView({block: 'center'})")
    ages.click()
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    # Streamlit's own "Select all" option is in English: the app turns it off
    assert "Select all" not in listbox.inner_text()
    still(page)
    found["filter list open"] = violations(page)
    page.keyboard.press("Escape")
    sidebar.get_by_test_id("stDateInput").first.click()
    page.get_by_role("grid").first.wait_for()
    still(page)
    found["calendar open"] = violations(page)
    page.close()
    assert not any(found.values()), found


def test_the_statement_is_linked_from_the_readme():
    readme = (STATEMENT.parents[1] / "README.md").read_text()
    assert "docs/tilgaengelighedserklaering.md" in readme
    assert "Tilgængelighedserklæring" in STATEMENT.read_text()


def test_the_check_finds_what_it_should(browser):
    """The check is not blind: an image without alt text and grey text on white fail it."""
    page = browser.new_page()
    page.set_content(
        '<html lang="da"><body><main><h1>Prøve</h1><img src="data:,">'
        '<p style="color:#828180">Periode: 01-01-2010 – 31-12-2010</p></main></body></html>'
    )
    found = " ".join(violations(page))
    page.close()
    assert "image-alt" in found
    assert "color-contrast" in found
