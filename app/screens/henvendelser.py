"""Henvendelser: referrals by source, outcome and month; where citizens in contact came from."""

import streamlit as st

from app import components, view
from app.i18n import t

shown = view.header("henvendelser")
if shown is None:
    st.stop()
current, figures = shown
referrals = figures["referrals"]
sources = components.code_labels("referral_sources")

components.metric(st, t("referrals"), referrals["total"])
left, right = st.columns(2)
with left:
    components.bar_figure(
        "referrals_by_source",
        referrals["by_source"],
        category=t("source"),
        count_title=t("count"),
        names=sources,
        definition=("fct_referrals", "referral_source"),
    )
with right:
    components.bar_figure(
        "citizens_by_origin",
        figures["citizens"]["by_referral_source"],
        category=t("source"),
        names=sources,
        definition=("fct_citizens_in_contact", "referral_source"),
    )
left, right = st.columns(2)
with left:
    components.bar_figure(
        "referrals_by_outcome",
        referrals["by_outcome"],
        category=t("outcome"),
        count_title=t("count"),
        names=components.code_labels("referral_outcomes"),
        definition=("fct_referrals", "outcome"),
    )
with right:
    components.bar_figure(
        "trend_referrals",
        referrals["by_month"],
        category=t("month"),
        count_title=t("count"),
        definition=("fct_referrals", "referral_date"),
        months=True,
        horizontal=False,
    )
components.legend()
