"""Write checked rows into the warehouse's raw schema, with a load log and the rejected rows.

One file (or sheet) is one load, in one transaction: re-loading the same content changes
nothing; rows whose key was loaded before are replaced (the newest load wins).
"""

import datetime as dt
import hashlib
import hmac

import duckdb

from ingest.schema import DUCKDB_TYPES, ENTITIES, Entity
from ingest.validate import bind

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
    "_pseudonym_key": """
        fingerprint varchar,
        recorded_at timestamp
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


class KeyMismatch(Exception):
    """The pseudonym key is not the one the warehouse was loaded with."""


def key_fingerprint(key: bytes) -> str:
    """What identifies a pseudonym key without giving it away: an HMAC of a fixed text."""
    return hmac.new(key, b"skp-indblik pseudonym key fingerprint", hashlib.sha256).hexdigest()[:16]


def check_key(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Record the key's fingerprint at the warehouse's first load; raise KeyMismatch when a
    later load brings another key (its pseudonyms would split every citizen in two)."""
    fingerprint = key_fingerprint(key)
    found = con.sql(f"select fingerprint from {RAW}._pseudonym_key").fetchall()
    if not found:
        con.execute(
            f"insert into {RAW}._pseudonym_key values ($fingerprint, $now)",
            {"fingerprint": fingerprint, "now": dt.datetime.now()},
        )
    elif found[0][0] != fingerprint:
        raise KeyMismatch(
            f"pseudonymiseringsnøglen er ikke den, lageret er indlæst med (fingeraftryk "
            f"{fingerprint}, lageret har {found[0][0]}); intet er indlæst. Brug den oprindelige "
            "nøgle: med en anden får hver borger et nyt pseudonym og tælles to gange (the "
            "pseudonym key is not the warehouse's: nothing was loaded; use the original key)"
        )


def logged_counts(con: duckdb.DuckDBPyConnection, content_hash: str, content_key: str):
    """(read, loaded, rejected, unknown codes) of an earlier load of this very content, or None."""
    found = con.sql(
        f"select rows_read, rows_loaded, rows_rejected, unknown_codes from {RAW}._loads "
        "where content_hash = $hash and content_key = $key order by loaded_at desc limit 1",
        params={"hash": content_hash, "key": content_key},
    ).fetchall()
    return tuple(int(n) for n in found[0]) if found else None


def store(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    accepted: str,
    accepted_keys: str,
    values: dict,
    load_id: str,
    source: str,
):
    """Store a file: the rows `accepted` selects (replacing rows of earlier loads whose key
    `accepted_keys` selects; into an empty table, there are none) and the rejects of the
    temporary table `rejected`, whole. The two queries take their $names from `values`."""
    table = f"{RAW}.{entity.name}"
    columns = ", ".join(entity.column_names)
    key_match = " and ".join(f"{table}.{k} = new_rows.{k}" for k in entity.primary_key)
    if con.execute(f"select exists (select 1 from {table})").fetchall()[0][0]:
        delete = f"delete from {table} using ({accepted_keys}) as new_rows where {key_match}"
        bind(con, delete, values)
    bind(
        con,
        f"insert into {table} ({columns}, _extra, _load_id, _source, _line) "
        f"select {columns}, _extra, $load_id, $source, _line from ({accepted})",
        {**values, "load_id": load_id, "source": source},
    )
    con.execute(
        f"insert into {RAW}._rejected_rows "
        "select $load_id, $source, $entity, line, column_name, reason, row_json from rejected",
        {"load_id": load_id, "source": source, "entity": entity.name},
    )


def log_load(
    con: duckdb.DuckDBPyConnection,
    load_id: str,
    source: str,
    content_hash: str,
    content_key: str,
    entity: str,
    rows_read: int,
    rows_loaded: int,
    rows_rejected: int,
    unknown_codes: int,
) -> None:
    """The load log's row, and the values outside their code lists (from `unknown_all`)."""
    con.execute(
        f"insert into {RAW}._unknown_codes "
        "select $load_id, $source, $entity, column_name, value, sum(rows) from unknown_all "
        "group by all",
        {"load_id": load_id, "source": source, "entity": entity},
    )
    con.execute(
        f"insert into {RAW}._loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            source,
            content_hash,
            content_key,
            entity,
            rows_read,
            rows_loaded,
            rows_rejected,
            unknown_codes,
            dt.datetime.now(),
        ],
    )
