"""What every figure on a page is drawn with: a chart, its definition from the dbt docs, and a
CSV download of exactly the numbers it shows."""

import polars as pl
import streamlit as st

# the conversion st.altair_chart makes (Arrow data, no default theme, under Streamlit's lock)
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from app import access, data, view
from app.i18n import lang, t, value
from report import charts, formatting
from warehouse.figures import Figure, Table, figure, shown_on, value_at


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
    order = None if sort is None else tuple(sort)
    spec = _bar_spec(tuple(frame.rows()), title, category, count_title, order, horizontal, lang())
    st.vega_lite_chart(spec, width="stretch")
    text = data.definition(*definition, lang())
    if text:
        st.caption(t("definition", text=text))
    download(frame.select(pl.col("label").alias(category), pl.col("shown").alias(count_title)), key)


@st.cache_data(max_entries=512, show_spinner=False)
def _bar_spec(rows: tuple, title, category, count_title, order, horizontal, language) -> dict:
    """A bar chart (report/charts.bar_chart) as the Vega-Lite spec st.altair_chart would send,
    made once per content: building and converting the Altair chart at every rerun took a
    third of the server's CPU per page view (bench/load.py)."""
    frame = pl.DataFrame(rows, schema=charts.COUNTS, orient="row")
    sort = None if order is None else list(order)
    chart = charts.bar_chart(frame, title, category, count_title, sort, horizontal, language)
    return _convert_altair_to_vega_lite_spec(_Unvalidated(chart))


class _Unvalidated:
    """A chart that converts to its spec without Altair checking the whole spec against
    Vega-Lite's schema: half of a first page view's time on its charts. Every form bar_chart
    takes is checked against the schema in tests/test_charts.py."""

    def __init__(self, chart) -> None:
        self.chart = chart

    def to_dict(self) -> dict:
        return self.chart.to_dict(validate=False)


def chart(key: str, figures: dict) -> None:
    """A declared breakdown (warehouse/figures.py) as a bar chart with its title, its
    categories' labels, its definition and its CSV, all from its declaration."""
    declared = figure(key)
    mapping = value_at(figures, key) or {}
    bar_figure(
        declared.title,
        mapping,
        category=t(declared.category),
        definition=(declared.model, declared.column),
        names=code_labels(declared.code_list) if declared.code_list else None,
        count_title=t(declared.count_title),
        sort=list(mapping) if declared.in_order else None,  # else ranked
        horizontal=declared.chart in ("bars", "rows"),
        months=declared.chart == "months",
    )


def charts_of(page: str, figures: dict, first=(), last=()) -> None:
    """The page's declared breakdowns, two to a row, between any charts drawn by `first` and
    `last` (functions drawing one chart each: a view across figures or years)."""
    declared = [f.key for f in shown_on(page) if f.is_breakdown]
    drawers = [*first, *[lambda key=key: chart(key, figures) for key in declared], *last]
    for pair in range(0, len(drawers), 2):
        for column, draw in zip(st.columns(2), drawers[pair : pair + 2], strict=False):
            with column:
                draw()


def singles(page: str) -> list[Figure]:
    """The page's declared single figures (not a breakdown, nor a part of a split)."""
    return [f for f in shown_on(page) if not f.is_breakdown and not isinstance(f.rule, Table)]


def cards(page: str, figures: dict) -> None:
    """The page's declared single figures as metrics in a row, each with its share where it is
    declared with one."""
    shown = singles(page)
    for column, declared in zip(st.columns(len(shown)), shown, strict=True):
        card(column, declared, figures)


def card(column, declared: Figure, figures: dict, **change) -> None:
    """A declared single figure as a metric: under it its share, or, where given, its change
    (`delta`, '+8') and what that is counted against (`against`, 'fra 2009'), which wraps
    under it rather than being cut off."""
    share = formatting.figure_share(declared, figures, lang())
    if share and declared.share_text:
        share = t(declared.share_text, share=share)
    column.metric(
        t(declared.title),
        formatting.figure_value(declared, figures, lang()),
        delta=change.get("delta", share),
        delta_color="off",
        delta_arrow="off",
        help=change.get("help"),
        delta_description=change.get("against"),
    )


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
