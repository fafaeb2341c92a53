"""Meeting mode's slides: one key figure or chart each, large enough for a projector at the back
of a room. Pure: from the figures as a board may see them (always suppressed) to a list of
slides; app/screens/moede.py shows them one at a time."""

from dataclasses import dataclass

import altair as alt

from app.components import counts_frame
from app.i18n import t, value
from report import charts, formatting
from warehouse.labels import DURATION_BUCKETS
from warehouse.published import known_gender

# A projector at the back of a room: big type on every chart.
BIG = {"labelFontSize": 22, "titleFontSize": 24}


@dataclass(frozen=True)
class Slide:
    title: str
    figure: str | None = None  # the one big number
    note: str | None = None  # a line under it
    chart: alt.TopLevelMixin | None = None


def big_chart(chart: alt.TopLevelMixin, rows: int) -> alt.TopLevelMixin:
    """Big type, and room for each bar's label however many there are."""
    return (
        chart.properties(height=max(420, 40 * rows))
        .configure_axis(**BIG, labelLimit=420, labelColor="#222222", titleColor="#222222")
        .configure_title(fontSize=30)
        .configure_text(fontSize=24)
    )


def _bars(key: str, mapping: dict, labels: dict[str, str], category: str, lang: str, sort=None):
    frame = counts_frame(mapping, labels)
    if sort is not None:
        sort = [labels.get(k) or value(k) for k in sort]
    # the slide's title names the chart
    chart = charts.bar_chart(frame, "", category, t("citizens_count"), sort, lang=lang)
    return big_chart(chart, len(mapping))


def slides(
    figures: dict,
    title: str,
    previous_label: str | None,
    labels: dict[str, dict[str, str]],
    lang: str,
) -> list[Slide]:
    """The meeting's slides for one period's (suppressed) figures."""
    c, h, contacts = figures["citizens"], figures["housing"], figures["contacts"]

    def count(n) -> str:
        return formatting.count(n, lang)

    change = c["change"]  # None: the period cannot be compared; "x": hidden
    change_text = formatting.signed(change, lang) if isinstance(change, int) else "x"
    known = known_gender(c)
    genders = " · ".join(
        f"{t(key)}: {count(c[key])}"
        + (
            f" ({formatting.share(c[key], known, lang)})"
            if formatting.share(c[key], known, lang) != "–"
            else ""
        )
        for key in ("men", "women")
    )
    return [
        Slide(title, note=t("meeting_intro")),
        Slide(
            t("citizens_in_contact"),
            count(c["total"]),
            " · ".join(
                (
                    [t("from_previous", change=change_text, previous=previous_label)]
                    if change is not None and previous_label
                    else []
                )
                + [genders]
            ),
        ),
        Slide(
            t("by_age_band"),
            chart=_bars(
                "by_age_band", c["age_bands"], {}, t("by_age_band"), lang, sort=list(c["age_bands"])
            ),
        ),
        Slide(
            t("citizens_by_origin"),
            chart=_bars(
                "citizens_by_origin",
                c["by_referral_source"],
                labels["referral_sources"],
                t("source"),
                lang,
            ),
        ),
        Slide(
            t("by_problem_group"),
            chart=_bars(
                "by_problem_group",
                figures["problem_groups"],
                labels["problem_groups"],
                t("by_problem_group"),
                lang,
            ),
        ),
        Slide(
            t("homeless_at_end"),
            count(h["homeless_at_end"]),
            " · ".join(
                [
                    t(
                        "share_of_citizens",
                        share=formatting.share(h["homeless_at_end"], c["total"], lang),
                    ),
                    f"{t('housed_after')}: {count(h['housed_after_homelessness'])}",
                    f"{t('slept_rough')}: {count(h['slept_rough'])}",
                ]
            ),
        ),
        Slide(
            t("durations"),
            chart=_bars(
                "durations",
                figures["episode_duration"],
                {},
                t("duration"),
                lang,
                sort=DURATION_BUCKETS,
            ),
        ),
        Slide(
            t("contacts_in_period"),
            count(contacts["total"]),
            f"{t('per_citizen')}: {formatting.decimal(contacts['per_citizen'], lang)} · "
            f"{t('outreach_attempts')}: {count(contacts['outreach_attempts'])}",
        ),
    ]
