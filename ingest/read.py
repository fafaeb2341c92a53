"""Read export files: which entity, which encoding and delimiter, which columns; then stage the
rows in DuckDB as the temporary table `staged_rows` (every value a string, in file order) and
the view `staged` (the same rows with their line numbers).

A file that cannot be read at all raises UnreadableFile naming the file and what is wrong.
"""

import codecs
import csv
import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import fastexcel
import numpy as np
import polars as pl

from ingest.cpr import mask
from ingest.profile import Profile
from ingest.schema import GUIDE_SHEETS, Entity, entity_for_name, fold

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
BLOCK = 1 << 24  # bytes read at a time
MAX_HEADER_BYTES = 1 << 20  # a header line longer than this is no header
MAX_COLUMNS = 1000  # format v1 has at most 14 columns; room for many extra ones
MAX_LINE_BYTES = 1 << 21  # a longer line is rejected as no row (DuckDB's max_line_size)
MAX_XLSX_UNPACKED = 1 << 30  # a workbook unpacking to more is refused before it is read
csv.field_size_limit(MAX_LINE_BYTES)  # Python's reader, where it reads a file's rows


class UnreadableFile(Exception):
    """A file that cannot be read at all; nothing of it is loaded."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Scan:
    """What one pass over a file's bytes tells: its content hash, its number of lines up to the
    last that is not blank, and whether its lines end in more than one way."""

    content_hash: str
    lines: int
    mixed_line_ends: bool = False


def scan(path: Path) -> Scan:
    digest, lines = hashlib.sha256(), _Lines()
    with path.open("rb") as file:
        while block := file.read(BLOCK):
            digest.update(block)
            lines.add(block)
    return Scan(digest.hexdigest(), lines.count, lines.mixed)


class _Lines:
    """Counts a file's lines block by block, up to the last line that is not blank, and its
    line ends: \n (Unix), \r\n (Windows) or \r (old Mac)."""

    def __init__(self):
        self.lf = 0  # \n
        self.cr = 0  # \r
        self.after_text = 0  # \n after the last text
        self.text = False

    def add(self, block: bytes) -> None:
        codes = np.frombuffer(block, dtype=np.uint8)
        lf = int(np.count_nonzero(codes == ord("\n")))
        text = len(block.rstrip(b"\r\n"))  # up to the last text
        self.after_text = block.count(b"\n", text) if text else self.after_text + lf
        self.lf += lf
        self.cr += int(np.count_nonzero(codes == ord("\r")))
        self.text = self.text or text > 0

    @property
    def count(self) -> int:
        return self.lf - self.after_text + self.text

    @property
    def mixed(self) -> bool:
        """Whether lines end in more than one way, or in \r alone; as many \r as \n are read
        as \r\n throughout."""
        return self.cr > 0 and self.cr != self.lf


@dataclass
class Table:
    """One entity's rows in one file (a CSV file, or one sheet of a workbook)."""

    path: Path
    sheet: str | None  # its label: a CPR number in the name masked (see _sheet_label)
    entity: Entity
    headers: list[str]  # as the file writes them
    content_hash: str
    encoding: str = "utf-8"
    delimiter: str = ";"
    lines: int = 0  # a CSV file's lines, the header's included
    # lines end in more than one way (\r\n, \n, \r), or in \r alone: read from a copy
    mixed_line_ends: bool = False
    frame: pl.DataFrame | None = field(default=None, repr=False)  # a sheet's cells as text
    profile: Profile | None = None  # another system's export, read through its profile

    @property
    def renames(self) -> dict[str, str | None]:
        """A profile's headers: {folded header: column, or None for one left out}."""
        return self.profile.renames(self.entity) if self.profile is not None else {}

    @property
    def source(self) -> str:
        """The file (and sheet) as the load log stores it; a CPR number in its name masked."""
        return mask(f"{self.path}" + (f" [{self.sheet}]" if self.sheet else ""))

    @property
    def _named(self) -> list[str | None]:
        """Each header folded, or renamed by a profile; None for a column it leaves out."""
        renames = self.renames
        return [renames.get(fold(h), fold(h)) for h in self.headers]

    @property
    def columns(self) -> list[str]:
        """The headers folded, or renamed by a profile; a column without a header (a separator
        at each line's end) is named after its place, kolonne_N, and so is one whose header
        holds a CPR number (masked: the name is stored with the values). A column a profile
        leaves out is udeladt_N."""
        return [
            f"udeladt_{i}" if name is None else _column_name(name, i)
            for i, name in enumerate(self._named, start=1)
        ]

    @property
    def left_out(self) -> bool:
        """Whether a profile leaves a column of the table out."""
        return None in self._named

    @property
    def extra_columns(self) -> list[str]:
        """The columns kept beyond format v1's: not those a profile leaves out, which are never
        staged."""
        return [
            column
            for column, name in zip(self.columns, self._named, strict=True)
            if name is not None and column not in self.entity.column_names
        ]


