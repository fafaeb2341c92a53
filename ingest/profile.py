"""Mapping profiles: another system's export read as export format v1 (README, "Exports from
other systems").

A profile is a YAML file that says which of the export's files holds which entity (by the
start of the file's or sheet's name), which of its headers is which column of format v1 (or a
column not to read at all), which of its values is which code, how its dates are written and
what separates several codes in one cell. `load` reads and checks a profile against the
schema and the code lists, and says what is wrong in Danish and English with the line; the
ingest then applies it where it names a table's entity (`entity_for`), reads its headers
(`renames`) and stages its strings (`mapped`: SQL in the one DuckDB pass that stages them),
so that its messages still name the file and line as written. What a profile does not map
is read as format v1 reads it: an unknown code is reported as unknown, an unknown header is
kept as an extra column.
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from ingest.codes import code_lists
from ingest.cpr import mask
from ingest.schema import BOOL, CODE, CODES, DATE, ENTITIES, Entity, entity_for_name, fold
from ingest.validate import DATE_HINT

MAX_BYTES = 1 << 20  # a profile is a short text
FIELDS = {
    "navn": "the profile's name, shown on the upload page",
    "filer": "start of a file's name: entity",
    "kolonner": "entity: {header: column, or null to leave the column out}",
    "vaerdier": "entity: {column: {value: code}}",
    "datoformat": "how dates are written, as strftime's codes (%d-%m-%Y)",
    "kodeadskiller": "what separates several codes in one cell (format v1: |)",
}
# spellings of yes and no that format v1 reads (rules.sql's skp_bool)
YES_NO = {"ja", "j", "1", "true", "x", "nej", "n", "0", "false"}


class ProfileError(Exception):
    """A profile that cannot be used; the message names the file, the line and the problem."""

    def __init__(self, path: Path, problem: str, line: int | None = None):
        where = f"{path}" + (f", linje {line}" if line else "")
        super().__init__(mask(f"{where}: {problem}"))


@dataclass(frozen=True)
class Profile:
    name: str
    path: Path
    digest: str  # of the file's bytes: a file loaded under another profile is loaded again
    files: tuple[tuple[str, str], ...] = ()  # (folded start of a name, entity), longest first
    # entity: {folded header: column, or None for a column left out}
    columns: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # entity: {column: {folded value: code}}
    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    date_format: str | None = None
    separator: str = "|"

    def entity_for(self, name: str) -> Entity | None:
        """The entity a file or sheet name starts with: the profile's names first."""
        folded = fold(name)
        for start, entity in self.files:
            if folded.startswith(start):
                return ENTITIES[entity]
        return entity_for_name(name)

    def renames(self, entity: Entity) -> dict[str, str | None]:
        return self.columns.get(entity.name, {})

    def explain(self, con: duckdb.DuckDBPyConnection) -> None:
        """Reasons in the temporary table `rejected` that name format v1's date formats name
        the profile's too."""
        if self.date_format:
            ours = DATE_HINT.replace("brug ", f"brug profilens datoformat {self.date_format}, ", 1)
            con.execute(
                "update rejected set reason = replace(reason, $hint, $ours)",
                {"hint": DATE_HINT, "ours": ours},
            )

    @property
    def audit(self) -> dict[str, str]:
        """What the audit log records of the profile a run read with."""
        return {"profile": str(self.path), "profile_sha256": self.digest}

    @property
    def content_key(self) -> str:
        """What a load under this profile adds to its table's key in the load log."""
        return f":profil:{self.digest[:16]}"

    def mapped(self, entity: Entity) -> dict[str, tuple[str, dict]]:
        """How the profile maps the strings of `entity`'s columns as they are staged: for each
        column it maps, SQL over {v} (the column as read) and the values that SQL binds. Its
        values to codes, several codes in one cell to format v1's |, its dates to YYYY-MM-DD.
        A value the profile does not map stays as written: the rules then read it as format
        v1. Applied in the one pass that stages the file (ingest.read.stage)."""
        mapped = {}
        for column in entity.columns:
            mapping = self.values.get(entity.name, {}).get(column.name, {})
            p = f"profile_{column.name}"
            codes = {f"{p}_from": list(mapping), f"{p}_to": list(mapping.values())}
            if column.kind == CODES and (mapping or self.separator != "|"):
                each = _mapped("trim(x)", p)
                split = f"string_split({{v}}, ${p}_sep)"
                sql = f"array_to_string(list_transform({split}, lambda x: {each}), '|')"
                mapped[column.name] = (sql, {**codes, f"{p}_sep": self.separator})
            elif column.kind in (CODE, BOOL) and mapping:
                mapped[column.name] = (_mapped("{v}", p), codes)
            elif column.kind == DATE and self.date_format:
                day = f"strftime(try_strptime(trim({{v}}), ${p}_format), '%Y-%m-%d')"
                mapped[column.name] = (f"coalesce({day}, {{v}})", {f"{p}_format": self.date_format})
        return mapped


