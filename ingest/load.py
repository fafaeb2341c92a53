"""Write checked rows into the warehouse's raw schema, with a load log and the rejected rows.

One file (or sheet) is one load, in one transaction: re-loading the same content changes
nothing; rows whose key was loaded before are replaced (the newest load wins).
"""

import datetime as dt

import duckdb
import polars as pl

from ingest.schema import DUCKDB_TYPES, ENTITIES, Entity

RAW = "raw"

META_TABLES = {
    "_loads": """
        load_id varchar primary key,
        source varchar,
        content_hash varchar,
        content_key varchar,
        entity varchar,
        rows_read bigint,
        rows_loaded bigint,
        rows_rejected bigint,
        unknown_codes bigint,
        loaded_at timestamp
    """,
    "_rejected_rows": """
        load_id varchar,
        source varchar,
        entity varchar,
        line bigint,
        column_name varchar,
        reason varchar,
        row_json varchar
    """,
    "_unknown_codes": """
        load_id varchar,
        source varchar,
        entity varchar,
        column_name varchar,
        value varchar,
        rows bigint
    """,
}


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create schema if not exists {RAW}")
    for entity in ENTITIES.values():
        columns = ", ".join(f"{c.name} {DUCKDB_TYPES[c.kind]}" for c in entity.columns)
        con.execute(
            f"create table if not exists {RAW}.{entity.name} ({columns}, "
            "_extra varchar, _load_id varchar, _source varchar, _line bigint)"
        )
    for name, columns in META_TABLES.items():
        con.execute(f"create table if not exists {RAW}.{name} ({columns})")


def already_loaded(con: duckdb.DuckDBPyConnection, content_hash: str, content_key: str) -> bool:
    """Whether this content (a file's bytes, and which of its sheets) was loaded before."""
    found = (
        con.sql(
            f"select count(*) from {RAW}._loads where content_hash = $hash and content_key = $key",
            params={"hash": content_hash, "key": content_key},
        )
        .pl()
        .item()
    )
    return found > 0


def load(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    load_id: str,
    source: str,
    content_hash: str,
    content_key: str,
    rows: pl.DataFrame,
    rejects: pl.DataFrame,
    unknown_codes: pl.DataFrame,
    rows_read: int,
) -> None:
    """Store one load: rows (already pseudonymised), rejects (row_json pseudonymised), log."""
    table = f"{RAW}.{entity.name}"
    columns = [*entity.column_names, "_extra", "_load_id", "_source", "_line"]
    new_rows = rows.with_columns(
        pl.lit(load_id).alias("_load_id"), pl.lit(source).alias("_source")
    ).select(columns)
    key_match = " and ".join(f"{table}.{k} = new_rows.{k}" for k in entity.primary_key)
    about_load = {"load_id": load_id, "source": source, "entity": entity.name}
    con.execute("begin transaction")
    try:
        _with_frame(
            con,
            new_rows,
            f"delete from {table} using new_rows where {key_match}",
            f"insert into {table} ({', '.join(columns)}) select * from new_rows",
        )
        _with_frame(
            con,
            rejects,
            f"insert into {RAW}._rejected_rows select $load_id, $source, $entity, line, "
            "column_name, reason, row_json from new_rows",
            params=about_load,
        )
        _with_frame(
            con,
            unknown_codes,
            f"insert into {RAW}._unknown_codes select $load_id, $source, $entity, column_name, "
            "value, rows from new_rows",
            params=about_load,
        )
        con.execute(
            f"insert into {RAW}._loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                source,
                content_hash,
                content_key,
                entity.name,
                rows_read,
                rows.height,
                rejects.height,
                int(unknown_codes.get_column("rows").sum()),
                dt.datetime.now(),
            ],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _with_frame(con, frame: pl.DataFrame, *statements: str, params: dict | None = None) -> None:
    """Run statements that read `frame` as the table new_rows."""
    con.register("new_rows", frame)
    try:
        for statement in statements:
            con.execute(statement, params or {})
    finally:
        con.unregister("new_rows")
