"""Check one entity's rows in DuckDB: typed values, rejects with reasons, pseudonyms.

The rows of a file arrive as the temporary table `staged` (every value a string, with its
`_line` and rowid `_row`). Every column but the ids is typed and checked once per distinct
value, in the temporary table lookup_<column> (`lookup_query`); a row takes its values from the
lookups. The rows not loaded are `judged` (a rule broken) and `duplicates` (a key repeated);
`rejected` lists them with the lines that are no CSV row (`bad_lines`), and `accepted_query`
selects the rows loaded, typed and pseudonymised, for the warehouse. Only `staged`, the
lookups' and counts' raw values and `not_loaded_rows` hold CPR numbers, and they are all
temporary tables of the connection. The value rules themselves are the macros of rules.sql.
Column names in the generated SQL come from ingest.schema (and quoted header names for unknown
extra columns); values are always bound parameters.
"""

import datetime as dt
import hashlib
import re
from pathlib import Path

import duckdb

from ingest.cpr import CPR_PATTERN
from ingest.schema import (
    BOOL,
    CITIZEN,
    CODE,
    CODES,
    DATE,
    DUCKDB_TYPES,
    ID,
    INT,
    TEXT,
    YEAR,
    Column,
    Entity,
)
from warehouse.sql import bound, quote

RULES = Path(__file__).with_name("rules.sql")
DATE_HINT = "brug DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD"  # a bad date's reason says


def install_rules(con: duckdb.DuckDBPyConnection) -> None:
    """Create the rules.sql macros on the connection (temporary: nothing is stored), with
    ingest/cpr.py's CPR pattern where they say {cpr}."""
    con.execute(RULES.read_text().replace("{cpr}", CPR_PATTERN))


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


def bind(con: duckdb.DuckDBPyConnection, query: str, values: dict) -> duckdb.DuckDBPyConnection:
    """Run `query` with the values it names ($name) bound."""
    return con.execute(query, bound(query, values))


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


def _value_checks(column: Column) -> list[tuple[str, str]]:
    """(SQL that is true for a value of `column` that breaks a rule, reason), first rule first.
    The SQL names the blanked value "<column>" and the typed value "<column>__t"."""
    v, t, name = quote(column.name), quote(f"{column.name}__t"), column.name
    checks = []
    if column.required:
        checks.append((f"{v} is null", f"{name} mangler (required value missing)"))
    if column.kind == CITIZEN:
        checks.append(
            (
                f"{v} is not null and {t} is null and regexp_full_match({v}, '\\d{{9}}')",
                f"{name} har 9 cifre: Excel fjerner det foranstillede 0 fra et CPR-nummer "
                "gemt som tal; formatér kolonnen som tekst (9 digits: a leading 0 lost in Excel)",
            )
        )
        checks.append(
            (
                f"{v} is not null and {t} is null",
                f"{name} er hverken et gyldigt CPR-nummer (DDMMÅÅ-XXXX) eller et ANON-alias "
                "(not a valid CPR number nor an ANON- alias)",
            )
        )
    if column.kind == DATE:
        checks.append(
            (
                f"{v} is not null and {t} is null",
                f"{name} er ikke en gyldig dato; {DATE_HINT} (not a valid date)",
            )
        )
        checks.append((f"{t} > $today", f"{name} ligger i fremtiden (date in the future)"))
    if column.kind == INT:
        low, high = column.int_range
        checks.append(
            (
                f"{v} is not null and ({t} is null or {t} not between {low} and {high})",
                f"{name} skal være et helt tal fra {low} til {high} "
                f"(a whole number from {low} to {high})",
            )
        )
    if column.kind == YEAR:
        checks.append(
            (
                f"{v} is not null and {t} is null",
                f"{name} skal være et firecifret årstal (a four-digit year)",
            )
        )
    return checks


def _row_checks(entity: Entity) -> list[tuple[str, str, str]]:
    """Rules over several values of a row: (column, SQL that is true for a row that breaks the
    rule, reason), checked after every value's own rules. The SQL names typed values
    "<column>__t"."""
    if entity.name == "forloeb":
        return [
            (
                "slutdato",
                '"slutdato__t" < "startdato__t"',
                "slutdato ligger før startdato (end date before start date)",
            )
        ]
    return []


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def looked_up(entity: Entity) -> list[Column]:
    """The columns typed through a lookup (all but ids, which are nearly all distinct)."""
    return [c for c in entity.columns if c.kind != ID]


def _counted(column: Column) -> str:
    """Each distinct value of a column in `staged_rows` (`raw`, null included) and its rows."""
    return f"select {quote(column.name)} as raw, count(*) as rows from staged_rows group by all"


