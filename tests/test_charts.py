"""The dashboard converts its bar charts without Altair checking each spec against Vega-Lite's
schema (app/components._Unvalidated: half of a first page view's chart time). Here every form
report/charts.bar_chart takes is checked against the schema, and converts to the same spec."""

import itertools

import altair as alt
import polars as pl
import pytest

from app.components import _Unvalidated
from report import charts

ROWS = {
    "shown": [("Mænd", 12, "12"), ("Kvinder", None, "<5"), ("Ukendt", 0, "0")],
    "all hidden": [("Mænd", None, "<5"), ("Kvinder", None, "x")],
    "none": [],
}


@pytest.mark.parametrize(
    "rows, horizontal, lang, sort",
    list(
        itertools.product(ROWS.values(), [True, False], ["da", "en"], [None, ["Kvinder", "Mænd"]])
    ),
)
def test_every_form_of_a_bar_chart_is_valid_vega_lite(rows, horizontal, lang, sort):
    frame = pl.DataFrame(rows, schema=charts.COUNTS, orient="row")
    chart = charts.bar_chart(frame, "Borgere i kontakt", "Køn", "Antal", sort, horizontal, lang)
    checked = chart.to_dict()  # raises SchemaValidationError on a spec Vega-Lite refuses
    assert _Unvalidated(chart).to_dict() == checked


def test_an_invalid_chart_is_what_the_check_would_catch():
    """The check above can fail: a property Vega-Lite does not know is refused."""
    chart = charts.bar_chart(
        pl.DataFrame(ROWS["shown"], schema=charts.COUNTS, orient="row"), "T", "K", "A"
    ).properties(heigth=300)
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        chart.to_dict()
