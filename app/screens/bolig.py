"""Bolig: homelessness at the period's end, housed after homelessness, slept rough, by year."""

import streamlit as st

from app import components, data, view
from app.i18n import t
from warehouse.figures import figure

shown = view.header("bolig")
if shown is None:
    st.stop()
current, figures = shown
components.cards("bolig", figures)


def by_year() -> None:
    """Homeless at each year's end, each year's count suppressed as the report's."""
    trend = {str(year): n for year, n in data.homeless_by_year(current.filters).items()}
    components.bar_figure(
        "homeless_trend",
        trend,
        category=t("year"),
        definition=(figure("housing.homeless_at_end").model, "is_homeless_at_end"),
        sort=list(trend),
        horizontal=False,
    )


components.charts_of("bolig", figures, last=[by_year])
components.legend()
