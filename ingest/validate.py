"""Parse one entity's rows (all strings) into typed rows, rejects and unknown codes.

Pure functions on Polars frames. A row breaking format v1 is rejected with the column and a
reason a person can act on; a value outside a code list is kept and reported as unknown.
"""

import datetime as dt
from dataclasses import dataclass

import polars as pl

from ingest import cpr
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

LINE = "_line"
TRUE_VALUES = ["ja", "j", "1", "true", "x"]
FALSE_VALUES = ["nej", "n", "0", "false"]
CPR_MASK = "[cpr fjernet]"


@dataclass
class Parsed:
    rows: pl.DataFrame  # typed rows that pass; citizen columns still hold normalised CPR digits
    rejects: pl.DataFrame  # _line, column, reason, plus the original string columns
    unknown_codes: pl.DataFrame  # column, value, rows


def fold(value: pl.Expr) -> pl.Expr:
    """Case, blanks and æ ø å folding, as ingest.schema.fold does for one string."""
    return (
        value.str.strip_chars()
        .str.to_lowercase()
        .str.replace_all("æ", "ae", literal=True)
        .str.replace_all("ø", "oe", literal=True)
        .str.replace_all("å", "aa", literal=True)
    )


def blank_to_null(value: pl.Expr) -> pl.Expr:
    stripped = value.str.strip_chars()
    return pl.when(stripped.str.len_chars() > 0).then(stripped)


def parse_date(value: pl.Expr) -> pl.Expr:
    """`DD-MM-YYYY`, `DD.MM.YYYY` or `YYYY-MM-DD`; null when it is none of them or no real date."""
    return pl.coalesce(
        pl.when(value.str.contains(r"^\d{2}-\d{2}-\d{4}$")).then(
            value.str.strptime(pl.Date, "%d-%m-%Y", strict=False)
        ),
        pl.when(value.str.contains(r"^\d{2}\.\d{2}\.\d{4}$")).then(
            value.str.strptime(pl.Date, "%d.%m.%Y", strict=False)
        ),
        pl.when(value.str.contains(r"^\d{4}-\d{2}-\d{2}$")).then(
            value.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        ),
    )


def parse_bool(value: pl.Expr) -> pl.Expr:
    folded = fold(value)
    return (
        pl.when(folded.is_in(TRUE_VALUES)).then(True).when(folded.is_in(FALSE_VALUES)).then(False)
    )


def canonical_code(value: pl.Expr, codes: dict[str, str]) -> pl.Expr:
    """The code list's own spelling of a value; the value as given when it is not on the list
    (a CPR number typed into a code column is masked)."""
    as_given = value.str.strip_chars().str.replace_all(cpr.CPR_ANYWHERE, CPR_MASK)
    return fold(value).replace_strict(codes, default=as_given, return_dtype=pl.String)


def _typed(column: Column, raw: pl.Expr, codes: dict[str, dict[str, str]]) -> pl.Expr:
    value = blank_to_null(raw)
    kind = column.kind
    if kind == ID:
        return value
    if kind == TEXT:
        return value.str.replace_all(cpr.CPR_ANYWHERE, CPR_MASK)
    if kind == CITIZEN:
        return (
            pl.when(cpr.is_anonymous(value))
            .then(cpr.normalise_alias(value))
            .otherwise(cpr.digits(value))
        )
    if kind == DATE:
        return parse_date(value)
    if kind == BOOL:
        return parse_bool(value)
    if kind == INT:
        return pl.when(value.str.contains(r"^\d+$")).then(value.cast(pl.Int64, strict=False))
    if kind == YEAR:
        return pl.when(value.str.contains(r"^\d{4}$")).then(value.cast(pl.Int32))
    if kind == CODE:
        return canonical_code(value, codes[column.code_list])
    if kind == CODES:
        return (
            value.str.split("|")
            .list.eval(blank_to_null(pl.element()))
            .list.drop_nulls()
            .list.eval(canonical_code(pl.element(), codes[column.code_list]))
        )
    raise ValueError(f"unknown column kind {column.kind}")


def _checks(entity: Entity, today: dt.date) -> list[tuple[str, pl.Expr, str]]:
    """(column, failing-row expression over raw `c` and typed `c__t` columns, reason), in order."""
    checks = []
    for c in entity.columns:
        present = blank_to_null(pl.col(c.name)).is_not_null()
        typed = pl.col(f"{c.name}__t")
        if c.required:
            checks.append((c.name, ~present, f"{c.name} mangler (required value missing)"))
        if c.kind == CITIZEN:
            bad_cpr = present & (typed.is_null() | cpr.birth_date(typed).is_null())
            checks.append(
                (
                    c.name,
                    bad_cpr & ~cpr.is_anonymous(pl.col(c.name).str.strip_chars()),
                    f"{c.name} er hverken et gyldigt CPR-nummer (DDMMÅÅ-XXXX) eller et ANON-alias "
                    "(not a valid CPR number nor an ANON- alias)",
                )
            )
        if c.kind == DATE:
            checks.append(
                (
                    c.name,
                    present & typed.is_null(),
                    f"{c.name} er ikke en gyldig dato; brug DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ eller "
                    "ÅÅÅÅ-MM-DD (not a valid date)",
                )
            )
            checks.append(
                (
                    c.name,
                    typed > pl.lit(today),
                    f"{c.name} ligger i fremtiden (date in the future)",
                )
            )
        if c.kind == INT:
            low, high = c.int_range
            checks.append(
                (
                    c.name,
                    present & (typed.is_null() | (typed < low) | (typed > high)),
                    f"{c.name} skal være et helt tal fra {low} til {high} "
                    f"(a whole number from {low} to {high})",
                )
            )
        if c.kind == YEAR:
            checks.append(
                (
                    c.name,
                    present & typed.is_null(),
                    f"{c.name} skal være et firecifret årstal (a four-digit year)",
                )
            )
    if entity.name == "forloeb":
        checks.append(
            (
                "slutdato",
                pl.col("slutdato__t") < pl.col("startdato__t"),
                "slutdato ligger før startdato (end date before start date)",
            )
        )
    return checks


