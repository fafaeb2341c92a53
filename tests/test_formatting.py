"""Danish number and date formats on screen."""

import datetime as dt
import html

import polars as pl
import pytest

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

    from app.formatting import file_name
    from warehouse.kpis import Period

    year = Period.year(2010)
    assert file_name("Borgere efter kilde", year, {"Køn": ("K",)}, "csv") == (
        "borgere-efter-kilde_2010_koen-K.csv"
    )
    free = Period(dt.date(2010, 3, 1), dt.date(2010, 8, 31))
    name = file_name("Statusrapport", free, {"Køn": (), "Distrikt": ("Bistrup", "Ø/Vest")}, "pdf")
    assert name == "statusrapport_2010-03-01_2010-08-31_distrikt-Bistrup+Oe-Vest.pdf"


def test_a_csv_opens_in_danish_excel_with_its_letters_and_no_formulas():
    import polars as pl

    from app.formatting import csv_bytes

    frame = pl.DataFrame({"Køn": ["Kvinde", "=HYPERLINK(1)"], "Antal": ["<5", "24"]})
    danish = csv_bytes(frame, "da")
    assert danish.startswith("\ufeff".encode())
    assert danish.decode("utf-8-sig").splitlines() == [
        "Køn;Antal",
        "Kvinde;<5",
        "'=HYPERLINK(1);24",
    ]
    assert csv_bytes(frame, "en").decode("utf-8-sig").splitlines()[0] == "Køn,Antal"
