"""Udvikling: the years side by side (README, "The years side by side"). Pure: from each year's
figures as a board may see them (suppressed year by year, as every board figure is) to one
table, a row per figure declared for it (warehouse/figures.py, shown "udvikling") and a row per
category of a breakdown, a column per year. A year the data covers only in part is marked."""

import datetime as dt

from report import formatting
from report.texts import code_label, text_in
from warehouse.figures import shown_on, total_of, value_at
from warehouse.suppression import SIBLING

PLACE = "udvikling"


def covered(figures: dict) -> tuple[bool, str | None]:
    """Whether the data covers the whole year of a year's figures; if not, from or to which day
    ('data til og med 30-06-2011')."""
    period = figures["period"]
    first, last = period["data_first_day"], period["data_last_day"]
    if last and last < period["end"]:
        return False, ("data_until", dt.date.fromisoformat(last))
    if first and first > period["start"]:
        return False, ("data_from", dt.date.fromisoformat(first))
    return True, None


def header(year: int, figures: dict, lang: str = "da") -> str:
    """'2010', or '2011 (data til og med 30-06-2011)' for a year the data covers in part."""
    whole, where = covered(figures)
    if whole:
        return str(year)
    key, day = where
    return f"{year} ({text_in(lang, key, day=formatting.date(day, lang))})"


def table(
    years: dict[int, dict], labels: dict[str, dict[str, str]], lang: str = "da"
) -> tuple[list[str], list[list[str]]]:
    """The columns (the figure, then each year) and the rows: each figure declared for the
    years side by side, its value as each year shows it; a breakdown a row per category that
    any year has, under its title."""
    columns = [text_in(lang, "figure")] + [header(y, f, lang) for y, f in years.items()]
    rows = []
    for declared in shown_on(PLACE):
        title = text_in(lang, declared.title)
        values = [value_at(f, declared.key) for f in years.values()]
        if not declared.is_breakdown:
            rows.append([title] + [formatting.count(v, lang) for v in values])
            continue
        names = labels.get(declared.code_list or "", {})
        codes: list[str] = []
        for cells in values:
            codes += [code for code in (cells or {}) if code not in codes]
        if not declared.counted.order:  # as each year's report orders them: by code
            codes.sort()
        # a table withheld (empty, of a total above 0) is hidden in every category, not 0
        whole = total_of(declared.key) or "citizens.total"
        withheld = [
            not cells and value_at(f, whole) not in (0, None)
            for cells, f in zip(values, years.values(), strict=True)
        ]
        for code in codes:
            name = f"{title}: {code_label(code, names, lang)}"
            shown = [
                SIBLING if hidden else formatting.count((cells or {}).get(code, 0), lang)
                for cells, hidden in zip(values, withheld, strict=True)
            ]
            rows.append([name, *shown])
    return columns, rows
