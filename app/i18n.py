"""The dashboard's language: `t(key)` gives a text (report/texts.py) in the chosen language."""

import streamlit as st

from report.texts import LANGUAGES, VALUES, text_in


def lang() -> str:
    return st.session_state.get("lang", "da")


def page_language(container) -> None:
    """Tell browsers and screen readers the page's language: Streamlit writes
    <html lang="en"> into every page and has no setting for it; a script (in `container`, the
    sidebar or the page) is the only way."""
    code = lang() if lang() in LANGUAGES else "da"
    container.html(
        f"<script>document.documentElement.lang = '{code}';</script>",
        unsafe_allow_javascript=True,
    )


def t(key: str, **values) -> str:
    return text_in(lang(), key, **values)


def value(code: str) -> str:
    """A label for a value without a code list (durations, yes/no, ukendt); else the code."""
    if code in VALUES:
        da, en = VALUES[code]
        return en if lang() == "en" else da
    return code
