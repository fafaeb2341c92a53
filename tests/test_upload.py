"""The Indlæs page: a steward drops an export in the browser, sees the dry run, confirms, and
the new figures are live; the files are gone from disk afterwards (app/upload.py)."""

import shutil
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from app import upload
from skp import audit
from tests.conftest import build_demo_warehouse, report, run, serving
from warehouse.storage import Warehouse

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def test_a_steward_uploads_an_export_checks_it_and_loads_it(tmp_path, browser):
    warehouse = build_demo_warehouse(tmp_path / "served")
    assert report(warehouse, 2010)["citizens"]["total"] == 55
    more = tmp_path / "more"
    assert run("demo", more, "--scale", 2).exit_code == 0  # twice the team
    bundle = tmp_path / "eksport.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in sorted(more.iterdir())[1:]:  # all but one file in the zip
            archive.write(path, f"eksport/{path.name}")
    first = sorted(more.iterdir())[0]

    with serving(["serve", "--warehouse", str(warehouse)], "/_stcore/health") as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        page.goto(f"{url}/indlaes")
        page.get_by_role("heading", name="Indlæs data").wait_for(timeout=30_000)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([first, bundle])
        checked = page.get_by_role("heading", name="Det ville blive indlæst")
        checked.wait_for(timeout=60_000)
        table = page.get_by_test_id("stDataFrame")
        expect(table).to_be_visible()
        # the demo's bad rows, in the files as the steward named them (a zip's by theirs)
        for name, n in (("borgere", 1), ("forloeb", 1), ("henvendelser", 2), ("kontakter", 4)):
            shown = f"Afviste rækker i {name}.csv (de første {n})"
            expect(page.get_by_text(shown, exact=True)).to_be_visible()
        assert not page.get_by_text("uploads/upload-").count()  # no private path shown
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "indlaes.png", full_page=True)
        # nothing is written by the check: the figures are the old ones
        assert report(warehouse, 2010)["citizens"]["total"] == 55
        page.get_by_role("button", name="Indlæs og byg").click()
        page.get_by_text("De nye tal er nu på alle sider.").first.wait_for(timeout=180_000)
        page.close()

    assert report(warehouse, 2010)["citizens"]["total"] == 110
    uploads = Warehouse(warehouse).private / "uploads"
    assert not any(uploads.iterdir())  # the uploaded files are removed
    events = audit.read(warehouse)["event"].to_list()
    for event in ("upload_checked", "upload_started", "upload_done", "ingest_done", "build_done"):
        assert event in events, event


def refused(files: list[tuple[str, bytes]], warehouse) -> str:
    try:
        with upload.unpacked(files, warehouse):
            pass
    except upload.Refused as error:
        return str(error)
    raise AssertionError("not refused")


def test_an_upload_that_is_not_an_export_is_refused_and_leaves_nothing(tmp_path):
    warehouse = tmp_path / "skp.duckdb"
    assert "hverken CSV, XLSX eller zip" in refused([("noter.pdf", b"%PDF-1.7")], warehouse)
    assert "ikke en gyldig zip-fil" in refused([("eksport.zip", b"PK no zip")], warehouse)
    too_much = [("kontakter.csv", b"x" * (upload.LIMIT // 2 + 1))] * 2
    assert "mere end 200 MB" in refused(too_much, warehouse)
    assert not any((Warehouse(warehouse).private / "uploads").iterdir())


def test_a_zip_cannot_write_outside_its_folder(tmp_path):
    warehouse = tmp_path / "skp.duckdb"
    bundle = tmp_path / "ond.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("../../borgere.csv", "borger_id\nANON-1\n")
        archive.writestr("/etc/kontakter.csv", "kontakt_id\n")
    with upload.unpacked([("ond.zip", bundle.read_bytes())], warehouse) as folder:
        assert sorted(p.name for p in folder.iterdir()) == ["borgere.csv", "kontakter.csv"]
    assert not (tmp_path / "borgere.csv").exists()
    shutil.rmtree(tmp_path / ".skp-skp", ignore_errors=True)


def test_a_steward_loads_another_systems_export_with_its_profile(tmp_path, browser, monkeypatch):
    from tests.test_profile import EXAMPLE, as_klientnet

    warehouse = build_demo_warehouse(tmp_path / "served")
    more = tmp_path / "more"
    assert run("demo", more, "--scale", 2).exit_code == 0
    klientnet = as_klientnet(more, tmp_path / "klientnet")
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder)
    (folder / "gammel.yaml").write_text("navn: Gammel\nfiler:\n  Klienter: klienter\n")
    monkeypatch.setenv("SKP_PROFILES", str(folder))

    with serving(["serve", "--warehouse", str(warehouse)], "/_stcore/health") as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        page.goto(f"{url}/indlaes")
        page.get_by_role("heading", name="Indlæs data").wait_for(timeout=30_000)
        # the profile that cannot be used is named, with its line, and cannot be chosen
        expect(page.get_by_text("gammel.yaml, linje 3")).to_be_visible()
        page.get_by_role("combobox", name="Eksportens format").click()
        expect(page.get_by_role("option", name="Gammel")).to_have_count(0)
        page.get_by_role("option", name="KlientNet (eksempel)").click()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            sorted(klientnet.iterdir())
        )
        page.get_by_role("heading", name="Det ville blive indlæst").wait_for(timeout=60_000)
        shown = "Afviste rækker i Henvisninger_2026-11.csv (de første 2)"
        expect(page.get_by_text(shown, exact=True)).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "indlaes-profil.png", full_page=True)
        page.get_by_role("button", name="Indlæs og byg").click()
        page.get_by_text("De nye tal er nu på alle sider.").first.wait_for(timeout=180_000)
        page.close()

    assert report(warehouse, 2010)["citizens"]["total"] == 110
    log = audit.read(warehouse)
    started = log.filter(log["event"] == "upload_started")
    assert started["detail"].str.contains("klientnet.yaml").all(), started
    ingested = log.filter(log["event"] == "ingest")
    assert ingested["detail"].str.contains("profile_sha256").any()
