"""Mødevisning (meeting mode): the period's key figures as full-screen slides for a projector,
with previous and next (also the arrow keys). Small numbers are always suppressed here."""

import html
import json

import streamlit as st

from app import data, meeting, view
from app.i18n import lang, t
from report import commentary
from warehouse.figures import shown_on

# Full screen: no sidebar or toolbar (the period and filters are set on the other pages and
# held in the URL); big type for the back of the room; the slide fills the screen above its
# buttons.
st.html(
    "<style>"
    'section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],'
    ' header[data-testid="stHeader"] { display: none !important; }'
    " .block-container { padding-top: 1.5rem !important; max-width: 1400px; }"
    " .st-key-slide { min-height: calc(100vh - 9rem); justify-content: center; }"
    " .st-key-slide h1 { font-size: 3.4rem !important; font-weight: 700; line-height: 1.15;"
    " padding: 0 !important; }"
    " .skp-slide-figure { font-size: 10rem !important; font-weight: 700; line-height: 1.1;"
    " color: #0072B2; }"
    " .skp-slide-note { font-size: 2.2rem !important; line-height: 1.35; }"
    " .skp-slide-small { font-size: 1.3rem !important; color: #4a4a4a; }"
    # a phone: smaller type, and a title that wraps between words
    " @media (max-width: 640px) { .st-key-slide h1 { font-size: 2rem !important; }"
    " .skp-slide-figure { font-size: 5rem !important; }"
    " .skp-slide-note { font-size: 1.4rem !important; } }"
    " .st-key-slide h1 { word-break: normal !important; overflow-wrap: normal !important;"
    " hyphens: manual; }"
    " #skp-live { position: absolute; width: 1px; height: 1px; overflow: hidden;"
    " clip: rect(0 0 0 0); white-space: nowrap; }"
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

code_lists = {f.code_list for f in shown_on("meeting") if f.code_list}
labels = {name: data.labels(name, lang()) for name in code_lists}
texts = {} if current.filters else commentary.current(data.warehouse(), current.period)
title = t("meeting_title", period=current.label)
deck = meeting.slides(figures, title, current.previous_label, labels, lang(), texts)
shown = min(max(st.session_state.get("slide", 0), 0), len(deck) - 1)
slide = deck[shown]


def go(step: int) -> None:
    st.session_state["slide"] = min(max(shown + step, 0), len(deck) - 1)


def small(text: str, style: str = "") -> None:
    st.markdown(
        f'<div class="skp-slide-small"{style}>{html.escape(text)}</div>', unsafe_allow_html=True
    )


# One container for the slide, whatever it holds, so the buttons below keep their place (and
# the keyboard's focus) from one slide to the next.
with st.container(key="slide"):
    st.title(slide.title, anchor=False)
    small(" · ".join(part for part in (current.period_text, current.filter_text) if part))
    if slide.figure is not None:
        st.markdown(
            f'<div class="skp-slide-figure">{html.escape(slide.figure)}</div>',
            unsafe_allow_html=True,
        )
    if slide.note:
        st.markdown(
            f'<div class="skp-slide-note">{html.escape(slide.note)}</div>', unsafe_allow_html=True
        )
    if slide.chart is not None:
        st.altair_chart(slide.chart(), width="stretch")

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
with position:
    small(t("slide_of", n=shown + 1, total=len(deck)), ' style="text-align:center"')
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

# For a screen reader: each new slide is announced, politely, from one live region that stays
# in the page; and the keyboard's focus stays on the buttons (on Forrige once Næste is
# disabled on the last slide) instead of falling back to the page.
announcement = t("slide_announce", n=shown + 1, total=len(deck), title=slide.title)
st.html(
    "<script>(() => {"
    " let live = document.getElementById('skp-live');"
    " if (!live) { live = document.createElement('div'); live.id = 'skp-live';"
    " live.setAttribute('role', 'status'); live.setAttribute('aria-live', 'polite');"
    " document.body.appendChild(live); }"
    f" live.textContent = {json.dumps(announcement)};"
    " setTimeout(() => {"
    "  const active = document.activeElement;"
    "  if (active && active !== document.body && !active.disabled) return;"
    "  const target = ['next_slide', 'previous_slide']"
    "   .map(k => document.querySelector(`.st-key-${k} button`))"
    "   .find(b => b && !b.disabled);"
    "  if (target) target.focus();"
    " }, 50);"
    "})();</script>",
    unsafe_allow_javascript=True,
)
