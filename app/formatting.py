"""Danish formats: thousands point, decimal comma, dates as dd-mm-yyyy."""

import datetime as dt


def number(value: int | float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count(value: int | str) -> str:
    """A count as shown: a number, or the mark of a hidden one ('<5', 'x')."""
    return value if isinstance(value, str) else number(value)


def share(part: int | str, whole: int | str) -> str:
    """A share in whole percent; '–' when the whole is 0 or either count is hidden."""
    if isinstance(part, str) or isinstance(whole, str) or whole == 0:
        return "–"
    return f"{number(100 * part / whole)} %"


def signed(value: int | str) -> str:
    if isinstance(value, str):
        return value
    return f"+{number(value)}" if value > 0 else number(value).replace("-", "−")


def date(value: str | dt.date) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d-%m-%Y")
