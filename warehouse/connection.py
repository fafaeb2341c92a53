"""Opening the warehouse: the one place a connection to one of its files is made, and the one
family of errors (WarehouseError) the CLI and the dashboard turn into messages."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.sql import quote


class WarehouseError(Exception):
    """The warehouse cannot answer; the message says why and what to do, in Danish and English."""


class NoData(WarehouseError):
    """No warehouse yet, or nothing in it for what was asked."""


class NotBuilt(WarehouseError):
    """The file holds no built models (ingested, not built)."""


class Unreadable(WarehouseError):
    """The file cannot be read as this version builds it (built by another version)."""


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse as it is now; the caller closes it.

    The file is attached to a fresh in-memory database rather than opened with
    duckdb.connect(file): DuckDB reuses an instance already open on the same path in this
    process, which would keep showing a file a build has since replaced (warehouse/build.py).
    It is attached under its base name, which the views dbt built refer to."""
    if not warehouse.exists():
        raise NoData(f"{warehouse} findes ikke (no warehouse): kør `skp ingest` og `skp build`")
    con = duckdb.connect()
    con.execute(f"attach $path as {quote(warehouse.stem)} (read_only)", {"path": str(warehouse)})
    con.execute(f"use {quote(warehouse.stem)}")
    return con


def write(path: Path) -> duckdb.DuckDBPyConnection:
    """A writer's connection to one of the warehouse's files (the ingest's store, a build's
    copy); the caller holds the writer lock (warehouse/storage.py) and closes it."""
    return duckdb.connect(str(path))


@contextmanager
def reading(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection whose DuckDB errors come out as WarehouseError."""
    con = connect(warehouse)
    try:
        with as_warehouse_errors():
            yield con
    finally:
        con.close()


@contextmanager
def as_warehouse_errors() -> Iterator[None]:
    """DuckDB's errors on reading the published warehouse, as WarehouseError."""
    try:
        yield
    except duckdb.CatalogException:
        raise NotBuilt("lageret er ikke bygget (warehouse not built): kør `skp build`") from None
    except duckdb.Error as error:  # a warehouse built by another version of SKP Indblik
        first_line = str(error).splitlines()[0]
        raise Unreadable(
            f"lageret kunne ikke læses (the warehouse could not be read: {first_line}); "
            "byg det igen med `skp build` (build it again)"
        ) from None
