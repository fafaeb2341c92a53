"""Overblik: the period at a glance, with the change from the previous period."""

import streamlit as st

from app import components, data, view
from app.i18n import lang, t
from report import formatting
from warehouse.labels import DURATION_BUCKETS
from warehouse.published import known_gender

shown = view.header("overblik")
if shown is None:
    st.stop()
current, figures = shown
# the change: against the period before (of its kind), or the same part of it where the
# data ends within the period; none where the data starts within either (README)
before = data.shown_headline(current.previous, current.filters) if current.previous else None
citizens = figures["citizens"]

cards = st.columns(5)
for column, key, (part, name) in (
    (cards[0], "citizens_in_contact", ("citizens", "total")),
    (cards[1], "new_episodes", ("episodes", "started")),
    (cards[2], "referrals", ("referrals", "total")),
    (cards[3], "contacts", ("contacts", "total")),
    (cards[4], "homeless_at_end", ("housing", "homeless_at_end")),
):
    now = figures[part][name]
    change = before and components.change(now, before[part][name])
    against = t("against", previous=current.previous_label) if change else None
    components.metric(column, t(key), now, change, current.comparison_text, against)

if current.previous is None and current.comparison_text:
    st.caption(current.comparison_text)  # why there is no change to show

men, women, ages = st.columns(3)
known = known_gender(citizens)
for column, key in ((men, "men"), (women, "women")):
    share = formatting.share(citizens[key], known, lang())
    components.metric(column, t(key), citizens[key], share if share != "–" else None)
if isinstance(citizens["age_min"], int):  # shown only where configured (SKP_SHOW_AGE_RANGE)
    ages.caption(t("ages", low=citizens["age_min"], high=citizens["age_max"]))
elif isinstance(citizens.get("age_median"), int | float):  # hidden for a small group
    ages.caption(t("age_median", median=formatting.age(citizens["age_median"], lang())))
if citizens["unknown_gender"]:
    ages.caption(t("unknown_gender", n=formatting.count(citizens["unknown_gender"], lang())))

left, right = st.columns(2)
with left:
    components.bar_figure(
        "trend_contacts",
        figures["contacts"]["by_month"],
        category=t("month"),
        count_title=t("count"),
        definition=("fct_contacts", "contact_date"),
        months=True,
        horizontal=False,
    )
with right:
    components.bar_figure(
        "trend_referrals",
        figures["referrals"]["by_month"],
        category=t("month"),
        count_title=t("count"),
        definition=("fct_referrals", "referral_date"),
        months=True,
        horizontal=False,
    )

left, right = st.columns(2)
with left:
    components.bar_figure(
        "citizens_by_origin",
        citizens["by_referral_source"],
        category=t("source"),
        names=components.code_labels("referral_sources"),
        definition=("fct_citizens_in_contact", "referral_source"),
    )
with right:
    components.bar_figure(
        "durations",
        figures["episode_duration"],
        category=t("duration"),
        definition=("fct_citizens_in_contact", "duration_bucket"),
        sort=DURATION_BUCKETS,
        horizontal=False,
    )
components.legend()