def parse(
    entity: Entity,
    frame: pl.DataFrame,
    codes: dict[str, dict[str, str]],
    today: dt.date,
) -> Parsed:
    """Typed, checked rows of one file. `frame` holds the entity's columns as strings and _line."""
    typed = frame.with_columns(
        _typed(c, pl.col(c.name), codes).alias(f"{c.name}__t") for c in entity.columns
    )
    checks = _checks(entity, today)
    failing_column = pl.lit(None, dtype=pl.String)
    reason = pl.lit(None, dtype=pl.String)
    for column, failing, message in reversed(checks):
        failing = failing.fill_null(False)
        failing_column = pl.when(failing).then(pl.lit(column)).otherwise(failing_column)
        reason = pl.when(failing).then(pl.lit(message)).otherwise(reason)
    checked = typed.with_columns(failing_column.alias("_column"), reason.alias("_reason"))

    # A primary key seen before in the same file: the first row stands, later ones are rejected.
    key = [f"{k}__t" for k in entity.primary_key]
    duplicate = pl.col("_reason").is_null() & pl.all_horizontal(
        pl.col(k).is_not_null() for k in key
    )
    ok_rows = checked.filter(pl.col("_reason").is_null())
    first_line_ok = ok_rows.group_by(key).agg(pl.col(LINE).min().alias("_first_line"))
    checked = checked.join(first_line_ok, on=key, how="left", nulls_equal=False).with_columns(
        pl.when(duplicate & (pl.col(LINE) > pl.col("_first_line")))
        .then(pl.lit(entity.primary_key[0]))
        .otherwise(pl.col("_column"))
        .alias("_column"),
        pl.when(duplicate & (pl.col(LINE) > pl.col("_first_line")))
        .then(
            pl.format(
                "{} findes allerede i filen på linje {} (duplicate key, first at line {})",
                pl.lit("/".join(entity.primary_key)),
                pl.col("_first_line"),
                pl.col("_first_line"),
            )
        )
        .otherwise(pl.col("_reason"))
        .alias("_reason"),
    )

    rejected = checked.filter(pl.col("_reason").is_not_null())
    accepted = checked.filter(pl.col("_reason").is_null())
    rows = accepted.select(pl.col(LINE), *[pl.col(f"{c}__t").alias(c) for c in entity.column_names])
    if entity.name == "borgere":
        rows = _derive_from_cpr(rows)
    rejects = rejected.select(
        pl.col(LINE),
        pl.col("_column").alias("column"),
        pl.col("_reason").alias("reason"),
        *[c for c in frame.columns if c != LINE],
    )
    return Parsed(rows=rows, rejects=rejects, unknown_codes=_unknown_codes(entity, rows, codes))


def _derive_from_cpr(rows: pl.DataFrame) -> pl.DataFrame:
    """Gender and birth year from the CPR number where the export leaves them blank."""
    born = cpr.birth_date(pl.col("borger_id"))
    is_cpr = ~cpr.is_anonymous(pl.col("borger_id"))
    return rows.with_columns(
        pl.when(pl.col("koen").is_null() & is_cpr)
        .then(cpr.gender(pl.col("borger_id")))
        .otherwise(pl.col("koen"))
        .alias("koen"),
        pl.when(pl.col("foedselsaar").is_null() & is_cpr)
        .then(born.dt.year().cast(pl.Int32))
        .otherwise(pl.col("foedselsaar"))
        .alias("foedselsaar"),
    )


def _unknown_codes(entity: Entity, rows: pl.DataFrame, codes: dict[str, dict[str, str]]):
    found = []
    for c in entity.columns:
        if c.kind not in (CODE, CODES):
            continue
        values = rows.get_column(c.name)
        if c.kind == CODES:
            values = values.explode()
        valid = list(codes[c.code_list].values())
        counts = (
            values.drop_nulls()
            .filter(~values.drop_nulls().is_in(valid))
            .value_counts(name="rows")
            .rename({c.name: "value"})
            .with_columns(pl.lit(c.name).alias("column_name"))
        )
        found.append(counts.select("column_name", "value", pl.col("rows").cast(pl.Int64)))
    if not found:
        return pl.DataFrame(schema={"column_name": pl.String, "value": pl.String, "rows": pl.Int64})
    return pl.concat(found)
