"""Chart builders: pure functions from a frame to an Altair chart."""

import altair as alt
import polars as pl

# Okabe-Ito: safe for colour-blind readers.
PRIMARY = "#0072B2"


def bar_chart(
    frame: pl.DataFrame,
    title: str,
    category_title: str,
    sort: list[str] | None = None,
    horizontal: bool = True,
) -> alt.LayerChart:
    """Counts per category: `frame` has columns label, n (null where hidden) and shown (the
    count as shown: a number, or '<5' / 'x' where hidden). Without `sort`, the largest come
    first and the hidden last."""
    if sort is None:
        sort = frame.sort(["n", "label"], descending=[True, False], nulls_last=True)["label"]
        sort = sort.to_list()
    axis = alt.Axis(labelLimit=260, labelAngle=0)
    category = alt.X("label:N", title=category_title, sort=sort, axis=axis)
    count = alt.Y("n:Q", title="Antal borgere", axis=alt.Axis(tickMinStep=1))
    if horizontal:
        category = alt.Y("label:N", title=category_title, sort=sort, axis=axis)
        count = alt.X("n:Q", title="Antal borgere", axis=alt.Axis(tickMinStep=1))
    base = alt.Chart(frame)
    bars = base.mark_bar(color=PRIMARY).encode(
        category,
        count,
        tooltip=[alt.Tooltip("label:N", title=category_title), alt.Tooltip("n:Q", title="Antal")],
    )
    text_offset = {"dx": 3, "align": "left"} if horizontal else {"dy": -3, "baseline": "bottom"}
    labels = (
        base.mark_text(**text_offset)
        .encode(category, alt.X("n:Q") if horizontal else alt.Y("n:Q"), text="shown:N")
        .transform_calculate(n="datum.n === null ? 0 : datum.n")
    )
    return alt.layer(bars, labels, title=title)
