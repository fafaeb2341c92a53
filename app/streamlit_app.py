"""Entry point of the dashboard: `skp serve` (or `streamlit run app/streamlit_app.py`).

Every page draws the same sidebar (language, period, filters: app/view.py) first."""

from pathlib import Path

import streamlit as st

from app import access, data
from app.i18n import t
from warehouse.connection import WarehouseError

# Not "pages/": Streamlit would also serve that folder's files as pages of their own when a
# page's URL is opened directly, bypassing this navigation.
PAGES = Path(__file__).parent / "screens"

st.set_page_config(page_title="SKP Indblik", page_icon="📊", layout="wide")
# Streamlit's own table export writes cells as they are (=HYPERLINK(...) from a rejected row
# would run in Excel): off; every CSV the app offers is its own, neutralised (components.py)
st.set_option("client.disableDataExport", True)

# What a change is counted against ("fra samme del af 2010") wraps under the change rather
# than being cut off in a narrow card (its whole text is also its tooltip and aria text).
st.html(
    "<style>[data-testid=stMetricDeltaDescription] .stMarkdownEllipsis,"
    " [data-testid=stMetricDeltaDescription] p"
    " { white-space: normal !important; overflow: visible !important; }</style>"
)

ICONS = {
    "overblik": "dashboard",
    "henvendelser": "call_received",
    "forloeb": "timeline",
    "kontakter": "handshake",
    "maalgruppe": "groups",
    "bolig": "home",
    "kvalitetsstandard": "verified",
    "udvikling": "stacked_line_chart",
    "kommentarer": "edit_note",
    "datakvalitet": "fact_check",
    "indlaes": "upload_file",
    "moede": "slideshow",
}

# signed in, with a role, or this run ends on the sign-in or no-access page
access.admit(data.warehouse())
# a page the role may not open is not in the navigation, so its URL reaches nothing either
navigation = st.navigation(
    [
        st.Page(
            PAGES / f"{name}.py",
            title=t(name),
            icon=f":material/{icon}:",
            url_path=name,
            default=name == "overblik",
        )
        for name, icon in ICONS.items()
        if access.may_open(name)
    ]
)
st.session_state["_page"] = navigation.url_path or "overblik"
access.refuse_unseen_page(data.warehouse())
try:
    with data.one_connection():  # a rerun's queries share one connection, closed at its end
        navigation.run()
except WarehouseError as error:  # the warehouse cannot answer: say why and what to do
    st.error(str(error))
