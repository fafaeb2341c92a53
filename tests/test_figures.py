"""The figure declarations (warehouse/figures.py) hold together: each figure is counted, defined
in the dbt docs, titled in both languages, shown somewhere, and what the report holds is what
is declared. These are the checks "Adding a KPI" in the README names."""

import dataclasses
import json
from pathlib import Path

import pytest

from report.sections import SECTIONS
from report.texts import TEXT
from tests.conftest import run
from warehouse import figures
from warehouse.figures import FIGURES, Figure, Inconsistent, Measure, Table, check

SCREENS = Path(__file__).parents[1] / "app" / "screens"
PDF_SECTIONS = {key for key, _ in SECTIONS}


@pytest.fixture(scope="module")
def manifest(demo_warehouse) -> dict:
    """The dbt manifest of a real build of the project as it is now."""
    from warehouse.storage import Warehouse

    return json.loads((Warehouse(demo_warehouse).dbt / "target" / "manifest.json").read_text())


def test_every_figure_counts_a_column_of_a_model_with_its_definition_in_both_languages(manifest):
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    for f in FIGURES:
        if f.model is None:
            assert f.key == "period"
            continue
        assert f.model in models, f"{f.key}: no dbt model {f.model}"
        columns = models[f.model]["columns"]
        assert f.column in columns, f"{f.key}: {f.model} has no column {f.column}"
        meta = columns[f.column].get("meta") or columns[f.column].get("config", {}).get("meta", {})
        for lang in ("da", "en"):
            assert meta.get(f"definition_{lang}"), f"{f.key}: {f.model}.{f.column} has no {lang}"


def test_every_figure_is_titled_in_danish_and_english():
    for f in FIGURES[1:]:
        for key in (f.title, f.category, f.count_title, f.share_text):
            if key is not None:
                assert key in TEXT and all(TEXT[key]), (f.key, key)


def test_every_figure_is_shown_where_it_says_and_somewhere(demo_warehouse):
    pages = {path.stem for path in SCREENS.glob("*.py")}
    for f in FIGURES[1:]:
        places = set(f.shown) - {"meeting", "note"}
        assert places <= pages, (f.key, places - pages)
        if f.pdf:
            assert f.pdf.split(":")[0] in PDF_SECTIONS, f.key
        # a figure nobody sees is either a part of a shown one or a mistake
        seen = f.shown or f.pdf
        assert seen or f.key in ("contacts.by_place",) or isinstance(f.rule, Table), f.key
    from report.status_report import WRITTEN

    assert set(WRITTEN) == PDF_SECTIONS  # every section has its sentences


def test_the_report_holds_exactly_the_declared_figures(demo_warehouse):
    reported = json.loads(run("report", "--year", 2010, "--warehouse", demo_warehouse).output)

    def leaves(node, path=""):
        for key, value in node.items():
            at = f"{path}{key}"
            if at in declared:
                yield at
            else:
                assert isinstance(value, dict), f"{at} is reported but not declared"
                yield from leaves(value, f"{at}.")

    declared = {f.key for f in FIGURES}
    assert set(leaves(reported)) == declared
    for f in FIGURES:
        value = reported
        for part in f.key.split("."):
            value = value[part]
        assert isinstance(value, dict) == f.is_breakdown or f.key == "period", f.key


def _with(*changes: Figure) -> tuple[Figure, ...]:
    by_key = {f.key: f for f in FIGURES}
    for change in changes:
        by_key[change.key] = change
    return tuple(by_key.values())


def _after(key: str, added: Figure) -> tuple[Figure, ...]:
    at = [f.key for f in FIGURES].index(key) + 1
    return (*FIGURES[:at], added, *FIGURES[at:])


@pytest.mark.parametrize(
    ("declared", "says"),
    [
        # a table its total does not name: it would be published unsuppressed
        (
            _with(
                Figure(
                    "contacts.by_worker",
                    Measure("contacts", by="worker_initials"),
                    Table(),
                    "fct_contacts",
                    "worker_initials",
                    "contacts_by_form",
                    "contact_form",
                )
            ),
            "contacts.by_worker is a table of 0 totals",
        ),
        # a note under a chart's slide: it would be lost
        (
            _after(
                "citizens.age_bands",
                dataclasses.replace(
                    figures.figure("citizens.anonymous"), key="citizens.again", shown=("note",)
                ),
            ),
            "no single figure's slide comes before it",
        ),
        # a derived figure from a figure nobody declared
        (
            _with(
                dataclasses.replace(
                    figures.figure("contacts.per_citizen"),
                    rule=figures.Derived(("contacts.total", "citizens.everyone")),
                )
            ),
            "citizens.everyone, which is not declared",
        ),
    ],
)
def test_declarations_that_contradict_each_other_are_refused(declared, says):
    check()  # the real ones hold together
    with pytest.raises(Inconsistent, match=says):
        check(declared)


def test_every_target_the_council_set_names_a_declared_figure():
    import csv

    seed = Path(__file__).parents[1] / "dbt_project" / "seeds" / "targets.csv"
    with seed.open(encoding="utf-8") as file:
        named = [row["figure"] for row in csv.DictReader(file)]
    assert named
    for key in named:
        figures.figure(key)  # raises Unknown


def test_a_target_is_met_or_missed_only_where_its_figure_is_shown():
    from report.formatting import target_rows
    from warehouse.targets import Target, held_against

    shown = {
        "housing": {"homeless_at_end": 6},
        "quality": {"contacted_every_month": "x", "days_to_first_contact_median": 12.0},
    }
    held = held_against(
        [
            Target("housing.homeless_at_end", "<=", 5),
            Target("quality.contacted_every_month", ">=", 0.9),
            Target("quality.days_to_first_contact_median", "<=", 14),
            Target("citizens.oldest", "<=", 90),
        ],
        shown,
    )
    assert [h.met for h in held] == [False, None, True, None]
    assert not held[3].declared
    rows = target_rows(held)
    assert rows[0] == ["Hjemløse ved periodens slut", "højst 5", "6", "Nej"]
    assert rows[1] == [
        "Månedlig kontakt (andel)",
        "mindst 90 %",
        "x",
        "Kan ikke vises (skjult tal)",
    ]
    assert rows[3][1] == "Ukendt tal i targets.csv"
