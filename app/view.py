"""The view every page shows: language, period and filters, chosen in the sidebar and kept in
the URL, so a link reproduces the view (`?year=2010&gender=K`, `?from=2010-03-01&to=...`)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from app import access, data
from app.i18n import LANGUAGES, lang, page_language, t, value
from report import formatting, status_report
from warehouse import config, published
from warehouse.filters import CODE_LISTS, Filters
from warehouse.periods import Period

FILTERS = list(Filters.__dataclass_fields__)


@dataclass(frozen=True)
class View:
    period: Period
    filters: Filters
    label: str  # "2010" or "01-03-2010–31-08-2010"
    previous: Period | None  # what the change is counted against; None: no change
    previous_label: str | None  # "2009", "samme del af 2010", "forrige periode"
    comparison_text: str  # "Sammenlignet med 01-01-2009 – 31-12-2009.", or why not
    filter_text: str  # "Filtreret: Køn: Kvinde", or "" without filters
    period_text: str  # "Periode: 01-01-2011 – 31-12-2011 (data til og med 30-06-2011)"


def labels(name: str, codes: list[str]) -> dict[str, str]:
    """A filter's values labelled in the language: from its code list, else as written."""
    code_list = CODE_LISTS[name]
    names = data.labels(code_list, lang()) if code_list else {}
    return {
        code: names.get(code, code) if code_list and code != "ukendt" else value(code)
        for code in codes
    }


def _from_url(years: list[int], choices: dict[str, list[str]]) -> None:
    """Once per session, before the widgets exist: take the view from the link."""
    if st.session_state.get("_url_read"):
        return
    st.session_state["_url_read"] = True
    params = st.query_params
    ignored = []  # what the link held that was not used, told once (see sidebar)
    if "lang" in params:
        if params["lang"] in LANGUAGES:
            st.session_state["lang"] = params["lang"]
        else:
            ignored.append(f"lang={params['lang']}")
    if "from" in params or "to" in params:
        first, last = _range_bounds(years)
        try:
            start = dt.date.fromisoformat(params.get("from", ""))
            end = dt.date.fromisoformat(params.get("to", ""))
            if not first <= start <= end <= last:
                raise ValueError
            st.session_state["period_kind"] = "range"
            st.session_state["range"] = (start, end)
        except ValueError:
            ignored.append(f"from={params.get('from', '')} to={params.get('to', '')}")
    if "year" in params:
        if params["year"].isdigit() and int(params["year"]) in years:
            st.session_state["period_kind"] = "year"
            st.session_state["year"] = int(params["year"])
        else:
            ignored.append(f"year={params['year']}")
    for name in FILTERS:
        values = params.get_all(name)
        chosen = [v for v in values if v in choices[name]]
        ignored += [f"{name}={v}" for v in values if v not in choices[name]]
        if chosen:
            st.session_state[f"f_{name}"] = chosen
    st.session_state["_url_ignored"] = ignored


def _range_bounds(years: list[int]) -> tuple[dt.date, dt.date]:
    """The first and last day a date range may take: a year before the data's first year
    (for a comparison) to the end of its last."""
    if not years:
        return dt.date.max, dt.date.min
    return dt.date(years[0], 1, 1) - dt.timedelta(days=366), dt.date(years[-1], 12, 31)


def _to_url(period: Period, filters: Filters) -> None:
    params: dict[str, str | list[str]] = {}
    if lang() != "da":
        params["lang"] = lang()
    if st.session_state.get("period_kind") == "range":
        params["from"], params["to"] = period.start.isoformat(), period.end.isoformat()
    else:
        params["year"] = str(period.start.year)
    params.update({name: list(values) for name, values in filters.__dict__.items() if values})
    shown = {key: st.query_params.get_all(key) for key in st.query_params}
    if shown != {k: v if isinstance(v, list) else [v] for k, v in params.items()}:
        st.query_params.from_dict(params)


WIDGETS = ["lang", "period_kind", "year", "range", *[f"f_{name}" for name in FILTERS]]


