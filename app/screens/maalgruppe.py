"""Målgruppe: who the citizens in contact are."""

import streamlit as st

from app import components, view
from app.i18n import lang, t
from report import formatting
from warehouse.labels import AGE_BANDS

shown = view.header("maalgruppe")
if shown is None:
    st.stop()
current, figures = shown
citizens = figures["citizens"]

cards = st.columns(2)
components.metric(cards[0], t("citizens_in_contact"), citizens["total"])
components.metric(
    cards[1],
    t("anonymous"),
    citizens["anonymous"],
    formatting.share(citizens["anonymous"], citizens["total"], lang()),
)

left, right = st.columns(2)
with left:
    components.bar_figure(
        "by_gender",
        {"M": citizens["men"], "K": citizens["women"], "ukendt": citizens["unknown_gender"]},
        category=t("gender"),
        names=components.code_labels("genders"),
        definition=("fct_citizens_in_contact", "gender"),
        sort=["M", "K", "ukendt"],
        horizontal=False,
    )
with right:
    components.bar_figure(
        "by_age_band",
        citizens["age_bands"],
        category=t("age_band"),
        definition=("fct_citizens_in_contact", "age_band"),
        sort=["under 18", *AGE_BANDS],
        horizontal=False,
    )
left, right = st.columns(2)
with left:
    components.bar_figure(
        "by_income",
        figures["income_source"],
        category=t("income"),
        names=components.code_labels("income_sources"),
        definition=("fct_citizens_in_contact", "income_source"),
    )
with right:
    components.bar_figure(
        "by_problem_group",
        figures["problem_groups"],
        category=t("problem_group"),
        names=components.code_labels("problem_groups"),
        definition=("fct_citizens_in_contact", "problem_group"),
    )
left, right = st.columns(2)
with left:
    components.bar_figure(
        "by_civil_status",
        figures["civil_status"],
        category=t("civil_status"),
        names=components.code_labels("civil_statuses"),
        definition=("fct_citizens_in_contact", "civil_status"),
    )
with right:
    components.bar_figure(
        "by_living_alone",
        figures["living_alone"],
        category=t("lives_alone"),
        definition=("fct_citizens_in_contact", "lives_alone"),
        sort=["ja", "nej", "ukendt"],
        horizontal=False,
    )
components.legend()
