"""Property-based: any encoding, delimiter, line ends, header spelling and date style of the same
rows loads the same data, whatever the block size files are read in; every corrupted row, and
only those, is rejected, at its line; read = loaded + rejected."""

import datetime as dt
import tempfile
from pathlib import Path
from unittest.mock import patch

import duckdb
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import read
from ingest.pipeline import ingest
from skp.demo import export_frames

KEY = b"property-key"
TODAY = dt.date(2026, 11, 22)
BASE = export_frames()["kontakter"].head(40)
COLUMNS = BASE.columns

SPELLINGS = {
    "forloeb_id": ["forløb_id", "Forloeb_ID", "FORLØB_ID"],
    "uden_for_aabningstid": ["uden_for_åbningstid", "Uden_For_Aabningstid"],
    "kontaktform": ["KontaktForm", "kontaktform "],
    "varighed_min": [" Varighed_min", "VARIGHED_MIN"],
}
CORRUPTIONS = {
    "kontaktform": "",  # a required value missing
    "dato": "30-02-2010",  # no such date
    "varighed_min": "1441",  # out of range
    "borger_id": "320180-1234",  # no such CPR number
}


def restyle(date: str, style: str) -> str:
    day, month, year = date.split("-")
    return {"dashes": date, "dots": f"{day}.{month}.{year}", "iso": f"{year}-{month}-{day}"}[style]


@st.composite
def exports(draw):
    styles = draw(st.lists(st.sampled_from(["dashes", "dots", "iso"]), min_size=40, max_size=40))
    rows = [
        {**row, "dato": restyle(row["dato"], style)}
        for row, style in zip(BASE.iter_rows(named=True), styles, strict=True)
    ]
    corrupted = draw(
        st.dictionaries(
            st.integers(0, 39), st.sampled_from([*CORRUPTIONS, "future", "ragged"]), max_size=6
        )
    )
    for index, column in corrupted.items():
        if column == "future":
            rows[index]["dato"] = "01-01-2099"
        elif column in CORRUPTIONS:
            rows[index][column] = CORRUPTIONS[column]
    duplicate_of = draw(st.none() | st.integers(0, 39).filter(lambda i: i not in corrupted))
    if duplicate_of is not None:
        rows.append(dict(rows[duplicate_of]))
    headers = {c: draw(st.sampled_from([c, *SPELLINGS.get(c, [])])) for c in COLUMNS}
    return {
        "frame": pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String)).rename(headers),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
        "separator": draw(st.sampled_from([";", ","])),
        "quote_style": draw(st.sampled_from(["necessary", "always", "non_numeric"])),
        "bad_lines": sorted(
            [i + 2 for i in corrupted] + ([len(rows) + 1] if duplicate_of is not None else [])
        ),
        "good": [i for i in range(40) if i not in corrupted],
        "ragged": [i for i, kind in corrupted.items() if kind == "ragged"],
        "block": draw(st.sampled_from([read.BLOCK, 97, 400, 1500])),
        # one line end throughout (\r alone: old Mac files), or \n and \r\n mixed
        "line_ends": draw(
            st.sampled_from([["\n"], ["\r\n"], ["\r"]])
            | st.lists(st.sampled_from(["\n", "\r\n"]), min_size=1, max_size=50)
        ),
    }


def load(
    frame,
    encoding: str,
    separator: str,
    quote_style: str,
    ragged=(),
    block=read.BLOCK,
    line_ends=("\n",),
):
    with tempfile.TemporaryDirectory() as folder, patch.object(read, "BLOCK", block):
        path = Path(folder) / "kontakter.csv"
        text = frame.write_csv(separator=separator, quote_style=quote_style)
        lines = text.split("\n")[:-1]
        for index in ragged:  # a row with one field too many
            lines[index + 1] += separator + "x"
        text = "".join(line + line_ends[i % len(line_ends)] for i, line in enumerate(lines))
        path.write_bytes(text.encode(encoding))
        con = duckdb.connect()
        (result,) = ingest([path], con, KEY, today=TODAY)
        loaded = con.sql(
            f"select {', '.join(COLUMNS)}, _line from raw.kontakter order by kontakt_id"
        ).pl()
        rejected = con.sql("select line from raw._rejected_rows order by line").pl()
        con.close()
    return result, loaded, rejected["line"].to_list()


CLEAN = load(BASE, "utf-8", ";", "necessary")[1]
assert CLEAN["_line"].to_list() == [i + 2 for i in range(40)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_any_spelling_of_an_export_loads_the_same_rows(export):
    result, loaded, rejected_lines = load(
        export["frame"],
        export["encoding"],
        export["separator"],
        export["quote_style"],
        export["ragged"],
        export["block"],
        export["line_ends"],
    )
    assert result.status == "loaded", result.message
    assert result.rows_read == export["frame"].height
    assert result.rows_read == result.rows_loaded + result.rows_rejected
    assert rejected_lines == export["bad_lines"]
    expected = CLEAN.join(BASE.select("kontakt_id").with_row_index("i"), on="kontakt_id").filter(
        pl.col("i").is_in(export["good"])
    )
    assert loaded.equals(expected.drop("i").sort("kontakt_id"))
