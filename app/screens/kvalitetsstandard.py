"""Kvalitetsstandard: the quality standard followed up (README, "The quality standard followed
up"): contact every month, days to the first contact, bridging, the contact forms the standard
names, and the council's targets (README, "Targets")."""

import polars as pl
import streamlit as st

from app import components, data, view
from app.i18n import lang, t
from report import formatting
from warehouse.targets import held_against

shown = view.header("kvalitetsstandard")
if shown is None:
    st.stop()
current, figures = shown
st.caption(t("kvalitetsstandard_intro"))
components.cards("kvalitetsstandard", figures)
held = held_against(data.council_targets(current.period), figures)
if held:
    st.header(t("targets", year=current.period.start.year))
    columns = [t("target_figure"), t("target"), t("actual"), t("met")]
    rows = formatting.target_rows(held, lang())
    st.dataframe(pl.DataFrame(rows, schema=columns, orient="row"), hide_index=True)
components.charts_of("kvalitetsstandard", figures)
components.legend()
