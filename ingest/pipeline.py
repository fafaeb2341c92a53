"""Ingest an export: every file read, checked, pseudonymised and loaded, one load per table."""

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingest import cpr, load
from ingest.codes import code_lists
from ingest.read import Table, UnreadableFile, export_files, read_tables
from ingest.schema import CITIZEN, ID
from ingest.validate import CPR_MASK, LINE, blank_to_null, parse


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
    rejects: pl.DataFrame | None = None


def prepare(table: Table, key: bytes, today: dt.date):
    """Checked, pseudonymised rows, rejects and unknown codes of one table. No CPR survives:
    citizen ids become pseudonyms, CPR-shaped ids too, and CPR numbers in text are masked."""
    entity = table.entity
    parsed = parse(entity, table.frame, code_lists(), today)
    citizen_columns = [c.name for c in entity.columns if c.kind == CITIZEN]
    id_columns = [c.name for c in entity.columns if c.kind == ID]
    rows = cpr.pseudonymise(parsed.rows, citizen_columns, key)
    rows = cpr.pseudonymise(rows, id_columns, key, only_cpr_shaped=True)
    rows = rows.join(
        _extra_json(table.frame.select(LINE, *table.extra_columns), table.extra_columns),
        on=LINE,
        how="left",
    )
    rejects = parsed.rejects.with_columns(
        *[blank_to_null(pl.col(c)).alias(c) for c in [*citizen_columns, *id_columns]],
        *[
            pl.col(c).str.replace_all(cpr.CPR_ANYWHERE, CPR_MASK)
            for c in parsed.rejects.columns
            if c not in {LINE, "column", "reason", *citizen_columns, *id_columns}
        ],
    ).with_columns(
        # a malformed CPR number is still pseudonymised, as given
        pl.coalesce(cpr.digits(pl.col(c)), pl.col(c)).alias(c)
        for c in citizen_columns
    )
    rejects = cpr.pseudonymise(rejects, citizen_columns, key)
    rejects = cpr.pseudonymise(rejects, id_columns, key, only_cpr_shaped=True)
    original = [c for c in rejects.columns if c not in {LINE, "column", "reason"}]
    rejects = rejects.select(
        pl.col(LINE).alias("line"),
        pl.col("column").alias("column_name"),
        "reason",
        pl.struct(original).struct.json_encode().alias("row_json"),
    )
    return rows, rejects, parsed.unknown_codes


def _extra_json(extras: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    if not columns:
        return extras.select(LINE, pl.lit(None, dtype=pl.String).alias("_extra"))
    masked = [pl.col(c).str.replace_all(cpr.CPR_ANYWHERE, CPR_MASK) for c in columns]
    return extras.select(LINE, pl.struct(masked).struct.json_encode().alias("_extra"))


def ingest(
    paths: list[Path],
    con: duckdb.DuckDBPyConnection | None,
    key: bytes,
    today: dt.date | None = None,
    progress: Callable[[FileResult], None] = lambda result: None,
) -> list[FileResult]:
    """Load every file of the export at `paths`; with `con` None, check without writing."""
    today = today or dt.date.today()
    if con is not None:
        load.create_raw_schema(con)
    results = []
    for path in export_files(paths):
        for result in _ingest_file(path, con, key, today):
            progress(result)
            results.append(result)
    return results


def _ingest_file(path: Path, con, key: bytes, today: dt.date) -> list[FileResult]:
    try:
        tables = read_tables(path)
        content_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        prepared = [(table, *prepare(table, key, today)) for table in tables]
    except UnreadableFile as error:
        return [FileResult(str(path), None, "failed", message=error.problem)]
    results = []
    for table, rows, rejects, unknown in prepared:
        result = FileResult(
            table.source,
            table.entity.name,
            "checked",
            rows_read=table.frame.height,
            rows_loaded=rows.height,
            rows_rejected=rejects.height,
            unknown_codes=int(unknown.get_column("rows").sum()),
            rejects=rejects,
        )
        if con is not None:
            if load.already_loaded(con, content_hash, f"{table.entity.name}:{table.sheet or ''}"):
                result.status = "unchanged"
                result.message = "allerede indlæst (already loaded)"
            else:
                load.load(
                    con,
                    table.entity,
                    load_id=uuid.uuid4().hex,
                    source=table.source,
                    content_hash=content_hash,
                    content_key=f"{table.entity.name}:{table.sheet or ''}",
                    rows=rows,
                    rejects=rejects,
                    unknown_codes=unknown,
                    rows_read=table.frame.height,
                )
                result.status = "loaded"
        results.append(result)
    return results
