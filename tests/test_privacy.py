"""No CPR number reaches the warehouse, dbt's files or the screen, end to end on the demo."""

import itertools
import json
import re
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from ingest import cpr
from tests.conftest import TEST_KEY, run, write_xlsx
from tests.test_app import ENTRY
from tests.test_cpr import SPELLINGS
from tests.test_status_report import pdf_text
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


# --- every spelling, every place it can enter, every output it could reach ---------------


def _numbers_in(text: str, numbers: set[str]) -> set[str]:
    """Which of `numbers` (ten digits each) `text` holds, in any spelling."""
    return {
        digits
        for match in cpr.CPR_SHAPED.finditer(text)
        if (digits := re.sub(r"[^0-9]", "", match.group())) in numbers
    }


@pytest.fixture(scope="module")
def spelled(tmp_path_factory):
    """The demo export with CPR numbers spelled every way people type them, in free text, ids,
    a header, a district, a file name and a sheet name; loaded and built."""
    root = tmp_path_factory.mktemp("spelled")
    export, warehouse = root / "export", root / "w.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SKP_PSEUDONYM_KEY", TEST_KEY)
        assert run("demo", export).exit_code == 0
        numbers = {digits for _, digits in SPELLINGS}
        spellings = itertools.cycle([written for written, _ in SPELLINGS])
        citizens = (export / "borgere.csv").read_text().splitlines()
        header, rows = citizens[0], citizens[1:]
        rows = [  # a district, and an extra column under a CPR-shaped header
            ";".join(row.split(";")[:-1] + [f"Bistrup {next(spellings)}" if i < 6 else "Vedbæk"])
            + f";note {next(spellings)}"
            for i, row in enumerate(rows)
        ]
        (export / "borgere.csv").write_text("\n".join([header + ";x090980.9012", *rows]) + "\n")
        contacts = (export / "kontakter.csv").read_text().splitlines()
        contacts = (
            [contacts[0]]
            + [  # free text
                ";".join(row.split(";")[:-1] + [next(spellings) if i < 10 else "AS"])
                for i, row in enumerate(contacts[1:])
            ]
        )
        (export / "kontakter.csv").write_text("\n".join(contacts) + "\n")
        for name in ("henvendelser.csv", "forloeb.csv", "kontakter.csv"):  # ids built from one
            text = (export / name).read_text()
            for n, written in enumerate(["H-131280 4455", "H.141280.5566", "F-230480 5566-1"]):
                old = ["H00001", "H00002", "F00001"][n]
                text = re.sub(rf"\b{old}\b", written, text)
            (export / name).write_text(text)
        numbers |= {"1312804455", "1412805566", "2304805566", "0909809012"}
        (export / "borgere_010203.4567.csv").write_text("borger_id;koen\nANON-900;M\n")
        write_xlsx(
            export / "ekstra.xlsx",
            {"borgere 111180.2233": [["borger_id", "koen"], ["ANON-901", "K"]]},
        )
        numbers |= {"0102034567", "1111802233"}
        assert run("ingest", export, "--warehouse", warehouse).exit_code == 0
        assert run("build", "--warehouse", warehouse).exit_code == 0
    return {"root": root, "warehouse": warehouse, "numbers": numbers}


def test_no_spelling_reaches_any_file_or_table(spelled):
    root, numbers = spelled["root"], spelled["numbers"]
    store = Warehouse(spelled["warehouse"]).raw
    for path in (p for p in root.rglob("*") if p.is_file() and "export" not in p.parts):
        assert not _numbers_in(path.read_bytes().decode("latin-1"), numbers), path
    for database in (store, spelled["warehouse"]):  # every text value, whatever its storage
        con = duckdb.connect(str(database), read_only=True)
        try:
            columns = con.sql(
                "select table_schema, table_name, column_name from information_schema.columns "
                "where data_type = 'VARCHAR' and table_schema in ('raw', 'staging', 'marts')"
            ).fetchall()
            for schema, table, column in columns:
                values = con.sql(f'select distinct "{column}" from {schema}."{table}"').fetchall()
                found = _numbers_in("\n".join(str(v) for (v,) in values), numbers)
                assert not found, (database.name, schema, table, column, found)
            sources = con.sql("select distinct source from raw._loads").fetchall()
            assert any("[cpr fjernet]" in s for (s,) in sources)  # masked, not left out
        finally:
            con.close()


def test_no_spelling_reaches_the_report_the_pdf_or_the_dashboard(spelled, monkeypatch):
    warehouse, numbers = spelled["warehouse"], spelled["numbers"]
    texts = []
    for extra in ([], ["--suppress"], ["--district", "Bistrup [cpr fjernet]"]):
        result = run("report", "--year", 2010, "--warehouse", warehouse, *extra)
        assert result.exit_code == 0, result.output
        texts.append(result.output)
    pdf = spelled["root"] / "rapport.pdf"
    assert (
        run(
            "report", "--year", 2010, "--format", "pdf", "--output", pdf, "--warehouse", warehouse
        ).exit_code
        == 0
    )
    texts.append(pdf_text(pdf))
    monkeypatch.setenv("SKP_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    for page in ("overblik", "maalgruppe", "datakvalitet"):
        at.switch_page(f"screens/{page}.py").run()
        assert not at.exception
        texts += [str(e.value) for e in [*at.markdown, *at.caption, *at.metric]]
        texts += [str(frame.value) for frame in at.dataframe]
        texts += [json.dumps(m.options) for m in at.sidebar.multiselect]
    district = next(m for m in at.sidebar.multiselect if m.key == "f_district")
    assert "Bistrup [cpr fjernet]" in district.options
    for text in texts:
        assert not _numbers_in(text, numbers)
