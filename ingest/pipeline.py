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
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingest import load
from ingest.codes import code_lists
from ingest.cpr import mask
from ingest.profile import Profile
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
from warehouse import storage


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


def ingest_export(
    paths: list[Path],
    warehouse: Path,
    key: bytes,
    *,
    dry_run: bool = False,
    wait: float = 0,
    waiting: Callable[[str], None] = lambda message: None,
    progress: Callable[[FileResult], None] = lambda result: None,
    profile: Profile | None = None,
) -> list[FileResult]:
    """`skp ingest`: load the export at `paths` into the warehouse's store (see
    warehouse/storage.py), holding its writer lock (waiting up to `wait` seconds for another
    writer), after checking that `key` is the key the store was loaded with. Temporary files go
    to a private run folder beside the warehouse. A dry run only checks, and writes nothing but
    that folder, which it removes. With `profile`, the files are another system's export, read
    as the profile maps it (ingest/profile.py)."""
    store = storage.Warehouse(warehouse)
    if dry_run:
        with storage.run_folder(store, "dry-run") as temp:
            return ingest(paths, None, key, progress=progress, temp=temp, profile=profile)
    with storage.writer(store, "skp ingest", wait, waiting):
        storage.adopt_published_raw(store)
        pending = store.rewrite_pending.exists()  # a stopped ingest's, or a failed rewrite's
        before = _written(store.raw)
        store.rewrite_pending.touch()  # until the store is rewritten (ingest/clean_store.py)
        con = storage.connect_raw(store)
        try:
            with storage.run_folder(store, "ingest") as temp:
                results = ingest(paths, con, key, progress=progress, temp=temp, profile=profile)
        finally:
            con.close()
        if not pending and _written(store.raw) == before:  # nothing written: nothing to clean
            store.rewrite_pending.unlink()
        storage.rewrite_clean(store, waiting)
    return results


