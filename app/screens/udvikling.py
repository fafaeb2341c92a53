"""Udvikling: the years side by side (README, "The years side by side"), each year's figures as
a board sees them, with the filters in effect."""

import polars as pl
import streamlit as st

from app import components, data, view
from app.i18n import lang, t
from report import development
from warehouse.figures import shown_on

# every year's figures, not the period's: the years are what this page shows
shown = view.header("udvikling", lambda current: data.shown_years(current.filters))
if shown is None:
    st.stop()
current, years = shown
st.caption(t("udvikling_intro"))
code_lists = {f.code_list for f in shown_on(development.PLACE) if f.code_list}
labels = {name: data.labels(name, lang()) for name in code_lists}
columns, rows = development.table(years, labels, lang())
frame = pl.DataFrame(rows, schema=columns, orient="row")
st.dataframe(frame, hide_index=True, height=35 * (len(rows) + 1) + 3)
components.download(frame, "udvikling")
for declared in shown_on(development.PLACE):  # each figure's definition, from the dbt docs
    text = data.definition(declared.model, declared.column, lang())
    st.caption(t("definition", text=f"{t(declared.title)}: {text}"))
components.legend()
