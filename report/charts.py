"""Chart builders: pure functions from a frame to an Altair chart."""

from collections.abc import Callable

import altair as alt
import polars as pl

from report import formatting

# Okabe-Ito blue: safe for colour-blind readers, 5:1 contrast on white.
PRIMARY = "#0072B2"
# Text on a chart (axes, titles, value labels): 16:1 on white. Streamlit's chart theme draws
# axes in #808495, 3.7:1, below WCAG AA's 4.5:1.
INK = "#222222"
# Vega's number format per language: Danish writes 1.234,5
LOCALES = {
    "da": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["£", ""]},
}


COUNTS = {"label": pl.String, "n": pl.Int64, "shown": pl.String}  # what bar_chart draws


def counts_frame(
    mapping: dict[str, int | str], label: Callable[[str], str], lang: str = "da"
) -> pl.DataFrame:
    """A figure's counts (suppressed ones as '<5' / 'x') as label, n (null where hidden) and
    shown: what bar_chart draws and a CSV download gives."""
    return pl.DataFrame(
        {
            "label": [label(k) for k in mapping],
            "n": [v if isinstance(v, int) else None for v in mapping.values()],
            "shown": [formatting.count(v, lang) for v in mapping.values()],
        },
        schema=COUNTS,
    )


def bar_chart(
    frame: pl.DataFrame,
    title: str,
    category_title: str,
    count_title: str,
    sort: list[str] | None = None,
    horizontal: bool = True,
    lang: str = "da",
) -> alt.LayerChart:
    """Counts per category: `frame` has columns label, n (null where hidden) and shown (the
    count as shown: a number, or '<5' / 'x' where hidden). Without `sort`, the largest come
    first and the hidden last."""
    if sort is None:
        sort = frame.sort(["n", "label"], descending=[True, False], nulls_last=True)["label"]
        sort = sort.to_list()
    axis = alt.Axis(labelLimit=260, labelAngle=0)
    # under vertical bars, a label takes a line per word: a narrow screen keeps every label
    # ("0-3 måneder" beside "Afvist kontakt") rather than dropping those that would overlap
    words = alt.Axis(labelLimit=260, labelAngle=0, labelExpr="split(datum.label, ' ')")
    category = alt.X("label:N", title=category_title, sort=sort, axis=words)
    # whole numbers only; a chart whose counts are all hidden still shows a 0-1 axis
    # about six ticks, whatever the width: not one per number on a wide screen
    count_axis = alt.Axis(tickMinStep=1, format=",d", tickCount=6)
    top = frame["n"].max()
    count_scale = alt.Scale(domain=[0, 1]) if not top else alt.Scale(domainMin=0)
    count = alt.Y("n:Q", title=count_title, axis=count_axis, scale=count_scale)
    if horizontal:
        category = alt.Y("label:N", title=category_title, sort=sort, axis=axis)
        count = alt.X("n:Q", title=count_title, axis=count_axis, scale=count_scale)
    base = alt.Chart(frame)
    bars = base.mark_bar(color=PRIMARY, aria=False).encode(
        category,
        count,
        tooltip=[
            alt.Tooltip("label:N", title=category_title),
            alt.Tooltip("shown:N", title=count_title),
        ],
    )
    text_offset = {"dx": 3, "align": "left"} if horizontal else {"dy": -3, "baseline": "bottom"}
    labels = (
        base.mark_text(**text_offset, color=INK, aria=False)
        .encode(category, alt.X("n:Q") if horizontal else alt.Y("n:Q"), text="shown:N")
        .transform_calculate(n="datum.n === null ? 0 : datum.n")
    )
    # a screen reader reads the chart as one text (its title and every bar as shown), not
    # as "Vega visualization" and each bar twice with internal field names
    return (
        alt.layer(bars, labels, title=title, description=describe(frame, title))
        .configure(locale={"number": LOCALES[lang]})
        .configure_axis(labelColor=INK, titleColor=INK)
        .configure_title(color=INK)
    )


def describe(frame: pl.DataFrame, title: str) -> str:
    """A chart's text for assistive technology: its title and each bar's label and count as
    shown ('<5', 'x' where hidden)."""
    bars = "; ".join(f"{label}: {shown}" for label, shown in frame.select("label", "shown").rows())
    return f"{title}. {bars}." if bars else f"{title}."
