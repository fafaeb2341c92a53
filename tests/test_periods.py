"""Figures for any period: the requested-period view agrees with the built calendar years.
(A non-calendar period against a plain-Python count: tests/test_independent_check.py.)"""

import datetime as dt
import json

import duckdb
import pytest

from tests.conftest import report, run
from warehouse import kpis
from warehouse.connection import connect
from warehouse.periods import Period


def test_the_view_computes_exactly_the_built_calendar_years(demo_warehouse):
    """The table holds the view's calendar-year rows, and each citizen's held contacts in the
    year (counted there only), as counting the contacts gives them."""
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    built = "select * exclude (held_contacts) from marts.fct_citizens_in_contact"
    for query in (
        f"select * from marts.fct_citizens_in_period where is_calendar_year except {built}",
        f"{built} except select * from marts.fct_citizens_in_period where is_calendar_year",
    ):
        assert con.sql(query).fetchall() == []
    assert con.sql("select count(*) from marts.fct_citizens_in_contact").fetchall()[0][0] > 150
    counted = con.sql(
        """
        select citizens.held_contacts, count(contacts.contact_id) as counted
        from marts.fct_citizens_in_contact as citizens
        left join marts.fct_contacts as contacts
            on
                contacts.citizen_id = citizens.citizen_id
                and contacts.contact_date between citizens.period_start and citizens.period_end
                and contacts.is_held
        group by citizens.period_start, citizens.citizen_id, citizens.held_contacts
        """
    ).fetchall()
    assert all(held == n for held, n in counted)
    assert sum(held for held, _ in counted) > 1000
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


@pytest.mark.parametrize(
    ("start", "end", "standard"),
    [
        ("2010-01-01", "2010-12-31", True),  # a calendar year
        ("2010-01-01", "2010-06-30", True),  # half-years
        ("2010-07-01", "2010-12-31", True),
        ("2010-01-01", "2010-03-31", True),  # quarters
        ("2010-04-01", "2010-06-30", True),
        ("2010-10-01", "2010-12-31", True),
        ("2012-01-01", "2012-03-31", True),  # a leap year's first quarter
        ("2010-03-01", "2010-08-31", False),
        ("2010-04-01", "2010-09-30", False),  # six months, but no half-year
        ("2010-01-02", "2010-12-31", False),  # a day apart from a year
        ("2010-01-01", "2010-12-30", False),
        ("2010-02-01", "2010-04-30", False),
    ],
)
def test_a_board_output_takes_only_years_half_years_and_quarters(
    demo_warehouse, start, end, standard
):
    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert period.is_standard is standard
    result = run(
        "report", "--suppress", "--from", start, "--to", end, "--warehouse", demo_warehouse
    )
    assert result.exit_code == (0 if standard else 1), result.output
    if not standard:
        assert "kalenderår, et halvår eller et kvartal" in result.output
        plain = run("report", "--from", start, "--to", end, "--warehouse", demo_warehouse)
        assert plain.exit_code == 0  # unsuppressed, for the team's own use: any period


def test_meeting_mode_and_the_pdf_refuse_a_free_date_range(monkeypatch, demo_warehouse):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import ENTRY

    monkeypatch.setenv("SKP_WAREHOUSE", str(demo_warehouse))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params.update({"from": "2010-03-01", "to": "2010-08-31"})
    at.run()
    assert at.sidebar.get("download_button")[0].disabled
    at.switch_page("screens/moede.py").run()
    assert not at.exception
    assert "kalenderår, et halvår eller et kvartal" in at.warning[0].value
    assert not [m for m in at.markdown if "skp-slide-figure" in m.value]


@pytest.mark.parametrize(
    "start, end",
    [("2010-01-01", "2010-12-31"), ("2011-01-01", "2011-12-31"), ("2008-01-01", "2008-12-31"),
     ("2010-04-01", "2010-06-30"), ("2010-03-01", "2010-08-31")],
)  # fmt: skip
def test_a_report_states_the_comparison_dim_periods_holds(demo_warehouse, start, end):
    """The PDF reads the comparison back from the report's JSON instead of asking again."""
    from warehouse import kpis, periods
    from warehouse.connection import reading

    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    with reading(demo_warehouse) as con:
        stated = periods.Comparison.stated(kpis.report(con, period)["period"])
        assert stated == periods.comparison(con, period)
    assert (stated.previous is None) == (start == "2008-01-01")


def test_a_headline_keeps_its_periods_rows_alone_and_a_report_the_two(demo_warehouse):
    """A headline counts no figure of the period before (Overblik's change): its period's rows
    are computed and kept alone. A report keeps the period's and the previous period's, and a
    headline asked for later reads those (periods.kept)."""
    period = Period(dt.date(2009, 5, 3), dt.date(2009, 9, 17))  # asked for by no other test

    def kept_periods(con) -> list[tuple]:
        rows = "select distinct period_start, period_end from temp.citizens_in_period"
        return sorted(con.sql(rows).fetchall())

    con = connect(demo_warehouse)
    try:
        short = kpis.headline(con, period)
        assert kept_periods(con) == [(period.start, period.end)]
    finally:
        con.close()
    con = connect(demo_warehouse)
    try:
        full = kpis.report(con, period)
        previous = dt.date.fromisoformat(full["period"]["compared_with"]["start"])
        assert [start for start, _ in kept_periods(con)] == [previous, period.start]
        assert full["citizens"]["previous_total"] > 0
    finally:
        con.close()
    con = connect(demo_warehouse)
    try:
        assert kpis.headline(con, period) == short
        assert len(kept_periods(con)) == 2  # the report's rows, kept
    finally:
        con.close()
    assert short["citizens"]["total"] == full["citizens"]["total"] > 0
