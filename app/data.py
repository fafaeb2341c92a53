"""Every query the dashboard runs, cached and bounded. Pages call these and nothing else.

A rerun's queries share one short read-only connection (warehouse/connection.connect), opened on
its first query and closed when the rerun ends (`one_connection`, around each rerun in
streamlit_app.py); a query outside a rerun (a download made when clicked) opens and closes its
own. So the dashboard never holds the warehouse file between reruns, and `skp build` replaces
it between two. The file's modification time is part of every cache key: after a build, the
next rerun reads the new data. Every figure comes from warehouse/kpis.report, the one
definition `skp report` uses.
"""

import contextlib
import datetime as dt
import os
import threading
from pathlib import Path

import polars as pl
import streamlit as st

from app import access
from report import commentary, status_report
from report.texts import LANGUAGES
from skp import audit
from warehouse import config, definitions, kpis, published, targets
from warehouse.build import build_log
from warehouse.connection import NoData, as_warehouse_errors, connect, reading
from warehouse.filters import NO_FILTERS, Filters
from warehouse.filters import filter_choices as values_of_filters
from warehouse.labels import LABELS
from warehouse.labels import labels as code_list_labels
from warehouse.periods import Comparison, Period, last_data_date, latest_full_year, years_with_data
from warehouse.periods import comparison as period_comparison

CACHE = {"max_entries": 256, "ttl": 3600, "show_spinner": False}
FilterItems = tuple[tuple[str, tuple[str, ...]], ...]


def warehouse() -> Path:
    return config.warehouse_path(None)


def _version() -> float:
    path = warehouse()
    return os.stat(path).st_mtime if path.exists() else 0.0


_rerun = threading.local()  # Streamlit runs each session's reruns in a thread of its own


@contextlib.contextmanager
def one_connection():
    """Within: queries share one connection, opened on the first and closed at the end."""
    _rerun.sharing, _rerun.held = True, None
    try:
        yield
    finally:
        _rerun.sharing = False
        _close_held()


def _close_held() -> None:
    held, _rerun.held = getattr(_rerun, "held", None), None
    if held is not None:
        held[1].close()


def _read(version: float, function, *args):
    """`function(con, *args)` on a read-only connection to the warehouse at `version`."""
    if not getattr(_rerun, "sharing", False):
        with reading(warehouse()) as con:
            return function(con, *args)
    if _rerun.held is None or _rerun.held[0] != version:  # rebuilt since: open the new file
        _close_held()
        _rerun.held = (version, connect(warehouse()))
    with as_warehouse_errors():
        return function(_rerun.held[1], *args)


def _items(filters: Filters) -> FilterItems:
    return tuple(filters.__dict__.items())


@st.cache_data(**CACHE)
def _targets(version: float, start: dt.date, end: dt.date) -> list[targets.Target]:
    return _read(version, targets.targets, Period(start, end))


def council_targets(period: Period) -> list[targets.Target]:
    """The council's targets for the period (its year's, for a calendar year)."""
    return _targets(_version(), period.start, period.end)


@st.cache_data(**CACHE)
def _years(version: float) -> tuple[list[int], int | None]:
    return _read(version, lambda con: (years_with_data(con), latest_full_year(con)))


def years() -> tuple[list[int], int | None]:
    """Years with citizens in contact, and the latest full year (the default)."""
    if not warehouse().exists():
        return [], None
    return _years(_version())


@st.cache_data(**CACHE)
def _report(version: float, start: dt.date, end: dt.date, filters: FilterItems) -> dict | None:
    try:
        return _read(version, kpis.report, Period(start, end), Filters(**dict(filters)))
    except NoData:
        return None


def report(period: Period, filters: Filters = NO_FILTERS) -> dict | None:
    """The figures, exactly as `skp report` gives them; None when nobody was in contact."""
    return _report(_version(), period.start, period.end, _items(filters))


def shown_report(period: Period, filters: Filters = NO_FILTERS) -> dict | None:
    """The figures as the screen shows them: small counts suppressed, as `skp report
    --suppress` gives them (threshold from configuration), and a filtered view against the
    unfiltered one, so that the two cannot be subtracted."""
    return _suppressed(period, filters, threshold())


def shown_years(filters: Filters = NO_FILTERS) -> dict[int, dict] | None:
    """Each year's figures as the screen shows them (shown_report), by year; None where no year
    has any."""
    shown = {}
    for year in years()[0]:
        if (figures := shown_report(Period.year(year), filters)) is not None:
            shown[year] = figures
    return shown or None


def _suppressed(period: Period, filters: Filters, threshold: int) -> dict | None:
    figures = report(period, filters)
    if figures is None:
        return None
    unfiltered = report(period) if filters and threshold > 0 else None
    return published.suppressed(figures, threshold, config.show_age_range(), unfiltered)


@st.cache_data(**CACHE)
def _comparison(version: float, start: dt.date, end: dt.date) -> Comparison:
    return _read(version, period_comparison, Period(start, end))


def comparison(period: Period) -> Comparison:
    """What the period's change is counted against (marts.dim_periods), and how far the data
    reaches."""
    return _comparison(_version(), period.start, period.end)


@st.cache_data(**CACHE)
def _headline(version: float, start: dt.date, end: dt.date, filters: FilterItems) -> dict:
    return _read(version, kpis.headline, Period(start, end), Filters(**dict(filters)))


