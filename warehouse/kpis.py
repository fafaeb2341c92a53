"""The status report's figures, counted from the marts for a period and filters, as
warehouse/figures.py declares them.

The rules behind each figure live in the dbt models (see their YAML); here they are only counted.
Each figure's `Measure` names one of the kinds of rows below, an aggregate and, for a
breakdown, what it is broken down by; the single figures over the same rows are counted in one
query. Every query binds the period and the filters' values as parameters. The report (`skp
report`) and the dashboard both call report(), so they always agree. Periods are in
warehouse/periods.py, the filters in warehouse/filters.py, the code lists in warehouse/labels.py.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

import duckdb
import polars as pl

from warehouse.connection import NoData
from warehouse.figures import (
    FIGURES,
    Difference,
    Figure,
    Measure,
    Previous,
    Ratio,
    Table,
    put,
    shown_on,
)
from warehouse.filters import NO_FILTERS, Filters, filter_sql
from warehouse.labels import codes
from warehouse.periods import Period, ask_for, comparison, kept
from warehouse.sql import bound, quote

# Calendar years are built once (fct_citizens_in_contact, fct_episodes_in_calendar_year); any
# other period is computed when asked for (the *_in_period views) and kept in this
# connection's temporary tables (periods.kept).
CITIZENS = {True: "marts.fct_citizens_in_contact", False: "citizens_in_period"}
EPISODES = {True: "marts.fct_episodes_in_calendar_year", False: "episodes_in_period"}


@dataclass(frozen=True)
class Rows:
    """A kind of rows a figure counts, for the period: `sql` from its `from` on, with
    `{filters}` where the filters' predicates go and `{where}` where a figure's own does;
    `kind` and `prefix` say how the filters apply (warehouse/filters.py)."""

    sql: str
    kind: str
    prefix: str = ""
    # what count(*) is over these rows ({filter}: a figure's own condition)
    count: str = "count(*){filter}"
    # rows counted beforehand that answer the same counts when no filter names citizens
    counted_per_day: str | None = None
    # the rows to count instead where a count made at build does not answer: a contact-form
    # filter narrows which contacts count, or the period is not a calendar year (see _rows)
    recounted: str | None = None


ROWS = {
    # kpis.md, Citizens in contact: one row per citizen in contact in the period
    "citizens": Rows(
        "from {citizens} where period_start = $start and period_end = $end {filters} {where}",
        "citizens",
    ),
    # kpis.md, Referrals and Contacts: rows dated in the period (contacts held: is_held)
    "referrals": Rows(
        "from marts.fct_referrals where referral_date between $start and $end {filters} {where}",
        "referrals",
    ),
    "contacts": Rows(
        "from marts.fct_contacts where contact_date between $start and $end {filters} {where}",
        "contacts",
        counted_per_day="contacts_per_day",
    ),
    # the contacts per day and kind (form, place, status, ...), each row standing for
    # `contacts` of them: every contact figure counts by those columns only
    "contacts_per_day": Rows(
        "from marts.fct_contacts_per_day where contact_date between $start and $end"
        " {filters} {where}",
        "contacts",
        count="cast(coalesce(sum(contacts){filter}, 0) as bigint)",
    ),
    # episodes overlapping the period: startdato <= end and slutdato blank or >= start
    "episodes": Rows(
        "from {episodes} where period_start = $start and period_end = $end {filters} {where}",
        "episodes",
    ),
    "episodes_started": Rows(
        "from marts.fct_episodes where start_date between $start and $end {filters} {where}",
        "episodes",
    ),
    "episodes_ended": Rows(
        "from marts.fct_episodes where end_date between $start and $end {filters} {where}",
        "episodes",
    ),
    # kpis.md, Goals: the goals of the episodes overlapping the period, each goal of an
    # episode once
    "episode_goals": Rows(
        """
        from {episodes} as episodes
        inner join marts.bridge_episode_goals as bridge
            on episodes.episode_id = bridge.episode_id
        where episodes.period_start = $start and episodes.period_end = $end {filters} {where}
        """,
        "episodes",
        "episodes.",
    ),
    # the goals of the episodes ended in the period (an episode under each of its goals)
    "ended_episode_goals": Rows(
        """
        from marts.fct_episodes as episodes
        inner join marts.bridge_episode_goals as bridge
            on episodes.episode_id = bridge.episode_id
        where episodes.end_date between $start and $end {filters} {where}
        """,
        "episodes",
        "episodes.",
    ),
    # Contacts per citizen in contact: each citizen's held contacts in the period, in the
    # bands of the code list contact_count_bands (fct_citizens_in_contact.held_contacts)
    "citizens_by_contacts": Rows(
        """
        from {citizens} as citizens
        inner join codes.contact_count_bands as bands
            on
                citizens.held_contacts >= bands.min_contacts
                and citizens.held_contacts
                <= coalesce(bands.max_contacts, citizens.held_contacts)
        where citizens.period_start = $start and citizens.period_end = $end {filters} {where}
        """,
        "citizens",
        "citizens.",
        recounted="citizens_by_contacts_recounted",
    ),
    # the same, counted from the contacts: of the forms a contact-form filter names, or of a
    # period other than a calendar year
    "citizens_by_contacts_recounted": Rows(
        """
        from (
            select citizens.citizen_id, coalesce(held.contacts, 0) as contacts
            from {citizens} as citizens
            left join (
                -- counted per citizen before the join: twice as fast as joining every contact
                select contacts.citizen_id, count(*) as contacts
                from marts.fct_contacts as contacts
                where
                    contacts.contact_date between $start and $end
                    and contacts.is_held
                    {contact_filters}
                group by all
            ) as held
                on held.citizen_id = citizens.citizen_id
            where citizens.period_start = $start and citizens.period_end = $end {filters}
        ) as per_citizen
        inner join codes.contact_count_bands as bands
            on
                per_citizen.contacts >= bands.min_contacts
                and per_citizen.contacts <= coalesce(bands.max_contacts, per_citizen.contacts)
        where true {where}
        """,
        "citizens",
        "citizens.",
    ),
}


def _table(con, name: str) -> str:
    """A mart, or the temporary table keeping a view's rows for the period (periods.kept)."""
    return name if name.startswith("marts.") else kept(con, name)


