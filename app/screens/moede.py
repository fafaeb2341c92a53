"""Mødevisning (meeting mode): the period's key figures as full-screen slides for a projector,
with previous and next (also the arrow keys). Small numbers are always suppressed here."""

import html

import streamlit as st

from app import data, meeting, view
from app.i18n import lang, t

# Full screen: no sidebar or toolbar (the period and filters are set on the other pages and
# held in the URL); big type for the back of the room.
st.html(
    "<style>"
    'section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],'
    ' header[data-testid="stHeader"] { display: none !important; }'
    " .block-container { padding-top: 1.5rem !important; max-width: 1400px; }"
    " .skp-slide-title { font-size: 3.4rem !important; font-weight: 700; line-height: 1.15;"
    " margin-bottom: 1rem; }"
    " .skp-slide-figure { font-size: 10rem !important; font-weight: 700; line-height: 1.1;"
    " color: #0072B2; }"
    " .skp-slide-note { font-size: 2.2rem !important; line-height: 1.35; }"
    " .skp-slide-small { font-size: 1.3rem !important; color: #4a4a4a; }"
    "</style>"
)

current = view.sidebar()
if current is None:
    st.warning(t("no_data"))
    st.stop()
if not current.period.is_standard:
    st.warning(t("board_periods"))
    st.stop()
figures = data.board_report(current.period, current.filters)
if figures is None:
    st.info(t("empty"))
    st.stop()

labels = {name: data.labels(name, lang()) for name in ("referral_sources", "problem_groups")}
deck = meeting.slides(
    figures, t("meeting_title", period=current.label), current.previous_label, labels, lang()
)
shown = min(max(st.session_state.get("slide", 0), 0), len(deck) - 1)
slide = deck[shown]


def go(step: int) -> None:
    st.session_state["slide"] = min(max(shown + step, 0), len(deck) - 1)


st.markdown(
    f'<div class="skp-slide-title">{html.escape(slide.title)}</div>', unsafe_allow_html=True
)
if slide.figure is not None:
    st.markdown(
        f'<div class="skp-slide-figure">{html.escape(slide.figure)}</div>', unsafe_allow_html=True
    )
if slide.note:
    st.markdown(
        f'<div class="skp-slide-note">{html.escape(slide.note)}</div>', unsafe_allow_html=True
    )
if slide.chart is not None:
    st.altair_chart(slide.chart, width="stretch")
if current.filter_text:
    st.markdown(
        f'<div class="skp-slide-small">{html.escape(current.filter_text)}</div>',
        unsafe_allow_html=True,
    )

back, position, forward, leave = st.columns([2, 2, 2, 3], vertical_alignment="center")
back.button(
    t("previous_slide"),
    on_click=go,
    args=(-1,),
    disabled=shown == 0,
    shortcut="Left",
    width="stretch",
    key="previous_slide",
)
position.markdown(
    f'<div class="skp-slide-small" style="text-align:center">'
    f"{html.escape(t('slide_of', n=shown + 1, total=len(deck)))}</div>",
    unsafe_allow_html=True,
)
forward.button(
    t("next_slide"),
    on_click=go,
    args=(1,),
    disabled=shown == len(deck) - 1,
    shortcut="Right",
    type="primary",
    width="stretch",
    key="next_slide",
)
leave.page_link("screens/overblik.py", label=t("meeting_exit"), icon=":material/close:")
st.caption(t("meeting_help"))
