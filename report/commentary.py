"""The team's own words in the status report (README, "The team's own words"): an introduction,
a text under each section, and a closing with the team's assessment and signatures, per
period.

Kept outside the published file, so a rebuild keeps them: one JSON line per version, appended
and synced, in one file per period in the warehouse's private folder
(`.W-skp/commentary/2010-01-01_2010-12-31.jsonl`, mode 0600), each with who wrote it and when.
Every version stays; the latest of each part is the text. A text is plain: paragraphs (blank
lines between) and bullet lists (lines starting with "- " or "• "); one that holds anything
shaped like a CPR number is refused (`Refused`), never written.
"""

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.cpr import CPR_SHAPED
from report.sections import SECTIONS
from warehouse.periods import Period
from warehouse.storage import Warehouse, append_line

# the parts a team writes, in the report's order
PARTS = ("intro", *(key for key, _ in SECTIONS), "closing", "signatures")
LIMIT = 6000  # characters a part may hold
BULLET = re.compile(r"^\s*[-•*]\s+")


class Refused(Exception):
    """A text that may not be saved: the message says why and where."""


class Unwritten(Exception):
    """The commentary could not be written or read (the disk, the folder)."""


@dataclass(frozen=True)
class Version:
    part: str
    text: str
    at: str  # ISO time, UTC
    name: str
    role: str


def folder(warehouse: Path) -> Path:
    """$SKP_COMMENTARY_DIR (a dashboard running as another user than the commands needs a
    folder both may write), else `commentary/` in the warehouse's private folder."""
    configured = os.environ.get("SKP_COMMENTARY_DIR", "")
    return Path(configured) if configured else Warehouse(warehouse).private / "commentary"


def _file(warehouse: Path, period: Period) -> Path:
    return folder(warehouse) / f"{period.start.isoformat()}_{period.end.isoformat()}.jsonl"


def check(part: str, text: str) -> str:
    """The text as it is saved (line ends and trailing spaces tidied), or Refused."""
    if part not in PARTS:
        raise Refused(f"ukendt afsnit (unknown part): {part!r}; mulige: {', '.join(PARTS)}")
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if len(text) > LIMIT:
        raise Refused(f"{part}: højst {LIMIT} tegn (at most {LIMIT} characters), fik {len(text)}")
    for number, line in enumerate(text.split("\n"), start=1):
        if CPR_SHAPED.search(line):
            raise Refused(
                f"{part}, linje {number}: teksten ligner et CPR-nummer og gemmes ikke "
                "(looks like a CPR number; not saved)"
            )
    if CPR_SHAPED.search(" ".join(text.split())):  # a number broken over two lines
        raise Refused(f"{part}: teksten ligner et CPR-nummer og gemmes ikke (not saved)")
    return text


def save(warehouse: Path, period: Period, part: str, text: str, name: str, role: str) -> Version:
    """Append a new version of one part; Refused when the text may not be saved."""
    text = check(part, text)
    version = Version(part, text, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), name, role)
    line = json.dumps(version.__dict__, ensure_ascii=False) + "\n"
    where = _file(warehouse, period)
    try:
        where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        append_line(where, line)
    except OSError as error:
        raise Unwritten(f"kommentaren kunne ikke gemmes (not saved): {error}") from error
    return version


def versions(warehouse: Path, period: Period) -> list[Version]:
    """Every version written for the period, oldest first (a line cut short is skipped)."""
    where = _file(warehouse, period)
    if not where.exists():
        return []
    found = []
    for line in where.read_text(encoding="utf-8").splitlines():
        try:
            found.append(Version(**json.loads(line)))
        except (ValueError, TypeError):
            continue  # cut short by a crash or a full disk
    return found


def current(warehouse: Path, period: Period) -> dict[str, str]:
    """The latest text of each part written for the period ('' cleared)."""
    latest = {v.part: v.text for v in versions(warehouse, period)}
    return {part: text for part, text in latest.items() if text}


def blocks(text: str) -> list[dict]:
    """A text as paragraphs and bullet lists, for the PDF: [{"kind": "paragraph", "text"},
    {"kind": "list", "items": [...]}]. Never markup: each is set as plain text."""
    out: list[dict] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        # a paragraph's lines run together; a bullet's line is an item ("Fokus:\n- a\n- b")
        for line in (line for line in chunk.split("\n") if line.strip()):
            bullet = BULLET.match(line)
            kind = "list" if bullet else "paragraph"
            if not out or out[-1]["kind"] != kind or out[-1].get("open") is False:
                out.append({"kind": kind, "items": [], "text": ""})
            if bullet:
                out[-1]["items"].append(BULLET.sub("", line))
            else:
                out[-1]["text"] = f"{out[-1]['text']} {line.strip()}".strip()
        if out:
            out[-1]["open"] = False  # a blank line ends a paragraph or a list
    return [
        {"kind": "list", "items": b["items"]}
        if b["kind"] == "list"
        else {"kind": "paragraph", "text": b["text"]}
        for b in out
    ]


HEADING = re.compile(r"^## (\w+)\s*$")


def export(texts: dict[str, str], title: str) -> str:
    """The period's texts as a file to write in (Word, a text editor): a heading line
    '## part' before each part, every part listed."""
    lines = [f"# {title}", "# Skriv under hver overskrift; lad overskrifterne stå.", ""]
    for part in PARTS:
        lines += [f"## {part}", texts.get(part, ""), ""]
    return "\n".join(lines).rstrip() + "\n"


def parse(content: str, source: str) -> dict[str, str]:
    """The parts of an exported file, checked; Refused naming the file and line."""
    parts: dict[str, list[str]] = {}
    part = None
    for number, line in enumerate(content.replace("\r\n", "\n").split("\n"), start=1):
        heading = HEADING.match(line)
        if heading:
            part = heading.group(1)
            if part not in PARTS:
                raise Refused(f"{source}, linje {number}: ukendt afsnit (unknown part) {part!r}")
            parts[part] = []
        elif line.startswith("# ") and part is None:
            continue  # the file's own heading and help
        elif part is None:
            if line.strip():
                raise Refused(f"{source}, linje {number}: tekst før første '## afsnit'")
        else:
            parts[part].append(line)
    checked = {}
    for name, lines in parts.items():
        try:
            checked[name] = check(name, "\n".join(lines))
        except Refused as error:
            raise Refused(f"{source}: {error}") from None
    return checked
