"""Danish number and date formats on screen."""

import datetime as dt

from app import formatting


def test_thousands_point_and_decimal_comma():
    assert formatting.number(1234567) == "1.234.567"
    assert formatting.number(1234.5, decimals=1) == "1.234,5"


def test_shares_and_signs():
    assert formatting.share(31, 55) == "56 %"
    assert formatting.share(1, 0) == "–"
    assert formatting.signed(8) == "+8"
    assert formatting.signed(-1200) == "−1.200"
    assert formatting.signed(0) == "0"


def test_dates_day_first():
    assert formatting.date("2010-01-31") == "31-01-2010"
    assert formatting.date(dt.date(2011, 6, 30)) == "30-06-2011"


def test_english_formats():
    assert formatting.number(1234.5, decimals=1, lang="en") == "1,234.5"
    assert formatting.signed(-1200, lang="en") == "−1,200"
    assert formatting.date("2010-01-31", lang="en") == "2010-01-31"
    assert formatting.decimal(20.75, lang="da") == "20,8"