def _mapped(x: str, p: str) -> str:
    """SQL for the code the profile maps the value `x` to, or `x` when it maps it to none."""
    codes = f"map(${p}_from::varchar[], ${p}_to::varchar[])"
    return f"coalesce(map_extract({codes}, skp_fold({x}))[1], {x})"


def load(path: Path) -> Profile:
    """Read and check the profile at `path`; raise ProfileError saying what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProfileError(path, f"kan ikke læses (cannot be read): {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise ProfileError(path, "er større end 1 MiB; en profil er en kort tekst (too large)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError(path, "er ikke UTF-8-tekst (not UTF-8 text)") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if mask(line) != line:  # never echoed: a profile has no place for a CPR number
            raise ProfileError(
                path,
                "indeholder noget, der kan være et CPR-nummer; en profil må ikke indeholde "
                "CPR-numre (what may be a CPR number)",
                number,
            )
    try:
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        problem = f"er ikke gyldig YAML (not valid YAML): {error.problem or error}"
        raise ProfileError(path, problem, line) from None
    except yaml.YAMLError as error:
        raise ProfileError(path, f"er ikke gyldig YAML (not valid YAML): {error}") from None
    return _checked(path, raw, hashlib.sha256(data).hexdigest())


class _Text(str):
    """A string of the profile, with the line it is on."""

    line: int | None = None


class _Loader(yaml.SafeLoader):
    """YAML's safe loader that refuses a key written twice (YAML would keep the last without a
    word) and remembers the line of each string."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' står to gange (a key written twice)", key_node.start_mark
                )
            seen[key] = True
        return super().construct_mapping(node, deep=deep)


def _text(loader, node):
    text = _Text(loader.construct_scalar(node))
    text.line = node.start_mark.line + 1
    return text


_Loader.add_constructor("tag:yaml.org,2002:str", _text)
# Every value a string but an empty one (null: a column left out): YAML would read yes and no
# as booleans and 01 as the number 1.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line(value) -> int | None:
    return getattr(value, "line", None)


def _checked(path: Path, raw, digest: str) -> Profile:
    def error(problem: str, at=None) -> ProfileError:
        return ProfileError(path, problem, _line(at))

    if not isinstance(raw, dict):
        raise error("skal være en YAML-mapping med felterne " + ", ".join(FIELDS) + " (a mapping)")
    for key in raw:
        if fold(str(key)) not in FIELDS:
            raise error(
                f"ukendt felt '{key}'; kendte felter: {', '.join(FIELDS)} (unknown field)", key
            )
    written = {fold(str(key)): key for key in raw}  # the keys as written, with their lines
    raw = {fold(str(key)): value for key, value in raw.items()}  # værdier = vaerdier
    name = raw.get("navn")
    if not isinstance(name, str) or not name.strip():
        raise error("mangler feltet navn: profilens navn (the field navn is missing)")
    files = []
    for start, entity in _inner(
        raw.get("filer") or {}, "filer", error, written.get("filer")
    ).items():
        _entity(entity, error, at=start)
        if not str(start).strip():
            raise error("et filnavn må ikke være tomt (an empty file name)", start)
        files.append((fold(str(start)), str(entity)))
    files.sort(key=lambda item: -len(item[0]))
    columns: dict[str, dict[str, str | None]] = {}
    for entity_name, headers in _inner(
        raw.get("kolonner") or {}, "kolonner", error, written.get("kolonner")
    ).items():
        entity = _entity(entity_name, error)
        renames: dict[str, str | None] = {}
        for header, column in _inner(
            headers, f"kolonner.{entity_name}", error, entity_name
        ).items():
            folded = fold(str(header))
            if folded in renames:
                raise error(f"overskriften '{header}' står to gange (a header twice)", header)
            if column is not None:
                column = _column(entity, column, error, at=header)
            renames[folded] = column
        columns[entity.name] = renames
    values: dict[str, dict[str, dict[str, str]]] = {}
    for entity_name, by_column in _inner(
        raw.get("vaerdier") or {}, "vaerdier", error, written.get("vaerdier")
    ).items():
        entity = _entity(entity_name, error)
        values[entity.name] = {}
        for column_name, mapping in _inner(
            by_column, f"vaerdier.{entity_name}", error, entity_name
        ).items():
            column = entity.column(_column(entity, column_name, error, at=column_name))
            if column.kind not in (CODE, CODES, BOOL):
                raise error(
                    f"{entity.name}.{column.name} er ingen kodekolonne; kun koder og ja/nej kan "
                    "oversættes (only code and yes/no columns take values)",
                    column_name,
                )
            values[entity.name][column.name] = {
                fold(str(value)): _code(column, code, error, at=value)
                for value, code in _inner(
                    mapping, f"vaerdier.{entity_name}.{column_name}", error, column_name
                ).items()
            }
    return Profile(
        name.strip(),
        path,
        digest,
        tuple(files),
        columns,
        values,
        _date_format(raw.get("datoformat"), error),
        _separator(raw.get("kodeadskiller", "|"), error),
    )


