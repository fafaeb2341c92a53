"""`skp template FILE.xlsx`: a workbook in format v1 to fill in by hand (ingest/template.py).
Filled in with a spreadsheet library, as a team's spreadsheet program would, it loads without a
reject of its own and gives the figures the same export gives as CSV files."""

import csv
import datetime as dt
import json
import re
from pathlib import Path

import openpyxl

from ingest.codes import code_lists
from ingest.cpr import CPR_SHAPED
from ingest.schema import ENTITIES, GUIDE_SHEETS
from tests.conftest import run
from warehouse.connection import connect

DAY = re.compile(r"(\d{2})-(\d{2})-(\d{4})")


def template(tmp_path: Path) -> Path:
    path = tmp_path / "skabelon.xlsx"
    result = run("template", path)
    assert result.exit_code == 0, result.output
    return path


def test_the_template_has_a_sheet_per_entity_with_notes_lists_and_dates(tmp_path):
    book = openpyxl.load_workbook(template(tmp_path))
    assert book.sheetnames == [*GUIDE_SHEETS, *ENTITIES]
    assert book[GUIDE_SHEETS[1]].sheet_state == "hidden"  # the code lists the lists point to
    guide = " ".join(str(c.value) for row in book[GUIDE_SHEETS[0]].iter_rows() for c in row)
    assert "Sådan udfylder I skabelonen" in guide and "ANON-" in guide
    for entity in ENTITIES.values():
        sheet = book[entity.name]
        assert [c.value for c in sheet[1]] == entity.column_names
        assert sheet.max_row == 1  # no example rows: nothing is loaded but what the team writes
        lists = {
            str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation
        }
        for index, column in enumerate(entity.columns):
            cell = sheet.cell(1, index + 1)
            note = cell.comment.text
            assert ("Skal udfyldes" in note) == column.required, (entity.name, column.name)
            below = cell.offset(1, 0).coordinate
            if column.kind == "code":
                source = lists[below]
                names = book[GUIDE_SHEETS[1]]
                letter = source.split("!$")[1].split("$")[0]
                listed = [c.value for c in names[letter][1:] if c.value is not None]
                assert listed == list(code_lists()[column.code_list].values())
            if column.kind == "bool":
                assert lists[below] == '"ja,nej"'
            if column.kind == "date":
                styled = [
                    d for d in sheet.column_dimensions.values() if d.min <= index + 1 <= d.max
                ]
                assert [d.number_format for d in styled] == ["dd-mm-yyyy"]


def test_no_cpr_number_anywhere_in_the_template(tmp_path):
    book = openpyxl.load_workbook(template(tmp_path))
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                for text in (cell.value, cell.comment.text if cell.comment else None):
                    if isinstance(text, str):
                        assert not CPR_SHAPED.search(text), (sheet.title, cell.coordinate)


def fill(path: Path, export: Path) -> Path:
    """The demo export written into the template, a row per line, as a user types it: dates as
    dates, whole numbers as numbers, the rest as text."""
    book = openpyxl.load_workbook(path)
    for entity in ENTITIES:
        with (export / f"{entity}.csv").open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source, delimiter=";"))
        assert rows[0] == [c.value for c in book[entity][1]]
        for values in rows[1:]:
            book[entity].append([typed(v) for v in values])
    book.save(path)
    return path


def typed(value: str):
    if day := DAY.fullmatch(value):
        d, m, y = map(int, day.groups())
        try:
            return dt.datetime(y, m, d)
        except ValueError:  # a bad date in the demo stays as written, to be rejected
            return value
    if value.isdigit() and not value.startswith("0"):
        return int(value)
    return value or None


def test_a_filled_in_template_loads_and_gives_the_exports_figures(tmp_path):
    export = tmp_path / "export"
    assert run("demo", export).exit_code == 0
    filled = fill(template(tmp_path), export)

    def figures(paths: list[Path], warehouse: Path) -> tuple[dict, list]:
        loaded = run("ingest", *paths, "--warehouse", warehouse)
        assert loaded.exit_code == 0, loaded.output
        assert run("build", "--warehouse", warehouse).exit_code == 0
        shown = run("report", "--year", 2010, "--warehouse", warehouse)
        con = connect(warehouse)
        try:
            rejected = con.sql(
                "select column_name, reason from marts.fct_rejected_rows order by all"
            ).fetchall()
        finally:
            con.close()
        return json.loads(shown.output), rejected

    from_csv, rejected_csv = figures([export], tmp_path / "csv" / "skp.duckdb")
    from_template, rejected_template = figures([filled], tmp_path / "xlsx" / "skp.duckdb")
    assert from_template == from_csv
    # the demo's bad rows on purpose, rejected alike; the template adds no reject of its own
    assert rejected_csv and rejected_template == rejected_csv
