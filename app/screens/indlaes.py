"""Indlæs: a steward drops export files (CSV, XLSX, or a zip of them), sees what a load would
read, load and reject before anything is written, confirms, and follows the ingest and the
build until the new figures are live (app/upload.py; README, "Loading from the dashboard")."""

import hashlib

import polars as pl
import streamlit as st

from app import access, data, upload, view
from app.i18n import t
from warehouse import config

view.sidebar()  # language; the period and filters once there is data
st.title(t("indlaes"))
st.caption(t("indlaes_intro", limit=upload.LIMIT_MB))
warehouse = data.warehouse()
found, broken = upload.available_profiles()
for problem in broken:
    st.warning(t("upload_profile_broken", problem=problem))
profile = st.selectbox(
    t("upload_format"),
    [None, *found],
    format_func=lambda p: t("upload_format_v1") if p is None else p.name,
    help=t("upload_format_help"),
    key="upload_profile",
)
chosen = st.file_uploader(
    t("upload_files"), type=upload.SUFFIXES, accept_multiple_files=True, key="uploads"
)
if not chosen:
    st.stop()
files = [(f.name, f.getvalue()) for f in chosen]
names = [name for name, _ in files]
profile_audit = profile.audit if profile is not None else {}
try:
    key = config.pseudonym_key()
except config.KeyProblem as error:
    st.error(str(error))
    st.stop()
if key is None:
    st.error(config.KEY_HELP)
    st.stop()

# the dry run, once per set of files
digests = [hashlib.sha256(d).digest() for _, d in files]
signature = hashlib.sha256(b"".join([*digests, profile.digest.encode() if profile else b""]))
signature = signature.hexdigest()
if st.session_state.get("_upload_checked", {}).get("signature") != signature:
    try:
        with upload.unpacked(files, warehouse) as folder:
            results = upload.dry_run(folder, warehouse, key, profile)
            rows = [
                {
                    t("upload_file"): upload.shown_source(r.source, folder),
                    t("upload_entity"): r.entity or "–",
                    t("upload_read"): r.rows_read,
                    t("upload_to_load"): r.rows_read - r.rows_rejected,
                    t("upload_rejected"): r.rows_rejected,
                    t("upload_unknown"): r.unknown_codes,
                    t("upload_problem"): r.message,
                }
                for r in results
            ]
            reasons = {
                upload.shown_source(r.source, folder): r.rejects.head(20).rows()
                for r in results
                if r.rejects is not None and r.rejects.height
            }
    except upload.Refused as error:
        access.record(
            warehouse, "upload_refused", "indlaes", files=names, reason=str(error), **profile_audit
        )
        st.error(str(error))
        st.stop()
    failed = [r.source for r in results if r.status == "failed"]
    checked = {"signature": signature, "rows": rows, "reasons": reasons, "failed": len(failed)}
    st.session_state["_upload_checked"] = checked
    access.record(
        warehouse,
        "upload_checked",
        "indlaes",
        files=names,
        failed=len(failed),
        tables=len(rows),
        **profile_audit,
    )
checked = st.session_state["_upload_checked"]

st.subheader(t("upload_checked"))
st.dataframe(pl.DataFrame(checked["rows"]), hide_index=True)
for source, lines in checked["reasons"].items():
    with st.expander(t("upload_reasons", file=source, n=len(lines))):
        for line, column, reason in lines:
            st.text(f"linje {line}{f', kolonne {column}' if column else ''}: {reason}")
if checked["failed"]:
    st.warning(t("upload_fix_first"))
elif st.button(t("upload_confirm"), type="primary", key="upload_confirm"):
    bar = st.progress(0.0, text=t("upload_loading"))

    def progress(share: float, line: str) -> None:
        bar.progress(share, text=t("upload_building") if line == "build" else line)

    access.record(warehouse, "upload_started", "indlaes", files=names, **profile_audit)
    try:
        with upload.unpacked(files, warehouse) as folder:
            code, lines = upload.load(
                folder,
                warehouse,
                len(checked["rows"]),
                progress,
                profile.path if profile is not None else None,
            )
    except upload.Refused as error:
        code, lines = 1, [str(error)]
    access.record(warehouse, "upload_done", "indlaes", files=names, exit_code=code, **profile_audit)
    if code == 0:
        bar.progress(1.0, text=t("upload_live"))
        st.success(t("upload_live"))
        del st.session_state["_upload_checked"]
    else:
        st.error(t("upload_failed"))
        st.code("\n".join(lines), language=None)
