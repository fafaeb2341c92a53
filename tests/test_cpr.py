"""CPR numbers: the century rule, derived gender, and the keyed pseudonym (rules.sql)."""

import datetime as dt
import hashlib
import hmac

import duckdb
import pytest

from ingest import cpr
from ingest.validate import install_rules, key_params


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    install_rules(con)
    yield con
    con.close()


def rule(con, expression: str, value, **params):
    return con.sql(f"select {expression}", params={"v": value, **params}).fetchall()[0][0]


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
        ("01018-1234", None),  # not CPR-shaped
    ],
)
def test_birth_date_follows_the_century_rule(con, number, born):
    assert rule(con, "skp_cpr_birth_date(skp_cpr_digits($v))", number) == born


def test_gender_from_the_last_digit(con):
    assert rule(con, "skp_cpr_gender($v)", "0101801235") == "M"
    assert rule(con, "skp_cpr_gender($v)", "0101801234") == "K"


@pytest.mark.parametrize("key", [b"a key", b"k" * 100])  # a long key is hashed first, as HMAC says
def test_pseudonym_is_hmac_sha256(con, key):
    expected = "P-" + hmac.new(key, b"0101801235", hashlib.sha256).hexdigest()[:32]
    assert cpr.pseudonym(key, "0101801235") == expected
    assert rule(con, "skp_pseudonym($v, $opad, $ipad)", "0101801235", **key_params(key)) == expected


def test_masking_cpr_numbers_in_text(con):
    text = "ring 010180-1235 el. 0101801235, 010180 1235 eller 010180–1235; tlf. 12 34 56 78"
    masked = (
        "ring [cpr fjernet] el. [cpr fjernet], [cpr fjernet] eller [cpr fjernet]; tlf. 12 34 56 78"
    )
    assert rule(con, "skp_mask_cpr($v)", text) == masked
    assert cpr.mask(text) == masked  # file names and messages: the same pattern
