"""Overblik: the year at a glance, the same figures as `skp report`."""

import polars as pl
import streamlit as st

from app import charts, data, formatting

st.title("Overblik")

years, default_year = data.years()
if not years:
    st.warning("Lageret har ingen data endnu. Kør `skp ingest` og `skp build`.")
    st.stop()

year = st.sidebar.selectbox("År", years[::-1], index=years[::-1].index(default_year))
figures = data.shown_report(year)
citizens = figures["citizens"]

period = figures["period"]
st.caption(f"Periode: {formatting.date(period['start'])} – {formatting.date(period['end'])}")

total, men, women = st.columns(3)
total.metric(
    "Borgere i kontakt",
    formatting.count(citizens["total"]),
    delta=f"{formatting.signed(citizens['change'])} fra {year - 1}",
    delta_color="off",
)
known = (
    citizens["men"] + citizens["women"]
    if all(isinstance(citizens[k], int) for k in ("men", "women"))
    else "x"
)
for column, label, key in ((men, "Mænd", "men"), (women, "Kvinder", "women")):
    column.metric(
        label,
        formatting.count(citizens[key]),
        delta=formatting.share(citizens[key], known),
        delta_color="off",
        delta_arrow="off",
    )
if citizens["unknown_gender"]:
    st.caption(f"Ukendt køn: {formatting.count(citizens['unknown_gender'])}")
st.caption(f"Alder: {citizens['age_min']}–{citizens['age_max']} år")


def counts(mapping: dict[str, int | str], code_list: str) -> pl.DataFrame:
    names = data.labels(code_list)
    return pl.DataFrame(
        {
            "label": [names.get(k, k) for k in mapping],
            "n": [v if isinstance(v, int) else None for v in mapping.values()],
            "shown": [formatting.count(v) for v in mapping.values()],
        },
        schema={"label": pl.String, "n": pl.Int64, "shown": pl.String},
    )


left, right = st.columns(2)
with left:
    st.altair_chart(
        charts.bar_chart(
            counts(citizens["by_referral_source"], "referral_sources"),
            title="Hvor kommer borgerne fra",
            category_title="Henvendelse fra",
        ),
        width="stretch",
    )
with right:
    durations = counts(figures["episode_duration"], "episode_end_reasons")
    st.altair_chart(
        charts.bar_chart(
            durations.with_columns(
                pl.col("label").replace(
                    {
                        "afvist": "Afvist kontakt",
                        "0-3": "0-3 måneder",
                        "3-6": "3-6 måneder",
                        "over 6": "Over 6 måneder",
                    }
                )
            ),
            title="Forløbenes varighed",
            category_title="Varighed",
            sort=["Afvist kontakt", "0-3 måneder", "3-6 måneder", "Over 6 måneder"],
            horizontal=False,
        ),
        width="stretch",
    )

st.altair_chart(
    charts.bar_chart(
        counts(figures["problem_groups"], "problem_groups"),
        title="Problemstillinger",
        category_title="Problemgruppe",
        sort=[data.labels("problem_groups")[c] for c in data.order("problem_groups")],
    ),
    width="stretch",
)

st.caption(
    "Små tal er skjult for at beskytte den enkelte borger: «<5» er 1–4 borgere, og «x» er "
    "skjult, fordi det skjulte tal ellers kunne regnes ud."
)
