"""Read export files into frames of strings: one frame per entity found in a file.

Encoding and delimiter are detected per file. Nothing here interprets values; a file that cannot
be read raises UnreadableFile naming the file and what is wrong.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.schema import Entity, entity_for_name, fold
from ingest.validate import LINE

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class UnreadableFile(Exception):
    """A file that cannot be read at all; nothing of it is loaded."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass
class Table:
    path: Path
    sheet: str | None
    entity: Entity
    frame: pl.DataFrame  # the entity's columns as strings (missing optional ones null), and _line
    extra_columns: list[str]  # columns the format does not know, kept in frame as well

    @property
    def source(self) -> str:
        return f"{self.path}" + (f" [{self.sheet}]" if self.sheet else "")


def export_files(paths: list[Path]) -> list[Path]:
    """The files of an export: files as given, folders expanded (sorted), hidden files skipped."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))
            )
        else:
            files.append(path)
    return files


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: what Danish Excel writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def sniff_delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def read_tables(path: Path) -> list[Table]:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path)]
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    raise UnreadableFile(path, "er hverken CSV eller XLSX (not a CSV or XLSX file)")


def _entity(path: Path, name: str) -> Entity:
    entity = entity_for_name(name)
    if entity is None:
        raise UnreadableFile(
            path,
            f"navnet '{name}' begynder ikke med en kendt entitet: borgere, henvendelser, forloeb, "
            "kontakter eller boligsituation (unknown entity name)",
        )
    return entity


def _read_csv(path: Path) -> Table:
    entity = _entity(path, path.name)
    text = decode(path.read_bytes())
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise UnreadableFile(path, "mangler en overskriftslinje (no header row)")
    try:
        frame = pl.read_csv(
            io.StringIO(text),
            separator=sniff_delimiter(header),
            infer_schema=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, OSError) as error:
        problem = f"kan ikke læses som CSV (cannot be parsed as CSV): {error}"
        raise UnreadableFile(path, problem) from error
    return _table(path, None, entity, frame, first_line=2)


def _read_xlsx(path: Path) -> list[Table]:
    """Every sheet of a workbook; a sheet's entity from its name, else from the workbook's."""
    try:
        sheets = pl.read_excel(path, sheet_id=0, engine="calamine", infer_schema_length=0)
    except Exception as error:  # fastexcel raises its own exception types
        problem = f"kan ikke læses som XLSX (cannot be read as XLSX): {error}"
        raise UnreadableFile(path, problem) from error
    return [
        _table(
            path,
            name,
            entity_for_name(name) or _entity(path, path.name),
            _cells_as_text(frame),
            first_line=2,
        )
        for name, frame in sheets.items()
    ]


def _cells_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Cells read as text: a real Excel date arrives as 'YYYY-MM-DD 00:00:00'; keep the date."""
    return frame.with_columns(
        pl.all().cast(pl.String).str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "${1}")
    )


def _table(path: Path, sheet: str | None, entity: Entity, frame: pl.DataFrame, first_line: int):
    where = path if sheet is None else f"{path} [{sheet}]"
    folded = [fold(c) for c in frame.columns]
    if len(set(folded)) != len(folded):
        raise UnreadableFile(
            path, f"{where} har den samme kolonne to gange (a column appears twice)"
        )
    frame = frame.rename(dict(zip(frame.columns, folded, strict=True)))
    missing = [c.name for c in entity.columns if c.required and c.name not in frame.columns]
    if missing:
        raise UnreadableFile(
            path,
            f"mangler kolonnen {', '.join(missing)} (required column missing) for {entity.name}",
        )
    extra = [c for c in frame.columns if c not in entity.column_names]
    frame = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c)
        for c in entity.column_names
        if c not in frame.columns
    ).with_row_index(LINE, offset=first_line)
    frame = frame.with_columns(pl.col(LINE).cast(pl.Int64))
    return Table(path, sheet, entity, frame.select(LINE, *entity.column_names, *extra), extra)
