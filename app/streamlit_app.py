"""Entry point of the dashboard: `skp serve` (or `streamlit run app/streamlit_app.py`)."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="SKP Indblik", page_icon="📊", layout="wide")

navigation = st.navigation(
    [
        st.Page(PAGES / "overblik.py", title="Overblik", icon="📊", default=True),
    ]
)
navigation.run()
