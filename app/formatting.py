"""Danish formats: thousands point, decimal comma, dates as dd-mm-yyyy."""

import datetime as dt


def number(value: int | float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def share(part: int, whole: int) -> str:
    """A share in whole percent, '–' when the whole is 0."""
    return "–" if whole == 0 else f"{number(100 * part / whole)} %"


def signed(value: int) -> str:
    return f"+{number(value)}" if value > 0 else number(value).replace("-", "−")


def date(value: str | dt.date) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d-%m-%Y")
