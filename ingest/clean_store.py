"""Rewrite the ingest's store in a process that never read an export.

DuckDB writes the unused tail of a compressed string segment's 256 KB buffer as it finds it in
memory (duckdb/duckdb#23382), so a store written by the process that staged an export can hold
stale bytes of it, CPR numbers included, in no value but in the file. One CI run found such a
number in a store's bytes. So after an ingest has loaded anything, this process (which holds
only the store's pseudonymised rows) copies every raw table into a new file, and the new file
replaces the store with one atomic rename. Run as `python -m ingest.clean_store STORE FOLDER`
under the writer lock; FOLDER is the run's private folder for the new file."""

import sys
from pathlib import Path

from ingest.load import RAW, create_raw_schema
from warehouse import connection
from warehouse.storage import durable_replace


def rewrite(store: Path, folder: Path) -> None:
    new = folder / store.name
    con = connection.write(new)
    try:
        create_raw_schema(con)
        con.execute("attach $path as old (read_only)", {"path": str(store)})
        tables = con.sql(
            "select table_name from information_schema.tables "
            "where table_catalog = 'old' and table_schema = $schema and table_type = 'BASE TABLE'",
            params={"schema": RAW},
        ).fetchall()
        for (table,) in tables:
            name = '"' + table.replace('"', '""') + '"'
            con.execute(f"create table if not exists {RAW}.{name} as from old.{RAW}.{name} limit 0")
            con.execute(f"insert into {RAW}.{name} by name from old.{RAW}.{name}")
        con.execute("detach old")
    finally:
        con.close()
    durable_replace(new, store)


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]), Path(sys.argv[2]))
