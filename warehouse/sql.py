"""The two ways SQL is put together here: a name quoted as an identifier, and the bound values a
query names. Values are always bound, never written into SQL; only names this code chose are."""

import re


def quote(name: str) -> str:
    """A name quoted as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def bound(query: str, values: dict) -> dict:
    """The values the query names ($name), as DuckDB binds them: it refuses unused ones."""
    used = set(re.findall(r"\$(\w+)", query))
    return {name: value for name, value in values.items() if name in used}
