"""Shared fixtures: a demo export and a warehouse built from it through the real commands."""

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skp.cli import app

TEST_KEY = "test-pseudonym-key-not-for-production"


@pytest.fixture(autouse=True)
def _isolated_config(monkeypatch, tmp_path):
    """Every test gets a known key and no default warehouse or key file of the developer's."""
    monkeypatch.setenv("SKP_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("SKP_PSEUDONYM_KEY_FILE", str(tmp_path / "no-such-key-file"))
    monkeypatch.delenv("SKP_WAREHOUSE", raising=False)


def run(*args: str) -> "CliRunner.invoke":
    """Run `skp ARGS` in-process, as a user would type it."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def build_demo_warehouse(root: Path, seed: int = 1, scale: int = 1) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SKP_PSEUDONYM_KEY", TEST_KEY)
        export, warehouse = root / "export", root / "skp.duckdb"
        for args in (
            ("demo", export, "--seed", seed, "--scale", scale),
            ("ingest", export, "--warehouse", warehouse),
            ("build", "--warehouse", warehouse),
        ):
            result = run(*args)
            assert result.exit_code == 0, result.output
    return warehouse


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """demo → ingest → build at the default seed and scale."""
    return build_demo_warehouse(tmp_path_factory.mktemp("demo"))


def report(warehouse: Path, year: int) -> dict:
    result = run("report", "--year", year, "--format", "json", "--warehouse", warehouse)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook as Excel writes it: datetimes become real date cells, strings stay text."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return path
