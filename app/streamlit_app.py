"""Entry point of the dashboard: `skp serve` (or `streamlit run app/streamlit_app.py`).

Every page draws the same sidebar (language, period, filters: app/view.py) first."""

from pathlib import Path

import streamlit as st

from app import data
from app.i18n import t

# Not "pages/": Streamlit would also serve that folder's files as pages of their own when a
# page's URL is opened directly, bypassing this navigation.
PAGES = Path(__file__).parent / "screens"

st.set_page_config(page_title="SKP Indblik", page_icon="📊", layout="wide")
# Streamlit's own table export writes cells as they are (=HYPERLINK(...) from a rejected row
# would run in Excel): off; every CSV the app offers is its own, neutralised (components.py)
st.set_option("client.disableDataExport", True)

navigation = st.navigation(
    [
        st.Page(
            PAGES / "overblik.py", title=t("overblik"), icon=":material/dashboard:", default=True
        ),
        st.Page(
            PAGES / "henvendelser.py", title=t("henvendelser"), icon=":material/call_received:"
        ),
        st.Page(PAGES / "forloeb.py", title=t("forloeb"), icon=":material/timeline:"),
        st.Page(PAGES / "kontakter.py", title=t("kontakter"), icon=":material/handshake:"),
        st.Page(PAGES / "maalgruppe.py", title=t("maalgruppe"), icon=":material/groups:"),
        st.Page(PAGES / "bolig.py", title=t("bolig"), icon=":material/home:"),
        st.Page(PAGES / "datakvalitet.py", title=t("datakvalitet"), icon=":material/fact_check:"),
        st.Page(PAGES / "moede.py", title=t("moede"), icon=":material/slideshow:"),
    ]
)
with data.one_connection():  # a rerun's queries share one connection, closed at its end
    navigation.run()
