"""`skp docs` serves the dbt docs site, and every model and column in it is described."""

import json
import os
import subprocess
import sys
import time
import urllib.request

from tests.test_browser import free_port


def fetch(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_docs_site_describes_every_model_and_column(demo_warehouse):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "skp.cli",
            "docs",
            "--port",
            str(port),
            "--warehouse",
            str(demo_warehouse),
        ],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                manifest = fetch(f"http://localhost:{port}/manifest.json")
                catalog = fetch(f"http://localhost:{port}/catalog.json")
                break
            except OSError:
                assert time.monotonic() < deadline, "skp docs did not serve within 120 s"
                time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=20)
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
