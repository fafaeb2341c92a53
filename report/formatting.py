"""Numbers and dates as each language writes them. Danish: thousands point, decimal comma,
dd-mm-yyyy; English: thousands comma, decimal point, yyyy-mm-dd."""

import datetime as dt
from dataclasses import dataclass

from report.texts import text_in
from warehouse.figures import Unknown, figure, value_at
from warehouse.published import known_gender


def number(value: int | float, decimals: int = 0, lang: str = "da") -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count(value: int | str | None, lang: str = "da") -> str:
    """A count as shown: a number, or the mark of a hidden one ('<5', 'x')."""
    if value is None:
        return "–"
    return value if isinstance(value, str) else number(value, lang=lang)


def share(part: int | str, whole: int | str, lang: str = "da") -> str:
    """A share in whole percent; '–' when the whole is 0 or either count is hidden."""
    if isinstance(part, str) or isinstance(whole, str) or not whole:
        return "–"
    return f"{number(100 * part / whole, lang=lang)} %"


def signed(value: int | str, lang: str = "da") -> str:
    if isinstance(value, str):
        return value
    return (
        f"+{number(value, lang=lang)}" if value > 0 else number(value, lang=lang).replace("-", "−")
    )


def decimal(value: float | str | None, lang: str = "da") -> str:
    if value is None or isinstance(value, str):
        return "–" if value is None else value
    return number(value, 1, lang)


def age(value: float | int, lang: str = "da") -> str:
    """An age in years: whole, or with a half (a median of an even number of ages)."""
    return number(value, 0 if float(value).is_integer() else 1, lang)


def date(value: str | dt.date, lang: str = "da") -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d-%m-%Y" if lang == "da" else "%Y-%m-%d")


MONTHS = {
    "da": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def month(key: str, lang: str = "da") -> str:
    """A month key of the figures ('2010-01') as a time axis writes it: 'jan 2010'."""
    year, number_ = key.split("-")
    return f"{MONTHS[lang][int(number_) - 1]} {year}"


def period(value, lang: str = "da") -> str:
    """A warehouse.periods.Period: '2010' for a calendar year, else '01-03-2010–31-08-2010'."""
    if value.is_calendar_year:
        return str(value.start.year)
    return f"{date(value.start, lang)}–{date(value.end, lang)}"


def short_period(value, lang: str = "da") -> str | None:
    """A Period (warehouse.periods) that is a year, half-year or quarter by its name ('2009',
    '1. halvår 2010', '4. kvt. 2009'; 'H1 2010', 'Q4 2009'); None for any other period."""
    months = value.months
    if months is None:
        return None
    year, part = value.start.year, (value.start.month - 1) // months + 1
    if months == 12:
        return str(year)
    if months == 6:
        return f"{part}. halvår {year}" if lang == "da" else f"H{part} {year}"
    return f"{part}. kvt. {year}" if lang == "da" else f"Q{part} {year}"


_DANISH = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "é": "e", "ü": "u"}
)


def slug(text: str, lower: bool = True) -> str:
    """Text as a part of a file name: æøå spelled out, anything else but letters and digits
    a hyphen; lowercase unless `lower` is False (a code such as K keeps its case)."""
    import re

    text = (text.lower() if lower else text).translate(_DANISH)
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def file_name(title: str, period_, filters: dict[str, tuple[str, ...]], extension: str) -> str:
    """A download's name from what it holds: the figure, the period and the filters, e.g.
    'borgere-efter-kilde_2010_koen-K.csv'. `filters`: each filter's label and its values."""
    when = (
        str(period_.start.year)
        if period_.is_calendar_year
        else f"{period_.start.isoformat()}_{period_.end.isoformat()}"
    )
    parts = [slug(title), when]
    parts += [
        f"{slug(label)}-{'+'.join(slug(v, lower=False) or 'x' for v in values)}"
        for label, values in filters.items()
        if values
    ]
    return "_".join(parts) + f".{extension}"


def csv_bytes(frame, lang: str = "da") -> bytes:
    """A frame as a CSV a spreadsheet opens right: UTF-8 with a byte-order mark (Danish
    Excel reads Køn, not KÃ¸n), ';' between cells in Danish and ',' in English, and cells a
    spreadsheet would run as formulas neutralised."""
    text = csv_safe(frame).write_csv(separator=";" if lang == "da" else ",")
    return ("\ufeff" + text).encode("utf-8")


# Markdown's and Streamlit's special characters (links, emphasis, math, html, lists, headings)
_MARKDOWN = set("\\`*_{}[]()<>#+-.!|~$:")


