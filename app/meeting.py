"""Meeting mode's slides: one key figure or chart each, large enough for a projector at the back
of a room. Pure: from the figures as a board may see them (always suppressed) to a list of
slides; app/screens/moede.py shows them one at a time."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import altair as alt

from app.components import counts_frame
from app.i18n import t, value
from report import charts, formatting
from warehouse.figures import FIGURES, Difference, Figure, value_at

# A projector at the back of a room: big type on every chart.
BIG = {"labelFontSize": 22, "titleFontSize": 24}


@dataclass(frozen=True)
class Slide:
    title: str
    figure: str | None = None  # the one big number
    note: str | None = None  # a line under it
    # the chart, built when its slide is shown: a deck has a dozen, and each rerun shows one
    chart: Callable[[], alt.TopLevelMixin] | None = None


def big_chart(chart: alt.TopLevelMixin, rows: int) -> alt.TopLevelMixin:
    """Big type, and room for each bar's label however many there are."""
    return (
        chart.properties(height=max(420, 40 * rows))
        .configure_axis(**BIG, labelLimit=420, labelColor="#222222", titleColor="#222222")
        .configure_title(fontSize=30)
        .configure_text(fontSize=24)
    )


def _bars(mapping: dict, labels: dict[str, str], category: str, count: str, lang: str, sort=None):
    frame = counts_frame(mapping, labels)
    if sort is not None:
        sort = [labels.get(k) or value(k) for k in sort]
    # the slide's title names the chart
    chart = charts.bar_chart(frame, "", category, count, sort, lang=lang)
    return big_chart(chart, len(mapping))


def _note(declared: Figure, figures: dict, previous_label: str | None, lang: str) -> str | None:
    """A line under a slide's figure: a figure with its share, or the change."""
    shown = value_at(figures, declared.key)
    if isinstance(declared.counted, Difference):  # None: the period cannot be compared
        if shown is None or not previous_label:
            return None
        change = formatting.signed(shown, lang) if isinstance(shown, int) else "x"
        return t("from_previous", change=change, previous=previous_label)
    share = formatting.figure_share(declared, figures, lang)
    text = f"{t(declared.title)}: {formatting.figure_value(declared, figures, lang)}"
    return f"{text} ({share})" if share else text


def slides(
    figures: dict,
    title: str,
    previous_label: str | None,
    labels: dict[str, dict[str, str]],
    lang: str,
    texts: dict[str, str] | None = None,
) -> list[Slide]:
    """The meeting's slides for one period's (suppressed) figures: each figure declared for
    the meeting (warehouse/figures.py) a slide, in the declared order; a single figure in big
    type with the figures declared as its notes, a breakdown as a chart."""
    texts = texts or {}  # the team's own words, where written (report/commentary.py)
    deck = [Slide(title, note=texts.get("intro") or t("meeting_intro"))]
    notes: list[str] = []
    for declared in FIGURES:
        if "meeting" in declared.shown and declared.is_breakdown:
            mapping = value_at(figures, declared.key) or {}
            sort = list(mapping) if declared.in_order else None
            names = labels.get(declared.code_list or "", {})
            category, count = t(declared.category), t(declared.count_title)
            chart = partial(_bars, mapping, names, category, count, lang, sort)
            deck.append(Slide(t(declared.title), chart=chart))
        elif "meeting" in declared.shown:
            share = formatting.figure_share(declared, figures, lang)
            notes = [t(declared.share_text, share=share)] if share and declared.share_text else []
            big = formatting.figure_value(declared, figures, lang)
            deck.append(Slide(t(declared.title), big))
        elif "note" in declared.shown and deck[-1].figure is not None:
            line = _note(declared, figures, previous_label, lang)
            notes += [line] if line else []
            deck[-1] = Slide(deck[-1].title, deck[-1].figure, " · ".join(notes) or None)
    if texts.get("closing"):
        deck.append(Slide(t("part_closing"), note=texts["closing"]))
    return deck