def _inner(value, where: str, error, at) -> dict:
    if not isinstance(value, dict):
        raise error(f"{where} skal være en mapping (must be a mapping: name: value)", at)
    return value


def _entity(name, error, at=None) -> Entity:
    entity = ENTITIES.get(fold(str(name))) if isinstance(name, str) else None
    if entity is None:
        raise error(
            f"'{name}' er ingen entitet i format v1; de er {', '.join(ENTITIES)} "
            "(not an entity of format v1)",
            at if at is not None else name,
        )
    return entity


def _column(entity: Entity, name, error, at) -> str:
    folded = fold(str(name))
    if not isinstance(name, str) or folded not in entity.column_names:
        raise error(
            f"'{name}' er ingen kolonne i {entity.name}; de er {', '.join(entity.column_names)} "
            "(not a column of the entity)",
            name if _line(name) else at,
        )
    return folded


def _code(column, code, error, at) -> str:
    """The code a value maps to, in its code list's own spelling."""
    if column.kind == BOOL:
        if not isinstance(code, str) or fold(code) not in YES_NO:
            raise error(f"'{code}' er hverken ja eller nej ({column.name} is a yes/no column)", at)
        return code
    codes = code_lists()[column.code_list]
    if not isinstance(code, str) or fold(code) not in codes:
        raise error(
            f"'{code}' er ingen kode i {column.code_list}; koderne er "
            f"{', '.join(codes.values())} (not a code of the list)",
            code if _line(code) else at,
        )
    return codes[fold(code)]


def _date_format(value, error) -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not {"%d", "%m"} <= set(_codes(value))
        or not ({"%Y", "%y"} & set(_codes(value)))
    ):
        raise error(
            f"datoformat '{value}' skal have dag, måned og år, fx %d/%m/%Y (a date format "
            "needs %d, %m and %Y)",
            value,
        )
    if not _reads_back(str(value)):
        raise error(
            f"datoformat '{value}' kan ikke læses (a date format DuckDB cannot read)", value
        )
    return str(value)


@functools.cache
def _reads_back(date_format: str) -> bool:
    """Whether DuckDB, which reads the dates, writes and reads a date in the format as the
    same date (once per format and process: the Indlæs page checks its profiles at every
    rerun)."""
    with duckdb.connect() as con:
        try:
            return con.execute(
                "select try_strptime(strftime($day, $f), $f)::date = $day",
                {"f": date_format, "day": dt.date(2031, 12, 24)},
            ).fetchall()[0][0]
        except duckdb.Error:
            return False


def _codes(date_format: str) -> list[str]:
    return [date_format[i : i + 2] for i in range(len(date_format) - 1) if date_format[i] == "%"]


def _separator(value, error) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 3:
        raise error(
            f"kodeadskiller '{value}' skal være et til tre tegn, fx | eller , (a separator of "
            "one to three characters)",
            value,
        )
    return value
