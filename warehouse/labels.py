"""The code lists the figures are counted by: their codes in display order, and their Danish and
English labels (dbt seeds in the codes schema)."""

import duckdb
import polars as pl

from warehouse.sql import quote

AGE_BANDS = ["18-25", "26-35", "36-45", "46-55", "56-65", "66+", "ukendt"]
DURATION_BUCKETS = ["afvist", "0-3", "3-6", "over 6"]
PROBLEM_GROUPS = ["misbrug", "psykisk", "dobbeltdiagnose", "andet"]

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
        "contact_cadences",
        "first_contact_statuses",
    ]
}


def labels(con: duckdb.DuckDBPyConnection, code_list: str) -> pl.DataFrame:
    """code, label_da, label_en of one code list, in its display order."""
    return con.sql(LABELS[code_list]).pl()


def codes(con: duckdb.DuckDBPyConnection, code_list: str) -> list[str]:
    """The codes of a code list (a seed in the codes schema), in its order."""
    return (
        con.sql(f"select code from codes.{quote(code_list)} order by sort_order")
        .pl()["code"]
        .to_list()
    )
