"""Every query the dashboard runs, cached and bounded. Pages call these and nothing else.

Each call opens a short read-only connection and closes it, so a running dashboard never holds
the warehouse file open and `skp build` can take the writer's lock between two reruns. The file's
modification time is part of every cache key: after a build, the next rerun reads the new data.
"""

import os
from pathlib import Path

import polars as pl
import streamlit as st

from skp import config
from warehouse import kpis

CACHE = {"max_entries": 256, "ttl": 3600, "show_spinner": False}


def warehouse() -> Path:
    return config.warehouse_path(None)


def _version(path: Path) -> float:
    return os.stat(path).st_mtime if path.exists() else 0.0


def _read(function, *args):
    con = kpis.connect(warehouse())
    try:
        return function(con, *args)
    finally:
        con.close()


@st.cache_data(**CACHE)
def _years(version: float) -> tuple[list[int], int | None]:
    return _read(lambda con: (kpis.years_with_data(con), kpis.latest_full_year(con)))


def years() -> tuple[list[int], int | None]:
    """Years with citizens in contact, and the latest full year (the default)."""
    return _years(_version(warehouse()))


@st.cache_data(**CACHE)
def _report(version: float, year: int) -> dict:
    return _read(kpis.report, kpis.Period.year(year))


def report(year: int) -> dict:
    """The status report's figures for a year, exactly as `skp report` gives them."""
    return _report(_version(warehouse()), year)


def shown_report(year: int) -> dict:
    """The figures as the screen shows them: small counts suppressed, as `skp report
    --suppress` gives them (threshold from configuration)."""
    return kpis.suppressed(report(year), config.suppression_threshold())


@st.cache_data(**CACHE)
def _labels(version: float, code_list: str) -> pl.DataFrame:
    return _read(kpis.labels, code_list)


def labels(code_list: str) -> dict[str, str]:
    """Danish label per code of a code list ('ukendt' is Ukendt)."""
    frame = _labels(_version(warehouse()), code_list)
    return {"ukendt": "Ukendt", **dict(zip(frame["code"], frame["label_da"], strict=True))}


def order(code_list: str) -> list[str]:
    """A code list's display order."""
    return _labels(_version(warehouse()), code_list)["code"].to_list()