def _written(path: Path) -> tuple[int, int] | None:
    """When and how much a file was last written, or None when it is not there."""
    return (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else None


def ingest(
    paths: list[Path],
    con: duckdb.DuckDBPyConnection | None,
    key: bytes,
    today: dt.date | None = None,
    progress: Callable[[FileResult], None] = lambda result: None,
    temp: Path | None = None,
    profile: Profile | None = None,
) -> list[FileResult]:
    """Load every file of the export at `paths`; with `con` None, check without writing.
    Temporary files (DuckDB's spill, a UTF-8 copy of a file) go to `temp`, else to a private
    folder of the system's that is removed at the end."""
    values = params(key, code_lists(), today or dt.date.today())
    work = con if con is not None else duckdb.connect()
    own = tempfile.TemporaryDirectory(prefix="skp-ingest-") if temp is None else nullcontext()
    temp = Path(own.name) if temp is None else temp
    settings = {
        # DuckDB caches up to its memory limit (80% of RAM by default) and spills beyond it
        "memory_limit": "3GB",
        "temp_directory": str(temp),
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
        load.check_key(con, key)  # before anything is written
    results = []
    files = export_files(paths)
    # One thread reads the files' bytes ahead (hash and line count, see read.scan) while
    # DuckDB works on the file before: hashing releases Python's lock, DuckDB too.
    scanner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="skp-scan")
    scans = [scanner.submit(scan, path) if readable(path) else None for path in files]
    try:
        for path, scanned in zip(files, scans, strict=True):
            for result in _ingest_file(path, scanned, work, values, con is not None, temp, profile):
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
        if isinstance(own, tempfile.TemporaryDirectory):
            own.cleanup()
    return results


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    return con.execute("select current_setting($name)", {"name": name}).fetchall()[0][0]


def _ingest_file(
    path: Path, scanned, con, values: dict, write: bool, temp: Path, profile: Profile | None
) -> list[FileResult]:
    """`scanned` is the future of the file's scan, or None for a file that is no CSV or XLSX.
    Whatever goes wrong with one file fails that file alone, with a message naming it."""
    try:
        found = tables(path, _scan_result(path, scanned), profile)
    except UnreadableFile as error:
        return [FileResult(mask(str(path)), None, "failed", message=mask(error.problem))]
    except duckdb.InterruptException:  # the run was stopped: no file's failure
        raise
    except Exception as error:  # noqa: BLE001 - a file no rule foresaw still fails alone
        return [FileResult(mask(str(path)), None, "failed", message=_unforeseen(error))]
    results = []
    for table in found:
        content_hash = table.content_hash
        content_key = f"{table.entity.name}:{table.sheet or ''}"
        if profile is not None:  # read under another profile, a file is another table
            content_key += profile.content_key
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
        results.append(_check_and_load(table, con, values, write, content_hash, content_key, temp))
    return results


def _unforeseen(error: Exception) -> str:
    """A failure no rule names, as one line: its kind and its first line, CPR numbers masked
    (the text may quote the data), cut to a readable length."""
    first = (str(error).strip().splitlines() or [""])[0][:300]
    kind = "" if isinstance(error, duckdb.Error) else f"{type(error).__name__}: "
    return mask(f"kan ikke læses (cannot be read): {kind}{first}")


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


def _check_and_load(
    table: Table, con, values, write, content_hash, content_key, temp: Path
) -> FileResult:
    """Check a table and, when writing, store it: all of it or nothing. The checking works in
    temporary tables only; the storing is one transaction."""
    entity = table.entity
    load_id = uuid.uuid4().hex
    begun = False
    try:
        loaded, rejected, unknown = _check(table, con, values, temp)
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
    except UnreadableFile as error:  # found while staging (a line too long to be a row)
        return FileResult(table.source, entity.name, "failed", message=mask(error.problem))
    except Exception as error:  # noqa: BLE001 - one file fails alone, whatever failed
        if begun:
            with suppress(duckdb.Error):  # a database the error invalidated has nothing to undo
                con.execute("rollback")
        if isinstance(error, duckdb.InterruptException):  # the run was stopped: no file's
            raise  # failure
        return FileResult(table.source, entity.name, "failed", message=_unforeseen(error))
    finally:
        drop_staged(con)
        columns = looked_up(entity)
        per_column = [f"{kind}_{c.name}" for c in columns for kind in ("counted", "lookup")]
        for name in [*TEMPORARY, *per_column]:
            con.execute(f"drop table if exists {name}")


def _check(table: Table, con, values: dict, temp: Path) -> tuple[int, pl.DataFrame, int]:
    """Stage and check a table in temporary tables: (rows loaded, the rejects as line, column
    and reason, unknown codes)."""
    entity = table.entity
    bad_lines = stage(con, table, temp)
    for column in looked_up(entity):
        if column.kind == CITIZEN:
            con.execute(citizens_counted_query(column))
            bind(con, new_citizens_query(column), values)
        bind(con, lookup_query(column), values)
    bind(con, judged_query(entity), values)
    bind(con, key_hashes_query(entity), values)
    bind(con, duplicates_query(entity), values)
    con.execute(NOT_LOADED)
    _bad_lines_table(con, bad_lines, keep_text=not table.left_out)
    con.execute(not_loaded_rows_query(entity, table.extra_columns))
    bind(con, rejected_query(entity, table.extra_columns), values)
    if table.profile is not None:
        table.profile.explain(con)
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


LEFT_OUT_LINE = "[ikke gemt: profilen udelader kolonner] (not kept: the profile leaves columns out)"
BAD_LINE_KEPT = 2000  # characters of a line that is no row kept with its reject


def _bad_lines_table(con, bad_lines: list[tuple], keep_text: bool = True) -> None:
    """Lines that are no CSV row, as rejects; CPR numbers in them masked, and only their first
    BAD_LINE_KEPT characters kept (a line may be megabytes of garbage). Without `keep_text`
    (a profile leaves columns out, which must never be stored), the line is not kept at all."""
    con.execute(
        "create or replace temp table bad_lines (line bigint, reason varchar, row_json varchar)"
    )
    if bad_lines:
        con.executemany(
            "insert into bad_lines select $line, 'linjen er ikke en gyldig CSV-række: ' || $error "
            "|| ' (not a valid CSV row)', "
            "to_json(struct_pack(linje := left(skp_mask_cpr($text), $keep)))",
            [
                {
                    "line": line,
                    "text": text if keep_text else LEFT_OUT_LINE,
                    "error": error,
                    "keep": BAD_LINE_KEPT,
                }
                for line, text, error in bad_lines
            ],
        )
