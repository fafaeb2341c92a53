"""Ingest an export: every file read, checked, pseudonymised and loaded, one load per table.

All row work happens in DuckDB, in temporary tables of the connection (nothing of them is
stored): `staged` holds a file's strings; `lookup_<column>` each distinct value of a column,
typed, pseudonymised and checked once; `judged` the rows that break a rule, `duplicates` the
rows repeating a key, `rejected` every row not loaded, each with its reason. The rows loaded
go from `staged`, joined to the lookups, straight into the warehouse: the file's values are
written once. DuckDB works on a whole file at once, in parallel, and spills to disk beyond
its memory limit.
"""

import datetime as dt
import tempfile
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingest import load
from ingest.codes import code_lists
from ingest.cpr import mask
from ingest.read import (
    Scan,
    Table,
    UnreadableFile,
    drop_staged,
    export_files,
    readable,
    scan,
    stage,
    tables,
)
from ingest.schema import CITIZEN
from ingest.validate import (
    KNOWN_CITIZENS,
    NOT_LOADED,
    accepted_keys_query,
    accepted_query,
    as_read_query,
    bind,
    citizens_counted_query,
    duplicates_query,
    install_rules,
    judged_query,
    key_hashes_query,
    looked_up,
    lookup_query,
    new_citizens_query,
    not_loaded_rows_query,
    params,
    rejected_query,
    unknown_codes_query,
)


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
    spill = tempfile.TemporaryDirectory(prefix="skp-ingest-")
    settings = {
        # DuckDB caches up to its memory limit (80% of RAM by default) and spills beyond it
        "memory_limit": "3GB",
        "temp_directory": spill.name,
        # A file's rows are joined to its lookups with the rows on the probe side, as written:
        # DuckDB's estimate of the rows left after `not_loaded` is far too low, and it would
        # build a hash table of every row instead (twice as slow, and the rows lose their
        # file order).
        "disabled_optimizers": "build_side_probe_side",
    }
    before = {name: _setting(work, name) for name in settings}
    for name, value in settings.items():
        work.execute(f"set {name} = $value", {"value": value})
    install_rules(work)
    work.execute(KNOWN_CITIZENS)
    if con is not None:
        load.create_raw_schema(con)
    results = []
    files = export_files(paths)
    # One thread reads the files' bytes ahead (hash and line count, see read.scan) while
    # DuckDB works on the file before: hashing releases Python's lock, DuckDB too.
    scanner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="skp-scan")
    scans = [scanner.submit(scan, path) if readable(path) else None for path in files]
    try:
        for path, scanned in zip(files, scans, strict=True):
            for result in _ingest_file(path, scanned, work, values, write=con is not None):
                progress(result)
                results.append(result)
    finally:
        scanner.shutdown(cancel_futures=True)
        work.execute("drop table if exists known_citizens")
        if con is None:
            work.close()
        else:  # the caller's settings as they were (to the precision DuckDB shows them)
            for name, value in before.items():
                con.execute(f"set {name} = $value", {"value": value})
        spill.cleanup()
    return results


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    return con.execute("select current_setting($name)", {"name": name}).fetchall()[0][0]


def _ingest_file(path: Path, scanned, con, values: dict, write: bool) -> list[FileResult]:
    """`scanned` is the future of the file's scan, or None for a file that is no CSV or XLSX."""
    try:
        found = tables(path, _scan_result(path, scanned))
    except UnreadableFile as error:
        return [FileResult(mask(str(path)), None, "failed", message=mask(error.problem))]
    results = []
    for table in found:
        content_hash = table.content_hash
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


def _scan_result(path: Path, scanned) -> Scan | None:
    if scanned is None:
        return None
    try:
        return scanned.result()
    except OSError as error:
        raise UnreadableFile(path, f"kan ikke læses (cannot be read): {error.strerror}") from error


