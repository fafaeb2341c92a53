"""Kommentarer: the team's own words in the status report for the period (README, "The team's
own words"), written by a manager or a steward; every version kept, with who wrote it when."""

import streamlit as st

from app import access, data, view
from app.i18n import t
from report import commentary
from report.sections import SECTIONS

shown = view.header("kommentarer")
if shown is None:
    st.stop()
current, _ = shown
period = current.period
if not period.is_standard:  # a board's report covers a year, a half-year or a quarter
    st.info(t("board_periods"))
    st.stop()
st.caption(t("kommentarer_intro"))
titles = dict(SECTIONS) | {
    "intro": t("part_intro"),
    "closing": t("part_closing"),
    "signatures": t("part_signatures"),
}
texts = commentary.current(data.warehouse(), period)
with st.form("commentary"):
    written = {
        part: st.text_area(titles[part], value=texts.get(part, ""), key=f"c_{part}", height=120)
        for part in commentary.PARTS
    }
    saved = st.form_submit_button(t("save"))
if saved:
    changed = [part for part, text in written.items() if text.strip() != texts.get(part, "")]
    person = access.who()
    try:
        checked = {part: commentary.check(part, written[part]) for part in changed}
        for part, text in checked.items():
            commentary.save(data.warehouse(), period, part, text, person.name, person.role)
    except commentary.Refused as error:
        st.error(t("not_saved", error=str(error)))  # nothing is saved
    except commentary.Unwritten as error:
        st.error(str(error))
    else:
        access.record(data.warehouse(), "commentary", "kommentarer", parts=changed)
        st.success(t("saved", parts=", ".join(titles[p] for p in changed) or "–"))
with st.expander(t("versions")):
    for version in reversed(commentary.versions(data.warehouse(), period)):
        st.markdown(f"**{titles[version.part]}** · {version.at} · {version.name} ({version.role})")
        st.text(version.text or "–")
