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


# Every spelling of a CPR number people type, as a value stands alone, in text, in an id, in a
# header, a sheet name or a file name: (as written, its ten digits)
SPELLINGS = [
    ("0404804567", "0404804567"),
    ("040480-4567", "0404804567"),
    ("020280 2345", "0202802345"),
    ("060680–6789", "0606806789"),  # en dash (Word's correction)
    ("060680—6789", "0606806789"),  # em dash
    ("030380.3456", "0303803456"),
    ("030380/3456", "0303803456"),
    ("030380_3456", "0303803456"),
    ("070780 - 7890", "0707807890"),
    ("070780\u00a07890", "0707807890"),  # a no-break space
    ("05.05.80-5678", "0505805678"),
    ("05.05.80.5678", "0505805678"),
    ("01 01 80 1234", "0101801234"),
    ("01-01-80-1234", "0101801234"),
]
INSIDE = [  # (a value holding one, what masking leaves)
    ("H-131280 4455", "H-[cpr fjernet]"),
    ("H.141280.5566", "H.[cpr fjernet]"),
    ("F-230480 5566-1", "F-[cpr fjernet]-1"),
    ("x090980.9012", "x[cpr fjernet]"),
    ("borgere_010203.4567.csv", "borgere_[cpr fjernet].csv"),
    ("borgere 111180.2233", "borgere [cpr fjernet]"),
    ("ring 01.01.80 1235 i morgen", "ring [cpr fjernet] i morgen"),
]
NOT_CPR = ["tlf. 12 34 56 78", "01-02-2010", "2010-01-01 12:30", "+45 12 34 56 78", "K00001"]


@pytest.mark.parametrize(("written", "digits"), SPELLINGS)
def test_every_spelling_is_one_cpr_number_in_python_and_sql(con, written, digits):
    assert cpr.mask(written) == "[cpr fjernet]"
    assert rule(con, "skp_mask_cpr($v)", written) == "[cpr fjernet]"
    assert rule(con, "skp_cpr_digits($v)", written) == digits  # a citizen column's value
    assert rule(con, "skp_cpr_inside($v)", f"F-{written}-2") == digits  # inside an id
    # the id keeps its prefix and suffix; every spelling of a number gives one pseudonym
    key = key_params(b"k" * 40)
    pseudonym = cpr.pseudonym(b"k" * 40, digits)
    assert rule(con, "skp_id($v, $opad, $ipad)", f"F-{written}-2", **key) == f"F-{pseudonym}-2"


@pytest.mark.parametrize(("value", "masked"), INSIDE)
def test_a_cpr_number_inside_a_value_is_masked_alike_in_python_and_sql(con, value, masked):
    assert cpr.mask(value) == masked
    assert rule(con, "skp_mask_cpr($v)", value) == masked


@pytest.mark.parametrize("value", NOT_CPR)
def test_phone_numbers_dates_and_ids_are_not_masked(con, value):
    assert cpr.mask(value) == value
    assert rule(con, "skp_mask_cpr($v)", value) == value
    assert rule(con, "skp_cpr_inside($v)", value) is None
