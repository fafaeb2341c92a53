"""What every figure on a page is drawn with: a chart, its definition from the dbt docs, and a
CSV download of exactly the numbers it shows."""

import polars as pl
import streamlit as st

from app import access, data, view
from app.i18n import lang, t, value
from report import charts, formatting


def counts_frame(
    mapping: dict[str, int | str], names: dict[str, str] | None = None
) -> pl.DataFrame:
    """A figure's counts as charts.counts_frame, labelled from `names`, else value()."""
    names = names or {}
    return charts.counts_frame(mapping, lambda k: names.get(k) or value(k), lang())


def code_labels(code_list: str) -> dict[str, str]:
    return {"ukendt": value("ukendt"), **data.labels(code_list, lang())}


def bar_figure(
    key: str,
    mapping: dict[str, int | str],
    *,
    category: str,
    definition: tuple[str, str | None],
    names: dict[str, str] | None = None,
    count_title: str | None = None,
    sort: list[str] | None = None,
    horizontal: bool = True,
    months: bool = False,
) -> None:
    """A bar chart of one figure, its one-line definition and its CSV download; a sentence
    instead when it has no count to show (withheld, every count hidden). `months`: the keys
    are months ('2010-01'), shown as 'jan 2010' in time order."""
    if months:  # '2010-01' as 'jan 2010', in time order
        names = {k: formatting.month(k, lang()) for k in mapping}
        sort = list(mapping)
    frame = counts_frame(mapping, names)
    title = t(key)
    if not any(isinstance(n, int) and n > 0 for n in mapping.values()):
        st.markdown(f"**{title}**")
        st.write(t("nothing_shown"))
        return
    count_title = count_title or t("citizens_count")
    if sort is not None:
        sort = [(names or {}).get(k) or value(k) for k in sort]
    chart = charts.bar_chart(frame, title, category, count_title, sort, horizontal, lang())
    st.altair_chart(chart, width="stretch")
    text = data.definition(*definition, lang())
    if text:
        st.caption(t("definition", text=text))
    download(frame.select(pl.col("label").alias(category), pl.col("shown").alias(count_title)), key)


def download(frame: pl.DataFrame, key: str) -> None:
    name = view.download_name(t(key), "csv")
    st.download_button(
        t("download"),
        formatting.csv_bytes(frame, lang()),
        file_name=name,
        mime="text/csv",
        key=f"download_{key}",
        on_click=access.record_download,
        args=(data.warehouse(), name),
    )


def metric(
    column,
    label: str,
    figure,
    delta: str | None = None,
    help: str | None = None,
    against: str | None = None,
) -> None:
    """A figure with, optionally, its change (`delta`, '+8') and what that is counted against
    (`against`, 'fra 2009'), which wraps under it rather than being cut off."""
    column.metric(
        label,
        formatting.count(figure, lang()),
        delta=delta,
        delta_color="off",
        delta_arrow="off",
        help=help,
        delta_description=against,
    )


def change(now, before) -> str | None:
    """'+8': the change from the previous period, 'x' when either is hidden."""
    if before is None:
        return None
    if isinstance(now, str) or isinstance(before, str):
        return "x"
    return formatting.signed(now - before, lang())


def legend() -> None:
    if data.threshold() > 0:
        st.caption(t("legend"))
