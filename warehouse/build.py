"""`dbt build` of the project in dbt_project/ against one warehouse file."""

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
from dbt.cli.main import dbtRunner

DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"


class WarehouseNotReady(Exception):
    pass


@dataclass
class BuildResult:
    success: bool
    failures: list[str]  # "model_or_test_name: message" for every node that did not pass


def check_ingested(warehouse: Path) -> None:
    if not warehouse.exists():
        raise WarehouseNotReady(
            f"{warehouse} findes ikke (no warehouse): kør først `skp ingest` (run skp ingest first)"
        )
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        found = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw'"
        ).fetchone()[0]
    finally:
        con.close()
    if not found:
        raise WarehouseNotReady(
            f"{warehouse} har ingen indlæste data (no ingested data): kør først `skp ingest`"
        )


def build(warehouse: Path, select: list[str] | None = None) -> BuildResult:
    """Seed, run and test every model; success only when every dbt test passes."""
    check_ingested(warehouse)
    args = ["build", "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT)]
    if select:
        args += ["--select", *select]
    previous = os.environ.get("SKP_WAREHOUSE")
    os.environ["SKP_WAREHOUSE"] = str(warehouse.resolve())
    try:
        result = dbtRunner().invoke(args)
    finally:
        if previous is None:
            del os.environ["SKP_WAREHOUSE"]
        else:
            os.environ["SKP_WAREHOUSE"] = previous
    failures = []
    if result.result is not None:
        for node in result.result:
            if str(node.status) not in ("success", "pass"):
                failures.append(f"{node.node.name}: {node.status} {node.message or ''}".strip())
    elif result.exception is not None:
        failures.append(str(result.exception))
    return BuildResult(success=result.success and not _errors(failures), failures=failures)


def _errors(failures: list[str]) -> list[str]:
    return [f for f in failures if ": warn" not in f]
