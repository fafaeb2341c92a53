"""Figures for any period: the requested-period view agrees with the built calendar years.
(A non-calendar period against a plain-Python count: tests/test_independent_check.py.)"""

import json

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