def _rows(measure: Measure, period: Period, filters: Filters) -> Rows:
    """The rows a measure counts: those counted beforehand where they answer the same, that is
    where no filter names citizens (their characteristics or referral source); and for a
    count of contacts per citizen, the contacts themselves in a period other than a calendar
    year (only fct_citizens_in_contact has that count) or when only some forms count."""
    rows = ROWS[measure.rows]
    if rows.counted_per_day and not filters.names_citizens:
        return ROWS[rows.counted_per_day]
    if rows.recounted and (filters.contact_form or not period.is_calendar_year):
        return ROWS[rows.recounted]
    return rows


def _from(con, measure: Measure, period: Period, filters: Filters) -> str:
    rows = _rows(measure, period, filters)
    year = period.is_calendar_year
    uses = {part: f"{{{part}}}" in rows.sql for part in ("citizens", "episodes")}
    # the citizens are named by a referral-source filter of any row, too (filters.py)
    citizens = _table(con, CITIZENS[year]) if uses["citizens"] or filters else CITIZENS[year]
    episodes = _table(con, EPISODES[year]) if uses["episodes"] else EPISODES[year]
    if filters.age_band and rows.kind != "citizens":
        kept(con, "citizens_per_period")  # the ages the filter tests (filters.py)
    where = f"and ({measure.where})" if measure.where and measure.by else ""
    forms = Filters(contact_form=filters.contact_form)
    return rows.sql.format(
        citizens=citizens,
        episodes=episodes,
        filters=filter_sql(filters, rows.kind, citizens, rows.prefix),
        contact_filters=filter_sql(forms, "contacts", "", "contacts."),
        where=where,
    )


