"""The status report's figures, counted from the marts for a period and filters.

The rules behind each figure live in the dbt models (see their YAML); here they are only counted.
Every query binds the period and the filters' values as parameters. The report (`skp report`)
and the dashboard both call report(), so they always agree. Periods are in warehouse/periods.py,
the filters in warehouse/filters.py, the code lists in warehouse/labels.py.
"""

import datetime as dt

import duckdb
import polars as pl

from warehouse.connection import NoData
from warehouse.filters import NO_FILTERS, Filters, filter_sql
from warehouse.labels import AGE_BANDS, DURATION_BUCKETS, PROBLEM_GROUPS, contact_bands
from warehouse.periods import Period, ask_for, comparison
from warehouse.sql import bound

# Calendar years are built once (fct_citizens_in_contact, fct_episodes_in_calendar_year); any
# other period is computed when queried (the *_in_period views), for the period set with
# ask_for().
CITIZENS = {True: "marts.fct_citizens_in_contact", False: "marts.fct_citizens_in_period"}
EPISODES = {True: "marts.fct_episodes_in_calendar_year", False: "marts.fct_episodes_in_period"}
IN_PERIOD = "from {citizens} where period_start = $start and period_end = $end {filters}"


def _sql(template: str, period: Period, filters: Filters, kind: str, **parts: str) -> str:
    citizens = CITIZENS[period.is_calendar_year]
    prefix = parts.pop("prefix", "")
    where = filter_sql(filters, kind, citizens, prefix)
    episodes = EPISODES[period.is_calendar_year]
    return template.format(citizens=citizens, episodes=episodes, filters=where, **parts)


def _params(query: str, period: Period, filters: Filters) -> dict:
    return bound(query, {**period.params, **filters.params})


CITIZEN_SUMMARY = (
    """
select
    count(*) as total,
    count(*) filter (where gender = 'M') as men,
    count(*) filter (where gender = 'K') as women,
    count(*) filter (where gender = 'ukendt') as unknown_gender,
    min(age) as age_min,
    max(age) as age_max,
    median(age)::double as age_median,
    count(*) filter (where is_homeless_at_end) as homeless_at_end,
    count(*) filter (where was_housed_after_homelessness) as housed_after_homelessness,
    count(*) filter (where slept_rough) as slept_rough,
    count(*) filter (where is_anonymous) as anonymous,
"""
    + IN_PERIOD
)

# Citizens in contact counted by one characteristic. The column names are this module's own.
_CITIZENS_BY = "select {column} as key, count(*) as n " + IN_PERIOD + " {where} group by all"
_CHARACTERISTICS = {
    "gender": ("gender", ""),
    "age_band": ("age_band", ""),
    "income_source": ("income_source", ""),
    "problem_group": ("problem_group", ""),
    "referral_source": ("referral_source", ""),
    "duration_bucket": ("duration_bucket", ""),
    "homeless_by_situation": ("housing_situation_at_end", "and is_homeless_at_end"),
    "civil_status": ("civil_status", ""),
    "district": ("district", ""),
    "lives_alone": ("lives_alone", ""),
}


REFERRALS_BY_SOURCE = """
select referral_source as key, count(*) as n
from marts.fct_referrals
where referral_date between $start and $end {filters}
group by all
"""

CONTACTS_BY_FORM = """
select contact_form as key, count(*) as n
from marts.fct_contacts
where contact_date between $start and $end and is_held {filters}
group by all
"""

OUTREACH_ATTEMPTS = """
select count(*) as n
from marts.fct_contacts
where contact_date between $start and $end and status = 'forsoeg' {filters}
"""


def citizen_summary(
    con: duckdb.DuckDBPyConnection, period: Period, filters: Filters = NO_FILTERS
) -> dict:
    query = _sql(CITIZEN_SUMMARY, period, filters, "citizens")
    row = con.sql(query, params=_params(query, period, filters)).pl().row(0, named=True)
    ages = ("age_min", "age_max", "age_median")
    return {k: (0 if v is None and k not in ages else v) for k, v in row.items()}


def citizens_by(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    characteristic: str,
    filters: Filters = NO_FILTERS,
) -> pl.DataFrame:
    """Citizens in contact per value of one characteristic: columns key, n; by key."""
    column, where = _CHARACTERISTICS[characteristic]
    query = _sql(_CITIZENS_BY, period, filters, "citizens", column=column, where=where)
    return _run_counts(con, query, period, filters)


def _counts(
    con: duckdb.DuckDBPyConnection, template: str, period: Period, filters: Filters, kind: str
) -> pl.DataFrame:
    """A counting query's key, n for the period and filters: by key."""
    return _run_counts(con, _sql(template, period, filters, kind), period, filters)


