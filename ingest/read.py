"""Read export files: which entity, which encoding and delimiter, which columns; then stage the
rows in DuckDB as the temporary table `staged` (every value a string, and its line number).

A file that cannot be read at all raises UnreadableFile naming the file and what is wrong.
"""

import codecs
import csv
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from ingest.schema import Entity, entity_for_name, fold

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CHUNK = 1 << 26  # bytes of CSV checked at a time: about a million contacts


class UnreadableFile(Exception):
    """A file that cannot be read at all; nothing of it is loaded."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass
class Table:
    """One entity's rows in one file (a CSV file, or one sheet of a workbook)."""

    path: Path
    sheet: str | None
    entity: Entity
    headers: list[str]  # as the file writes them
    encoding: str = "utf-8"
    delimiter: str = ";"
    frame: pl.DataFrame | None = field(default=None, repr=False)  # a sheet's cells as text

    @property
    def source(self) -> str:
        return f"{self.path}" + (f" [{self.sheet}]" if self.sheet else "")

    @property
    def columns(self) -> list[str]:
        return [fold(h) for h in self.headers]

    @property
    def extra_columns(self) -> list[str]:
        return [c for c in self.columns if c not in self.entity.column_names]


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


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as UTF-8, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as file:
        try:
            while chunk := file.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def tables(path: Path) -> list[Table]:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [_csv_table(path)]
    if suffix in XLSX_SUFFIXES:
        return _xlsx_tables(path)
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


def _csv_table(path: Path) -> Table:
    entity = _entity(path, path.name)
    encoding = detect_encoding(path)
    with path.open("r", encoding="utf-8-sig" if encoding == "utf-8" else encoding) as file:
        header_line = file.readline().rstrip("\r\n")
    if not header_line.strip():
        raise UnreadableFile(path, "mangler en overskriftslinje (no header row)")
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    headers = next(csv.reader(io.StringIO(header_line), delimiter=delimiter))
    return _checked(Table(path, None, entity, headers, encoding, delimiter))


def _xlsx_tables(path: Path) -> list[Table]:
    """Every sheet of a workbook; a sheet's entity from its name, else from the workbook's."""
    try:
        sheets = pl.read_excel(path, sheet_id=0, engine="calamine", infer_schema_length=0)
    except Exception as error:  # fastexcel raises its own exception types
        problem = f"kan ikke læses som XLSX (cannot be read as XLSX): {error}"
        raise UnreadableFile(path, problem) from error
    return [
        _checked(
            Table(
                path,
                name,
                entity_for_name(name) or _entity(path, path.name),
                list(frame.columns),
                frame=_cells_as_text(frame),
            )
        )
        for name, frame in sheets.items()
    ]


def _cells_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Cells read as text: a real Excel date arrives as 'YYYY-MM-DD 00:00:00'; keep the date."""
    return frame.with_columns(
        pl.all().cast(pl.String).str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "${1}")
    )


def _checked(table: Table) -> Table:
    columns = table.columns
    if len(set(columns)) != len(columns):
        raise UnreadableFile(
            table.path, f"{table.source} har den samme kolonne to gange (a column appears twice)"
        )
    missing = [c.name for c in table.entity.columns if c.required and c.name not in columns]
    if missing:
        raise UnreadableFile(
            table.path,
            f"mangler kolonnen {', '.join(missing)} (required column missing) "
            f"for {table.entity.name}",
        )
    return table


@dataclass
class Chunk:
    """A piece of a table's rows: a UTF-8 CSV file with the header line (None for a sheet), and
    the file's line number of its first row."""

    path: Path | None
    first_line: int = 2


