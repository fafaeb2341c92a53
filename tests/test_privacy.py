"""No CPR number reaches the warehouse, dbt's files or the screen, end to end on the demo."""

from pathlib import Path

import polars as pl

from tests.conftest import run


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
