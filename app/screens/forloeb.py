"""Forløb: episodes active, started and ended; durations, end reasons, goals, median length."""

import streamlit as st

from app import components, view
from app.i18n import lang, t
from report import formatting
from warehouse.labels import DURATION_BUCKETS

shown = view.header("forloeb")
if shown is None:
    st.stop()
current, figures = shown
episodes = figures["episodes"]

cards = st.columns(4)
components.metric(cards[0], t("episodes_active"), episodes["active"])
components.metric(cards[1], t("episodes_started"), episodes["started"])
components.metric(cards[2], t("episodes_ended"), episodes["ended"])
cards[3].metric(t("median_length"), formatting.decimal(episodes["median_length_days"], lang()))

left, right = st.columns(2)
with left:
    components.bar_figure(
        "durations",
        figures["episode_duration"],
        category=t("duration"),
        definition=("fct_citizens_in_contact", "duration_bucket"),
        sort=DURATION_BUCKETS,
        horizontal=False,
    )
with right:
    components.bar_figure(
        "end_reasons",
        episodes["ended_by_reason"],
        category=t("end_reason"),
        count_title=t("episodes_count"),
        names=components.code_labels("episode_end_reasons"),
        definition=("fct_episodes", "end_reason"),
    )
components.bar_figure(
    "goals",
    figures["goals"],
    category=t("goal"),
    count_title=t("episodes_count"),
    names=components.code_labels("goals"),
    definition=("bridge_episode_goals", "goal"),
)
components.legend()
