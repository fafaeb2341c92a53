"""Check one entity's rows in DuckDB: typed values, rejects with reasons, pseudonyms.

The rows of a file arrive as the temporary table `staged` (every value a string, and _line).
`checked_query` turns them into `checked`: one row per input row with its typed, pseudonymised
values, or a reject reason; no CPR number survives into `checked`. `duplicates_query`,
`rejected_query` and ACCEPTED then split it into the rows not loaded (with the lines that are
no CSV row, `bad_lines`) and the rows loaded. The value rules themselves
are the macros of rules.sql. Column names in the generated SQL come from ingest.schema (and
quoted header names for unknown extra columns); values are always bound parameters.
"""

import datetime as dt
import hashlib
from pathlib import Path

import duckdb

from ingest.schema import (
    BOOL,
    CITIZEN,
    CODE,
    CODES,
    DATE,
    ID,
    INT,
    TEXT,
    YEAR,
    Column,
    Entity,
)

RULES = Path(__file__).with_name("rules.sql")


def install_rules(con: duckdb.DuckDBPyConnection) -> None:
    """Create the rules.sql macros on the connection (temporary: nothing is stored)."""
    con.execute(RULES.read_text())


def key_params(key: bytes) -> dict[str, bytes]:
    """The HMAC key as the two padded blocks the skp_pseudonym macro takes."""
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    return {"opad": bytes(b ^ 0x5C for b in block), "ipad": bytes(b ^ 0x36 for b in block)}


