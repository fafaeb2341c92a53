"""`dbt build` of the project in dbt_project/, published as the warehouse file readers read.

A build holds the warehouse's writer lock from start to end (warehouse/storage.py), so no
ingest can commit a load that the build would then leave out. It copies the ingest's store to
a file of the published file's name in a run folder of its own (dbt-duckdb's views name the
database after the file's base name), runs dbt on the copy, and publishes the copy with one
atomic rename, and only when dbt succeeded, every test passed, and the copy opens and holds
every model dbt built. Anything else (a failed test, a killed build, a full disk) leaves the
published file as it was, and the run folder is removed then or swept by the next run.

dbt runs in a child process, which takes the single writer lock of the copy and lets go of it
when it exits (dbt-duckdb keeps its database open for as long as its process lives). The child
dies with the build, even when the build is killed with SIGKILL (Linux's parent-death signal).
"""

import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingest import cpr
from warehouse import connection, sql, storage

DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"
BUILD_LOG = "_build"  # the schema in a published file that holds its own build's results


class WarehouseNotReady(Exception):
    pass


@dataclass
class BuildResult:
    success: bool  # and published
    failures: list[str]  # "node: status message" for every model or test that did not pass
    warnings: list[str]
    passed: int = 0  # seeds, models and tests that passed
    log: Path | None = None  # dbt's whole output


