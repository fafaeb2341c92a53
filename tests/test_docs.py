"""`skp docs` serves the dbt docs site, and every model and column in it is described."""

import json
import urllib.request

from tests.conftest import serving


def fetch(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_docs_site_describes_every_model_and_column(demo_warehouse):
    with serving(["docs", "--warehouse", str(demo_warehouse)], "/catalog.json") as url:
        manifest = fetch(f"{url}/manifest.json")
        catalog = fetch(f"{url}/catalog.json")
    models = {k: v for k, v in manifest["nodes"].items() if k.startswith("model.")}
    assert len(models) >= 18
    assert {"exposure.skp_indblik.dashboard", "exposure.skp_indblik.status_report"} <= set(
        manifest["exposures"]
    )
    for key, model in models.items():
        assert model["description"].strip(), f"{key} has no description"
        built = catalog["nodes"][key]["columns"]
        undocumented = [c for c in built if not model["columns"].get(c, {}).get("description")]
        assert not undocumented, f"{key}: columns without a description: {undocumented}"
