"""Kontakter: contacts by form, place and month; out of hours; outreach; per citizen."""

import streamlit as st

from app import components, view

shown = view.header("kontakter")
if shown is None:
    st.stop()
current, figures = shown
components.cards("kontakter", figures)
components.charts_of("kontakter", figures)
components.legend()
