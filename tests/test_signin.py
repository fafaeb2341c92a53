"""Sign-in, roles and the audit log, end to end: a real OpenID Connect provider on loopback
(oidc-provider-mock), `skp serve --auth` as an operator starts it, and headless Chromium
signing in as a board member, a manager, a steward and a user with no role."""

import json
import secrets
from pathlib import Path
from urllib.parse import quote

import httpx
import oidc_provider_mock
import pytest
from playwright.sync_api import expect

from tests.conftest import free_port, run, serving
from tests.test_accessibility import violations
from tests.test_browser import wait_for_value

USERS = {  # sub -> the claims the provider puts in the ID token
    "bo": {"name": "Bo Bestyrelse", "email": "bo@kommune.dk", "roles": ["SKP.Board"]},
    "mia": {"name": "Mia Leder", "email": "mia@kommune.dk", "roles": ["SKP.Manager"]},
    # several roles: the widest counts
    "sif": {
        "name": "Sif Data",
        "email": "sif@kommune.dk",
        "roles": ["SKP.Board", "SKP.DataSteward"],
    },
    "nn": {"name": "Nanna Uden", "email": "nn@kommune.dk", "roles": ["Andet.System"]},
}


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        url = f"http://localhost:{server.server_port}"
        for sub, claims in USERS.items():
            httpx.put(f"{url}/users/{quote(sub)}", json=claims).raise_for_status()
        yield url