def _column_name(folded: str, place: int) -> str:
    return _told_apart(folded, "kolonne", place) if folded else f"kolonne_{place}"


def _sheet_label(name: str, place: int) -> str:
    """A sheet's name as it is stored and shown (see _told_apart)."""
    return _told_apart(name, "ark", place)


def _told_apart(name: str, kind: str, place: int) -> str:
    """A name as it is stored: one holding a CPR number masked, and then told apart from the
    others of its kind by its place."""
    return name if mask(name) == name else f"{mask(name)} ({kind} {place})"


def export_files(paths: list[Path]) -> list[Path]:
    """The files of an export: files as given, folders expanded (sorted), hidden files skipped.
    A link to nothing stays in, so that it is reported rather than silently left out."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if (p.is_file() or (p.is_symlink() and not p.exists()))
                and not p.name.startswith((".", "~$"))
            )
        else:
            files.append(path)
    return files


def readable(path: Path) -> bool:
    """Whether the file has the name of a CSV or XLSX file."""
    return path.suffix.lower() in CSV_SUFFIXES | XLSX_SUFFIXES


def tables(path: Path, scanned: Scan | None, profile: Profile | None = None) -> list[Table]:
    """The tables of a file, from `scanned`, the scan of its bytes (None for a file that is not
    readable, which is not scanned); with `profile`, its names and headers as the profile maps
    them (ingest/profile.py)."""
    if not readable(path) or scanned is None:
        raise UnreadableFile(path, "er hverken CSV eller XLSX (not a CSV or XLSX file)")
    if path.suffix.lower() in CSV_SUFFIXES:
        return [_csv_table(path, scanned, profile)]
    return _xlsx_tables(path, scanned, profile)


def _entity(path: Path, sheet: str | None = None, profile: Profile | None = None) -> Entity:
    """The entity a file (or a sheet of a workbook) holds: from the sheet's name, else from the
    file's; a profile's names first."""
    named_by = profile.entity_for if profile is not None else entity_for_name
    entity = (sheet is not None and named_by(sheet)) or named_by(path.name)
    if entity is None:
        named = f"arket '{sheet}' og filnavnet" if sheet is not None else "filnavnet"
        known = "borgere, henvendelser, forloeb, kontakter eller boligsituation"
        if profile is not None and profile.files:
            known += f", eller et af profilens navne ({', '.join(s for s, _ in profile.files)})"
        raise UnreadableFile(
            path,
            f"{named} '{path.name}' begynder ikke med en kendt entitet: {known} "
            "(unknown entity name)",
        )
    return entity


def _csv_table(path: Path, scanned: Scan, profile: Profile | None) -> Table:
    """A CSV file's table. Its encoding is UTF-8 (with or without BOM) when every byte decodes
    as UTF-8, else Windows-1252: the header line decides here, the rest when it is staged."""
    entity = _entity(path, profile=profile)
    renames = profile.renames(entity) if profile is not None else {}
    with path.open("rb") as file:
        first = file.readline(MAX_HEADER_BYTES + 1)
        rest = file.read(max(0, 1024 - len(first)))
    _check_text(path, first, rest)
    first = first.rstrip(b"\r\n").partition(b"\r")[0]  # \r alone ends a line in old Mac files
    try:
        header_line, encoding = first.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        header_line, encoding = first.decode("cp1252", errors=_LATIN1), "cp1252"
    if not header_line.strip():
        raise UnreadableFile(path, "mangler en overskriftslinje (no header row)")
    if "\t" in header_line and not {";", ","} & set(header_line):
        raise UnreadableFile(
            path,
            "er adskilt med tabulatorer; format v1 tager semikolon eller komma "
            "(tab-separated: save as CSV)",
        )
    # the delimiter that splits the header into more of the entity's columns; `;` on a tie
    split = {d: next(csv.reader(io.StringIO(header_line), delimiter=d)) for d in ";,"}
    known = {
        d: len({renames.get(fold(h), fold(h)) for h in split[d]} & set(entity.column_names))
        for d in split
    }
    delimiter = ";" if known[";"] >= known[","] else ","
    headers = split[delimiter]
    if len(headers) > MAX_COLUMNS:
        raise UnreadableFile(
            path,
            f"har {len(headers)} kolonner; højst {MAX_COLUMNS} kan læses "
            "(too many columns: is the first line a header?)",
        )
    return _checked(
        Table(
            path,
            None,
            entity,
            headers,
            scanned.content_hash,
            encoding,
            delimiter,
            scanned.lines,
            scanned.mixed_line_ends,
            profile=profile,
        )
    )


def _check_text(path: Path, first: bytes, rest: bytes) -> None:
    """Raise for a file whose first line (and the bytes after it, to 1 KiB) show it is no CSV
    text: UTF-16, binary (NUL bytes), a workbook or archive under a CSV name, or a first line
    too long to be a header."""
    zeros = max(first[0::2].count(0), first[1::2].count(0))
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(first) >= 4 and zeros > len(first) // 4
    ):
        raise UnreadableFile(
            path,
            "er UTF-16 (Excels 'Unicode-tekst'); gem som CSV UTF-8 eller CSV med semikolon "
            "(UTF-16 text: save as CSV UTF-8)",
        )
    if first.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            path, "er en XLSX- eller zip-fil med et CSV-navn (a workbook or zip named as CSV)"
        )
    if b"\0" in first + rest:
        raise UnreadableFile(
            path, "indeholder NUL-bytes: det er ikke en tekstfil (NUL bytes: not a text file)"
        )
    if len(first) > MAX_HEADER_BYTES:
        raise UnreadableFile(
            path,
            f"første linje er længere end {MAX_HEADER_BYTES >> 20} MiB og kan ikke være en "
            "overskrift (the first line is too long to be a header)",
        )


def _check_unpacked_size(path: Path) -> None:
    """Raise for a workbook that is no zip archive, or that unpacks to more than
    MAX_XLSX_UNPACKED bytes (a zip bomb would fill the memory): its declared sizes are summed,
    and its members unpacked (not kept) so that their checksums prove the sizes true."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_XLSX_UNPACKED or len(members) > 10_000:
                raise UnreadableFile(
                    path,
                    f"pakker ud til {unpacked >> 20} MiB i {len(members)} dele; højst "
                    f"{MAX_XLSX_UNPACKED >> 20} MiB kan læses (the workbook unpacks to more "
                    "than the limit)",
                )
            for member in members:
                with archive.open(member) as data:
                    while data.read(BLOCK):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise UnreadableFile(
            path, f"er ikke en gyldig XLSX-fil (not a valid XLSX file): {error}"
        ) from error


