"""Bolig: homelessness at the period's end, housed after homelessness, slept rough, by year."""

import streamlit as st

from app import components, data, view
from app.i18n import lang, t
from report import formatting

shown = view.header("bolig")
if shown is None:
    st.stop()
current, figures = shown
housing, citizens = figures["housing"], figures["citizens"]

cards = st.columns(3)
components.metric(
    cards[0],
    t("homeless_at_end"),
    housing["homeless_at_end"],
    t(
        "share_of_citizens",
        share=formatting.share(housing["homeless_at_end"], citizens["total"], lang()),
    ),
)
components.metric(cards[1], t("housed_after"), housing["housed_after_homelessness"])
components.metric(cards[2], t("slept_rough"), housing["slept_rough"])

left, right = st.columns(2)
with left:
    components.bar_figure(
        "homeless_by_situation",
        housing["homeless_by_situation"],
        category=t("situation"),
        names=components.code_labels("housing_situations"),
        definition=("fct_citizens_in_contact", "housing_situation_at_end"),
    )
with right:
    trend = {str(year): n for year, n in data.homeless_by_year(current.filters).items()}
    components.bar_figure(
        "homeless_trend",
        trend,
        category=t("year"),
        definition=("fct_citizens_in_contact", "is_homeless_at_end"),
        sort=list(trend),
        horizontal=False,
    )
components.legend()