def lookup_query(column: Column) -> str:
    """SQL for the temporary table lookup_<column>: each distinct value of the column in
    `staged_rows` once (`raw`, null included), with its number of rows, its blanked value
    ("<column>"), its typed value ("<column>__t") and the reason it breaks a rule (`_reason`,
    null when it breaks none). Most columns hold few distinct values (dates, codes, citizens),
    and typing and checking each once, then joining them back, is faster than doing it on every
    row. A citizen's values are counted first, in counted_<column>, and their pseudonyms come
    from `known_citizens` (see new_citizens_query)."""
    v, t = quote(column.name), quote(f"{column.name}__t")
    if column.kind == CITIZEN:
        values = (
            f"select raw, blanked as {v}, pseudonym as {t}, rows "
            f"from counted_{column.name} left join known_citizens using (raw)"
        )
    else:
        values = (
            f"select raw, {v}, {_typed(column, v)} as {t}, rows "
            f"from (select raw, skp_blank(raw) as {v}, rows from ({_counted(column)}))"
        )
    checks = _value_checks(column)
    reason = (
        "case " + " ".join(f"when {sql} then {_literal(why)}" for sql, why in checks) + " end"
        if checks
        else "null::varchar"
    )
    # a yes/no value that is none of the spellings: unknown, and reported as a code is
    unread = (
        f", case when {v} is not null and {t} is null then skp_mask_cpr({v}) end "
        f"as {quote(column.name + '__unread')}"
        if column.kind == BOOL
        else ""
    )
    return (
        f"create or replace temp table lookup_{column.name} as "
        f"select *, {reason} as _reason{unread} from ({values})"
    )


def _value(column: Column, as_read: frozenset[str] = frozenset()) -> str:
    """A column's typed value in a query over `staged` joined to the lookups (see _joins); a
    column `as_read` (see as_read_query) straight from `staged`."""
    if column.kind == ID:
        return _id(f"skp_blank(staged.{quote(column.name)})")
    if column.name in as_read:
        return f"cast(staged.{quote(column.name)} as {DUCKDB_TYPES[column.kind]})"
    return f"lookup_{column.name}.{quote(column.name + '__t')}"


def _joins(columns: list[Column], as_read: frozenset[str] = frozenset()) -> str:
    return " ".join(
        f"left join lookup_{c.name} on staged.{quote(c.name)} = lookup_{c.name}.raw"
        for c in columns
        if c.kind != ID and c.name not in as_read
    )


def as_read_query(entity: Entity) -> str:
    """SQL selecting the names of the columns whose every value in the file is its own typed
    value, written out: a code in its list's spelling, a plain number, a text with no CPR
    number, no blanks around. Such a column is loaded as read, without its lookup's join,
    which costs more than the cast. Citizens, dates, yes/no values and lists never are."""
    kinds = (CODE, TEXT, INT, YEAR)
    parts = [
        f"select '{c.name}' as name from lookup_{c.name} "
        f"having bool_and({quote(c.name + '__t')}::varchar is not distinct from raw)"
        for c in entity.columns
        if c.kind in kinds
    ]
    return " union all ".join(parts) if parts else "select null as name limit 0"


def judged_query(entity: Entity) -> str:
    """SQL for the temporary table `judged`: the rows of `staged` that break a rule (their
    line, rowid, column and reason; the first rule broken, in column order). A value's reason
    comes from its lookup; the join is to its values that break a rule, which are few, and only
    for columns that have rules."""
    inner, joins, rules = ["staged._line", "staged._row"], [], []
    for c in entity.columns:
        v, checks = quote(c.name), _value_checks(c)
        if not checks:
            continue
        if c.kind == ID:
            inner.append(f"skp_blank(staged.{v}) as {v}")
            rules += [(c.name, sql, _literal(why)) for sql, why in checks]
        else:
            reason = quote(f"{c.name}__reason")
            inner.append(f"bad_{c.name}._reason as {reason}")
            joins.append(
                f"left join (select raw, _reason from lookup_{c.name} where _reason is not null) "
                f"as bad_{c.name} on staged.{v} is not distinct from bad_{c.name}.raw"
            )
            rules.append((c.name, f"{reason} is not null", reason))
    row_checks = _row_checks(entity)
    named = {n for _, sql, _ in row_checks for n in re.findall(r'"(\w+)__t"', sql)}
    compared = [entity.column(n) for n in sorted(named)]
    inner += [f"{_value(c)} as {quote(c.name + '__t')}" for c in compared]
    joins.append(_joins(compared))
    rules += [(name, sql, _literal(why)) for name, sql, why in row_checks]
    column_case = " ".join(f"when {sql} then {_literal(name)}" for name, sql, _ in rules)
    reason_case = " ".join(f"when {sql} then {why}" for _, sql, why in rules)
    return f"""
create or replace temp table judged as
select _line, _row, _column, _reason from (
    select _line, _row, case {column_case} end as _column, case {reason_case} end as _reason
    from (select {", ".join(inner)} from staged {" ".join(joins)})
)
where _reason is not null
"""