def dbt_command(
    warehouse: Path,
    command: list[str],
    *args: str,
    database: Path,
    target: str = "target",
    project: Path = DBT_PROJECT,
) -> tuple[list[str], dict[str, str]]:
    """The dbt command line and environment for one of the warehouse's files (`database`): its
    target and logs in the warehouse's private folder. `project`: the dbt project (a copy of
    ours, in a test)."""
    folder = storage.Warehouse(warehouse).dbt.resolve()  # dbt reads paths from its project
    argv = [
        str(Path(sys.executable).with_name("dbt")),  # the venv's dbt console script
        *command,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(folder / target),
        "--log-path",
        str(folder / "logs"),
        *args,
    ]
    env = {
        **os.environ,
        "SKP_WAREHOUSE": str(database.resolve()),
        "SKP_CPR_PATTERN": cpr.CPR_PATTERN,  # the dbt macro mask_cpr's pattern
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return argv, env


def build(
    warehouse: Path,
    *,
    wait: float = 0,
    waiting: Callable[[str], None] = lambda message: None,
) -> BuildResult:
    """Seed, run and test every model, and publish the result; nothing is published unless
    dbt succeeded and no test failed. Waits up to `wait` seconds for another writer. dbt's
    output goes to the private folder's dbt/build.log; the result counts what passed."""
    store = storage.Warehouse(warehouse)
    with storage.writer(store, "skp build", wait, waiting):
        storage.adopt_published_raw(store)
        _check_ingested(store)
        storage.rewrite_clean(store, waiting)  # after a killed ingest: before it is copied
        # the same path at every build: dbt reads the project again, 7 s at national size, when
        # the database's path changes
        with storage.run_folder(store, "build", same=True) as folder:
            copy = folder / warehouse.name
            try:
                shutil.copyfile(store.raw, copy)
            except OSError as error:
                return _failed(f"kopien kunne ikke skrives (the copy failed): {error.strerror}")
            target = store.dbt / "target"
            (target / "run_results.json").unlink(missing_ok=True)  # not an earlier build's
            argv, env = dbt_command(warehouse, ["build"], database=copy)
            log = store.dbt / "build.log"
            exit_code = storage.run_child(argv, env, log=log)
            failures, warnings, passed = _results(target / "run_results.json")
            if exit_code != 0 and not failures:
                failures = [f"dbt stoppede med kode {exit_code} (dbt exited with {exit_code})"]
            if failures:
                return BuildResult(False, failures, warnings, passed, log)
            try:
                _record_results(copy, target / "run_results.json")
                _check_publishable(copy, target / "manifest.json")
                # the published file keeps its mode; a first one is not for every local user
                mode = warehouse.stat().st_mode & 0o777 if warehouse.exists() else 0o640
                copy.chmod(mode)
                storage.durable_replace(copy, warehouse)
            except (OSError, duckdb.Error) as error:
                return _failed(f"den byggede fil kan ikke udgives (not published): {error}")
    return BuildResult(True, [], warnings, passed, log)


def _failed(message: str) -> BuildResult:
    return BuildResult(success=False, failures=[message], warnings=[])


def _check_ingested(store: storage.Warehouse) -> None:
    if not store.raw.exists():
        raise WarehouseNotReady(
            f"{store.published} har ingen indlæste data (no ingested data): kør først "
            "`skp ingest` (run skp ingest first)"
        )
    con = storage.connect_raw(store)  # a writer: a load a killed ingest committed is kept
    con.close()


def _record_results(copy: Path, run_results: Path) -> None:
    """The build's own results, in the file it publishes: Datakvalitet and the PDF read the
    tests that the data on screen passed, and when it was built."""
    results = json.loads(run_results.read_text())
    nodes = pl.DataFrame(
        [
            {"node": r["unique_id"], "status": r["status"], "message": r.get("message") or ""}
            for r in results["results"]
        ],
        schema={"node": pl.String, "status": pl.String, "message": pl.String},
    )
    generated = results["metadata"]["generated_at"].replace("Z", "+00:00")
    built = dt.datetime.fromisoformat(generated).astimezone().replace(tzinfo=None)  # local
    con = connection.write(copy)
    try:
        con.execute(f"create schema {BUILD_LOG}")
        con.register("nodes", nodes)
        con.execute(f"create table {BUILD_LOG}.results as select * from nodes")
        con.execute(
            f"create table {BUILD_LOG}.built as select $at::timestamp as built_at", {"at": built}
        )
    finally:
        con.close()


def _check_publishable(copy: Path, manifest: Path) -> None:
    """Raise unless the copy opens read-only and every model dbt built in it is there and can
    be read whole."""
    nodes = json.loads(manifest.read_text())["nodes"].values()
    models = [n for n in nodes if n["resource_type"] in ("model", "seed")]
    con = connection.connect(copy)  # as every reader opens the published file
    try:
        for model in models:
            relation = f"{sql.quote(model['schema'])}.{sql.quote(model['alias'])}"
            if model["config"]["materialized"] == "view":  # exists (reading it would compute it)
                con.execute(f"select * from {relation} limit 0").fetchall()
            else:  # every block of the table can be read
                con.execute(f"select count(*) from {relation}").fetchall()
        if not models:
            raise duckdb.Error("dbt byggede ingen modeller (no models)")
    finally:
        con.close()


def build_log(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The published data's own build: when it was built and each dbt node's status; None for
    a file built before builds recorded them."""
    found = con.sql(
        "select count(*) from information_schema.tables where table_schema = $schema",
        params={"schema": BUILD_LOG},
    ).fetchall()[0][0]
    if not found:
        return None
    return {
        "built_at": con.sql(f"select built_at from {BUILD_LOG}.built").fetchall()[0][0],
        "nodes": con.sql(f"select node, status, message from {BUILD_LOG}.results").pl(),
    }


def last_build_time(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    log = build_log(con)
    return log["built_at"] if log else None


def _results(path: Path) -> tuple[list[str], list[str], int]:
    """dbt's failures and warnings ("node: status message") and how many nodes passed."""
    if not path.exists():
        return [], [], 0
    results = json.loads(path.read_text())["results"]
    failures, warnings, passed = [], [], 0
    for node in results:
        line = f"{node['unique_id']}: {node['status']} {node.get('message') or ''}".strip()
        if node["status"] in ("error", "fail", "runtime error"):
            failures.append(line)
        elif node["status"] == "warn":
            warnings.append(line)
        elif node["status"] in ("pass", "success"):
            passed += 1
    return failures, warnings, passed
