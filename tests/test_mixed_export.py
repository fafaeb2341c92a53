"""A messy real-world export gives exactly the figures of the same data exported cleanly."""

import datetime as dt
import re
from pathlib import Path

import polars as pl

from tests.conftest import report, run, write_xlsx

DATE = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")


def read(clean: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(clean / f"{name}.csv", separator=";", infer_schema=False)


def restyle_dates(frame: pl.DataFrame, columns: list[str], style: str) -> pl.DataFrame:
    """DD-MM-YYYY as DD.MM.YYYY ('dots') or YYYY-MM-DD ('iso'); other text stays as it is."""
    replacement = {"dots": "${1}.${2}.${3}", "iso": "${3}-${2}-${1}"}[style]
    return frame.with_columns(pl.col(columns).str.replace(DATE.pattern, replacement))


def write_csv(
    frame: pl.DataFrame,
    path: Path,
    separator: str,
    encoding: str,
    headers=None,
    line_ends=("\n",),
    trailing_separator=False,
):
    """`line_ends` are used in turn (\\r\\n and \\n mixed, as when rows were added in another
    program); `trailing_separator` ends every line with one more separator."""
    if headers:
        frame = frame.rename(headers)
    lines = frame.write_csv(separator=separator, quote_style="non_numeric").split("\n")[:-1]
    end = separator if trailing_separator else ""
    text = "".join(line + end + line_ends[i % len(line_ends)] for i, line in enumerate(lines))
    path.write_bytes(text.encode(encoding))


def as_excel_cells(frame: pl.DataFrame, date_columns: list[str]) -> list[list]:
    """Rows for a workbook: valid dates become real date cells, anything else stays text."""
    rows = [list(frame.columns)]
    for row in frame.iter_rows():
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            match = DATE.match(value or "") if column in date_columns else None
            try:
                day, month, year = match.groups() if match else (None, None, None)
                cells.append(dt.date(int(year), int(month), int(day)) if match else value)
            except ValueError:  # 31-02: no date, so the export has it as text
                cells.append(value)
        rows.append(cells)
    return rows


def write_mixed_export(clean: Path, out: Path) -> None:
    out.mkdir()
    borgere = read(clean, "borgere")
    write_csv(
        borgere,
        out / "Borgere-udtræk.csv",
        ",",
        "cp1252",
        headers={
            "borger_id": "Borger_ID",
            "koen": "Køn",
            "foedselsaar": " Fødselsår ",
            "forsoergelse": "FORSØRGELSE",
        },
    )
    forloeb = restyle_dates(read(clean, "forloeb"), ["startdato", "slutdato"], "dots")
    write_csv(
        forloeb,
        out / "forløb.csv",
        ";",
        "utf-8-sig",
        headers={"forloeb_id": "Forløb_ID", "slutaarsag": "Slutårsag"},
    )
    henvendelser = as_excel_cells(read(clean, "henvendelser"), ["dato"])
    henvendelser.insert(11, [])  # a blank row 12: the rows after it keep their numbers
    write_xlsx(  # as older Excel saves a workbook: with the empty sheets Ark2 and Ark3
        out / "Henvendelser 2008-2011.xlsx", {"Ark1": henvendelser, "Ark2": [], "Ark3": []}
    )
    kontakter = read(clean, "kontakter").with_row_index("n")
    first, second = kontakter.filter(pl.col("n") % 2 == 0), kontakter.filter(pl.col("n") % 2 == 1)
    write_csv(
        restyle_dates(first.drop("n"), ["dato"], "iso"), out / "kontakter_a.csv", ",", "utf-8"
    )
    write_csv(
        restyle_dates(second.drop("n"), ["dato"], "dots"),
        out / "kontakter_b.csv",
        ";",
        "cp1252",
        line_ends=("\r\n", "\r\n", "\n"),
    )
    bolig = read(clean, "boligsituation")
    write_csv(
        bolig,
        out / "BOLIGSITUATION.CSV",
        ";",
        "cp1252",
        headers={"situation": "Situation "},
        trailing_separator=True,
    )


def test_mixed_export_gives_the_clean_figures(tmp_path, demo_warehouse):
    clean, mixed, warehouse = tmp_path / "clean", tmp_path / "mixed", tmp_path / "w.duckdb"
    assert run("demo", clean).exit_code == 0
    write_mixed_export(clean, mixed)

    first = run("ingest", mixed, "--warehouse", warehouse)
    assert first.exit_code == 0, first.output
    again = run("ingest", mixed / "kontakter_b.csv", "--warehouse", warehouse)
    assert "uændret" in again.output
    assert run("build", "--warehouse", warehouse).exit_code == 0

    for year in (2009, 2010, 2011):
        assert report(warehouse, year) == report(demo_warehouse, year), year


def test_every_bad_row_is_listed_with_its_reason(tmp_path):
    clean, mixed = tmp_path / "clean", tmp_path / "mixed"
    run("demo", clean)
    write_mixed_export(clean, mixed)
    output = run("ingest", mixed, "--dry-run").output
    for expected in [
        "Borgere-udtræk.csv, linje 98, kolonne borger_id",
        "forløb.csv, linje 103, kolonne slutdato",
        "Henvendelser 2008-2011.xlsx [Ark1], linje 155, kolonne kilde",
        "Henvendelser 2008-2011.xlsx [Ark1], linje 156, kolonne dato",
    ]:
        assert expected in output
    assert output.count("kontakter_") >= 5  # the summary lines and the four bad contacts