# the temporary tables of a file's check (besides staged's, and those of each column)
TEMPORARY = [
    "judged",
    "key_hashes",
    "duplicates",
    "not_loaded",
    "not_loaded_rows",
    "bad_lines",
    "rejected",
    "unknown_all",
]


def _check_and_load(table: Table, con, values, write, content_hash, content_key) -> FileResult:
    """Check a table and, when writing, store it: all of it or nothing. The checking works in
    temporary tables only; the storing is one transaction."""
    entity = table.entity
    load_id = uuid.uuid4().hex
    begun = False
    try:
        loaded, rejected, unknown = _check(table, con, values)
        result = FileResult(
            table.source,
            entity.name,
            "loaded" if write else "checked",
            rows_read=loaded + rejected.height,
            rows_loaded=loaded,
            rows_rejected=rejected.height,
            unknown_codes=unknown,
            rejects=rejected,
        )
        if write:
            as_read = frozenset(name for (name,) in con.execute(as_read_query(entity)).fetchall())
            con.execute("begin transaction")
            begun = True
            load.store(
                con,
                entity,
                accepted_query(entity, table.extra_columns, as_read),
                accepted_keys_query(entity),
                values,
                load_id,
                table.source,
            )
            load.log_load(
                con,
                load_id,
                table.source,
                content_hash,
                content_key,
                entity.name,
                result.rows_read,
                loaded,
                rejected.height,
                unknown,
            )
            con.execute("commit")
        return result
    except duckdb.Error as error:
        if begun:
            con.execute("rollback")
        first_line = mask(str(error).strip().splitlines()[0])  # DuckDB may quote the data
        return FileResult(
            table.source,
            entity.name,
            "failed",
            message=f"kan ikke læses (cannot be read): {first_line}",
        )
    finally:
        drop_staged(con)
        columns = looked_up(entity)
        per_column = [f"{kind}_{c.name}" for c in columns for kind in ("counted", "lookup")]
        for name in [*TEMPORARY, *per_column]:
            con.execute(f"drop table if exists {name}")


def _check(table: Table, con, values: dict) -> tuple[int, pl.DataFrame, int]:
    """Stage and check a table in temporary tables: (rows loaded, the rejects as line, column
    and reason, unknown codes)."""
    entity = table.entity
    bad_lines = stage(con, table)
    for column in looked_up(entity):
        if column.kind == CITIZEN:
            con.execute(citizens_counted_query(column))
            bind(con, new_citizens_query(column), values)
        bind(con, lookup_query(column), values)
    bind(con, judged_query(entity), values)
    bind(con, key_hashes_query(entity), values)
    bind(con, duplicates_query(entity), values)
    con.execute(NOT_LOADED)
    _bad_lines_table(con, bad_lines)
    con.execute(not_loaded_rows_query(entity, table.extra_columns))
    bind(con, rejected_query(entity, table.extra_columns), values)
    unknown_all = f"create or replace temp table unknown_all as {unknown_codes_query(entity)}"
    bind(con, unknown_all, values)
    rejected = con.sql(
        "select line, column_name, reason from rejected order by line, column_name"
    ).pl()
    loaded = con.sql(
        "select (select count(*) from staged_rows) - (select count(*) from not_loaded)"
    ).fetchall()[0][0]
    unknown = con.sql("select coalesce(sum(rows), 0) from unknown_all").fetchall()[0][0]
    return int(loaded), rejected, int(unknown)


def _bad_lines_table(con, bad_lines: list[tuple]) -> None:
    """Lines that are no CSV row, as rejects; CPR numbers in them masked."""
    con.execute(
        "create or replace temp table bad_lines (line bigint, reason varchar, row_json varchar)"
    )
    if bad_lines:
        con.executemany(
            "insert into bad_lines select $line, 'linjen er ikke en gyldig CSV-række: ' || $error "
            "|| ' (not a valid CSV row)', to_json(struct_pack(linje := skp_mask_cpr($text)))",
            [{"line": line, "text": text, "error": error} for line, text, error in bad_lines],
        )