def chunks(table: Table) -> Iterator[Chunk]:
    """The table's rows in pieces of about CHUNK bytes, cut at line ends outside quotes, so a
    file of any size is checked in bounded memory. Small UTF-8 files are read as they are;
    Windows-1252 is transcoded to UTF-8 piece by piece (it is one byte a character)."""
    if table.frame is not None:
        yield Chunk(None)
        return
    if table.encoding == "utf-8" and table.path.stat().st_size <= CHUNK:
        yield Chunk(table.path)
        return
    utf8 = table.encoding == "utf-8"
    with (
        tempfile.TemporaryDirectory(prefix="skp-ingest-") as folder,
        table.path.open("rb") as source,
    ):
        header = source.readline()
        header = header.removeprefix(codecs.BOM_UTF8) if utf8 else _utf8(header, table)
        first_line, pending = 2, b""
        while block := source.read(CHUNK):
            data = pending + (block if utf8 else _utf8(block, table))
            cut = data.rfind(b"\n")
            while cut != -1 and data.count(b'"', 0, cut + 1) % 2 == 1:
                cut = data.rfind(b"\n", 0, cut)  # that line end is inside a quoted field
            if cut == -1:
                pending = data
                continue
            piece, pending = data[: cut + 1], data[cut + 1 :]
            yield _write_chunk(Path(folder), header, piece, first_line)
            first_line += piece.count(b"\n")
        if pending.strip():
            yield _write_chunk(Path(folder), header, pending, first_line)


def _utf8(data: bytes, table: Table) -> bytes:
    return data.decode(table.encoding).encode("utf-8")


def _write_chunk(folder: Path, header: bytes, rows: bytes, first_line: int) -> Chunk:
    path = folder / "chunk.csv"
    path.write_bytes(header + rows)
    return Chunk(path, first_line)


def stage(con: duckdb.DuckDBPyConnection, table: Table, chunk: Chunk) -> list[tuple]:
    """Create the temporary table `staged` from one chunk: _line, then the entity's columns and
    the extra ones under their folded names (a missing optional column is null). Returns the
    lines that are no CSV row (line, the line as written, what is wrong); they are not staged."""
    names = table.columns
    wanted = [*table.entity.column_names, *table.extra_columns]
    select = ", ".join(
        (f"c{names.index(n)}" if n in names else "null::varchar") + f' as "{_q(n)}"' for n in wanted
    )
    if chunk.path is None:
        cells = table.frame.rename(
            {old: f"c{i}" for i, old in enumerate(table.frame.columns)}
        ).with_row_index("_line", offset=2)
        con.register("sheet", cells)
        try:
            con.execute("create or replace temp table staged_rows as select * from sheet")
        finally:
            con.unregister("sheet")
        con.execute(
            f"create or replace temp view staged as select _line::bigint as _line, {select} "
            "from staged_rows"
        )
        return []
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(names))) + "}"
    con.execute(
        "create or replace temp table staged_rows as select * from read_csv("
        f"$path, delim = $delim, header = true, quote = '\"', escape = '\"', "
        f"auto_detect = false, columns = {columns}, store_rejects = true, "
        "rejects_table = 'staged_rejects', rejects_scan = 'staged_scans')",
        {"path": str(chunk.path), "delim": table.delimiter},
    )
    offset = chunk.first_line - 2
    bad = con.execute(
        "select distinct line + $offset, csv_line, error_type from staged_rejects order by 1",
        {"offset": offset},
    ).fetchall()
    # A good row's line: its position, plus the bad lines before it, the header line and the
    # lines of the chunks before.
    con.execute(
        "create or replace temp view staged as "
        "with bad as (select line, row_number() over (order by line) as n from "
        "(select distinct line from staged_rejects)), "
        "steps as (select line - 1 - n as from_index, max(n) as n from bad group by all), "
        "numbered as (select staged_rows.*, staged_rows.rowid - (select min(rowid) from "
        "staged_rows) as _i from staged_rows) "  # rowids start high inside a transaction
        f"select numbered._i + 2 + coalesce(steps.n, 0) + {int(offset)} as _line, {select} "
        "from numbered asof left join steps on numbered._i >= steps.from_index"
    )
    return bad


def drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("drop view if exists staged")
    for name in ("staged", "staged_rows", "staged_rejects", "staged_scans"):
        con.execute(f"drop table if exists {name}")


def _q(name: str) -> str:
    return name.replace('"', '""')
