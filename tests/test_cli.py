"""The `skp` command as a user types it (Typer's CliRunner)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skp.cli import app
from tests.conftest import run
from warehouse import config


def test_demo_writes_five_entities_and_is_reproducible(tmp_path):
    assert run("demo", tmp_path / "a").exit_code == 0
    assert run("demo", tmp_path / "b").exit_code == 0
    assert run("demo", tmp_path / "c", "--seed", 2).exit_code == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == [
        "boligsituation.csv",
        "borgere.csv",
        "forloeb.csv",
        "henvendelser.csv",
        "kontakter.csv",
    ]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "kontakter.csv").read_bytes() != (
        tmp_path / "c" / "kontakter.csv"
    ).read_bytes()


def test_demo_makes_a_key_when_none_is_configured(tmp_path, monkeypatch):
    monkeypatch.delenv("SKP_PSEUDONYM_KEY")
    key_file = tmp_path / "config" / "pseudonym.key"
    monkeypatch.setenv("SKP_PSEUDONYM_KEY_FILE", str(key_file))
    result = run("demo", tmp_path / "export")
    assert result.exit_code == 0
    assert str(key_file) in result.output
    assert len(key_file.read_text().strip()) == 64
    assert config.pseudonym_key() == key_file.read_text().strip().encode()


def test_ingest_refuses_without_a_key_and_says_how_to_set_one(tmp_path, monkeypatch):
    monkeypatch.delenv("SKP_PSEUDONYM_KEY")
    run("demo", tmp_path / "export")  # makes a key file at the configured path
    config.key_file().unlink()
    result = run("ingest", tmp_path / "export", "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 1
    assert "SKP_PSEUDONYM_KEY" in result.output
    assert not (tmp_path / "w.duckdb").exists()


def test_ingest_prints_a_summary_and_fails_on_an_unreadable_file(tmp_path):
    export = tmp_path / "export"
    run("demo", export)
    (export / "referat.docx").write_bytes(b"not an export")
    result = run("ingest", export, "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 1
    assert "referat.docx" in result.output
    rows = (export / "kontakter.csv").read_text().count("\n") - 1  # less the header
    assert "kontakter" in result.output and str(rows) in result.output
    # the demo's last contact repeats an earlier id: line rows + 1 (the header is line 1)
    assert f"linje {rows + 1}, kolonne kontakt_id" in result.output


def test_ingest_of_an_empty_folder_says_so_and_fails(tmp_path):
    """Pointed at the wrong folder, the ingest must not report success with an empty table,
    nor leave an empty warehouse file behind."""
    (tmp_path / "export").mkdir()
    result = run("ingest", tmp_path / "export", "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 1
    assert "no files found" in result.output
    assert not (tmp_path / "w.duckdb").exists()


def test_dry_run_writes_nothing(tmp_path):
    run("demo", tmp_path / "export")
    result = run("ingest", tmp_path / "export", "--dry-run", "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 0
    assert "kontrolleret" in result.output
    assert not (tmp_path / "w.duckdb").exists()


def test_warehouse_from_environment(tmp_path, monkeypatch, demo_warehouse):
    monkeypatch.setenv("SKP_WAREHOUSE", str(demo_warehouse))
    result = run("report", "--year", 2010)
    assert result.exit_code == 0
    assert json.loads(result.output)["citizens"]["total"] == 55


def test_report_errors_are_one_clear_line(tmp_path, demo_warehouse):
    missing = run("report", "--year", 2010, "--warehouse", tmp_path / "none.duckdb")
    assert missing.exit_code == 1
    assert "none.duckdb" in missing.output
    empty_year = run("report", "--year", 1999, "--warehouse", demo_warehouse)
    assert empty_year.exit_code == 1
    assert "1999" in empty_year.output
    for year in ("20100", "-5", "0"):  # Typer's own one-line refusal, no traceback
        odd = run("report", "--year", year, "--warehouse", demo_warehouse)
        assert odd.exit_code == 2 and "Traceback" not in odd.output, odd.output
        assert "Invalid value for '--year'" in odd.output, odd.output


def test_a_warehouse_of_another_version_gives_one_line_not_a_traceback(tmp_path, demo_warehouse):
    """A warehouse built before a column existed (here: is_held dropped again)."""
    import shutil

    import duckdb

    old = tmp_path / "skp.duckdb"
    shutil.copy(demo_warehouse, old)
    con = duckdb.connect(str(old))
    con.execute("alter table marts.fct_contacts drop column is_held")
    con.execute("alter table marts.fct_contacts_per_day drop column is_held")
    con.close()
    result = run("report", "--year", 2010, "--warehouse", old)
    assert result.exit_code == 1
    assert "skp build" in result.output and "is_held" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 3


def test_build_before_ingest_says_what_to_do(tmp_path):
    result = run("build", "--warehouse", tmp_path / "none.duckdb")
    assert result.exit_code == 1
    assert "skp ingest" in result.output


def test_build_fails_loudly_when_a_dbt_test_fails(tmp_path):
    """A duplicate episode id slipped into the raw layer: dbt's unique test stops the build, and
    nothing is published."""
    import duckdb

    from warehouse.storage import Warehouse

    export, warehouse = tmp_path / "export", tmp_path / "w.duckdb"
    run("demo", export)
    run("ingest", export, "--warehouse", warehouse)
    con = duckdb.connect(str(Warehouse(warehouse).raw))
    con.execute("insert into raw.forloeb select * from raw.forloeb limit 1")
    con.close()
    result = CliRunner().invoke(app, ["build", "--warehouse", str(warehouse)])
    assert result.exit_code == 1
    assert "unique_stg_forloeb_episode_id" in result.stderr
    assert not warehouse.exists()
    # a summary on screen, dbt's own output in a file
    log = Warehouse(warehouse).dbt / "build.log"
    assert f"1 fejl (passed, warnings, failed); hele loggen (full log): {log}" in result.stdout
    assert "Concurrency" not in result.output and "Concurrency" in log.read_text()


def _listening(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_serve_listens_on_loopback_only_and_refuses_the_network(demo_warehouse):
    from tests.conftest import serving

    refused = subprocess.run(
        [sys.executable, "-m", "skp.cli", "serve", "--host", "0.0.0.0", "--port", "8599"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1
    assert "login er ikke sat op" in refused.stderr
    assert _listening(8599) == set()
    with serving(["serve", "--warehouse", str(demo_warehouse)], "/_stcore/health") as url:
        port = int(url.rsplit(":", 1)[1])
        # 127.0.0.1 as /proc writes it (little-endian hex); never 0.0.0.0 or ::
        assert _listening(port) == {"0100007F"}


def test_report_says_which_value_is_wrong_without_a_traceback(demo_warehouse):
    for year in ("20100", "-5", "0"):
        result = CliRunner().invoke(
            app, ["report", "--year", year, "--warehouse", str(demo_warehouse)]
        )
        assert result.exit_code == 2, (year, result.output)
        assert "Invalid value for '--year'" in result.output
        assert "Traceback" not in result.output
    unknown = run("report", "--year", 2010, "--gender", "Z", "--warehouse", demo_warehouse)
    assert unknown.exit_code == 1 and "mulige (choose from): M, K, ukendt" in unknown.output
    help_text = " ".join(CliRunner().invoke(app, ["report", "--help"]).output.split())
    for codes in ("M, K, ukendt", "under 18, 18-25", "telefon"):
        assert codes in help_text.replace("│ ", "").replace(" │", ""), codes


@pytest.mark.parametrize("value", ["1", "2", "-1", "fem"])
def test_a_threshold_that_would_show_a_one_is_refused(demo_warehouse, monkeypatch, value):
    """'<2' says 1 exactly: a threshold is 0 (off) or at least 3."""
    monkeypatch.setenv("SKP_SUPPRESSION_THRESHOLD", value)
    result = run("report", "--year", "2010", "--suppress", "--warehouse", demo_warehouse)
    assert result.exit_code != 0
    assert "SKP_SUPPRESSION_THRESHOLD" in result.output and "Traceback" not in result.output
    assert "{" not in result.output