def code_params(codes: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Each code list as two bound lists: folded spellings and the list's own spelling."""
    params = {}
    for name, mapping in codes.items():
        params[f"{name}_folded"] = list(mapping)
        params[f"{name}_codes"] = list(mapping.values())
    return params


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


PSEUDONYM = "skp_pseudonym({m}, $opad::blob, $ipad::blob)"


def _citizen(v: str) -> str:
    digits = f"skp_cpr_digits({v})"
    return (
        f"case when skp_is_alias({v}) then skp_alias({v}) "
        f"when skp_cpr_birth_date({digits}) is not null then {PSEUDONYM.format(m=digits)} end"
    )


def _id(v: str) -> str:
    """An id, a CPR number in it pseudonymised (rules.sql's skp_id)."""
    return f"skp_id({v}, $opad::blob, $ipad::blob)"


def _code(v: str, code_list: str) -> str:
    lookup = f"map(${code_list}_folded::varchar[], ${code_list}_codes::varchar[])"
    return f"coalesce(map_extract({lookup}, skp_fold({v}))[1], skp_mask_cpr(trim({v})))"


def _typed(column: Column, v: str) -> str:
    """The typed value of `v`, a blanked value of `column`; null when it is no such value."""
    kinds = {
        ID: lambda: _id(v),
        CITIZEN: lambda: _citizen(v),
        TEXT: lambda: f"skp_mask_cpr({v})",
        DATE: lambda: f"skp_date({v})",
        BOOL: lambda: f"skp_bool({v})",
        INT: lambda: f"skp_whole_number({v})",
        YEAR: lambda: f"case when regexp_full_match({v}, '\\d{{4}}') then cast({v} as integer) end",
        CODE: lambda: _code(v, column.code_list),
        CODES: lambda: (
            f"list_transform(list_filter(string_split({v}, '|'), "
            f"lambda x: skp_blank(x) is not null), lambda x: {_code('x', column.code_list)})"
        ),
    }
    return kinds[column.kind]()


def _checks(entity: Entity) -> list[tuple[str, str, str]]:
    """(column, SQL that is true for a row that breaks the rule, reason), first rule first."""
    checks = []
    for c in entity.columns:
        v, t = quote(c.name), quote(f"{c.name}__t")
        if c.required:
            checks.append((c.name, f"{v} is null", f"{c.name} mangler (required value missing)"))
        if c.kind == CITIZEN:
            checks.append(
                (
                    c.name,
                    f"{v} is not null and {t} is null and regexp_full_match({v}, '\\d{{9}}')",
                    f"{c.name} har 9 cifre: Excel fjerner det foranstillede 0 fra et CPR-nummer "
                    "gemt som tal; formatér kolonnen som tekst (9 digits: a leading 0 lost in "
                    "Excel)",
                )
            )
            checks.append(
                (
                    c.name,
                    f"{v} is not null and {t} is null",
                    f"{c.name} er hverken et gyldigt CPR-nummer (DDMMÅÅ-XXXX) eller et ANON-alias "
                    "(not a valid CPR number nor an ANON- alias)",
                )
            )
        if c.kind == DATE:
            checks.append(
                (
                    c.name,
                    f"{v} is not null and {t} is null",
                    f"{c.name} er ikke en gyldig dato; brug DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ eller "
                    "ÅÅÅÅ-MM-DD (not a valid date)",
                )
            )
            checks.append(
                (c.name, f"{t} > $today", f"{c.name} ligger i fremtiden (date in the future)")
            )
        if c.kind == INT:
            low, high = c.int_range
            checks.append(
                (
                    c.name,
                    f"{v} is not null and ({t} is null or {t} not between {low} and {high})",
                    f"{c.name} skal være et helt tal fra {low} til {high} "
                    f"(a whole number from {low} to {high})",
                )
            )
        if c.kind == YEAR:
            checks.append(
                (
                    c.name,
                    f"{v} is not null and {t} is null",
                    f"{c.name} skal være et firecifret årstal (a four-digit year)",
                )
            )
    if entity.name == "forloeb":
        checks.append(
            (
                "slutdato",
                '"slutdato__t" < "startdato__t"',
                "slutdato ligger før startdato (end date before start date)",
            )
        )
    return checks


def _derived(entity: Entity, name: str) -> str:
    """borgere: gender and birth year from the CPR number where the export leaves them blank."""
    typed = quote(f"{name}__t")
    if entity.name != "borgere" or name not in ("koen", "foedselsaar"):
        return typed
    digits = 'skp_cpr_digits("borger_id")'
    from_cpr = {
        "koen": f"skp_cpr_gender({digits})",
        "foedselsaar": f"cast(year(skp_cpr_birth_date({digits})) as integer)",
    }[name]
    return f'coalesce({typed}, case when not skp_is_alias("borger_id") then {from_cpr} end)'


def _safe_original(column: Column | None, name: str) -> str:
    """A rejected row's value as it is kept: citizens pseudonymised, CPR numbers never kept."""
    v = quote(name)
    if column is not None and column.kind == CITIZEN:
        m = f"coalesce(skp_cpr_digits({v}), {v})"
        return f"case when skp_is_alias({v}) then {v} else {PSEUDONYM.format(m=m)} end"
    if column is not None and column.kind == ID:
        return _id(v)
    return f"skp_mask_cpr({v})"


def _lookup(column: Column) -> str:
    """A CTE typing each distinct value of a column once: most columns hold few distinct values
    (dates, codes, citizens), and DuckDB joins them back faster than it types every row.
    Citizens come from `known_citizens` (see new_citizens_query)."""
    v, raw, t = quote(column.name), quote(column.name + "__raw"), quote(column.name + "__t")
    if column.kind == CITIZEN:
        return (
            f"lookup_{column.name} as (select raw as {raw}, blanked as {v}, pseudonym as {t} "
            "from known_citizens),\n"
        )
    return (
        f"lookup_{column.name} as (select {raw}, {v}, {_typed(column, v)} as {t} "
        f"from (select {raw}, skp_blank({raw}) as {v} from "
        f"(select distinct {v} as {raw} from staged_rows))),\n"
    )


KNOWN_CITIZENS = (
    "create or replace temp table known_citizens (raw varchar, blanked varchar, pseudonym varchar)"
)


def new_citizens_query(entity: Entity) -> str | None:
    """SQL adding the citizens of `staged_rows` not met before in this ingest to the temporary
    table `known_citizens`, with their pseudonyms: each citizen is pseudonymised once, though
    every file names them."""
    columns = [quote(c.name) for c in entity.columns if c.kind == CITIZEN]
    if not columns:
        return None
    values = " union ".join(f"select distinct {v} as raw from staged_rows" for v in columns)
    return (
        f"insert into known_citizens select raw, blanked, {_citizen('blanked')} from "
        f"(select raw, skp_blank(raw) as blanked from ({values}) as staged_citizens "
        "anti join known_citizens using (raw) where raw is not null)"
    )


def checked_query(entity: Entity, extra_columns: list[str]) -> str:
    """SQL that creates the temporary table `checked` from `staged` (and `staged_rows`)."""
    columns = list(entity.columns)
    looked_up = [c for c in columns if c.kind != ID]
    lookups = "".join(_lookup(c) for c in looked_up)
    typed = ", ".join(
        [
            *(
                f"skp_blank(staged.{quote(c.name)}) as {quote(c.name)}, "
                f"{_typed(c, f'skp_blank(staged.{quote(c.name)})')} as {quote(c.name + '__t')}"
                for c in columns
                if c.kind == ID
            ),
            *(
                f"lookup_{c.name}.{quote(c.name)}, lookup_{c.name}.{quote(c.name + '__t')}"
                for c in looked_up
            ),
            *(f"skp_blank(staged.{quote(n)}) as {quote(n)}" for n in extra_columns),
        ]
    )
    joins = " ".join(
        f"left join lookup_{c.name} on staged.{quote(c.name)} = "
        f"lookup_{c.name}.{quote(c.name + '__raw')}"
        for c in looked_up
    )
    failing = _checks(entity)
    column_case = " ".join(f"when {sql} then '{name}'" for name, sql, _ in failing)
    reason_case = " ".join(
        f"when {sql} then '{reason.replace(chr(39), chr(39) * 2)}'" for _, sql, reason in failing
    )
    values = ", ".join(f"{_derived(entity, c.name)} as {quote(c.name)}" for c in columns)
    key_hash = ", ".join(quote(f"{k}__t") for k in entity.primary_key)
    # a yes/no value that is none of the spellings: unknown in the row, reported as a code is
    unread = "".join(
        f"\n    case when {quote(c.name)} is not null and {quote(c.name + '__t')} is null "
        f"then skp_mask_cpr({quote(c.name)}) end as {quote(c.name + '__unread')},"
        for c in columns
        if c.kind == BOOL
    )
    extra = (
        "to_json(struct_pack("
        + ", ".join(f"{quote(n)} := skp_mask_cpr({quote(n)})" for n in extra_columns)
        + "))::varchar"
        if extra_columns
        else "null::varchar"
    )
    return f"""
create or replace temp table checked as
with
{lookups}typed as (
    select staged._line, {typed} from staged {joins}
),
judged as (
    select
        *,
        case {column_case} end as _column,
        case {reason_case} end as _reason
    from typed
)
select
    _line,
    _column,
    _reason,
    {values},{unread}
    {extra} as _extra,
    hash({key_hash}) as _key_hash,
    case when _reason is not null then {_original_json(entity, extra_columns)} end as _row_json
from judged
"""


def _original_json(entity: Entity, extra_columns: list[str]) -> str:
    """A row's blanked values as they are kept in the rejected rows: as JSON, no CPR number."""
    original = ", ".join(
        f"{quote(n)} := {_safe_original(entity.column(n) if n in entity.column_names else None, n)}"
        for n in [*entity.column_names, *extra_columns]
    )
    return f"to_json(struct_pack({original}))::varchar"


def duplicates_query(entity: Entity) -> str:
    """SQL for the temporary table `duplicates`: each accepted row of `checked` whose key an
    earlier accepted row of the file has (its line, and that first line). Keys are compared by
    their hash first (`_key_hash`, made with the rows), which is cheaper than grouping them."""
    key = ", ".join(quote(k) for k in entity.primary_key)
    return f"""
create or replace temp table duplicates as
with
repeated as (
    select _key_hash from checked where _reason is null group by all having count(*) > 1
),
candidates as (
    select _line, {key} from checked semi join repeated using (_key_hash)
    where _reason is null
),
first_lines as (
    select {key}, min(_line) as _first_line from candidates group by all
)
select candidates._line, first_lines._first_line
from candidates inner join first_lines using ({key})
where candidates._line > first_lines._first_line
"""


def rejected_query(entity: Entity, extra_columns: list[str]) -> str:
    """SQL for the temporary table `rejected`: every row of the file that is not loaded, with
    its line, column, reason and values (no CPR number). They are the rows of `checked` that
    break a rule, the `duplicates` (their values from `staged`, found by rowid: a scan for
    their lines reads no values), and the `bad_lines`."""
    names = [*entity.column_names, *extra_columns]
    blanked = ", ".join(f"skp_blank({quote(n)}) as {quote(n)}" for n in names)
    keys = "/".join(entity.primary_key)
    return f"""
create or replace temp table rejected as
select _line as line, _column as column_name, _reason as reason, _row_json as row_json
from checked where _reason is not null
union all
select
    _line,
    '{entity.primary_key[0]}',
    '{keys} findes allerede i filen på linje ' || _first_line
        || ' (duplicate key, first at line ' || _first_line || ')',
    {_original_json(entity, extra_columns)}
from (
    select _line, {blanked} from staged
    where _row in (select _row from staged semi join duplicates using (_line))
)
inner join duplicates using (_line)
union all
select line, null, reason, row_json from bad_lines
"""


# The rows of `checked` that are loaded.
ACCEPTED = (
    "create or replace temp view accepted as "
    "select * from checked anti join duplicates using (_line) where _reason is null"
)


def unknown_codes_query(entity: Entity) -> str:
    """SQL counting the loaded values (of `accepted`) outside their code list, per column and
    value; and the yes/no values that are none of format v1's spellings (`måske`)."""
    parts = []
    for c in entity.columns:
        listed = f"${c.code_list}_codes::varchar[]"
        if c.kind == CODE:
            parts.append(
                f"select '{c.name}' as column_name, {quote(c.name)} as value, count(*) as rows "
                f"from accepted where {quote(c.name)} is not null "
                f"and not list_contains({listed}, {quote(c.name)}) group by all"
            )
        if c.kind == BOOL:
            unread = quote(c.name + "__unread")
            parts.append(
                f"select '{c.name}' as column_name, {unread} as value, count(*) as rows "
                f"from accepted where {unread} is not null group by all"
            )
        if c.kind == CODES:
            parts.append(
                f"select '{c.name}' as column_name, value, count(*) as rows from "
                f"(select unnest({quote(c.name)}) as value from accepted) "
                f"where not list_contains({listed}, value) group by all"
            )
    none = "select null::varchar as column_name, null::varchar as value, 0::bigint as rows limit 0"
    return " union all ".join(parts) if parts else none


def params(key: bytes, codes: dict[str, dict[str, str]], today: dt.date) -> dict:
    return {**key_params(key), **code_params(codes), "today": today}