def key_hashes_query(entity: Entity) -> str:
    """SQL for the temporary table `key_hashes`: every row's rowid and the hash of its key,
    typed (two spellings of one key, `K1` and ` K1`, are one key)."""
    keys = [entity.column(k) for k in entity.primary_key]
    hashed = f"hash({', '.join(_value(c) for c in keys)})"
    return (
        "create or replace temp table key_hashes as "
        f"select staged._row, {hashed} as _key_hash from staged {_joins(keys)}"
    )


def duplicates_query(entity: Entity) -> str:
    """SQL for the temporary table `duplicates`: each row of `staged` not in `judged` whose key
    an earlier such row of the file has (its line, rowid, and that first line). Keys are
    compared by their hash first, over every row in `key_hashes` (which finds every key
    repeated among the rows not in `judged`): sorted, a repeated hash equals the one before it,
    which DuckDB finds faster than it groups millions of hashes. Then the rows with such a hash
    (few, or none) are compared by their keys."""
    keys = [entity.column(k) for k in entity.primary_key]
    key = ", ".join(quote(c.name) for c in keys)
    values = ", ".join(f"{_value(c)} as {quote(c.name)}" for c in keys)
    return f"""
create or replace temp table duplicates as
with
repeated as (
    select _row from key_hashes
    where _key_hash in (
        select _key_hash from (
            select _key_hash, lag(_key_hash) over (order by _key_hash) as _before from key_hashes
        )
        where _key_hash = _before
    )
),
candidates as (
    select staged._line, staged._row, {values}
    from staged {_joins(keys)}
    where staged._row in (select _row from repeated)
        and staged._row not in (select _row from judged)
),
first_lines as (
    select {key}, min(_line) as _first_line from candidates group by all
)
select candidates._line, candidates._row, first_lines._first_line
from candidates inner join first_lines using ({key})
where candidates._line > first_lines._first_line
"""


# The rows of `staged` that are not loaded: rows breaking a rule, and rows repeating a key.
NOT_LOADED = (
    "create or replace temp table not_loaded as "
    "select _line, _row from judged union all select _line, _row from duplicates"
)


def not_loaded_rows_query(entity: Entity, extra_columns: list[str]) -> str:
    """SQL for the temporary table `not_loaded_rows`: the values of the rows not loaded, as
    read. They are found by rowid, which reads no other row's values."""
    names = ", ".join(quote(n) for n in [*entity.column_names, *extra_columns])
    return (
        f"create or replace temp table not_loaded_rows as select _line, {names} from staged "
        "where _row in (select _row from not_loaded)"
    )


def rejected_query(entity: Entity, extra_columns: list[str]) -> str:
    """SQL for the temporary table `rejected`: every row of the file that is not loaded, with
    its line, column, reason and values (no CPR number): the rows of `judged` and
    `duplicates`, and the `bad_lines`."""
    names = [*entity.column_names, *extra_columns]
    blanked = ", ".join(f"skp_blank({quote(n)}) as {quote(n)}" for n in names)
    keys = "/".join(entity.primary_key)
    repeated = (
        f"'{keys} findes allerede i filen på linje ' || _first_line "
        "|| ' (duplicate key, first at line ' || _first_line || ')'"
    )
    return f"""
create or replace temp table rejected as
select
    _line as line,
    coalesce(_column, '{entity.primary_key[0]}') as column_name,
    coalesce(_reason, {repeated}) as reason,
    {_original_json(entity, extra_columns)} as row_json
from (select _line, {blanked} from not_loaded_rows) as originals
left join judged using (_line)
left join duplicates using (_line)
union all
select line, null, reason, row_json from bad_lines
"""


def _safe_original(column: Column | None, name: str) -> str:
    """A rejected row's value as it is kept: citizens pseudonymised, CPR numbers never kept."""
    v = quote(name)
    if column is not None and column.kind == CITIZEN:
        m = f"coalesce(skp_cpr_digits({v}), {v})"
        return f"case when skp_is_alias({v}) then {v} else {PSEUDONYM.format(m=m)} end"
    if column is not None and column.kind == ID:
        return _id(v)
    return f"skp_mask_cpr({v})"


