"""Forløb: episodes active, started and ended; durations, end reasons, goals, median length."""

import streamlit as st

from app import components, view

shown = view.header("forloeb")
if shown is None:
    st.stop()
current, figures = shown
components.cards("forloeb", figures)
components.charts_of("forloeb", figures)
components.legend()
