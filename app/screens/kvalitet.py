"""Kvalitetsstandard: the quality standard followed up (README, "The quality standard followed
up"): contact every month, days to the first contact, bridging, and the contact forms the
standard names."""

import streamlit as st

from app import components, view
from app.i18n import t

shown = view.header("kvalitet")
if shown is None:
    st.stop()
current, figures = shown
st.caption(t("kvalitet_intro"))
components.cards("kvalitet", figures)
components.charts_of("kvalitet", figures)
components.legend()
