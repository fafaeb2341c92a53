"""Overblik: the period at a glance, with the change from the previous period."""

import streamlit as st

from app import components, data, view
from app.i18n import lang, t
from report import formatting
from warehouse.figures import GENDER, figure, value_at

shown = view.header("overblik")
if shown is None:
    st.stop()
current, figures = shown
# the change: against the period before (of its kind), or the same part of it where the
# data ends within the period; none where the data starts within either (README)
before = data.shown_headline(current.previous, current.filters) if current.previous else None
citizens = figures["citizens"]

headline = components.singles("overblik")
for column, declared in zip(st.columns(len(headline)), headline, strict=True):
    now = value_at(figures, declared.key)
    change = before and components.change(now, value_at(before, declared.key))
    against = t("against", previous=current.previous_label) if change else None
    components.card(
        column, declared, figures, delta=change, help=current.comparison_text, against=against
    )

if current.previous is None and current.comparison_text:
    st.caption(current.comparison_text)  # why there is no change to show

men, women, ages = st.columns(3)
for column, key in ((men, GENDER[0]), (women, GENDER[1])):
    components.card(column, figure(key), figures)
if isinstance(citizens["age_min"], int):  # shown only where configured (SKP_SHOW_AGE_RANGE)
    ages.caption(t("ages", low=citizens["age_min"], high=citizens["age_max"]))
elif isinstance(citizens.get("age_median"), int | float):  # hidden for a small group
    ages.caption(t("age_median", median=formatting.age(citizens["age_median"], lang())))
if citizens["unknown_gender"]:
    ages.caption(t("unknown_gender", n=formatting.count(citizens["unknown_gender"], lang())))

components.charts_of("overblik", figures)
components.legend()
