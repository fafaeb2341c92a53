"""No CPR number reaches the warehouse, dbt's files or the screen, end to end on the demo."""

from pathlib import Path

import polars as pl

from tests.conftest import run
from warehouse.storage import Warehouse


def demo_cpr_numbers(export: Path) -> list[str]:
    ids = pl.read_csv(export / "borgere.csv", separator=";", infer_schema=False)["borger_id"]
    numbers = ids.filter(ids.str.contains(r"^\d{6}-\d{4}$")).to_list()
    assert len(numbers) > 80
    return numbers + [n.replace("-", "") for n in numbers]


def test_no_cpr_number_in_any_file_the_pipeline_wrote(demo_warehouse):
    root = demo_warehouse.parent
    numbers = [n.encode() for n in demo_cpr_numbers(root / "export")]
    written = [p for p in root.rglob("*") if p.is_file() and "export" not in p.parts]
    assert demo_warehouse in written
    assert any("logs" in p.parts for p in written), "dbt's logs are checked too"
    for path in written:
        data = path.read_bytes()
        leaked = [n for n in numbers if n in data]
        assert not leaked, f"{path} holds a CPR number"


def test_no_cpr_number_on_screen(tmp_path):
    export = tmp_path / "export"
    run("demo", export)
    output = run("ingest", export, "--warehouse", tmp_path / "w.duckdb").output
    output += run("report", "--year", 2010, "--warehouse", tmp_path / "w.duckdb").output
    for number in [*demo_cpr_numbers(export), "320175-1234"]:
        assert number not in output


def test_a_file_named_after_a_citizen_leaves_no_cpr_number(tmp_path):
    """Exports are sometimes named after the citizen they concern: the name is masked in the
    load log, the raw rows, the rejects, `skp ingest`'s output and the Datakvalitet queries."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "kontakter_0102031234.csv").write_text(
        "kontakt_id;dato;borger_id;kontaktform\nK1;01-02-2010;ANON-1;sms\nK2;x;ANON-1;sms\n"
    )
    (export / "borgere_010203-1234.txt").write_text("ingen overskrift her\n")
    warehouse = tmp_path / "w.duckdb"
    output = run("ingest", export, "--warehouse", warehouse).output
    assert "kontakter_[cpr fjernet].csv" in output
    stored = [p for p in tmp_path.rglob("*") if p.is_file() and export not in p.parents]
    assert Warehouse(warehouse).raw in stored
    for number in ("0102031234", "010203-1234"):
        assert number not in output
        for path in stored:
            assert number.encode() not in path.read_bytes(), path
