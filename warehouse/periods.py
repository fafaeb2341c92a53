"""Periods: what a figure is counted over, what it is compared with (marts.dim_periods;
README, "Comparing periods"), and which years the data has."""

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from warehouse.build import last_build_time
from warehouse.filters import CHARACTERISTICS


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

    @classmethod
    def stated(cls, reported: dict) -> "Comparison":
        """The comparison a report states in its `period` (kpis.report), read back."""

        def day(value: str | None) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        before = reported["compared_with"]
        previous = Period(day(before["start"]), day(before["end"])) if before else None
        return cls(previous, day(reported["data_first_day"]), day(reported["data_last_day"]))

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
    ask_for), as asked before if it was: with the period before or alone."""
    ask_for(con, period, with_previous=False)
    rows = con.sql(PERIOD_COMPARISON, params=period.params).pl()
    if rows.is_empty():
        return Comparison(None, None, None)
    start, end, first_day, last_day = rows.row(0)
    return Comparison(Period(start, end) if start else None, first_day, last_day)


# The views that compute a requested period (and the citizens' characteristics a filter on the
# age band tests, for any period). A report counts their rows a dozen times and a view computes
# them again each time, so the rows of the period asked for and the one it is compared with are
# kept: computed the first time a figure needs them, as Arrow tables shared by every connection
# of this process (the dashboard opens one per rerun, and twenty sessions may ask for one
# quarter), for the published build they came from. Each connection sees them as its own
# temporary view.
KEPT_VIEWS = {
    "citizens_in_period": "marts.fct_citizens_in_period",
    # which episodes overlap the period, all the figures count of them (warehouse/kpis.py):
    # not which one stands for its citizen, whose ranking took four fifths of their time
    "episodes_in_period": "(select period_start, period_end, episode_id, citizen_id"
    " from marts.fct_episodes_in_period)",
    # what a filter on the age band tests, with the other characteristics filtered on beside
    # it (filters.py): those alone, two fifths less to keep
    "citizens_per_period": "(select period_start, period_end, citizen_id, "
    + ", ".join(CHARACTERISTICS)
    + " from marts.dim_citizens_per_period)",
}
# asked for already: the period, with the one before it if that is asked for now
ASKED = """
select
    getvariable('skp_period_start') = $start
    and getvariable('skp_period_end') = $end
    and (getvariable('skp_with_previous') or not $with_previous)
"""
# the period's rows and the period it is compared with (none where the period alone is asked
# for, or cannot be compared): given as values, the periods reach the periods the views join,
# which then compute those alone (a subquery of them, in the filter, cost a first visit a
# tenth more; the period alone takes about 60% of the time of the two)
KEPT = """
select * from {view}
where (period_start, period_end) in (($start, $end), ($previous_start, $previous_end))
"""
# the file the rows come from; with its build's time (read from the file itself, so a file
# swapped by a build meanwhile cannot be mistaken for the one read), the key of kept rows
BUILD = """
select
    (select path from duckdb_databases() where database_name = current_database()),
    getvariable('skp_period_start'),
    getvariable('skp_period_end'),
    getvariable('skp_with_previous')
"""
SHARED_BYTES = 512 * 2**20  # at most this much kept; the least recently used goes first


class _Shared:
    """Rows kept per (file, build, period, view): bounded in bytes, each computed once even
    when several threads ask for it at the same time."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.rows: OrderedDict[tuple, pa.Table] = OrderedDict()
        self.lock = threading.Lock()
        self.computing: dict[tuple, threading.Lock] = {}

    def peek(self, key: tuple) -> pa.Table | None:
        """The rows kept for the key, if any; none computed."""
        with self.lock:
            return self.rows.get(key)

    def get(self, key: tuple, compute: Callable[[], pa.Table]) -> pa.Table:
        with self.lock:
            computing = self.computing.setdefault(key, threading.Lock())
        with computing:  # another thread computing the same rows: wait for them
            with self.lock:
                if key in self.rows:
                    self.rows.move_to_end(key)
                    return self.rows[key]
            rows = compute()
            with self.lock:
                self.rows[key] = rows
                while sum(t.nbytes for t in self.rows.values()) > self.limit and self.rows:
                    self.rows.popitem(last=False)
                self.computing.pop(key, None)
            return rows


_SHARED = _Shared(SHARED_BYTES)


def ask_for(con: duckdb.DuckDBPyConnection, period: Period, with_previous: bool = True) -> None:
    """Set the period fct_citizens_in_period computes (and the one it is compared with);
    nothing when it is already the one asked for. `with_previous`: the rows of the period it
    is compared with are kept too (see kept); without (the figures read none of them, as the
    previous period's headline on Overblik), only the period's own are computed. The rows
    kept for the period before are let go."""
    asked = {**period.params, "with_previous": with_previous}
    if con.execute(ASKED, asked).fetchall()[0][0]:
        return
    con.execute("set variable skp_period_start = $start", {"start": period.start})
    con.execute("set variable skp_period_end = $end", {"end": period.end})
    con.execute("set variable skp_with_previous = $with", {"with": with_previous})
    con.execute("set variable skp_kept = []")


def kept(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The temporary view (temp.citizens_in_period, temp.episodes_in_period,
    temp.citizens_per_period) of its view's rows for the period asked for (ask_for) and the one
    it is compared with (unless the period alone was asked for); registered the first time a
    figure needs it. The period alone is read from its rows with the one before where those
    are kept already (the figures count one period's rows at a time)."""
    done = con.execute("select list_contains(getvariable('skp_kept'), $table)", {"table": table})
    if not done.fetchall()[0][0]:
        path, start, end, with_previous = con.execute(BUILD).fetchall()[0]
        built = last_build_time(con)

        def compute() -> pa.Table:
            period = Period(start, end)
            previous = comparison(con, period).previous if with_previous else None
            values = {
                **period.params,
                "previous_start": previous and previous.start,
                "previous_end": previous and previous.end,
            }
            return con.sql(KEPT.format(view=KEPT_VIEWS[table]), params=values).to_arrow_table()

        if path is None or built is None:  # no file, or no build of its own: not shared
            rows = compute()
        else:
            key = (path, built, start, end, table)
            # rows kept with the period before serve the period alone too
            rows = None if with_previous else _SHARED.peek((*key, True))
            if rows is None:
                rows = _SHARED.get((*key, bool(with_previous)), compute)
        con.register(table, rows)
        con.execute(
            "set variable skp_kept = list_append(getvariable('skp_kept'), $table)",
            {"table": table},
        )
    return f"temp.{table}"


def years_with_data(con: duckdb.DuckDBPyConnection) -> list[int]:
    years = con.sql(
        "select distinct period_year from marts.fct_citizens_in_contact order by period_year"
    ).pl()
    return [int(y) for y in years["period_year"]]


LAST_DATA_DATE = "select last_day from marts.dim_data_span"


def last_data_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The latest date the data speaks of: how fresh it is."""
    return con.sql(LAST_DATA_DATE).pl().item()


def latest_full_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The latest year with data whose last day the data reaches; else the latest year."""
    years = years_with_data(con)
    last_day = last_data_date(con)
    if not years or last_day is None:
        return None
    full = [y for y in years if dt.date(y, 12, 31) <= last_day]
    return full[-1] if full else years[-1]
