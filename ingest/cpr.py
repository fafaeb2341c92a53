"""CPR numbers: validation, derived gender and birth year, and the keyed pseudonym.

All functions work on whole columns (Polars expressions, or one DuckDB query), never row by row.
"""

import hashlib
import hmac

import duckdb
import polars as pl

CPR_PATTERN = r"^\d{6}-?\d{4}$"
CPR_ANYWHERE = r"\d{6}-?\d{4}"
ANON_PREFIX = "ANON-"


def is_anonymous(value: pl.Expr) -> pl.Expr:
    return value.str.to_uppercase().str.starts_with(ANON_PREFIX)


def normalise_alias(value: pl.Expr) -> pl.Expr:
    """`anon-17` and `ANON-17` are the same alias."""
    return pl.lit(ANON_PREFIX) + value.str.slice(len(ANON_PREFIX))


def digits(value: pl.Expr) -> pl.Expr:
    """The ten digits of a CPR-shaped value (`DDMMYY-XXXX` or `DDMMYYXXXX`), else null."""
    return pl.when(value.str.contains(CPR_PATTERN)).then(value.str.replace("-", "", literal=True))


def birth_date(cpr_digits: pl.Expr) -> pl.Expr:
    """The birth date a CPR number encodes (century from its 7th digit); null if no real date."""
    yy = cpr_digits.str.slice(4, 2).cast(pl.Int32, strict=False)
    seventh = cpr_digits.str.slice(6, 1).cast(pl.Int32, strict=False)
    century = (
        pl.when(seventh <= 3)
        .then(1900)
        .when(seventh.is_in([4, 9]))
        .then(pl.when(yy <= 36).then(2000).otherwise(1900))
        .otherwise(pl.when(yy <= 57).then(2000).otherwise(1800))
    )
    iso = (
        (century + yy).cast(pl.String)
        + "-"
        + cpr_digits.str.slice(2, 2)
        + "-"
        + cpr_digits.str.slice(0, 2)
    )
    return iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def gender(cpr_digits: pl.Expr) -> pl.Expr:
    """Odd last digit: M, even: K."""
    last = cpr_digits.str.slice(9, 1).cast(pl.Int32, strict=False)
    return pl.when(last % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("K"))


def _pads(key: bytes) -> tuple[bytes, bytes]:
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    return bytes(b ^ 0x5C for b in block), bytes(b ^ 0x36 for b in block)


PSEUDONYM_PREFIX = "P-"
PSEUDONYM_HEX_CHARS = 32


def pseudonym(key: bytes, value: str) -> str:
    """The pseudonym of one value: a reference implementation for tests and one-off use."""
    digest = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_CHARS]


# The pseudonym of one column's values, as DuckDB computes it:
# HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)). Column names come from ingest.schema only.
_HMAC = "sha256($opad::blob || unhex(sha256($ipad::blob || encode({message}))))"
_PSEUDONYM = f"'{PSEUDONYM_PREFIX}' || left({_HMAC}, {PSEUDONYM_HEX_CHARS})"
_REPLACE_ALL = (
    "case when {c} is null or upper({c}) like 'ANON-%' then {c} else " + _PSEUDONYM + " end"
)
_REPLACE_CPR_SHAPED = (
    "case when regexp_full_match({c}, '\\d{{6}}-?\\d{{4}}') then "
    + _PSEUDONYM.replace("{message}", "replace({c}, '-', '')")
    + " else {c} end"
)


def pseudonymise(
    frame: pl.DataFrame, columns: list[str], key: bytes, only_cpr_shaped: bool = False
) -> pl.DataFrame:
    """Replace each value of `columns` by its keyed pseudonym, except ANON- aliases.

    With only_cpr_shaped, only values shaped like a CPR number are replaced (by the pseudonym
    of their ten digits): for ids, which a case system may build from CPR numbers. The key is
    passed as a bound parameter and never stored.
    """
    if frame.is_empty() or not columns:
        return frame
    opad, ipad = _pads(key)
    template = _REPLACE_CPR_SHAPED if only_cpr_shaped else _REPLACE_ALL.replace("{message}", "{c}")
    quoted = [f'"{c}"' for c in columns]
    replaced = ", ".join(f"{template.format(c=q)} as {q}" for q in quoted)
    con = duckdb.connect()
    try:
        con.register("frame", frame)
        query = f"select * replace ({replaced}) from frame"
        return con.sql(query, params={"opad": opad, "ipad": ipad}).pl()
    finally:
        con.close()