def sidebar() -> View | None:
    """Draw the sidebar (every page does, first); the view it sets, or None when the warehouse
    has no data. Streamlit forgets a widget's value on a page that does not draw it, so each
    value is handed on to the page drawing it now (Streamlit's multipage widget-state advice)."""
    for key in WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    years, default_year = data.years()
    choices = data.filter_choices() if years else {name: [] for name in FILTERS}
    _from_url(years, choices)
    ignored = st.session_state.pop("_url_ignored", [])
    if ignored:  # the values come from the link: shown as written, never as markdown
        st.sidebar.warning(t("url_ignored", values=formatting.plain("; ".join(ignored))))
    st.sidebar.radio(
        t("language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    page_language(st.sidebar)
    access.sign_out_button(data.warehouse())
    if not years:
        return None
    # not headings: the sidebar comes before the page's H1, and headings start there
    st.sidebar.markdown(f"**{t('period')}**")
    # a board sees standard periods only (two free ranges could be subtracted)
    kinds = ["year"] if access.who().role == access.BOARD else ["year", "range"]
    if st.session_state.get("period_kind") not in kinds:
        st.session_state["period_kind"] = "year"
    kind = st.sidebar.radio(
        t("period_kind"),
        kinds,
        format_func={"year": t("a_year"), "range": t("a_range")}.get,
        key="period_kind",
        horizontal=True,
    )
    first, last = _range_bounds(years)
    if kind == "range":
        st.session_state.setdefault(
            "range", (dt.date(default_year, 1, 1), dt.date(default_year, 12, 31))
        )
        chosen = st.sidebar.date_input(
            t("range"),
            key="range",
            min_value=first,
            max_value=last,
            format="DD-MM-YYYY" if lang() == "da" else "YYYY-MM-DD",
        )
        start, end = (chosen[0], chosen[-1]) if len(chosen) else (dt.date(years[0], 1, 1), last)
        period = Period(start, end)
    else:
        if st.session_state.get("year") not in years:
            st.session_state["year"] = default_year
        year = st.sidebar.selectbox(t("year"), years[::-1], key="year")
        period = Period.year(year)
    st.sidebar.markdown(f"**{t('filters')}**")
    chosen = {
        name: st.sidebar.multiselect(
            t(name),
            choices[name],
            # the labels are bound now: a format_func may be called after the run
            format_func=labels(name, choices[name]).get,
            key=f"f_{name}",
            placeholder=t("all"),
            select_all=False,  # Streamlit's own option reads "Select all", in English
        )
        for name in FILTERS
    }
    filters = Filters(**every_value_is_all(chosen, choices))
    st.sidebar.caption(t("share_link"))
    _to_url(period, filters)
    # the PDF is made when clicked, where an error would go unseen: say it here instead
    logo_problem = status_report.logo_problem(config.branding().logo)
    if logo_problem:
        st.sidebar.warning(logo_problem)
    active = [
        f"{t(name)}: {', '.join(labels(name, list(values)).values())}"
        for name, values in filters.__dict__.items()
        if values
    ]
    comparison = data.comparison(period)
    words = formatting.compared(period, comparison, lang())
    period_text = t(
        "period_caption",
        start=formatting.date(period.start, lang()),
        end=formatting.date(period.end, lang()),
    )
    shown = View(
        period,
        filters,
        formatting.period(period, lang()),
        comparison.previous,
        words.previous,
        words.detail,
        t("filtered", filters="; ".join(active)) if active else "",
        f"{period_text} ({words.coverage})" if words.coverage else period_text,
    )
    st.session_state["_view"] = shown  # the downloads' names and their audit entries
    pdf_name = download_name("statusrapport", "pdf")
    st.sidebar.download_button(
        t("pdf"),
        data=lambda: data.status_pdf(period, filters),
        file_name=pdf_name,
        mime="application/pdf",
        help=t("pdf_help"),
        icon=":material/picture_as_pdf:",
        on_click=access.record_download,
        args=(data.warehouse(), pdf_name),
        key="status_pdf",
        disabled=logo_problem is not None or not period.is_standard,
    )
    if not period.is_standard:
        st.sidebar.caption(t("board_periods"))
    access.record_view(data.warehouse(), st.session_state.get("_page", ""), period, filters)
    return shown


def every_value_is_all(
    chosen: dict[str, list[str]], choices: dict[str, list[str]]
) -> dict[str, tuple[str, ...]]:
    """The filters as chosen, where every value chosen counts as none ("Alle"): otherwise
    choosing every gender would leave out the referrals without a citizen, and show another
    figure than "Alle" does."""
    return {
        name: () if set(values) >= set(choices[name]) else tuple(values)
        for name, values in chosen.items()
    }


def download_name(title: str, extension: str) -> str:
    """A download's file name from its title and the period and filters in effect
    ('borgere-efter-kilde_2010_koen-K.csv')."""
    shown = st.session_state["_view"]
    filters = {t(name): values for name, values in shown.filters.__dict__.items()}
    return formatting.file_name(title, shown.period, filters, extension)


def header(
    title_key: str, count: Callable[[View], dict | None] | None = None
) -> tuple[View, dict] | None:
    """A page's sidebar, title and the period and filters it shows; the view and its suppressed
    figures, or None (with a message) when there is nothing to show. The figures are the
    period's report, or what `count` counts for the view where a page shows others (Udvikling:
    every year's)."""
    view = sidebar()
    st.title(t(title_key))
    if view is None:
        st.warning(t("no_data"))
        return None
    period = view.period
    st.caption(view.period_text)
    if view.filter_text:
        st.caption(formatting.plain(view.filter_text))  # district names come from the data
    try:
        figures = count(view) if count else data.shown_report(period, view.filters)
    except published.Undeclared as error:  # fail closed: no figure is shown
        st.error(t("undeclared", error=str(error)))
        return None
    except config.SettingProblem as error:
        st.error(str(error))
        return None
    if figures is None:
        st.info(t("empty"))
        return None
    return view, figures
