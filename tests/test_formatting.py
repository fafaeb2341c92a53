"""Danish number and date formats on screen."""

import datetime as dt
import html

import polars as pl
import pytest

from report import formatting


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


HOSTILE_TEXT = [
    "**fed** og _skrå_",
    "$x^2$ og $$y$$",
    "[link](http://example.org) ![billede](x.png)",
    "<b>html</b> <script>alert(1)</script>",
    "# overskrift",
    "- punkt",
    "1. punkt",
    "> citat",
    "`kode` | tabel |",
    ":red[farve] :material/home:",
    "Vedbæk (øst) & Nærum",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_plain_text_from_the_data_is_shown_as_written(text):
    """A CommonMark renderer (the one rich uses) turns the escaped text back into exactly the
    text, in one paragraph, with no markup of its own."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(formatting.plain(text))
    assert rendered == f"<p>{html.escape(text, quote=False)}</p>\n"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    frame = pl.DataFrame(
        {
            "label": [
                '=HYPERLINK("http://x")',
                "+cmd|' /C calc'!A0",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "Vedbæk",
                "<5",
            ],
            "n": [1, 2, 3, 4, 5, 6, 7, 8],
        }
    )
    safe = formatting.csv_safe(frame)
    assert safe["label"].to_list()[:6] == ["'" + v for v in frame["label"].to_list()[:6]]
    assert safe["label"].to_list()[6:] == ["Vedbæk", "<5"]
    assert safe["n"].to_list() == frame["n"].to_list()


def test_a_download_is_named_after_its_figure_period_and_filters():
    import datetime as dt

    from report.formatting import file_name
    from warehouse.periods import Period

    year = Period.year(2010)
    assert file_name("Borgere efter kilde", year, {"Køn": ("K",)}, "csv") == (
        "borgere-efter-kilde_2010_koen-K.csv"
    )
    free = Period(dt.date(2010, 3, 1), dt.date(2010, 8, 31))
    name = file_name("Statusrapport", free, {"Køn": (), "Distrikt": ("Bistrup", "Ø/Vest")}, "pdf")
    assert name == "statusrapport_2010-03-01_2010-08-31_distrikt-Bistrup+Oe-Vest.pdf"


def test_a_csv_opens_in_danish_excel_with_its_letters_and_no_formulas():
    import polars as pl

    from report.formatting import csv_bytes

    frame = pl.DataFrame({"Køn": ["Kvinde", "=HYPERLINK(1)"], "Antal": ["<5", "24"]})
    danish = csv_bytes(frame, "da")
    assert danish.startswith("\ufeff".encode())
    assert danish.decode("utf-8-sig").splitlines() == [
        "Køn;Antal",
        "Kvinde;<5",
        "'=HYPERLINK(1);24",
    ]
    assert csv_bytes(frame, "en").decode("utf-8-sig").splitlines()[0] == "Køn,Antal"


def test_periods_have_short_names_where_they_have_one():
    import datetime as dt

    from report.formatting import short_period
    from warehouse.periods import Period

    def name(start, end, lang="da"):
        return short_period(Period(dt.date(*start), dt.date(*end)), lang)

    assert name((2009, 1, 1), (2009, 12, 31)) == "2009"
    assert name((2010, 7, 1), (2010, 12, 31)) == "2. halvår 2010"
    assert name((2010, 7, 1), (2010, 12, 31), "en") == "H2 2010"
    assert name((2009, 10, 1), (2009, 12, 31)) == "4. kvt. 2009"
    assert name((2009, 10, 1), (2009, 12, 31), "en") == "Q4 2009"
    assert name((2010, 4, 1), (2010, 9, 30)) is None  # six months, but no half-year
    assert name((2010, 2, 1), (2010, 4, 30)) is None  # three months, but no quarter
    assert name((2010, 3, 1), (2010, 8, 31)) is None


def test_a_comparison_is_put_in_words():
    import datetime as dt

    from report.formatting import compared
    from warehouse.periods import Comparison, Period

    first, last = dt.date(2008, 7, 22), dt.date(2011, 6, 30)
    cut = compared(
        Period.year(2011), Comparison(Period(dt.date(2010, 1, 1), last.replace(2010)), first, last)
    )
    assert (cut.previous, cut.coverage) == ("samme del af 2010", "data til og med 30-06-2011")
    assert cut.detail == "Sammenlignet med 01-01-2010 – 30-06-2010."
    none = compared(Period.year(2008), Comparison(None, first, last), "en")
    assert none.previous is None
    assert none.coverage == "data from 2008-07-22"
    assert none.detail == "Not comparable with the period before (data from 2008-07-22)."
    whole = compared(Period.year(2010), Comparison(Period.year(2009), first, last))
    assert (whole.previous, whole.coverage) == ("2009", "")