def auth_file(folder: Path, provider: str, port: int) -> Path:
    path = folder / "auth.toml"
    path.write_text(
        f"""[oidc]
server_metadata_url = "{provider}/.well-known/openid-configuration"
client_id = "skp-indblik"
client_secret = "{secrets.token_hex(16)}"
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(24)}"

[roles]
claim = "roles"
board = ["SKP.Board"]
manager = ["SKP.Manager"]
steward = ["SKP.DataSteward"]
contact = "Lene i SKP-teamet"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def signed(provider, demo_warehouse, tmp_path_factory):
    """`skp serve --auth FILE --host 0.0.0.0`: another address than loopback, with sign-in."""
    port = free_port()
    auth = auth_file(tmp_path_factory.mktemp("auth"), provider, port)
    args = ["serve", "--warehouse", str(demo_warehouse), "--auth", str(auth), "--host", "0.0.0.0"]
    with pytest.MonkeyPatch.context() as env:
        # the municipality shows its own staff exact figures; a board is suppressed anyway
        env.setenv("SKP_SUPPRESSION_THRESHOLD", "0")
        with serving(args, "/_stcore/health", port=port) as url:
            yield url, auth


def sign_in(browser, url: str, provider: str, sub: str):
    """A fresh browser signs in as `sub` through the provider's form, as a user would."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.get_by_role("button", name="Log ind").wait_for(timeout=30_000)
    # the sign-in page is a page too: WCAG 2.1 AA, in Danish (tests/test_accessibility.py)
    expect(page.locator("html")).to_have_attribute("lang", "da", timeout=10_000)
    assert not violations(page)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{provider}/oauth2/authorize*", timeout=30_000)
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    return page


def nav_titles(page) -> str:
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_text("Overblik", exact=True).wait_for(timeout=30_000)
    return nav.inner_text()


def entries(warehouse, sub: str) -> list[dict]:
    result = run("audit", "--user", sub, "--format", "json", "--warehouse", warehouse)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_board_member_sees_suppressed_figures_and_no_data_quality(
    signed,
    provider,
    browser,
    demo_warehouse,
):
    url, _ = signed
    page = sign_in(browser, url, provider, "bo")
    shown = json.loads(
        run("report", "--year", "2010", "--suppress", "--warehouse", demo_warehouse).output
    )
    assert "Datakvalitet" not in nav_titles(page)
    assert "Indlæs data" not in nav_titles(page)  # the steward's
    assert "Mødevisning" in nav_titles(page)
    page.goto(f"{url}/?year=2010")
    wait_for_value(page, str(shown["citizens"]["total"]))
    page.get_by_text("Logget ind som Bo Bestyrelse").wait_for(timeout=30_000)
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert "Datointerval" not in sidebar  # a board takes standard periods only
    page.goto(f"{url}/henvendelser?year=2010")
    page.get_by_role("heading", name="Henvendelser").first.wait_for(timeout=30_000)
    page.get_by_text("<5").first.wait_for(timeout=30_000)  # suppressed, at the board's threshold
    # a page the role may not see: its URL shows none of its data
    page.goto(f"{url}/datakvalitet")
    page.get_by_role("heading", name="Overblik").first.wait_for(timeout=30_000)
    for heading in ("Seneste indlæsninger", "Afviste rækker"):
        assert not page.get_by_role("heading", name=heading).count(), heading
    page.context.close()
    log = entries(demo_warehouse, "bo")
    assert {"sign_in", "page"} <= {e["event"] for e in log}
    assert ("refused", "datakvalitet") in [(e["event"], e["page"]) for e in log]
    assert {e["role"] for e in log} == {"board"}
    assert {e["name"] for e in log} == {"Bo Bestyrelse"}
    views = [json.loads(e["detail"]) for e in log if e["event"] == "page"]
    assert {"period": {"from": "2010-01-01", "to": "2010-12-31"}, "filters": {}} in views


def test_a_manager_sees_summaries_but_no_rows_and_downloads_are_logged(
    signed,
    provider,
    browser,
    demo_warehouse,
):
    url, _ = signed
    page = sign_in(browser, url, provider, "mia")
    assert "Datakvalitet" in nav_titles(page)
    assert "Indlæs data" not in nav_titles(page)
    page.goto(f"{url}/indlaes")  # a steward's page: its URL uploads nothing for a manager
    page.get_by_role("heading", name="Overblik").first.wait_for(timeout=30_000)
    assert not page.get_by_test_id("stFileUploader").count()
    page.goto(f"{url}/datakvalitet")
    page.get_by_text("Seneste indlæsninger").first.wait_for(timeout=30_000)
    page.get_by_text("vises kun for dataansvarlige").first.wait_for(timeout=30_000)
    for heading in ("Afviste rækker", "Ukendte koder", "Revisionslog"):
        assert not page.get_by_role("heading", name=heading).count(), heading
    page.goto(f"{url}/henvendelser?year=2010")  # the screen's threshold, 0 here: exact
    page.get_by_role("heading", name="Henvendelser").first.wait_for(timeout=30_000)
    page.locator("svg.marks").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert "<5" not in page.inner_text("body")
    page.goto(f"{url}/kontakter?year=2010&gender=K")
    page.get_by_role("heading", name="Kontakter").first.wait_for(timeout=30_000)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Hent tal (CSV)").first.click()
    assert download.value.suggested_filename == "kontakter-efter-kontaktform_2010_koen-K.csv"
    with page.expect_download() as pdf:
        page.get_by_test_id("stSidebar").get_by_role("button", name="Statusrapport (PDF)").click()
    assert pdf.value.suggested_filename == "statusrapport_2010_koen-K.pdf"
    page.wait_for_timeout(1500)
    page.context.close()
    log = entries(demo_warehouse, "mia@kommune.dk")
    downloads = [
        json.loads(e["detail"]) | {"page": e["page"]} for e in log if e["event"] == "download"
    ]
    assert downloads, log
    assert [d["what"] for d in downloads[-2:]] == [
        "kontakter-efter-kontaktform_2010_koen-K.csv",
        "statusrapport_2010_koen-K.pdf",
    ]
    assert downloads[-1]["filters"] == {"gender": ["K"]} and downloads[-1]["page"] == "kontakter"
    assert ("refused", "indlaes") in [(e["event"], e["page"]) for e in log]


def test_a_steward_sees_rows_and_the_audit_log_then_signs_out(
    signed,
    provider,
    browser,
    demo_warehouse,
):
    url, _ = signed
    page = sign_in(browser, url, provider, "sif")
    assert "Indlæs data" in nav_titles(page)
    page.goto(f"{url}/datakvalitet")
    page.get_by_role("heading", name="Afviste rækker").first.wait_for(timeout=30_000)
    page.get_by_role("heading", name="Revisionslog").first.wait_for(timeout=30_000)
    page.get_by_text("Logget ind som Sif Data").wait_for(timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    # Streamlit ends the provider's session too (OpenID Connect RP-initiated logout): the
    # provider asks to confirm, then sends the browser back
    page.wait_for_url(f"{provider}/oauth2/end_session*", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Log ind").wait_for(timeout=30_000)
    page.goto(f"{url}/datakvalitet")  # signed out: the sign-in page, nothing else
    page.get_by_role("button", name="Log ind").wait_for(timeout=30_000)
    assert not page.get_by_test_id("stSidebarNav").count()
    page.context.close()
    log = entries(demo_warehouse, "sif")
    assert [e["event"] for e in log][-1] == "sign_out"
    assert {e["role"] for e in log} == {"steward"}


def test_a_user_without_a_role_sees_nothing_but_whom_to_ask(
    signed,
    provider,
    browser,
    demo_warehouse,
):
    url, _ = signed
    page = sign_in(browser, url, provider, "nn")
    page.get_by_role("heading", name="Ingen adgang").wait_for(timeout=30_000)
    page.get_by_text("Lene i SKP-teamet").wait_for(timeout=30_000)
    expect(page.locator("html")).to_have_attribute("lang", "da", timeout=10_000)
    assert not violations(page)
    for path in ("/", "/overblik", "/datakvalitet", "/moede"):
        page.goto(url + path)
        page.get_by_role("heading", name="Ingen adgang").wait_for(timeout=30_000)
        assert not page.get_by_test_id("stSidebarNav").count()
        assert not page.get_by_test_id("stMetric").count()
    page.context.close()
    log = entries(demo_warehouse, "nn")
    assert "refused" in [e["event"] for e in log]
    assert "page" not in [e["event"] for e in log]


def test_the_secrets_stay_out_of_the_repository_and_the_logs(signed, demo_warehouse):
    """Streamlit's secrets are written to the warehouse's private folder, readable by its
    owner only, and appear in no audit entry."""
    _, auth = signed
    secret = next(
        line.split('"')[1] for line in auth.read_text().splitlines() if "client_secret" in line
    )
    from warehouse.storage import Warehouse

    written = Warehouse(Path(demo_warehouse)).private / "serve" / "secrets.toml"
    assert written.stat().st_mode & 0o777 == 0o600
    assert secret in written.read_text()
    repo = Path(__file__).resolve().parents[1]
    assert not list(repo.rglob("secrets.toml"))
    log = run("audit", "--warehouse", demo_warehouse).output
    assert secret not in log


def test_serve_refuses_a_broken_auth_file(tmp_path, demo_warehouse):
    broken = tmp_path / "auth.toml"
    broken.write_text('[oidc]\nclient_id = "x"\n[roles]\nboard = ["A"]\n')
    result = run("serve", "--warehouse", demo_warehouse, "--auth", broken, "--host", "0.0.0.0")
    assert result.exit_code != 0
    assert "server_metadata_url" in result.output and str(broken) in result.output
