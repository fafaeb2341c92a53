"""Målgruppe: who the citizens in contact are."""

import streamlit as st

from app import components, view
from app.i18n import t
from warehouse.figures import GENDER, figure

shown = view.header("maalgruppe")
if shown is None:
    st.stop()
current, figures = shown
citizens = figures["citizens"]
components.cards("maalgruppe", figures)


def by_gender() -> None:
    """The total's split by gender (men, women, unknown) as one chart."""
    men = figure(GENDER[0])
    components.bar_figure(
        "by_gender",
        {"M": citizens["men"], "K": citizens["women"], "ukendt": citizens["unknown_gender"]},
        category=t("gender"),
        names=components.code_labels("genders"),
        definition=(men.model, men.column),
        sort=["M", "K", "ukendt"],
        horizontal=False,
    )


components.charts_of("maalgruppe", figures, first=[by_gender])
components.legend()