def _run(con: duckdb.DuckDBPyConnection, query: str, period: Period, filters: Filters):
    return con.sql(query, params=bound(query, {**period.params, **filters.params})).pl()


def _aggregate(measure: Measure, rows: Rows) -> str:
    """The measure's aggregate over the rows, with its own condition where a breakdown does not
    put that in its `where` (a count is what count(*) is over the rows: Rows.count)."""
    only = f" filter (where {measure.where})" if measure.where and not measure.by else ""
    if measure.value == "count(*)":
        return rows.count.format(filter=only)
    assert rows.count == Rows.count, f"{measure.value}: rows counted beforehand count only"
    return measure.value + only


def _singles(con, figures: list[Figure], period: Period, filters: Filters) -> dict:
    """The single figures over one kind of rows, in one query."""
    rows = _rows(figures[0].counted, period, filters)
    columns = ", ".join(f"{_aggregate(f.counted, rows)} as {quote(f.key)}" for f in figures)
    frame = _run(
        con, f"select {columns} {_from(con, figures[0].counted, period, filters)}", period, filters
    )
    return frame.row(0, named=True)


def _breakdowns(con, figures: list[Figure], period: Period, filters: Filters) -> dict:
    """The breakdowns over one kind of rows, counted in one pass over the rows: a grouping
    set per key expression, each figure counting the rows where its own condition holds (a key
    none of them has is left out, as a query of the figure's own would leave it). With a
    grain, the rows are grouped by that column and the key computed from it afterwards, once
    per value (9 million contacts' months: formatted per day, not per contact)."""
    measures = [f.counted for f in figures]
    assert all(m.value == "count(*)" for m in measures), [f.key for f in figures]
    kind = _rows(measures[0], period, filters)  # one kind of rows: the same for every measure
    count = kind.count.format(filter="")
    if len(figures) == 1:  # alone over its rows: a plain group by (grouping sets cost more)
        (measure,) = measures
        rows = _from(con, measure, period, filters)
        query = f"select {measure.by} as key, {count} as n {rows} group by all"
        if measure.grain:
            query = (
                f"select {measure.by} as key, sum(n) as n from ("
                f"select {measure.grain}, {count} as n {rows} group by all) group by all"
            )
        frame = _run(con, query, period, filters)
        return {figures[0].key: _ordered(con, measure, frame)}
    grouped = list(dict.fromkeys(m.grain or m.by for m in measures))  # each expression once
    sets = [grouped.index(m.grain or m.by) for m in measures]
    counted = ", ".join(
        [f"grouping({e}) as s{i}, {e} as g{i}" for i, e in enumerate(grouped)]
        + [f"{_aggregate(replace(m, by=None), kind)} as n{i}" for i, m in enumerate(measures)]
    )
    rows = _from(con, replace(measures[0], where=""), period, filters)
    parts = []
    for i, (m, s) in enumerate(zip(measures, sets, strict=True)):
        mine = f"from counted where s{s} = 0 and n{i} > 0"
        if m.grain:
            mine = f"from (select g{s} as {m.grain}, n{i} {mine})"
            parts.append(f"select {i} as figure, {m.by} as key, sum(n{i}) as n {mine} group by all")
        else:
            parts.append(f"select {i} as figure, g{s} as key, n{i} as n {mine}")
    query = (
        f"with counted as (select {counted} {rows} "
        f"group by grouping sets ({', '.join(f'({e})' for e in grouped)})) "
        + " union all ".join(parts)
    )
    frame = _run(con, query, period, filters)
    return {
        f.key: _ordered(con, f.counted, frame.filter(pl.col("figure") == i))
        for i, f in enumerate(figures)
    }


