"""`dbt build` of the project in dbt_project/ against one warehouse file.

dbt runs in its own process: it takes the single writer lock of the file it builds and releases
it when it exits (dbt-duckdb keeps its database open for as long as its process lives).

A build never touches the file the dashboard reads. It copies the warehouse to a file of the same
name in a folder beside it (dbt-duckdb's views name the database after the file's base name),
builds the copy, and then moves it over the warehouse in one atomic rename. Readers that opened
the old file finish on it; the next connection opens the new one. So the dashboard keeps
answering during a build, and no reader can block the build.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"


class WarehouseNotReady(Exception):
    pass


@dataclass
class BuildResult:
    success: bool
    failures: list[str]  # "node: status message" for every model or test that did not pass
    warnings: list[str]


def dbt_paths(warehouse: Path) -> dict[str, Path]:
    """dbt's target and log folders for a warehouse file, beside it: builds never share them."""
    root = warehouse.resolve().parent / f".{warehouse.stem}-dbt"
    return {
        "target": root / "target",
        "logs": root / "logs",
        "next": root / "next" / warehouse.name,  # the copy a build works on
    }


def run_results(warehouse: Path) -> dict | None:
    """The last `skp build`'s dbt run_results.json for the warehouse; None before any build."""
    path = dbt_paths(warehouse)["target"] / "run_results.json"
    return json.loads(path.read_text()) if path.exists() else None


def last_build_time(warehouse: Path) -> dt.datetime | None:
    """When the last `skp build` of the warehouse ran dbt, local time."""
    results = run_results(warehouse)
    if results is None:
        return None
    generated = results["metadata"]["generated_at"]
    return (
        dt.datetime.fromisoformat(generated.replace("Z", "+00:00"))
        .astimezone()
        .replace(tzinfo=None)
    )


def check_ingested(warehouse: Path) -> None:
    if not warehouse.exists():
        raise WarehouseNotReady(
            f"{warehouse} findes ikke (no warehouse): kør først `skp ingest` (run skp ingest first)"
        )
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        found = (
            con.sql("select count(*) from information_schema.tables where table_schema = 'raw'")
            .pl()
            .item()
        )
    finally:
        con.close()
    if not found:
        raise WarehouseNotReady(
            f"{warehouse} har ingen indlæste data (no ingested data): kør først `skp ingest`"
        )


def dbt_command(
    warehouse: Path, command: list[str], *args: str, database: Path | None = None
) -> tuple[list[str], dict[str, str]]:
    """The dbt command line and environment for one warehouse file (dbt works on `database`,
    the warehouse itself unless given)."""
    paths = dbt_paths(warehouse)
    argv = [
        str(Path(sys.executable).with_name("dbt")),  # the venv's dbt console script
        *command,
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
        "--target-path",
        str(paths["target"]),
        "--log-path",
        str(paths["logs"]),
        *args,
    ]
    env = {
        **os.environ,
        "SKP_WAREHOUSE": str((database or warehouse).resolve()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return argv, env


def build(warehouse: Path, quiet: bool = False) -> BuildResult:
    """Seed, run and test every model; success only when no dbt test fails."""
    check_ingested(warehouse)
    paths = dbt_paths(warehouse)
    copy = paths["next"]
    copy.parent.mkdir(parents=True, exist_ok=True)
    if warehouse.with_name(warehouse.name + ".wal").exists():
        duckdb.connect(str(warehouse)).close()  # a writer that did not close: checkpoint first
    shutil.copyfile(warehouse, copy)
    argv, env = dbt_command(warehouse, ["build"], database=copy)
    output = subprocess.DEVNULL if quiet else None
    exit_code = subprocess.call(argv, env=env, stdout=output, stderr=output)
    # the models dbt built replace the old ones, as an in-place build would have
    os.replace(copy, warehouse)
    failures, warnings = _results(paths["target"] / "run_results.json")
    if exit_code != 0 and not failures:
        failures = [f"dbt stoppede med kode {exit_code} (dbt exited with {exit_code})"]
    return BuildResult(
        success=exit_code == 0 and not failures, failures=failures, warnings=warnings
    )


def _results(path: Path) -> tuple[list[str], list[str]]:
    if not path.exists():
        return [], []
    results = json.loads(path.read_text())["results"]
    failures, warnings = [], []
    for node in results:
        line = f"{node['unique_id']}: {node['status']} {node.get('message') or ''}".strip()
        if node["status"] in ("error", "fail", "runtime error"):
            failures.append(line)
        elif node["status"] == "warn":
            warnings.append(line)
    return failures, warnings
