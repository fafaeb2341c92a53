"""The audit log: who signed in, was refused, viewed which page with which period and filters,
downloaded what, and ran which `skp ingest` or `skp build`, and when.

One JSON line per event, in one file per day in the warehouse's private folder
(`.W-skp/audit/YYYY-MM-DD.jsonl`, mode 0600): outside the published file, so a rebuild keeps
it. Lines are only ever appended (O_APPEND, one write each, synced); a day's file is deleted
whole once it is older than the retention ($SKP_AUDIT_DAYS, default 365). Every text is
masked for CPR numbers before it is written. An event that cannot be written raises
`AuditError`: the caller refuses what it was about to do (fail closed).
"""

import datetime as dt
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.cpr import mask
from warehouse.storage import Warehouse, append_line

DEFAULT_DAYS = 365
COLUMNS = ["at", "sub", "name", "email", "role", "event", "page", "detail"]


class AuditError(Exception):
    """The audit log could not be written (or read)."""


@dataclass(frozen=True)
class Who:
    sub: str
    name: str
    email: str
    role: str

    @classmethod
    def operator(cls) -> "Who":
        """Whoever runs a command on the server: the operating system's user."""
        user = getpass.getuser()
        return cls(sub=f"os:{user}", name=user, email="", role="operator")


def retention_days() -> int:
    """How many days an audit entry is kept ($SKP_AUDIT_DAYS, default 365)."""
    raw = os.environ.get("SKP_AUDIT_DAYS", str(DEFAULT_DAYS))
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if days < 1:
        raise AuditError(f"SKP_AUDIT_DAYS skal være et helt antal dage, mindst 1 (got {raw!r})")
    return days


def folder(warehouse: Path) -> Path:
    """$SKP_AUDIT_DIR, else `audit/` in the warehouse's private folder. A dashboard that
    runs as another user than `skp ingest` and `skp build` needs a folder both may write."""
    configured = os.environ.get("SKP_AUDIT_DIR", "")
    return Path(configured) if configured else Warehouse(warehouse).private / "audit"


def record(
    warehouse: Path,
    who: Who,
    event: str,
    page: str = "",
    now: dt.datetime | None = None,
    **detail,
) -> None:
    """Append one event; raise AuditError when it cannot be written."""
    now = now or dt.datetime.now(dt.UTC)
    entry = {
        "at": now.isoformat(timespec="seconds"),
        "sub": who.sub,
        "name": who.name,
        "email": who.email,
        "role": who.role,
        "event": event,
        "page": page,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    }
    line = json.dumps({k: mask(str(v)) for k, v in entry.items()}, ensure_ascii=False) + "\n"
    where = folder(warehouse)
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        append_line(where / f"{now:%Y-%m-%d}.jsonl", line)
        _prune(where, now.date(), retention_days())
    except OSError as error:
        raise AuditError(
            f"revisionsloggen kan ikke skrives (audit log not written): {error}"
        ) from error


def _prune(where: Path, today: dt.date, days: int) -> None:
    """Delete the day files older than the retention."""
    oldest = today - dt.timedelta(days=days)
    for path in where.glob("*.jsonl"):
        try:
            day = dt.date.fromisoformat(path.stem)
        except ValueError:
            continue
        if day < oldest:
            path.unlink(missing_ok=True)


def read(warehouse: Path) -> pl.DataFrame:
    """Every entry kept, in the order written. A line that is not a whole entry (a write cut short
    by a full disk) is kept as an entry of its own, event "unreadable_line", naming the file
    and line, rather than left out."""
    entries = []
    for path in sorted(folder(warehouse).glob("*.jsonl")):
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as error:
            raise AuditError(
                f"revisionsloggen kan ikke læses (audit log unreadable): {error}"
            ) from error
        for number, text in enumerate(lines, 1):
            if not text.strip():
                continue  # a writer that saw another's line in flight began with a newline
            try:
                entry = json.loads(text)
                if not isinstance(entry, dict):
                    raise ValueError
            except ValueError:
                entry = {
                    "at": f"{path.stem}T",
                    "event": "unreadable_line",
                    "detail": f"{path.name}:{number}",
                }
            entries.append({column: str(entry.get(column, "")) for column in COLUMNS})
    # in the order written: a day's file, line after line
    return pl.DataFrame(entries, schema=dict.fromkeys(COLUMNS, pl.String))


def select(
    entries: pl.DataFrame, since: dt.date | None = None, user: str | None = None
) -> pl.DataFrame:
    """The entries from `since` (a day) on, of a user (`sub`, name or e-mail, exactly)."""
    if since is not None:
        entries = entries.filter(pl.col("at") >= since.isoformat())
    if user:
        entries = entries.filter(
            (pl.col("sub") == user) | (pl.col("name") == user) | (pl.col("email") == user)
        )
    return entries
