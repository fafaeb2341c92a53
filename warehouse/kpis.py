"""Reading the status report's figures from the marts, for any calendar year.

The rules behind each figure live in the dbt models (see their YAML); here they are only counted.
Every query binds the period as parameters. The report (`skp report`) and the dashboard both call
these functions, so they always agree.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse.suppression import SIBLING

AGE_BANDS = ["18-25", "26-35", "36-45", "46-55", "56-65", "66+", "ukendt"]
DURATION_BUCKETS = ["afvist", "0-3", "3-6", "over 6"]
PROBLEM_GROUPS = ["misbrug", "psykisk", "dobbeltdiagnose", "andet"]


class NoData(Exception):
    pass


@dataclass(frozen=True)
class Period:
    """A date range [start, end], both inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def is_calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end) == (
            1,
            1,
            dt.date(self.start.year, 12, 31),
        )

    @property
    def months(self) -> int | None:
        """12, 6 or 3 for a calendar year, a half-year or a quarter; None for any other period
        (the dbt macro period_months draws the same line)."""
        start, end = self.start, self.end
        if start.day != 1:
            return None
        for months, first_months in ((12, (1,)), (6, (1, 7)), (3, (1, 4, 7, 10))):
            if start.month in first_months:
                after = start.month - 1 + months  # months from January to the day after
                if end == dt.date(start.year + after // 12, after % 12 + 1, 1) - dt.timedelta(1):
                    return months
        return None

    @property
    def is_standard(self) -> bool:
        """A calendar year, a half-year or a quarter: the only periods a board output covers.
        Two free date ranges a day apart could be subtracted to single out one citizen."""
        return self.months is not None

    @property
    def params(self) -> dict[str, dt.date]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Comparison:
    """What a period's change is counted against (marts.dim_periods; README, "Comparing
    periods"), and how far the data reaches."""

    previous: Period | None  # None: the period cannot be compared
    first_day: dt.date | None  # the first and last day the data speaks of
    last_day: dt.date | None

    def covers(self, period: Period) -> tuple[bool, bool]:
        """Whether the period starts before the data, and whether it ends after it."""
        if self.first_day is None or self.last_day is None:
            return False, False
        return period.start < self.first_day, period.end > self.last_day


PERIOD_COMPARISON = """
select previous_start, previous_end, data_first_day, data_last_day
from marts.dim_periods
where period_start = $start and period_end = $end
"""


def comparison(con: duckdb.DuckDBPyConnection, period: Period) -> Comparison:
    """The period the change of `period` is counted against, or none. Asks for `period` (see
    ask_for): its figures and those of its previous period can then be read."""
    ask_for(con, period)
    rows = con.sql(PERIOD_COMPARISON, params=period.params).pl()
    if rows.is_empty():
        return Comparison(None, None, None)
    start, end, first_day, last_day = rows.row(0)
    return Comparison(Period(start, end) if start else None, first_day, last_day)


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse as it is now; the caller closes it.

    The file is attached to a fresh in-memory database rather than opened with
    duckdb.connect(file): DuckDB reuses an instance already open on the same path in this
    process, which would keep showing a file a build has since replaced (warehouse/build.py).
    It is attached under its base name, which the views dbt built refer to."""
    if not warehouse.exists():
        raise NoData(f"{warehouse} findes ikke (no warehouse): kør `skp ingest` og `skp build`")
    con = duckdb.connect()
    con.execute(
        f"attach $path as {identifier(warehouse.stem)} (read_only)", {"path": str(warehouse)}
    )
    con.execute(f"use {identifier(warehouse.stem)}")
    return con


def identifier(name: str) -> str:
    """A name quoted as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Filters:
    """The filters every figure can take (kpis.md); each holds codes, empty = no filter.

    What a filter means for each kind of row (README, "Filters"):
    - gender, age band, problem group, district: the characteristics of the row's citizen, the
      age counted at the period (marts.dim_citizens_per_period). A referral without a citizen
      has none, so it drops out when any of them is set.
    - referral source: a referral's own source; for every other figure, where the citizen came
      from in the period (the source of their chosen episode's origin referral).
    - contact form: a contact's own form; for every other figure, citizens with a held contact
      of that form in the period.
    """

    gender: tuple[str, ...] = ()
    age_band: tuple[str, ...] = ()
    problem_group: tuple[str, ...] = ()
    referral_source: tuple[str, ...] = ()
    district: tuple[str, ...] = ()
    contact_form: tuple[str, ...] = ()

    @property
    def params(self) -> dict[str, list[str]]:
        return {f"f_{name}": list(values) for name, values in self.__dict__.items() if values}

    def __bool__(self) -> bool:
        return bool(self.params)


NO_FILTERS = Filters()
CHARACTERISTICS = ("gender", "age_band", "problem_group", "district")


# Calendar years are built once (fct_citizens_in_contact, fct_episodes_in_calendar_year); any
# other period is computed when queried (the *_in_period views), for the period set with
# ask_for().
CITIZENS = {True: "marts.fct_citizens_in_contact", False: "marts.fct_citizens_in_period"}
EPISODES = {True: "marts.fct_episodes_in_calendar_year", False: "marts.fct_episodes_in_period"}
IN_PERIOD = "from {citizens} where period_start = $start and period_end = $end {filters}"

# The filters as predicates on one kind of row (see Filters). Only column names are put
# together here; every value is a bound parameter.
_CITIZEN_IS = "{column} in (select citizen_id from {source} where {where})"
_HAS_CHARACTERISTICS = "period_start = $start and period_end = $end"
_HELD_CONTACT_OF_FORM = (
    "contact_date between $start and $end and is_held"
    " and list_contains($f_contact_form, contact_form)"
)


def _filter_sql(filters: Filters, kind: str, citizens: str, prefix: str = "") -> str:
    """`and ...` predicates restricting rows of `kind` (citizens, referrals, contacts,
    episodes) to the filters; `prefix` qualifies the row's columns."""
    column = f"{prefix}citizen_id"
    chosen = [name for name in CHARACTERISTICS if getattr(filters, name)]
    parts = []
    if kind == "citizens":
        parts += [f"list_contains($f_{name}, {prefix}{name})" for name in chosen]
    elif chosen:
        where = " and ".join(
            [_HAS_CHARACTERISTICS] + [f"list_contains($f_{name}, {name})" for name in chosen]
        )
        source = "marts.dim_citizens_per_period"
        parts.append(_CITIZEN_IS.format(column=column, source=source, where=where))
    if filters.referral_source:
        if kind in ("citizens", "referrals"):
            parts.append(f"list_contains($f_referral_source, {prefix}referral_source)")
        else:
            where = _HAS_CHARACTERISTICS + " and list_contains($f_referral_source, referral_source)"
            parts.append(_CITIZEN_IS.format(column=column, source=citizens, where=where))
    if filters.contact_form:
        if kind == "contacts":
            parts.append(f"list_contains($f_contact_form, {prefix}contact_form)")
        else:
            source = "marts.fct_contacts"
            parts.append(
                _CITIZEN_IS.format(column=column, source=source, where=_HELD_CONTACT_OF_FORM)
            )
    return "".join(f" and {part}" for part in parts)


def _sql(template: str, period: Period, filters: Filters, kind: str, **parts: str) -> str:
    citizens = CITIZENS[period.is_calendar_year]
    prefix = parts.pop("prefix", "")
    where = _filter_sql(filters, kind, citizens, prefix)
    episodes = EPISODES[period.is_calendar_year]
    return template.format(citizens=citizens, episodes=episodes, filters=where, **parts)


def _params(query: str, period: Period, filters: Filters) -> dict:
    """The bound values the query uses (DuckDB refuses unused ones)."""
    values = {**period.params, **filters.params}
    return {name: values[name] for name in set(re.findall(r"\$(\w+)", query))}


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


def ask_for(con: duckdb.DuckDBPyConnection, period: Period) -> None:
    """Set the period fct_citizens_in_period computes (and the one it is compared with)."""
    con.execute("set variable skp_period_start = $start", {"start": period.start})
    con.execute("set variable skp_period_end = $end", {"end": period.end})


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
CONTACT_BANDS = "select code from codes.contact_count_bands order by sort_order"


def _contacts_per_citizen(con, period: Period, filters: Filters) -> pl.DataFrame:
    # the citizens as filtered, and of their contacts those of the chosen forms
    forms = Filters(contact_form=filters.contact_form)
    contact_filters = _filter_sql(forms, "contacts", "", "contacts.")
    query = _sql(
        CONTACTS_PER_CITIZEN,
        period,
        filters,
        "citizens",
        prefix="citizens.",
        contact_filters=contact_filters,
    )
    return _run_counts(con, query, period, filters)


def years_with_data(con: duckdb.DuckDBPyConnection) -> list[int]:
    years = con.sql(
        "select distinct period_year from marts.fct_citizens_in_contact order by period_year"
    ).pl()
    return [int(y) for y in years["period_year"]]


LAST_DATA_DATE = "select last_day from marts.dim_data_span"


def last_data_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The latest date the data speaks of: how fresh it is."""
    return con.sql(LAST_DATA_DATE).pl().item()


# The load log as the marts keep it, CPR-shaped text masked (dbt macro mask_cpr).
LOAD_SUMMARY = """
select
    file_name as file,
    entity,
    rows_read,
    rows_loaded,
    rows_rejected,
    unknown_codes,
    loaded_at
from marts.fct_loads
where is_latest_of_file
order by file, entity
"""


def load_summary(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The latest load of each file and entity: rows read, loaded, rejected; unknown codes."""
    return con.sql(LOAD_SUMMARY).pl()


def latest_full_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The latest year with data whose last day the data reaches; else the latest year."""
    years = years_with_data(con)
    last_day = last_data_date(con)
    if not years or last_day is None:
        return None
    full = [y for y in years if dt.date(y, 12, 31) <= last_day]
    return full[-1] if full else years[-1]


# Danish and English labels of each code list (dbt seeds in the codes schema).
LABELS = {
    name: f"select code, label_da, label_en from codes.{name} order by sort_order"
    for name in [
        "referral_sources",
        "problem_groups",
        "income_sources",
        "contact_forms",
        "housing_situations",
        "genders",
        "civil_statuses",
        "episode_end_reasons",
        "goals",
        "places",
        "referral_outcomes",
    ]
}


def labels(con: duckdb.DuckDBPyConnection, code_list: str) -> pl.DataFrame:
    """code, label_da, label_en of one code list, in its display order."""
    return con.sql(LABELS[code_list]).pl()


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
                con.sql(CONTACT_BANDS).pl()["code"].to_list(),
            ),
        },
        "housing": {
            "homeless_at_end": summary["homeless_at_end"],
            "homeless_by_situation": _as_dict(by("homeless_by_situation")),
            "housed_after_homelessness": summary["housed_after_homelessness"],
            "slept_rough": summary["slept_rough"],
        },
    }


FILTER_CHOICES = {
    "gender": "select code from codes.genders order by sort_order",
    "age_band": "select unnest($age_bands) as code",
    "problem_group": "select code from codes.problem_groups order by sort_order",
    "referral_source": "select code from codes.referral_sources order by sort_order",
    "district": "select distinct district as code from marts.dim_citizens order by code",
    "contact_form": "select code from codes.contact_forms order by sort_order",
}


def filter_choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every value each filter can take: the code lists (and ukendt), the districts in the data."""
    choices = {}
    for name, query in FILTER_CHOICES.items():
        params = {"age_bands": ["under 18", *AGE_BANDS]} if "$" in query else None
        codes = con.sql(query, params=params).pl()["code"].to_list()
        choices[name] = codes + (["ukendt"] if "ukendt" not in codes else [])
    return choices


def check_filters(con: duckdb.DuckDBPyConnection, filters: Filters) -> None:
    """Refuse a filter value no figure can have, naming the values it can."""
    choices = filter_choices(con)
    for name, values in filters.__dict__.items():
        unknown = [v for v in values if v not in choices[name]]
        if unknown:
            raise NoData(
                f"ukendt værdi for {name} (unknown value): {', '.join(unknown)}; "
                f"mulige (choose from): {', '.join(choices[name])}"
            )


def _age_bands(frame: pl.DataFrame) -> dict[str, int]:
    bands = _as_dict(frame, AGE_BANDS)
    under_18 = bands.pop("under 18", 0)
    return {"under 18": under_18, **bands} if under_18 else bands


def known_gender(citizens: dict) -> int | str:
    """Citizens of known gender, men + women: what gender shares are of (kpis.md); 'x' when
    either count is hidden."""
    men, women = citizens["men"], citizens["women"]
    return men + women if isinstance(men, int) and isinstance(women, int) else SIBLING