def _original_json(entity: Entity, extra_columns: list[str]) -> str:
    """A row's blanked values as they are kept in the rejected rows: as JSON, no CPR number."""
    original = ", ".join(
        f"{quote(n)} := {_safe_original(entity.column(n) if n in entity.column_names else None, n)}"
        for n in [*entity.column_names, *extra_columns]
    )
    return f"to_json(struct_pack({original}))::varchar"


def _loaded(entity: Entity, column: Column, as_read: frozenset[str]) -> str:
    """A column's value as it is loaded. borgere: gender and birth year from the CPR number
    where the export leaves them blank."""
    if entity.name != "borgere" or column.name not in ("koen", "foedselsaar"):
        return _value(column, as_read)
    blanked = 'lookup_borger_id."borger_id"'
    digits = f"skp_cpr_digits({blanked})"
    from_cpr = {
        "koen": f"skp_cpr_gender({digits})",
        "foedselsaar": f"cast(year(skp_cpr_birth_date({digits})) as integer)",
    }[column.name]
    typed = _value(column, as_read)
    return f"coalesce({typed}, case when not skp_is_alias({blanked}) then {from_cpr} end)"


def accepted_query(
    entity: Entity, extra_columns: list[str], as_read: frozenset[str] = frozenset()
) -> str:
    """SQL selecting the rows that are loaded: typed and pseudonymised, the extra columns as
    JSON (`_extra`, CPR numbers masked), and their lines. The columns `as_read` (see
    as_read_query) come straight from `staged`."""
    values = ", ".join(f"{_loaded(entity, c, as_read)} as {quote(c.name)}" for c in entity.columns)
    extra = (
        "to_json(struct_pack("
        + ", ".join(
            f"{quote(n)} := skp_mask_cpr(skp_blank(staged.{quote(n)}))" for n in extra_columns
        )
        + "))::varchar"
        if extra_columns
        else "null::varchar"
    )
    return (
        f"select {values}, {extra} as _extra, staged._line "
        f"from staged {_joins(list(entity.columns), as_read)} anti join not_loaded using (_row)"
    )


def accepted_keys_query(entity: Entity) -> str:
    """SQL selecting the keys of the rows that are loaded (see accepted_query)."""
    keys = [entity.column(k) for k in entity.primary_key]
    values = ", ".join(f"{_value(c)} as {quote(c.name)}" for c in keys)
    return f"select {values} from staged {_joins(keys)} anti join not_loaded using (_row)"


def unknown_codes_query(entity: Entity) -> str:
    """SQL counting the loaded values outside their code list, per column and value; and the
    yes/no values that are none of format v1's spellings (`måske`). A value's rows come from
    its lookup, less the rows not loaded."""
    parts = []
    for c in entity.columns:
        if c.kind not in (CODE, CODES, BOOL):
            continue
        lookup = f"lookup_{c.name}"
        value = f"{lookup}.{quote(c.name + ('__unread' if c.kind == BOOL else '__t'))}"
        value = f"unnest({value})" if c.kind == CODES else value
        outside = (
            ""
            if c.kind == BOOL
            else f" and not list_contains(${c.code_list}_codes::varchar[], value)"
        )
        parts.append(
            f"select '{c.name}' as column_name, value, sum(rows) as rows from ("
            f"select {value} as value, rows from {lookup} "
            f"union all select {value}, -1 from not_loaded_rows inner join {lookup} "
            f"on not_loaded_rows.{quote(c.name)} = {lookup}.raw"
            f") where value is not null{outside} group by all having sum(rows) > 0"
        )
    none = "select null::varchar as column_name, null::varchar as value, 0::bigint as rows limit 0"
    return " union all ".join(parts) if parts else none


KNOWN_CITIZENS = (
    "create or replace temp table known_citizens (raw varchar, blanked varchar, pseudonym varchar)"
)


def citizens_counted_query(column: Column) -> str:
    """SQL for the temporary table counted_<column>, a citizen column: each distinct value in
    `staged_rows` (`raw`, null included) and its number of rows."""
    return f"create or replace temp table counted_{column.name} as {_counted(column)}"


def new_citizens_query(column: Column) -> str:
    """SQL adding the citizens of counted_<column> not met before in this ingest to the
    temporary table `known_citizens`, with their pseudonyms: each citizen is pseudonymised
    once, though every file names them."""
    return (
        f"insert into known_citizens select raw, blanked, {_citizen('blanked')} from "
        f"(select raw, skp_blank(raw) as blanked from counted_{column.name} "
        "anti join known_citizens using (raw) where raw is not null)"
    )


def params(key: bytes, codes: dict[str, dict[str, str]], today: dt.date) -> dict:
    return {**key_params(key), **code_params(codes), "today": today}
