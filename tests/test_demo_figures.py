"""demo → ingest → build → report gives the 2010 status report's figures (issue 2, point 3)."""

import pytest

from tests.conftest import build_demo_warehouse, report

FIGURES_2010 = {
    "income_source": {
        "kontanthjaelp": 21,
        "foertidspension": 23,
        "sygedagpenge": 3,
        "loen": 3,
        "ukendt": 4,
        "ingen": 1,
    },
    "by_referral_source": {
        "RAS": 14,
        "Psykiatri & Handicap": 9,
        "Jobcenter": 6,
        "Familieafdeling": 4,
        "Ydelsescenter": 4,
        "Familie/pårørende": 3,
        "Netværk/venner": 3,
        "Andre/naboer": 3,
        "Selvhenvendelse": 2,
        "Boligselskab": 2,
        "RusmiddelRådgivning": 2,
        "Kriminalforsorgen": 1,
        "Herberg": 1,
        "Gadejurist": 1,
    },
    "problem_groups": {"misbrug": 12, "psykisk": 16, "dobbeltdiagnose": 11, "andet": 16},
    "episode_duration": {"afvist": 4, "0-3": 15, "3-6": 8, "over 6": 28},
}


def nonzero(counts: dict) -> dict:
    return {k: v for k, v in counts.items() if v}


def test_2009_citizens_in_contact(demo_warehouse):
    citizens = report(demo_warehouse, 2009)["citizens"]
    assert (citizens["total"], citizens["men"], citizens["women"]) == (47, 32, 15)
    assert (citizens["age_min"], citizens["age_max"]) == (18, 82)


def test_2010_citizens_in_contact(demo_warehouse):
    figures = report(demo_warehouse, 2010)
    citizens = figures["citizens"]
    assert figures["period"] == {
        "start": "2010-01-01",
        "end": "2010-12-31",
        "data_first_day": "2008-07-22",
        "data_last_day": "2011-06-30",
        "compared_with": {"start": "2009-01-01", "end": "2009-12-31"},
    }
    assert (citizens["total"], citizens["men"], citizens["women"]) == (55, 31, 24)
    assert citizens["unknown_gender"] == 0
    assert (citizens["previous_total"], citizens["change"]) == (47, 8)
    assert (citizens["age_min"], citizens["age_max"]) == (18, 68)
    middle = citizens["age_bands"]["36-45"] + citizens["age_bands"]["46-55"]
    assert 25 <= middle <= 30, "about half aged 36-55"
    assert sum(citizens["age_bands"].values()) == 55


def test_2010_characteristics(demo_warehouse):
    figures = report(demo_warehouse, 2010)
    assert nonzero(figures["income_source"]) == FIGURES_2010["income_source"]
    assert nonzero(figures["citizens"]["by_referral_source"]) == FIGURES_2010["by_referral_source"]
    assert nonzero(figures["problem_groups"]) == FIGURES_2010["problem_groups"]
    assert figures["episode_duration"] == FIGURES_2010["episode_duration"]


def test_2010_housing(demo_warehouse):
    housing = report(demo_warehouse, 2010)["housing"]
    assert housing["homeless_at_end"] == 6
    assert sum(housing["homeless_by_situation"].values()) == 6
    assert housing["slept_rough"] == 3
    assert housing["housed_after_homelessness"] == 6
    assert housing["homeless_by_situation"]["gaden"] == 2


def test_referrals_and_contacts_are_counted(demo_warehouse):
    figures = report(demo_warehouse, 2010)
    assert figures["referrals"]["total"] == sum(figures["referrals"]["by_source"].values()) > 55
    contacts = figures["contacts"]
    assert contacts["total"] == sum(contacts["by_form"].values()) > 500
    assert contacts["outreach_attempts"] > 0


@pytest.mark.parametrize(("seed", "scale"), [(7, 1), (3, 2)])
def test_figures_hold_for_other_seeds_and_scale(tmp_path, seed, scale):
    """The seed moves details only; --scale multiplies every figure and keeps the shape."""
    figures = report(build_demo_warehouse(tmp_path, seed=seed, scale=scale), 2010)
    citizens = figures["citizens"]
    assert (citizens["total"], citizens["men"], citizens["women"]) == (
        55 * scale,
        31 * scale,
        24 * scale,
    )
    assert citizens["change"] == 8 * scale
    assert (citizens["age_min"], citizens["age_max"]) == (18, 68)
    for key in ("income_source", "problem_groups", "episode_duration"):
        expected = {k: v * scale for k, v in FIGURES_2010[key].items()}
        assert nonzero(figures[key]) == expected
    expected_sources = {k: v * scale for k, v in FIGURES_2010["by_referral_source"].items()}
    assert nonzero(citizens["by_referral_source"]) == expected_sources
    assert figures["housing"]["homeless_at_end"] == 6 * scale
    assert figures["housing"]["slept_rough"] == 3 * scale
    assert figures["housing"]["housed_after_homelessness"] == 6 * scale