def _xlsx_tables(path: Path, scanned: Scan, profile: Profile | None) -> list[Table]:
    """Every sheet of a workbook that has cells (Excel's empty Ark2 and Ark3 hold nothing),
    but the template's instructions and code lists (GUIDE_SHEETS); a sheet's entity from its
    name, else from the workbook's. The header row is read as cells,
    so that headers are checked as a CSV file's are (fastexcel would rename a second 'dato' to
    'dato_1'). Blank rows stay in, so that the rows keep their numbers (see stage)."""
    _check_unpacked_size(path)
    try:
        reader = fastexcel.read_excel(str(path))
        sheets = []  # (name, place among the workbook's sheets, cells)
        for place, name in enumerate(reader.sheet_names, start=1):
            if fold(name) in {fold(guide) for guide in GUIDE_SHEETS}:
                continue  # the template's instructions and code lists
            sheet = reader.load_sheet(name, header_row=None, dtypes="string")
            if sheet.width:
                cells, errors = sheet.to_arrow_with_errors()
                sheets.append((name, place, _with_error_texts(pl.from_arrow(cells), errors)))
    except Exception as error:  # fastexcel raises its own exception types
        problem = f"kan ikke læses som XLSX (cannot be read as XLSX): {error}"
        raise UnreadableFile(path, problem) from error
    found = []
    for name, place, cells in sheets:
        entity = _entity(path, name, profile)
        table = Table(
            path,
            _sheet_label(name, place),
            entity,
            [header or "" for header in cells.row(0)],
            scanned.content_hash,
            frame=_cells_as_text(cells.slice(1)),
            profile=profile,
        )
        found.append(_checked(table))
    return found


