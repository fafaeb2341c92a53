"""Datakvalitet: what was loaded, what was rejected and why, unknown codes, the last build's
tests, and how fresh the data is. Never a CPR number: see app/data.py."""

import polars as pl
import streamlit as st

from app import access, data, view
from app.i18n import lang, t
from report import formatting

view.sidebar()
st.title(t("datakvalitet"))
if not data.warehouse().exists():
    st.warning(t("no_data"))
    st.stop()
quality = data.quality()
loads = quality["loads"]
last_day = quality["last_data_date"]
st.caption(
    t(
        "freshness",
        day=formatting.date(last_day, lang()) if last_day else "–",
        loaded=(
            loads["loaded_at"]
            .max()
            .strftime("%d-%m-%Y %H:%M" if lang() == "da" else "%Y-%m-%d %H:%M")
            if loads.height
            else "–"
        ),
    )
)

st.header(t("build"))
build = data.build_results()
if build is None:
    st.info(t("no_build"))
else:
    nodes = build["nodes"]
    statuses = nodes["status"].value_counts()
    n = dict(zip(statuses["status"], statuses["count"], strict=True))
    st.write(
        t(
            "build_summary",
            when=build["generated_at"][:16].replace("T", " "),
            passed=n.get("pass", 0) + n.get("success", 0),
            warned=n.get("warn", 0),
            failed=n.get("fail", 0) + n.get("error", 0) + n.get("runtime error", 0),
        )
    )
    problems = nodes.filter(~pl.col("status").is_in(["pass", "success", "skipped"]))
    if problems.height:
        st.dataframe(
            problems.rename({"node": t("test"), "status": t("status"), "message": t("reason")}),
            hide_index=True,
        )


def table(frame: pl.DataFrame, names: dict[str, str]) -> None:
    if frame.height == 0:
        st.write(t("none"))
    else:
        st.dataframe(frame.rename({k: t(v) for k, v in names.items()}), hide_index=True)


st.header(t("loads"))
table(
    loads,
    {
        "source": "file",
        "entity": "entity",
        "rows_read": "rows_read",
        "rows_loaded": "rows_loaded",
        "rows_rejected": "rows_rejected",
        "unknown_codes": "unknown_codes",
        "loaded_at": "loaded_at",
    },
)
if not access.sees_rows():  # a manager sees the summaries above, no row of data
    st.caption(t("rows_for_steward"))
    st.stop()
st.header(t("rejected"))
table(
    quality["rejected"],
    {
        "source": "file",
        "line": "line",
        "column_name": "column",
        "reason": "reason",
        "row_json": "row",
    },
)
st.header(t("unknown_codes"))
table(
    quality["unknown_codes"],
    {"entity": "entity", "column_name": "column", "value": "value", "rows": "rows"},
)
st.header(t("audit_log"))
st.caption(t("audit_log_help"))
table(
    data.audit_log().select("at", "name", "email", "role", "event", "page", "detail"),
    {
        "at": "audit_at",
        "name": "audit_name",
        "email": "audit_email",
        "role": "audit_role",
        "event": "audit_event",
        "page": "audit_page",
        "detail": "audit_detail",
    },
)