def _run_counts(con, query: str, period: Period, filters: Filters) -> pl.DataFrame:
    """A breakdown's rows in the order of their keys, never of their counts: where small
    counts are hidden, an order by count would tell their sizes (charts rank what they show
    themselves)."""
    frame = con.sql(query, params=_params(query, period, filters)).pl()
    return frame.sort("key", nulls_last=True)


def _scalar(
    con: duckdb.DuckDBPyConnection, template: str, period: Period, filters: Filters, kind: str
):
    query = _sql(template, period, filters, kind)
    return con.sql(query, params=_params(query, period, filters)).pl().item()


# kpis.md, Episode duration: ended episodes by slutaarsag; median length in days of the
# episodes ended in the period.
ENDED_EPISODES = """
select
    end_reason as key,
    count(*) as n
from marts.fct_episodes
where end_date between $start and $end {filters}
group by all
"""

EPISODES_STARTED = """
select count(*) as n
from marts.fct_episodes
where start_date between $start and $end {filters}
"""

# episodes overlapping the period: startdato <= end and slutdato blank or >= start
EPISODES_ACTIVE = """
select count(*) as n
from {episodes}
where period_start = $start and period_end = $end {filters}
"""

MEDIAN_LENGTH = """
select median(length_days) as days
from marts.fct_episodes
where end_date between $start and $end {filters}
"""

# kpis.md, Goals: the goals of the episodes overlapping the period, each goal of an episode once.
GOALS = """
select bridge.goal as key, count(*) as n
from {episodes} as episodes
inner join marts.bridge_episode_goals as bridge
    on episodes.episode_id = bridge.episode_id
where episodes.period_start = $start and episodes.period_end = $end {filters}
group by all
"""


# kpis.md, Referrals and Contacts: rows dated in the period; contacts held (is_held)
# unless said otherwise.
REFERRALS_BY_OUTCOME = """
select outcome as key, count(*) as n
from marts.fct_referrals
where referral_date between $start and $end {filters}
group by all
"""

REFERRALS_BY_MONTH = """
select strftime(referral_date, '%Y-%m') as key, count(*) as n
from marts.fct_referrals
where referral_date between $start and $end {filters}
group by all
"""

CONTACTS_BY_PLACE = """
select place as key, count(*) as n
from marts.fct_contacts
where
    contact_date between $start and $end and is_held and place is not null
    {filters}
group by all
"""

CONTACTS_BY_MONTH = """
select strftime(contact_date, '%Y-%m') as key, count(*) as n
from marts.fct_contacts
where contact_date between $start and $end and is_held {filters}
group by all
"""

CONTACTS_OUT_OF_HOURS = """
select count(*) filter (where is_out_of_hours) as n
from marts.fct_contacts
where contact_date between $start and $end and is_held {filters}
"""

# Contacts per citizen in contact: each citizen's held contacts in the period, bucketed.
CONTACTS_PER_CITIZEN = """
with per_citizen as (
    select citizens.citizen_id, count(contacts.contact_id) as contacts
    from {citizens} as citizens
    left join marts.fct_contacts as contacts
        on
            contacts.citizen_id = citizens.citizen_id
            and contacts.contact_date between $start and $end
            and contacts.is_held
            {contact_filters}
    where citizens.period_start = $start and citizens.period_end = $end {filters}
    group by all
)
-- the bands are a code list: the dbt seed contact_count_bands
select bands.code as key, count(*) as n
from per_citizen
inner join codes.contact_count_bands as bands
    on
        per_citizen.contacts >= bands.min_contacts
        and per_citizen.contacts <= coalesce(bands.max_contacts, per_citizen.contacts)
group by all
"""


def _contacts_per_citizen(con, period: Period, filters: Filters) -> pl.DataFrame:
    # the citizens as filtered, and of their contacts those of the chosen forms
    forms = Filters(contact_form=filters.contact_form)
    contact_filters = filter_sql(forms, "contacts", "", "contacts.")
    query = _sql(
        CONTACTS_PER_CITIZEN,
        period,
        filters,
        "citizens",
        prefix="citizens.",
        contact_filters=contact_filters,
    )
    return _run_counts(con, query, period, filters)


def _as_dict(frame: pl.DataFrame, keys: list[str] | None = None) -> dict[str, int]:
    counts = dict(zip(frame["key"].to_list(), frame["n"].to_list(), strict=True))
    if keys is None:
        return {k: int(v) for k, v in counts.items()}
    extra = [k for k in counts if k not in keys]
    return {k: int(counts.get(k, 0)) for k in keys + extra}