# calamine's names for the errors a formula can give, and how Excel shows them
EXCEL_ERRORS = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}


def _with_error_texts(frame: pl.DataFrame, errors) -> pl.DataFrame:
    """A cell holding a formula's error (#DIV/0!) as the text Excel shows, and writes to a CSV
    file, rather than as an empty cell: the rules then reject it, or report it as an unknown
    code, as they would in the CSV file. `errors` are fastexcel's CellErrors, or None."""
    for error in errors.errors if errors is not None else []:
        row, column = error.offset_position
        found = re.search(r"Error\((\w+)\)", error.detail)
        text = EXCEL_ERRORS.get(found.group(1), f"#{found.group(1)}") if found else "#FEJL"
        name = frame.columns[column]
        frame = frame.with_columns(frame[name].scatter(row, text))
    return frame


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
        # what was read as the header: a title row above it, or no header at all, shows here
        found = mask(", ".join(table.headers[:6]) + (", …" if len(table.headers) > 6 else ""))
        raise UnreadableFile(
            table.path,
            f"mangler kolonnen {', '.join(missing)} (required column missing) "
            f"for {table.entity.name}; første række har: {found}",
        )
    return table


def stage(con: duckdb.DuckDBPyConnection, table: Table, temp: Path) -> list[tuple]:
    """Create the temporary table `staged_rows` (the entity's columns and the extra ones under
    their folded names, a missing optional column null) and the view `staged` (the same, and
    each row's line in the file). Returns the lines that are no CSV row (line, the line as
    written, what is wrong); they are not staged. The whole file is read by one DuckDB
    read_csv, which works in parallel and spills to disk beyond its memory limit. A file that
    is not UTF-8 with one kind of line end is read from a UTF-8 copy in `temp` that has no
    name (see _utf8_copy)."""
    names = table.columns
    wanted = [*table.entity.column_names, *table.extra_columns]
    mapped = table.profile.mapped(table.entity) if table.profile else {}
    params = {}  # the values of the mapped columns the file has (DuckDB refuses one not used)
    selected = []
    for n in wanted:
        if n not in names:
            selected.append(f'null::varchar as "{_q(n)}"')
            continue
        sql, values = mapped.get(n, ("{v}", {}))
        params |= values
        selected.append(sql.replace("{v}", f"c{names.index(n)}") + f' as "{_q(n)}"')
    select = ", ".join(selected)
    if table.frame is not None:
        cells = table.frame.rename({old: f"c{i}" for i, old in enumerate(table.frame.columns)})
        # a blank row is no row, but counts for the rows after it; the bound of a blank row is
        # the index its next row gets
        blank = cells.select(pl.all_horizontal(pl.all().is_null())).to_series()
        bounds = (~blank).cast(pl.Int64).cum_sum().filter(blank)
        rows = cells.filter(~blank)
        con.register("sheet", rows)
        try:
            con.execute(
                f"create or replace temp table staged_rows as select {select} from sheet", params
            )
        finally:
            con.unregister("sheet")
        _number_rows(con, rows.height, bounds if bounds.len() else None)
        return []
    if table.encoding == "utf-8" and not table.mixed_line_ends:
        _read_csv(con, table, table.path, select, params)
        invalid = "select count(*) from staged_rejects where error_type = 'INVALID ENCODING'"
        if not con.sql(invalid).fetchall()[0][0]:
            return _number_csv_rows(con, table, table.path)
        table.encoding = "cp1252"  # a byte that is no UTF-8: the file is Windows-1252
    with tempfile.TemporaryFile(dir=temp) as copy:
        _utf8_copy(table, copy)
        path = Path(f"/proc/self/fd/{copy.fileno()}")
        _read_csv(con, table, path, select, params)
        return _number_csv_rows(con, table, path)


