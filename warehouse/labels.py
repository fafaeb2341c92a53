"""The code lists the figures are counted by: their codes in display order, and their Danish and
English labels (dbt seeds in the codes schema)."""

import duckdb
import polars as pl

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
    ]
}

CONTACT_BANDS = "select code from codes.contact_count_bands order by sort_order"


def labels(con: duckdb.DuckDBPyConnection, code_list: str) -> pl.DataFrame:
    """code, label_da, label_en of one code list, in its display order."""
    return con.sql(LABELS[code_list]).pl()


def contact_bands(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The bands of contacts per citizen, in order (the seed contact_count_bands)."""
    return con.sql(CONTACT_BANDS).pl()["code"].to_list()
