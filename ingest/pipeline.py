"""Ingest an export: every file read, checked, pseudonymised and loaded, one load per table.

All row work happens in DuckDB, in temporary tables of the connection (nothing of them is
stored): `staged` holds a file's strings, `checked` the typed, pseudonymised rows and rejects.
"""

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingest import load
from ingest.codes import code_lists
from ingest.read import Table, UnreadableFile, export_files, stage, tables
from ingest.validate import checked_query, install_rules, params, unknown_codes_query


@dataclass
class FileResult:
    source: str
    entity: str | None
    status: str  # loaded, unchanged (already loaded), failed, checked (dry run)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    unknown_codes: int = 0
    message: str = ""
    rejects: pl.DataFrame | None = None  # line, column_name, reason


def bind(con: duckdb.DuckDBPyConnection, query: str, values: dict) -> None:
    """Run `query` with the values it names ($name) bound."""
    used = set(re.findall(r"\$(\w+)", query))
    con.execute(query, {k: v for k, v in values.items() if k in used})


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 24):
            digest.update(chunk)
    return digest.hexdigest()


def ingest(
    paths: list[Path],
    con: duckdb.DuckDBPyConnection | None,
    key: bytes,
    today: dt.date | None = None,
    progress: Callable[[FileResult], None] = lambda result: None,
) -> list[FileResult]:
    """Load every file of the export at `paths`; with `con` None, check without writing."""
    values = params(key, code_lists(), today or dt.date.today())
    work = con if con is not None else duckdb.connect()
    install_rules(work)
    if con is not None:
        load.create_raw_schema(con)
    results = []
    try:
        for path in export_files(paths):
            for result in _ingest_file(path, work, values, write=con is not None):
                progress(result)
                results.append(result)
    finally:
        if con is None:
            work.close()
    return results


def _ingest_file(path: Path, con, values: dict, write: bool) -> list[FileResult]:
    try:
        found = tables(path)
    except UnreadableFile as error:
        return [FileResult(str(path), None, "failed", message=error.problem)]
    content_hash = file_hash(path)
    results = []
    for table in found:
        content_key = f"{table.entity.name}:{table.sheet or ''}"
        logged = load.logged_counts(con, content_hash, content_key) if write else None
        if logged is not None:
            results.append(
                FileResult(
                    table.source,
                    table.entity.name,
                    "unchanged",
                    *logged,
                    message="allerede indlæst (already loaded)",
                )
            )
            continue
        results.append(_check_and_load(table, con, values, write, content_hash, content_key))
    return results


def _check_and_load(table: Table, con, values, write, content_hash, content_key) -> FileResult:
    entity = table.entity
    try:
        bad_lines = stage(con, table)
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        return FileResult(
            table.source,
            entity.name,
            "failed",
            message=f"kan ikke læses som CSV (cannot be parsed as CSV): {first_line}",
        )
    bind(con, checked_query(entity, table.extra_columns), values)
    con.register(
        "bad_line_rows",
        pl.DataFrame(
            bad_lines,
            schema={"line": pl.Int64, "csv_line": pl.String, "error": pl.String},
            orient="row",
        ),
    )
    con.execute(
        "create or replace temp table bad_lines as select line, "
        "'linjen er ikke en gyldig CSV-række: ' || error || ' (not a valid CSV row)' as reason, "
        "to_json(struct_pack(linje := skp_mask_cpr(csv_line)))::varchar as row_json "
        "from bad_line_rows"
    )
    con.unregister("bad_line_rows")
    unknown_query = unknown_codes_query(entity)
    if unknown_query:
        bind(con, f"create or replace temp table unknown_codes as {unknown_query}", values)
    else:
        con.execute(
            "create or replace temp table unknown_codes "
            "(column_name varchar, value varchar, rows bigint)"
        )
    rejects = con.sql(
        "select _line as line, _column as column_name, _reason as reason from checked "
        "where _reason is not null union all select line, null, reason from bad_lines "
        "order by line"
    ).pl()
    counts = (
        con.sql("select count(*) filter (where _reason is null) as loaded from checked").pl().row(0)
    )
    loaded = int(counts[0])
    unknown = int(con.sql("select coalesce(sum(rows), 0) from unknown_codes").pl().item())
    result = FileResult(
        table.source,
        entity.name,
        "checked",
        rows_read=loaded + rejects.height,
        rows_loaded=loaded,
        rows_rejected=rejects.height,
        unknown_codes=unknown,
        rejects=rejects,
    )
    if write:
        load.load(
            con, entity, uuid.uuid4().hex, table.source, content_hash, content_key, result.rows_read
        )
        result.status = "loaded"
    for name in ("staged", "checked", "bad_lines", "unknown_codes"):
        con.execute(f"drop table if exists {name}")
    return result
