"""Kontakter: contacts by form, place and month; out of hours; outreach; per citizen."""

import streamlit as st

from app import components, view
from app.i18n import lang, t
from report import formatting

shown = view.header("kontakter")
if shown is None:
    st.stop()
current, figures = shown
contacts = figures["contacts"]

cards = st.columns(4)
components.metric(cards[0], t("contacts_in_period"), contacts["total"])
components.metric(
    cards[1],
    t("out_of_hours"),
    contacts["out_of_hours"],
    formatting.share(contacts["out_of_hours"], contacts["total"], lang()),
)
components.metric(cards[2], t("outreach_attempts"), contacts["outreach_attempts"])
cards[3].metric(t("per_citizen"), formatting.decimal(contacts["per_citizen"], lang()))

left, right = st.columns(2)
with left:
    components.bar_figure(
        "contacts_by_form",
        contacts["by_form"],
        category=t("contact_form"),
        count_title=t("count"),
        names=components.code_labels("contact_forms"),
        definition=("fct_contacts", "contact_form"),
    )
with right:
    components.bar_figure(
        "contacts_by_place",
        contacts["by_place"],
        category=t("place"),
        count_title=t("count"),
        names=components.code_labels("places"),
        definition=("fct_contacts", "place"),
    )
left, right = st.columns(2)
with left:
    components.bar_figure(
        "trend_contacts",
        contacts["by_month"],
        category=t("month"),
        count_title=t("count"),
        definition=("fct_contacts", "contact_date"),
        months=True,
        horizontal=False,
    )
with right:
    components.bar_figure(
        "citizens_by_contacts",
        contacts["citizens_by_contacts"],
        category=t("contacts"),
        definition=("fct_contacts", "citizen_id"),
        sort=["0", "1-4", "5-12", "13-52", "over 52"],
        horizontal=False,
    )
components.legend()