def _utf8_copy(table: Table, copy) -> None:
    """Write the file as UTF-8 to the open file `copy`, and count the table's lines in it. The
    copy holds the file's CPR numbers as they are, so it has no name (Linux's O_TMPFILE, or a
    file removed at once): nobody else can open it, and it is gone when this process ends,
    however it ends. DuckDB reads it through /proc/self/fd. A Windows-1252 file is decoded
    block by block (one byte is one character); the five bytes Windows-1252 leaves undefined
    are read as Latin-1 rather than stop the file. With `mixed_line_ends`, every line end
    (\r\n, \r or \n) is written as \n: the lines stay the lines a text editor shows."""
    lines = _Lines()
    if not table.mixed_line_ends:
        with table.path.open("rb") as source:
            while block := source.read(BLOCK):
                block = block.decode(table.encoding, errors=_LATIN1).encode("utf-8")
                lines.add(block)
                copy.write(block)
    else:
        if table.encoding == "utf-8":
            try:
                _copy_text(table.path, copy, "utf-8-sig", "strict", lines)
            except UnicodeDecodeError:  # a byte that is no UTF-8: the file is Windows-1252
                table.encoding, lines = "cp1252", _Lines()
                copy.seek(0)
                copy.truncate()
        if table.encoding != "utf-8":
            _copy_text(table.path, copy, table.encoding, _LATIN1, lines)
    copy.flush()
    table.lines = lines.count


def _copy_text(path: Path, copy, encoding: str, errors: str, lines: _Lines) -> None:
    """Copy a text file as UTF-8 with every line end \n (Python's universal newlines)."""
    with path.open(encoding=encoding, errors=errors) as source:
        while text := source.read(BLOCK):
            block = text.encode("utf-8")
            lines.add(block)
            copy.write(block)


def _latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("latin-1"), error.end


_LATIN1 = "skp-latin1"
codecs.register_error(_LATIN1, _latin1)


def _read_csv(con, table: Table, path: Path, select: str, params: dict) -> None:
    drop_staged(con)  # DuckDB adds to a rejects table that is there
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(table.columns))) + "}"
    con.execute(
        f"create or replace temp table staged_rows as select {select} from read_csv("
        "$path, delim = $delim, header = true, quote = '\"', escape = '\"', "
        f"auto_detect = false, columns = {columns}, store_rejects = true, "
        "rejects_table = 'staged_rejects', rejects_scan = 'staged_scans')",
        {**params, "path": str(path), "delim": table.delimiter},
    )


def _number_csv_rows(con, table: Table, path: Path) -> list[tuple]:
    """The view `staged` over a CSV file's rows; returns the lines that are no row."""
    rows = con.sql("select count(*) from staged_rows").fetchall()[0][0]
    # a bad row's line as DuckDB counts it, and its byte position
    bad = con.execute(
        "select line, line_byte_position, any_value(csv_line), any_value(error_type) "
        "from staged_rejects group by all order by line"
    ).fetchall()
    if table.lines == 1 + rows + len(bad):
        # Every row is one line, so DuckDB's line numbers are the file's: the n-th bad line
        # (line L) lies before the row of index L - 1 - n.
        bounds = con.sql(
            "select line - 1 - row_number() over (order by line) as bound "
            "from (select distinct line from staged_rejects) order by bound"
        ).pl()
        _number_rows(con, rows, bounds.to_series() if bad else None)
        return [(line, text, error) for line, _, text, error in bad]
    long = _line_over(path, MAX_LINE_BYTES)
    if long is not None:  # DuckDB stops reading at such a line, without a word
        raise UnreadableFile(
            table.path,
            f"linje {long} er længere end {MAX_LINE_BYTES >> 20} MiB; ingen række i format v1 "
            "er så lang (a line too long to be a row)",
        )
    return _stage_lines_slowly(con, table, path, rows, bad)


def _line_over(path: Path, limit: int) -> int | None:
    """The number of the first line longer than `limit` bytes; None when there is none."""
    line, start, offset = 1, 0, 0  # the line's number and first byte; the block's first byte
    with path.open("rb") as file:
        while block := file.read(BLOCK):
            ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == ord("\n")) + offset
            if ends.size:
                over = np.flatnonzero(np.diff(ends, prepend=start - 1) - 1 > limit)
                if over.size:
                    return line + int(over[0])
                line, start = line + int(ends.size), int(ends[-1]) + 1
            offset += len(block)
            if offset - start > limit:
                return line
    return None


SKIPS_BUCKET = 1 << 10  # rows sharing one entry of `staged_skips`


