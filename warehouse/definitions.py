"""Each figure's one-line definition, from the dbt docs: the `meta` definition_da /
definition_en of a model or column in the project's YAML. The dashboard's captions and the PDF's
appendix both read them here, so a definition is written once, next to the model it counts."""

from functools import cache

import yaml

from warehouse.build import DBT_PROJECT


@cache
def definitions() -> dict[tuple[str, str | None], dict]:
    """The meta of every model and column, keyed by (model, column or None)."""
    found = {}
    for path in sorted((DBT_PROJECT / "models").rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            found[(model["name"], None)] = model.get("meta", {})
            for column in model.get("columns", []):
                found[(model["name"], column["name"])] = column.get("meta", {})
    return found


def definition(model: str, column: str | None, lang: str = "da") -> str:
    """The definition in the language; '' when the YAML gives none."""
    return definitions().get((model, column), {}).get(f"definition_{lang}", "")