def headline(con: duckdb.DuckDBPyConnection, period: Period, filters: Filters = NO_FILTERS) -> dict:
    """The five headline figures of report() (the same queries, in the report's shape), for
    comparing with a previous period without computing its whole report."""
    if not period.is_calendar_year:
        ask_for(con, period)
    summary = citizen_summary(con, period, filters)
    started = int(_scalar(con, EPISODES_STARTED, period, filters, "episodes"))
    referrals = _counts(con, REFERRALS_BY_SOURCE, period, filters, "referrals")
    contacts = _counts(con, CONTACTS_BY_FORM, period, filters, "contacts")
    return {
        "citizens": {"total": summary["total"]},
        "referrals": {"total": int(referrals["n"].sum())},
        "episodes": {"started": started},
        "contacts": {"total": int(contacts["n"].sum())},
        "housing": {"homeless_at_end": summary["homeless_at_end"]},
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def report(con: duckdb.DuckDBPyConnection, period: Period, filters: Filters = NO_FILTERS) -> dict:
    """The status report's figures as one JSON-ready object (shared/spec/report.md), for the
    period and the filters."""
    compared = comparison(con, period)
    summary = citizen_summary(con, period, filters)
    if summary["total"] == 0 and not filters:
        raise NoData(
            f"ingen borgere i kontakt {period.start}–{period.end} (no data for the period)"
        )
    # the data has nothing after its last day, so a period that reaches past it has the
    # figures of its part up to that day: that part is what the previous one is compared with
    previous = compared.previous
    previous_total = citizen_summary(con, previous, filters)["total"] if previous else None

    def counts(template: str, kind: str) -> pl.DataFrame:
        return _counts(con, template, period, filters, kind)

    def by(characteristic: str) -> pl.DataFrame:
        return citizens_by(con, period, characteristic, filters)

    referrals = counts(REFERRALS_BY_SOURCE, "referrals")
    contacts = counts(CONTACTS_BY_FORM, "contacts")
    contacts_total = int(contacts["n"].sum())
    ended = counts(ENDED_EPISODES, "episodes")
    goals = _run_counts(
        con, _sql(GOALS, period, filters, "episodes", prefix="episodes."), period, filters
    )
    return {
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "data_first_day": _iso(compared.first_day),
            "data_last_day": _iso(compared.last_day),
            "compared_with": previous
            and {"start": previous.start.isoformat(), "end": previous.end.isoformat()},
        },
        "citizens": {
            "total": summary["total"],
            "men": summary["men"],
            "women": summary["women"],
            "unknown_gender": summary["unknown_gender"],
            "previous_total": previous_total,
            "change": None if previous_total is None else summary["total"] - previous_total,
            "age_min": summary["age_min"],
            "age_max": summary["age_max"],
            "age_median": summary["age_median"],
            "age_bands": _age_bands(by("age_band")),
            "by_referral_source": _as_dict(by("referral_source")),
            "anonymous": summary["anonymous"],
        },
        "income_source": _as_dict(by("income_source")),
        "problem_groups": _as_dict(by("problem_group"), PROBLEM_GROUPS),
        "referrals": {
            "total": int(referrals["n"].sum()),
            "by_source": _as_dict(referrals),
            "by_outcome": _as_dict(counts(REFERRALS_BY_OUTCOME, "referrals")),
            "by_month": dict(sorted(_as_dict(counts(REFERRALS_BY_MONTH, "referrals")).items())),
        },
        "episode_duration": _as_dict(by("duration_bucket"), DURATION_BUCKETS),
        "civil_status": _as_dict(by("civil_status")),
        "living_alone": _as_dict(by("lives_alone")),
        "episodes": {
            "active": int(_scalar(con, EPISODES_ACTIVE, period, filters, "episodes")),
            "started": int(_scalar(con, EPISODES_STARTED, period, filters, "episodes")),
            "ended": int(ended["n"].sum()),
            "ended_by_reason": _as_dict(ended),
            "median_length_days": _scalar(con, MEDIAN_LENGTH, period, filters, "episodes"),
        },
        "goals": _as_dict(goals),
        "contacts": {
            "total": contacts_total,
            "by_form": _as_dict(contacts),
            "outreach_attempts": int(_scalar(con, OUTREACH_ATTEMPTS, period, filters, "contacts")),
            "by_place": _as_dict(counts(CONTACTS_BY_PLACE, "contacts")),
            "by_month": dict(sorted(_as_dict(counts(CONTACTS_BY_MONTH, "contacts")).items())),
            "out_of_hours": int(_scalar(con, CONTACTS_OUT_OF_HOURS, period, filters, "contacts")),
            "per_citizen": (
                round(contacts_total / summary["total"], 2) if summary["total"] else None
            ),
            "citizens_by_contacts": _as_dict(
                _contacts_per_citizen(con, period, filters),
                contact_bands(con),
            ),
        },
        "housing": {
            "homeless_at_end": summary["homeless_at_end"],
            "homeless_by_situation": _as_dict(by("homeless_by_situation")),
            "housed_after_homelessness": summary["housed_after_homelessness"],
            "slept_rough": summary["slept_rough"],
        },
    }


def _age_bands(frame: pl.DataFrame) -> dict[str, int]:
    bands = _as_dict(frame, AGE_BANDS)
    under_18 = bands.pop("under 18", 0)
    return {"under 18": under_18, **bands} if under_18 else bands
