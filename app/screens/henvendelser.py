"""Henvendelser: referrals by source, outcome and month; where citizens in contact came from."""

import streamlit as st

from app import components, view

shown = view.header("henvendelser")
if shown is None:
    st.stop()
current, figures = shown
components.cards("henvendelser", figures)
components.charts_of("henvendelser", figures)
components.legend()