def _number_rows(con, rows: int, bounds: pl.Series | None) -> None:
    """The view `staged`: staged_rows with their lines. A row's line is its index + 2 (the
    header is line 1) plus the lines before it that are no row of its own (a bad line, a blank
    line, a row's further lines). `bounds` holds, for each such line, the index of the row
    after it, ascending; None when there are none.

    The count of bounds up to a row comes from the small table `staged_skips`, joined on the
    row's bucket of SKIPS_BUCKET rows: the bounds before the bucket, and the bounds inside it
    (few) to count. An equality join keeps the view as fast as the rows themselves (an ASOF or
    range join sorts every row)."""
    # rowids need not start at 0 (they start high inside a transaction); `_row` finds a row
    # again cheaply (by rowid)
    numbered = (
        "select rowid - (select min(rowid) from staged_rows) as _i, rowid as _row, * "
        "from staged_rows"
    )
    if bounds is None:
        con.execute(
            "create or replace temp view staged as select (_i + 2)::bigint as _line, "
            f"* exclude (_i) from ({numbered})"
        )
        return
    bounds = bounds.cast(pl.Int64)
    buckets = pl.int_range(
        bounds.min() // SKIPS_BUCKET, rows // SKIPS_BUCKET + 1, dtype=pl.Int64, eager=True
    )
    inside = (
        pl.DataFrame({"bound": bounds})
        .group_by(bucket=pl.col("bound") // SKIPS_BUCKET)
        .agg(pl.col("bound").alias("bounds"))
    )
    skips = pl.DataFrame(
        {
            "bucket": buckets,
            "before": bounds.search_sorted(buckets * SKIPS_BUCKET, side="left").cast(pl.Int64),
        }
    ).join(inside, on="bucket", how="left")
    con.register("skips", skips)
    try:
        con.execute("create or replace temp table staged_skips as select * from skips")
    finally:
        con.unregister("skips")
    con.execute(
        "create or replace temp view staged as select (numbered._i + 2 "
        "+ coalesce(staged_skips.before, 0) "
        "+ coalesce(len(list_filter(staged_skips.bounds, lambda b: b <= numbered._i)), 0)"
        f")::bigint as _line, numbered.* exclude (_i) from ({numbered}) as numbered "
        f"left join staged_skips on numbered._i // {SKIPS_BUCKET} = staged_skips.bucket"
    )


def _stage_lines_slowly(con, table: Table, path: Path, rows: int, bad: list[tuple]) -> list:
    """A file with rows over several lines (a line break inside quotes) or blank lines: every
    row's first line from Python's csv reader, which reads the same dialect; the bad rows'
    lines from their byte positions. Reads the file once more, in Python: such files are
    rare."""
    bad_lines = _lines_at(path, [position for _, position, _, _ in bad])
    skipped = set(bad_lines)
    good = [line for line in _record_lines(path, table.delimiter) if line not in skipped]
    if len(good) != rows:  # the two readers disagree about a malformed row: lines are guesses
        good = [line for line in range(2, 2 + rows + len(bad)) if line not in skipped][:rows]
    # lines skipped up to each row; where it grows by k, the row's index is k bounds
    index = pl.int_range(rows, dtype=pl.Int64, eager=True)
    skipped_before = pl.Series(good, dtype=pl.Int64) - 2 - index
    grown = skipped_before.diff().fill_null(skipped_before.head(1).sum())
    bounds = index.repeat_by(grown).explode().drop_nulls()
    _number_rows(con, rows, bounds if bounds.len() else None)
    return [(line, text, error) for line, (*_, text, error) in zip(bad_lines, bad, strict=True)]


def _lines_at(path: Path, positions: list[int]) -> list[int]:
    """The line each of the (ascending) byte positions lies on."""
    lines, offset, newlines = [], 0, 0
    with path.open("rb") as file:
        while len(lines) < len(positions) and (block := file.read(BLOCK)):
            for position in positions[len(lines) :]:
                if position >= offset + len(block):
                    break
                lines.append(1 + newlines + block.count(b"\n", 0, position - offset))
            newlines += block.count(b"\n")
            offset += len(block)
    return lines


def _record_lines(path: Path, delimiter: str) -> list[int]:
    """The first line of every row after the header; blank lines are no rows."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file, delimiter=delimiter)
        next(reader, None)
        starts, end = [], reader.line_num
        for record in reader:
            if record:
                starts.append(end + 1)
            end = reader.line_num
    return starts


def drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("drop view if exists staged")
    for name in ("staged_rows", "staged_rejects", "staged_scans", "staged_skips"):
        con.execute(f"drop table if exists {name}")


def _q(name: str) -> str:
    return name.replace('"', '""')
