"""`skp refresh FOLDER`, the nightly job: ingest and build in one run, one line of summary, and
an exit code for each outcome (skp/refresh.py; README, "Keeping the figures current")."""

import shutil
from pathlib import Path

from ingest.pipeline import ingest_export
from skp import audit
from skp.refresh import FAILED, LOADED, NOTHING_NEW, WITH_REJECTS
from tests.conftest import TEST_KEY, report, run


def demo_export(folder: Path) -> Path:
    assert run("demo", folder).exit_code == 0
    return folder


def without_rejected_rows(folder: Path, tmp_path: Path) -> Path:
    """The export with the lines the ingest rejects left out: an export with no bad row."""
    results = ingest_export(
        [folder], tmp_path / "check" / "skp.duckdb", TEST_KEY.encode(), dry_run=True
    )
    for result in results:
        lines = set(result.rejects["line"].to_list()) if result.rejects is not None else set()
        path = Path(result.source)
        kept = [
            line
            for number, line in enumerate(path.read_bytes().splitlines(keepends=True), start=1)
            if number not in lines
        ]
        path.write_bytes(b"".join(kept))
    return folder


def test_a_nightly_refresh_loads_builds_archives_and_then_has_nothing_new(tmp_path):
    drop, archive = demo_export(tmp_path / "drop"), tmp_path / "archive"
    warehouse = tmp_path / "w" / "skp.duckdb"
    names = sorted(p.name for p in drop.iterdir())

    first = run("refresh", drop, "--warehouse", warehouse, "--archive", archive)
    assert first.exit_code == WITH_REJECTS, first.output  # the demo has bad rows on purpose
    summary = first.stdout.strip().splitlines()
    assert len(summary) == 1
    assert "5 indlæst" in summary[0] and "8 afviste rækker" in summary[0]
    assert "bygget og udgivet" in summary[0]
    assert report(warehouse, 2010)["citizens"]["total"] == 55  # published: the demo's figures
    assert list(drop.iterdir()) == []
    (moved,) = archive.iterdir()
    assert sorted(p.name for p in moved.iterdir()) == names

    # the same files put back: loaded before, nothing new (built again, nothing moved away)
    for path in moved.iterdir():
        shutil.copy(path, drop / path.name)
    again = run("refresh", drop, "--warehouse", warehouse)
    assert again.exit_code == NOTHING_NEW, again.output
    assert "0 indlæst, 5 uændret" in again.stdout
    assert report(warehouse, 2010)["citizens"]["total"] == 55

    events = audit.read(warehouse).filter(audit.read(warehouse)["event"].str.starts_with("refresh"))
    assert events["event"].to_list() == ["refresh", "refresh_done", "refresh", "refresh_done"]


def test_a_clean_export_is_loaded_with_exit_code_0(tmp_path):
    drop = without_rejected_rows(demo_export(tmp_path / "drop"), tmp_path)
    result = run("refresh", drop, "--warehouse", tmp_path / "w" / "skp.duckdb")
    assert result.exit_code == LOADED, result.output
    assert "0 afviste rækker" in result.stdout


def test_an_empty_folder_is_nothing_new_and_builds_nothing(tmp_path):
    (tmp_path / "drop").mkdir()
    warehouse = tmp_path / "w" / "skp.duckdb"
    result = run("refresh", tmp_path / "drop", "--warehouse", warehouse)
    assert result.exit_code == NOTHING_NEW, result.output
    assert "intet nyt" in result.stdout
    assert not warehouse.exists()


def test_a_file_that_fails_keeps_the_figures_and_every_file(tmp_path):
    drop, archive = demo_export(tmp_path / "drop"), tmp_path / "archive"
    warehouse = tmp_path / "w" / "skp.duckdb"
    assert run("refresh", drop, "--warehouse", warehouse).exit_code == WITH_REJECTS
    published = report(warehouse, 2010)

    more = tmp_path / "more"
    assert run("demo", more, "--scale", 2).exit_code == 0  # twice the team
    (more / "borgere.csv").write_text("hvem;hvad\n1;2\n")  # no header of format v1
    result = run("refresh", more, "--warehouse", warehouse, "--archive", archive)
    assert result.exit_code == FAILED, result.output
    assert "borgere.csv" in result.stderr
    assert "1 fejl" in result.stdout and "ikke bygget" in result.stdout
    assert report(warehouse, 2010) == published  # nothing built: the figures before hold
    assert len(list(more.iterdir())) == 5 and not archive.exists()  # nothing moved


def test_a_nightly_refresh_reads_another_systems_export_through_its_profile(tmp_path):
    from tests.test_profile import EXAMPLE, as_klientnet

    drop = as_klientnet(demo_export(tmp_path / "export"), tmp_path / "drop")
    warehouse = tmp_path / "w" / "skp.duckdb"
    without = run("refresh", drop, "--warehouse", warehouse)
    assert without.exit_code == FAILED  # KlientNet's file names are no entities of format v1
    assert "Klienter_2026-11.csv" in without.output
    done = run("refresh", drop, "--warehouse", warehouse, "--profile", EXAMPLE)
    assert done.exit_code == WITH_REJECTS, done.output
    assert "5 indlæst" in done.stdout and "8 afviste rækker" in done.stdout
    assert report(warehouse, 2010)["citizens"]["total"] == 55
    details = audit.read(warehouse).filter(audit.read(warehouse)["event"] == "refresh")["detail"]
    assert "klientnet.yaml" in details[-1] and "klientnet.yaml" not in details[0]