def _ordered(con, measure: Measure, frame: pl.DataFrame) -> dict:
    """A breakdown's counts in the order of its keys, never of its counts: where small counts
    are hidden, an order by count would tell their sizes (charts rank what they show
    themselves)."""
    frame = frame.sort("key", nulls_last=True)
    counts = {k: int(n) for k, n in zip(frame["key"].to_list(), frame["n"].to_list(), strict=True)}
    order = codes(con, measure.order) if isinstance(measure.order, str) else list(measure.order)
    listed = {k: counts.get(k, 0) for k in order if k not in measure.optional or counts.get(k)}
    return listed | {k: n for k, n in counts.items() if k not in order}


def _count(con, declared: list[Figure], period: Period, filters: Filters) -> dict:
    """The figures counted by a Measure, by key: the singles over one kind of rows in one
    query, its breakdowns in another."""
    values: dict = {}
    singles: dict[str, list[Figure]] = {}
    breakdowns: dict[str, list[Figure]] = {}
    for f in declared:
        if isinstance(f.counted, Measure):
            kind = breakdowns if f.is_breakdown else singles
            kind.setdefault(f.counted.rows, []).append(f)
    for figures in singles.values():
        values.update(_singles(con, figures, period, filters))
    for figures in breakdowns.values():
        values.update(_breakdowns(con, figures, period, filters))
    return values


def _at(values: dict, path: str) -> int:
    """A counted figure, or a cell of a counted breakdown (0 where it has none)."""
    if path in values:
        return values[path]
    key, cell = path.rsplit(".", 1)
    return values[key].get(cell, 0)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def report(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    filters: Filters = NO_FILTERS,
    keys: Iterable[str] | None = None,
) -> dict:
    """The status report's figures as one JSON-ready object (shared/spec/report.md), for the
    period and the filters, in the declarations' order; with `keys`, only those figures."""
    declared = list(FIGURES) if keys is None else [f for f in FIGURES if f.key in set(keys)]
    # the previous period's rows only where a figure counts them (not for a headline)
    ask_for(con, period, with_previous=any(isinstance(f.counted, Previous) for f in declared))
    values = _count(con, declared, period, filters)
    if keys is None and values["citizens.total"] == 0 and not filters:
        raise NoData(
            f"ingen borgere i kontakt {period.start}–{period.end} (no data for the period)"
        )
    compared = comparison(con, period)
    # the data has nothing after its last day, so a period that reaches past it has the
    # figures of its part up to that day: that part is what the previous one is compared with
    previous = compared.previous
    before = [f for f in declared if isinstance(f.counted, Previous)]
    if before and previous:
        earlier = [f for f in FIGURES if f.key in {p.counted.key for p in before}]
        counted = _count(con, earlier, previous, filters)
        values |= {f.key: counted[f.counted.key] for f in before}
    for f in declared:
        if isinstance(f.counted, Previous) and not previous:
            values[f.key] = None
        elif isinstance(f.counted, Difference):
            a, b = values[f.counted.minuend], values[f.counted.subtrahend]
            values[f.key] = None if a is None or b is None else a - b
        elif isinstance(f.counted, Ratio):
            parts = f.counted.numerator
            parts = (parts,) if isinstance(parts, str) else parts
            a, b = sum(_at(values, p) for p in parts), _at(values, f.counted.denominator)
            values[f.key] = round(a / b, f.counted.digits) if b else None
        elif f.key == "period":
            values[f.key] = {
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "data_first_day": _iso(compared.first_day),
                "data_last_day": _iso(compared.last_day),
                "compared_with": previous
                and {"start": previous.start.isoformat(), "end": previous.end.isoformat()},
            }
    out: dict = {}
    for f in declared:
        put(out, f.key, values[f.key])
    return out


# The figures on Overblik's cards, for the change from the previous period: counted without
# the rest of that period's report.
HEADLINE = tuple(
    f.key for f in shown_on("overblik") if not f.is_breakdown and not isinstance(f.rule, Table)
)


def headline(con: duckdb.DuckDBPyConnection, period: Period, filters: Filters = NO_FILTERS) -> dict:
    """The headline figures of report() (the same queries, in the report's shape), for
    comparing with a previous period without computing its whole report."""
    return report(con, period, filters, HEADLINE)
