"""The dashboard rendered by Streamlit's AppTest on the demo warehouse."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import report

ENTRY = str(Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py")


@pytest.fixture
def app(monkeypatch, demo_warehouse):
    monkeypatch.setenv("SKP_WAREHOUSE", str(demo_warehouse))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def test_overblik_shows_the_latest_full_year(app, demo_warehouse):
    assert app.selectbox[0].value == 2010  # 2011 is only half in the export
    expected = report(demo_warehouse, 2010)["citizens"]
    assert metric(app, "Borgere i kontakt").value == str(expected["total"]) == "55"
    assert metric(app, "Borgere i kontakt").delta == "+8 fra 2009"
    assert metric(app, "Mænd").value == "31"
    assert metric(app, "Kvinder").value == "24"


def test_overblik_follows_the_year_picker(app):
    app.selectbox[0].select(2009).run()
    assert metric(app, "Borgere i kontakt").value == "47"
    assert metric(app, "Mænd").value == "32"


def test_overblik_draws_its_charts(app):
    titles = [json.loads(chart.proto.spec)["title"] for chart in app.get("vega_lite_chart")]
    assert titles == ["Hvor kommer borgerne fra", "Forløbenes varighed", "Problemstillinger"]


def test_overblik_shows_small_counts_suppressed(app):
    import pyarrow as pa

    chart = next(
        c
        for c in app.get("vega_lite_chart")
        if json.loads(c.proto.spec)["title"] == "Forløbenes varighed"
    )
    rows = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().to_pylist()
    shown = {row["label"]: row["shown"] for row in rows}
    assert shown == {
        "Afvist kontakt": "<5",
        "0-3 måneder": "15",
        "3-6 måneder": "x",
        "Over 6 måneder": "28",
    }
    assert any("«<5» er 1–4 borgere" in c.value for c in app.caption)
