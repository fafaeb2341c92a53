"""The code lists format v1 matches against: the dbt seeds, read once, folded for matching."""

import functools
from pathlib import Path

import polars as pl

from ingest.schema import fold

SEEDS_DIR = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"


@functools.cache
def code_lists() -> dict[str, dict[str, str]]:
    """{list name: {folded code: the list's own spelling}} for every seed file that is a code
    list (has a code column; the council's targets are not)."""
    lists = {}
    for path in sorted(SEEDS_DIR.glob("*.csv")):
        seed = pl.read_csv(path, infer_schema=False)
        if "code" not in seed.columns:
            continue
        codes = seed.get_column("code").to_list()
        lists[path.stem] = {fold(code): code for code in codes}
    return lists
