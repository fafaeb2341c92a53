"""Numbers and dates as each language writes them. Danish: thousands point, decimal comma,
dd-mm-yyyy; English: thousands comma, decimal point, yyyy-mm-dd."""

import datetime as dt


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


def period(value, lang: str = "da") -> str:
    """A kpis.Period: '2010' for a calendar year, else '01-03-2010–31-08-2010'."""
    if value.is_calendar_year:
        return str(value.start.year)
    return f"{date(value.start, lang)}–{date(value.end, lang)}"


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
