"""skp report agrees, for every year of the demo data and one other period, with an independent
plain-Python reading of kpis.md straight from the export files (tests/independent.py)."""

import datetime as dt
import json

import pytest

from tests import independent
from tests.conftest import run


def nonzero(counts: dict) -> dict:
    return {k: v for k, v in counts.items() if v != 0}


def comparable(figures: dict) -> dict:
    """Code keys with no rows may be left out or given as 0 (report.md)."""
    out = json.loads(json.dumps(figures))
    for parent, key in [
        (out["citizens"], "by_referral_source"),
        (out, "income_source"),
        (out, "problem_groups"),
        (out, "episode_duration"),
        (out["referrals"], "by_source"),
        (out["contacts"], "by_form"),
        (out["housing"], "homeless_by_situation"),
        (out, "civil_status"),
        (out, "living_alone"),
        (out["episodes"], "ended_by_reason"),
        (out, "goals"),
        (out["referrals"], "by_outcome"),
        (out["contacts"], "by_place"),
        (out["contacts"], "citizens_by_contacts"),
        (out["citizens"], "age_bands"),
        (out["quality"], "contact_cadence"),
        (out["quality"], "referrals_by_first_contact"),
        (out["quality"], "bridged_goals"),
    ]:
        parent[key] = nonzero(parent[key])
    return out


@pytest.mark.parametrize(
    ("start", "end"),
    [
        *[(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in (2008, 2009, 2010, 2011)],
        (dt.date(2010, 3, 1), dt.date(2010, 8, 31)),
        (dt.date(2010, 1, 1), dt.date(2010, 3, 31)),  # a quarter: against the one before
        (dt.date(2011, 4, 1), dt.date(2011, 9, 30)),  # past the data's last day
        # starting and ending within months: the months of contact count only the days the
        # period covers (fct_citizen_months keeps each month's days)
        (dt.date(2010, 3, 15), dt.date(2010, 5, 10)),
    ],
)
def test_report_matches_an_independent_count(demo_warehouse, start, end):
    export = demo_warehouse.parent / "export"
    expected = independent.report(independent.load(export, dt.date.today()), start, end)
    result = run("report", "--from", start, "--to", end, "--warehouse", demo_warehouse)
    assert result.exit_code == 0, result.output
    assert comparable(json.loads(result.output)) == comparable(expected)


def test_the_independent_comparison_rule_covers_every_case(demo_warehouse):
    """The demo data (22-07-2008 to 30-06-2011) has each kind of comparison in the cases
    above; the independent rule says which, so the check above is not of one kind only."""
    data = independent.load(demo_warehouse.parent / "export", dt.date.today())
    first, last = independent.data_days(data)
    assert (first, last) == (dt.date(2008, 7, 22), dt.date(2011, 6, 30))
    rule = independent.compared_with
    d = dt.date
    assert rule(d(2008, 1, 1), d(2008, 12, 31), first, last) is None  # starts before the data
    assert rule(d(2009, 1, 1), d(2009, 12, 31), first, last) is None  # 2008 does
    assert rule(d(2010, 1, 1), d(2010, 12, 31), first, last) == (d(2009, 1, 1), d(2009, 12, 31))
    assert rule(d(2011, 1, 1), d(2011, 12, 31), first, last) == (d(2010, 1, 1), d(2010, 6, 30))
    assert rule(d(2010, 1, 1), d(2010, 3, 31), first, last) == (d(2009, 10, 1), d(2009, 12, 31))
    assert rule(d(2011, 4, 1), d(2011, 9, 30), first, last) == (d(2010, 9, 30), d(2010, 12, 29))
    assert rule(d(2010, 3, 1), d(2010, 8, 31), first, last) == (d(2009, 8, 29), d(2010, 2, 28))


FILTERS = [
    {"gender": ["K"]},
    {"gender": ["M", "ukendt"]},
    {"age_band": ["36-45", "46-55"]},
    {"problem_group": ["dobbeltdiagnose"]},
    {"referral_source": ["RAS"]},
    {"district": ["Holte"]},
    {"contact_form": ["telefon"]},
    {"gender": ["M"], "referral_source": ["Jobcenter", "RAS"], "contact_form": ["hjemmebesoeg"]},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "+".join(f))
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2010, 1, 1), dt.date(2010, 12, 31)),
        (dt.date(2010, 3, 1), dt.date(2010, 8, 31)),
    ],
    ids=["2010", "2010-03..08"],
)
def test_filtered_report_matches_an_independent_count(demo_warehouse, start, end, filters):
    export = demo_warehouse.parent / "export"
    data = independent.load(export, dt.date.today())
    expected = independent.report(data, start, end, filters)
    options = [
        part
        for name, values in filters.items()
        for v in values
        for part in (f"--{name.replace('_', '-')}", v)
    ]
    result = run("report", "--from", start, "--to", end, "--warehouse", demo_warehouse, *options)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["citizens"]["total"] > 0
    assert comparable(figures) == comparable(expected)


@pytest.mark.parametrize("filters", [{}, {"gender": ("K",)}, {"contact_form": ("telefon",)}])
def test_headline_figures_are_the_reports(demo_warehouse, filters):
    """Overblik compares with the previous period's headline; it must be the report's figures."""
    from warehouse import kpis
    from warehouse.connection import connect
    from warehouse.filters import Filters
    from warehouse.periods import Period

    con = connect(demo_warehouse)
    try:
        for period in (
            Period.year(2009),
            Period(dt.date(2010, 3, 1), dt.date(2010, 8, 31)),
        ):
            chosen = Filters(**filters)
            # the headline first, on a connection of its own: a period's rows alone (periods.kept)
            alone = connect(demo_warehouse)
            try:
                short = kpis.headline(alone, period, chosen)
            finally:
                alone.close()
            full = kpis.report(con, period, chosen)
            assert kpis.headline(con, period, chosen) == short  # from the report's rows
            assert short == {
                "citizens": {"total": full["citizens"]["total"]},
                "referrals": {"total": full["referrals"]["total"]},
                "episodes": {"started": full["episodes"]["started"]},
                "contacts": {"total": full["contacts"]["total"]},
                "housing": {"homeless_at_end": full["housing"]["homeless_at_end"]},
            }
            assert short["citizens"]["total"] > 0
    finally:
        con.close()
