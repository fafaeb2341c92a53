"""CPR numbers: the century rule, derived gender, and the keyed pseudonym."""

import datetime as dt
import hashlib
import hmac

import polars as pl
import pytest

from ingest import cpr


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("010180-1235", dt.date(1980, 1, 1)),  # 7th digit 1: 19YY
        ("311236-4001", dt.date(2036, 12, 31)),  # 4 and YY <= 36: 20YY
        ("311237-4001", dt.date(1937, 12, 31)),  # 4 and YY > 36: 19YY
        ("010157-5001", dt.date(2057, 1, 1)),  # 5-8 and YY <= 57: 20YY
        ("010158-8001", dt.date(1858, 1, 1)),  # 5-8 and YY > 57: 18YY
        ("290200-9001", dt.date(2000, 2, 29)),  # 9 and YY <= 36: 20YY, a leap day
        ("2902001234", None),  # 29-02-1900: 1900 was no leap year
        ("320180-1234", None),  # no 32nd
    ],
)
def test_birth_date_follows_the_century_rule(number, born):
    frame = pl.DataFrame({"v": [number]})
    got = frame.select(cpr.birth_date(cpr.digits(pl.col("v")))).item()
    assert got == born


def test_gender_from_the_last_digit():
    frame = pl.DataFrame({"v": ["0101801235", "0101801234"]})
    assert frame.select(cpr.gender(pl.col("v"))).to_series().to_list() == ["M", "K"]


def test_pseudonym_is_hmac_sha256_and_leaves_aliases_alone():
    key = b"a key"
    frame = pl.DataFrame({"borger_id": ["0101801235", "ANON-12", None]})
    out = cpr.pseudonymise(frame, ["borger_id"], key)["borger_id"].to_list()
    expected = "P-" + hmac.new(key, b"0101801235", hashlib.sha256).hexdigest()[:32]
    assert out == [expected, "ANON-12", None]
    assert cpr.pseudonym(key, "0101801235") == expected


def test_a_long_key_is_hashed_first_as_hmac_says():
    key = b"k" * 100
    frame = pl.DataFrame({"borger_id": ["0101801235"]})
    out = cpr.pseudonymise(frame, ["borger_id"], key)["borger_id"].item()
    assert out == "P-" + hmac.new(key, b"0101801235", hashlib.sha256).hexdigest()[:32]
