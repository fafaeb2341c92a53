"""The dbt project as analysts rely on it: what Python reads is declared (exposures), public and
under an enforced contract (read from the manifest of a real build), and the project keeps
dbt_project_evaluator's rules, each exception explained in its seed."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from warehouse.build import DBT_PROJECT, dbt_command
from warehouse.labels import LABELS
from warehouse.storage import Warehouse

ROOT = Path(__file__).parent.parent
PROJECT = "skp_indblik"


@pytest.fixture(scope="module")
def manifest(demo_warehouse) -> dict:
    return json.loads((Warehouse(demo_warehouse).dbt / "target" / "manifest.json").read_text())


def read_by_python() -> set[str]:
    """Every mart and code list the Python code names in its SQL."""
    names = set()
    for folder in ("app", "warehouse", "skp"):
        for path in (ROOT / folder).rglob("*.py"):
            for schema, name in re.findall(r"\b(marts|codes)\.([a-z_]+)\b", path.read_text()):
                names.add(f"{'model' if schema == 'marts' else 'seed'}.{PROJECT}.{name}")
    # the labels' code lists are named by a loop (LABELS)
    return names | {f"seed.{PROJECT}.{name}" for name in LABELS}


def test_what_python_reads_is_found_by_the_scan():
    found = read_by_python()
    assert f"model.{PROJECT}.fct_contacts" in found
    assert f"model.{PROJECT}.fct_unknown_codes" in found
    assert f"seed.{PROJECT}.contact_count_bands" in found
    assert f"seed.{PROJECT}.episode_end_reasons" in found


def test_exposures_list_everything_python_reads(manifest):
    exposed = {
        node
        for exposure in manifest["exposures"].values()
        for node in exposure["depends_on"]["nodes"]
    }
    missing = read_by_python() - exposed
    assert not missing, f"read by Python but in no exposure (models/exposures.yml): {missing}"
    unknown = read_by_python() - set(manifest["nodes"])
    assert not unknown, f"read by Python but not in the project: {unknown}"


def test_every_mart_python_reads_is_public_under_an_enforced_contract(manifest):
    for node in sorted(n for n in read_by_python() if n.startswith("model.")):
        model = manifest["nodes"][node]
        assert model["access"] == "public", node
        assert model["contract"]["enforced"], node
        assert all(c.get("data_type") for c in model["columns"].values()), node


def evaluate(tmp_path: Path, project: Path = DBT_PROJECT) -> dict[str, str]:
    """dbt_project_evaluator's rules on the project (its own models and tests, built into an
    empty DuckDB file): the status of each rule's test."""
    database = tmp_path / "evaluator.duckdb"
    argv, env = dbt_command(
        database,
        ["build", "--select", "package:dbt_project_evaluator", "dbt_project_evaluator_exceptions"],
        database=database,
        project=project,
    )
    result = subprocess.run(argv, env={**env, "SKP_EVALUATE": "true"}, capture_output=True)
    results = json.loads((Warehouse(database).dbt / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"].split(".")[2]: r["status"] for r in results["results"]}
    assert statuses, result.stdout.decode()[-3000:]
    return statuses


def test_the_project_keeps_every_rule_of_dbt_project_evaluator(tmp_path):
    statuses = evaluate(tmp_path)
    broken = {
        name: status for name, status in statuses.items() if status not in ("pass", "success")
    }
    exceptions = "dbt_project/evaluator/dbt_project_evaluator_exceptions.csv"
    assert not broken, f"dbt_project_evaluator (exceptions: {exceptions}): {broken}"
    assert sum(name.startswith("is_empty_fct_") for name in statuses) >= 25  # its rules ran


def test_the_evaluator_finds_a_rule_broken(tmp_path):
    """The control: without the exception for dim_citizens's joins, that rule fails."""
    project = tmp_path / "project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs"))
    exceptions = project / "evaluator" / "dbt_project_evaluator_exceptions.csv"
    lines = exceptions.read_text().splitlines()
    exceptions.write_text("\n".join(line for line in lines if ",dim_citizens," not in line) + "\n")
    statuses = evaluate(tmp_path, project)
    assert statuses["is_empty_fct_too_many_joins_"] == "warn"
    assert [
        name for name, status in statuses.items() if status != "pass" and status != "success"
    ] == ["is_empty_fct_too_many_joins_"]
