"""Figures for any period: the requested-period view agrees with the built calendar years, and
a non-calendar period agrees with a plain-Python count straight from the export files."""

import calendar
import csv
import datetime as dt
import json
from pathlib import Path

import duckdb

from tests.conftest import report, run


def test_the_view_computes_exactly_the_built_calendar_years(demo_warehouse):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    for query in (
        "select * from marts.fct_citizens_in_period where is_calendar_year "
        "except select * from marts.fct_citizens_in_contact",
        "select * from marts.fct_citizens_in_contact "
        "except select * from marts.fct_citizens_in_period where is_calendar_year",
    ):
        assert con.sql(query).fetchall() == []
    assert con.sql("select count(*) from marts.fct_citizens_in_contact").fetchall()[0][0] > 150
    con.close()


def test_year_and_the_same_dates_give_the_same_report(demo_warehouse):
    by_dates = run(
        "report", "--from", "2010-01-01", "--to", "2010-12-31", "--warehouse", demo_warehouse
    )
    assert by_dates.exit_code == 0
    assert report(demo_warehouse, 2010) == json.loads(by_dates.output)


def plus_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def episodes(export: Path) -> list[dict]:
    """forloeb.csv as the format defines it (the demo writes DD-MM-YYYY), valid rows only."""

    def day(text):
        return dt.datetime.strptime(text, "%d-%m-%Y").date() if text else None

    rows = []
    with (export / "forloeb.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter=";"):
            start, end = day(row["startdato"]), day(row["slutdato"])
            if end is not None and end < start:
                continue  # rejected by the format: slutdato before startdato
            rows.append({**row, "start": start, "end": end})
    return rows


def independent_figures(export: Path, start: dt.date, end: dt.date) -> dict:
    overlapping = [
        e for e in episodes(export) if e["start"] <= end and (e["end"] is None or e["end"] >= start)
    ]
    chosen = {}
    for e in sorted(overlapping, key=lambda e: (e["start"], e["forloeb_id"])):
        chosen[e["borger_id"]] = e  # the latest start, then the highest id, wins
    buckets = {"afvist": 0, "0-3": 0, "3-6": 0, "over 6": 0}
    for e in chosen.values():
        stop = e["end"] if e["end"] is not None and e["end"] <= end else end
        if e["slutaarsag"] == "afvist_ved_foerste_kontakt":
            buckets["afvist"] += 1
        elif stop <= plus_months(e["start"], 3):
            buckets["0-3"] += 1
        elif stop <= plus_months(e["start"], 6):
            buckets["3-6"] += 1
        else:
            buckets["over 6"] += 1
    return {"total": len(chosen), "episode_duration": buckets}


def test_a_non_calendar_period_matches_a_count_from_the_export(demo_warehouse):
    export = demo_warehouse.parent / "export"
    start, end = dt.date(2010, 3, 1), dt.date(2010, 8, 31)
    result = run("report", "--from", start, "--to", end, "--warehouse", demo_warehouse)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    expected = independent_figures(export, start, end)
    previous = independent_figures(export, dt.date(2009, 8, 29), dt.date(2010, 2, 28))
    assert figures["citizens"]["total"] == expected["total"]
    assert figures["episode_duration"] == expected["episode_duration"]
    assert figures["citizens"]["previous_total"] == previous["total"]
    assert figures["citizens"]["change"] == expected["total"] - previous["total"]


def test_report_options_are_checked(demo_warehouse):
    assert run("report", "--from", "2010-03-01", "--warehouse", demo_warehouse).exit_code == 1
    assert (
        run(
            "report",
            "--year",
            2010,
            "--from",
            "2010-03-01",
            "--to",
            "2010-04-01",
            "--warehouse",
            demo_warehouse,
        ).exit_code
        == 1
    )
    backwards = run(
        "report", "--from", "2010-04-01", "--to", "2010-03-01", "--warehouse", demo_warehouse
    )
    assert backwards.exit_code == 1 and "før" in backwards.output