def plain(text: str) -> str:
    """Text from the data as Streamlit's markdown shows it literally: every character markdown
    or math could read escaped (a district named '**x** $1+1$ [a](b)' stays that text)."""
    return "".join("\\" + c if c in _MARKDOWN else c for c in text)


def csv_safe(frame):
    """A Polars frame for a CSV download: a text cell that a spreadsheet would run as a formula
    (starting with = + - @, a tab or a carriage return) gets a leading ' (OWASP's rule)."""
    import polars as pl

    return frame.with_columns(
        pl.when(pl.col(name).str.contains(r"^[=+\-@\t\r]"))
        .then("'" + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, kind in frame.schema.items()
        if kind == pl.String
    )


@dataclass(frozen=True)
class Compared:
    """How a period's change and coverage are put in words (README, "Comparing periods")."""

    previous: str | None  # '2009', 'samme del af 2010', 'forrige periode'; None: no change
    detail: str  # 'Sammenlignet med 01-01-2010 – 30-06-2010.', or why there is no change
    coverage: str  # 'data til og med 30-06-2011', or '' when the data covers the period


def compared(period_, comparison, lang: str = "da") -> Compared:
    """The words for a period's comparison (a warehouse.periods.Comparison) in the language."""
    from report.texts import text_in

    before, after = comparison.covers(period_)
    coverage = [
        text_in(lang, "data_from", day=date(comparison.first_day, lang)) if before else "",
        text_in(lang, "data_until", day=date(comparison.last_day, lang)) if after else "",
    ]
    coverage_text = ", ".join(part for part in coverage if part)
    previous = comparison.previous
    if previous is None:
        first = comparison.first_day
        why = text_in(lang, "not_comparable", day=date(first, lang)) if first else ""
        return Compared(None, why[:1].upper() + why[1:] + "." if why else "", coverage_text)
    detail = text_in(
        lang, "compared_with", start=date(previous.start, lang), end=date(previous.end, lang)
    )
    if after:  # only the part up to the data's last day is compared
        whole = type(previous)(previous.start, period_.start - dt.timedelta(days=1))
        name = short_period(whole, lang) or text_in(lang, "previous_period")
        return Compared(text_in(lang, "same_part_of", previous=name), detail, coverage_text)
    name = short_period(previous, lang) or text_in(lang, "previous_period")
    return Compared(name, detail, coverage_text)


def figure_value(figure, figures: dict, lang: str = "da") -> str:
    """A declared single figure (warehouse/figures.py) of a report as shown, in its format."""
    return format_value(figure, value_at(figures, figure.key), lang)


def format_value(figure, value, lang: str = "da") -> str:
    """A value of a declared figure (as shown: '<5' and 'x' stay) in the figure's format."""
    if figure.format in ("decimal", "days"):
        return decimal(value, lang)
    if figure.format == "percent":  # a share (0.958) as '96 %'
        if isinstance(value, float):
            return f"{number(100 * value, lang=lang)} %"
        return count(value, lang)
    if figure.format == "age":
        return age(value, lang) if isinstance(value, int | float) else count(value, lang)
    return count(value, lang)


def figure_share(figure, figures: dict, lang: str = "da") -> str | None:
    """A declared figure's share of the figure it is declared a share of ('12 %'); None when it
    has none or it cannot be shown (a count hidden, a whole of 0)."""
    if figure.share_of is None:
        return None
    if figure.share_of == "known_gender":  # kpis.md: gender shares are of known gender
        whole = known_gender(figures["citizens"])
    else:
        whole = value_at(figures, figure.share_of)
    shown = share(value_at(figures, figure.key), whole, lang)
    return None if shown == "–" else shown


def target_rows(held: list, lang: str = "da") -> list[list[str]]:
    """The targets held against the figures (warehouse/targets.py) as table rows: the figure's
    title, the target ('mindst 90 %'), the result as shown, and whether it was met."""
    rows = []
    for row in held:
        try:
            declared = figure(row.target.figure)
        except Unknown:
            rows.append([row.target.figure, text_in(lang, "target_unknown"), "–", "–"])
            continue
        bound = text_in(lang, "at_least" if row.target.operator == ">=" else "at_most")
        goal = format_value(declared, row.target.target, lang)
        shown = format_value(declared, row.actual, lang)
        met = {True: "yes", False: "no", None: "not_shown"}[row.met]
        rows.append([text_in(lang, declared.title), f"{bound} {goal}", shown, text_in(lang, met)])
    return rows
