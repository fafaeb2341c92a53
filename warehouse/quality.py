"""What the loads brought in, as the marts keep it (CPR-shaped text masked by the dbt macro
mask_cpr): for the PDF's appendix. Datakvalitet's own queries are in app/data.py."""

import duckdb
import polars as pl

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