def shown_headline(period: Period, filters: Filters) -> dict:
    """The headline figures of a period (for the change on Overblik), suppressed as the
    report's are: in its shape, against the unfiltered ones when filtered."""
    figures = _headline(_version(), period.start, period.end, _items(filters))
    unfiltered = (
        _headline(_version(), period.start, period.end, _items(NO_FILTERS)) if filters else None
    )
    return published.suppressed(figures, threshold(), unfiltered=unfiltered)


def threshold() -> int:
    """The suppression threshold of the signed-in user's role (app/access.py)."""
    return access.threshold()


def board_report(period: Period, filters: Filters) -> dict | None:
    """The figures as a board sees them in meeting mode: always suppressed (a configured
    threshold of 0 means the default there), exactly as the PDF report shows them."""
    return _suppressed(period, filters, config.board_threshold())


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _status_pdf(
    version: float, start: dt.date, end: dt.date, filters: FilterItems, texts: tuple
) -> bytes:
    period, chosen = Period(start, end), Filters(**dict(filters))
    words = dict(texts)
    return _read(version, lambda con: status_report.board_pdf(con, period, chosen, words))


def status_pdf(period: Period, filters: Filters) -> bytes:
    """The status report PDF (as `skp report --format pdf`) for the period and filters, with
    the team's words for the period as they are now."""
    texts = tuple(sorted(commentary.current(warehouse(), period).items()))
    return _status_pdf(_version(), period.start, period.end, _items(filters), texts)


@st.cache_data(**CACHE)
def _homeless_by_year(version: float, years: tuple[int, ...], filters: FilterItems) -> dict:
    def count(con):
        chosen = Filters(**dict(filters))
        key = "housing.homeless_at_end"
        return {
            y: kpis.report(con, Period.year(y), chosen, [key])["housing"]["homeless_at_end"]
            for y in years
        }

    return _read(version, count)


def homeless_by_year(filters: Filters) -> dict[int, int | str]:
    """Homeless at each year's end (kpis.md), each count suppressed as the report's (against
    the unfiltered count when filtered)."""
    counts = _homeless_by_year(_version(), tuple(years()[0]), _items(filters))
    before = _homeless_by_year(_version(), tuple(years()[0]), _items(NO_FILTERS))

    def shown(year: int) -> int | str:
        figures = {"housing": {"homeless_at_end": counts[year]}}
        unfiltered = {"housing": {"homeless_at_end": before[year]}} if filters else None
        return published.suppressed(figures, threshold(), unfiltered=unfiltered)["housing"][
            "homeless_at_end"
        ]

    return {year: shown(year) for year in counts}


@st.cache_data(**CACHE)
def _labels(version: float) -> dict[str, dict[str, dict[str, str]]]:
    # every code list in one connection (a page labels several), as plain dicts: a cached value
    # is unpickled at every call, and a data frame's is dear
    def read(con):
        found = {}
        for name in LABELS:
            frame = code_list_labels(con, name)
            found[name] = {
                lang: dict(zip(frame["code"], frame[f"label_{lang}"], strict=True))
                for lang in LANGUAGES
            }
        return found

    return _read(version, read)


def labels(code_list: str, lang: str) -> dict[str, str]:
    """The label per code of a code list in the language."""
    return _labels(_version())[code_list][lang]


@st.cache_data(**CACHE)
def _choices(version: float) -> dict[str, list[str]]:
    return _read(version, values_of_filters)


def filter_choices() -> dict[str, list[str]]:
    """The values each filter can take."""
    return _choices(_version())


# Datakvalitet. A CPR number never reaches the screen: the ingest stores rejected rows with the
# CPR replaced by its pseudonym, and the marts read here mask anything shaped like one in text
# as it was written (dbt macro mask_cpr).
LOADS = """
select
    source_file as source,
    entity,
    rows_read,
    rows_loaded,
    rows_rejected,
    unknown_codes,
    loaded_at
from marts.fct_loads
order by loaded_at desc, source_file
limit 200
"""

REJECTED = """
select
    source_file as source,
    source_line as line,
    column_name,
    reason,
    row_json
from marts.fct_rejected_rows
order by source_file, source_line
limit 500
"""

UNKNOWN_CODES = """
select entity, column_name, unknown_value as value, row_count as rows
from marts.fct_unknown_codes
order by row_count desc, entity, column_name, unknown_value
"""


@st.cache_data(**CACHE)
def _quality(version: float) -> dict:
    def read(con):
        return {
            "loads": con.sql(LOADS).pl(),
            "rejected": con.sql(REJECTED).pl(),
            "unknown_codes": con.sql(UNKNOWN_CODES).pl(),
            "last_data_date": last_data_date(con),
        }

    return _read(version, read)


def quality() -> dict:
    """Recent loads and the latest date the data speaks of; for a steward, also the rejected
    rows and the unknown codes (row-level data: app/access.py)."""
    found = _quality(_version())
    if access.sees_rows():
        return found
    return {k: v for k, v in found.items() if k not in ("rejected", "unknown_codes")}


def audit_log() -> pl.DataFrame:
    """The newest audit entries, for a steward only (skp audit lists them all)."""
    if not access.sees_rows():
        raise PermissionError("the audit log is the steward's")
    return audit.read(warehouse()).reverse().head(500)


@st.cache_data(**CACHE)
def _build_results(version: float) -> dict | None:
    log = _read(version, build_log)
    if log is None:
        return None
    return {"generated_at": log["built_at"].isoformat(), "nodes": log["nodes"]}


def build_results() -> dict | None:
    """The published data's own dbt build: when (local time), and each node's status."""
    return _build_results(_version())


def definition(model: str, column: str | None, lang: str) -> str:
    """A figure's one-line definition from the dbt docs (warehouse/definitions.py)."""
    return definitions.definition(model, column, lang)
