"""Ingest of format v1 files into the raw schema, on real files written to disk."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from ingest import cpr
from ingest.pipeline import ingest
from tests.conftest import Formula, write_xlsx

KEY = b"test-key"
TODAY = dt.date(2026, 11, 22)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield con
    con.close()


@pytest.fixture
def export(tmp_path):
    """An export folder of its own, apart from the warehouse file."""
    folder = tmp_path / "export"
    folder.mkdir()
    return folder


def rows(con, query):
    return con.sql(query).pl().rows()


def test_encodings_delimiters_and_header_folding(export, con):
    write(
        export / "borgere_utf8.csv",
        " Borger_ID ;Køn;Forsørgelse\n010180-1235;;Kontanthjælp\n",
        "utf-8",
    )
    write(
        export / "Borgere_bom.csv",
        "\ufeffborger_id,koen,forsoergelse\n0202801234,K,førtidspension\n",
        "utf-8",
    )
    write(
        export / "borgere_excel.csv",
        "borger_id;koen;forsoergelse;Bemærkning\nANON-1;M;Sygedagpenge;bor på gaden\n",
        "cp1252",
    )
    results = ingest([export], con, KEY, today=TODAY)
    assert [(r.status, r.rows_read, r.rows_loaded, r.rows_rejected) for r in results] == [
        ("loaded", 1, 1, 0)
    ] * 3
    loaded = rows(con, "select borger_id, koen, forsoergelse, _extra from raw.borgere order by 1")
    assert loaded == sorted(
        [
            ("ANON-1", "M", "sygedagpenge", '{"bemaerkning":"bor på gaden"}'),
            (cpr.pseudonym(KEY, "0101801235"), "M", "kontanthjaelp", None),
            (cpr.pseudonym(KEY, "0202801234"), "K", "foertidspension", None),
        ]
    )


def test_the_delimiter_is_the_one_that_finds_the_columns(export, con):
    """A header whose extra column's name holds more commas than the header has semicolons."""
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform;note (a, b, c, d, e, f)\n"
        "K1;01-02-2010;ANON-1;sms;ring, tirsdag\n",
    )
    write(export / "henvendelser.csv", "henvendelse_id,dato,kilde\nH1,01-01-2010,RAS\n")
    results = ingest([export], con, KEY, today=TODAY)
    assert [(r.status, r.rows_loaded) for r in results] == [("loaded", 1), ("loaded", 1)]
    assert rows(con, "select _extra from raw.kontakter") == [
        ('{"note (a, b, c, d, e, f)":"ring, tirsdag"}',)
    ]


def test_three_date_styles_and_booleans(export, con):
    write(
        export / "forloeb.csv",
        "forloeb_id;borger_id;startdato;slutdato;anonym\n"
        "F1;ANON-1;15-01-2010;;ja\n"
        "F2;ANON-1;15.01.2010;2010-02-01;x\n"
        "F3;ANON-2;2010-01-15;;NEJ\n"
        "F4;ANON-2;2010-01-16;;\n",
    )
    ingest([export], con, KEY, today=TODAY)
    assert rows(
        con, "select forloeb_id, startdato, slutdato, anonym from raw.forloeb order by 1"
    ) == [
        ("F1", dt.date(2010, 1, 15), None, True),
        ("F2", dt.date(2010, 1, 15), dt.date(2010, 2, 1), True),
        ("F3", dt.date(2010, 1, 15), None, False),
        ("F4", dt.date(2010, 1, 16), None, None),
    ]


def test_bad_rows_are_rejected_with_line_column_and_reason(export, con):
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform;varighed_min\n"
        "K1;01-02-2010;ANON-1;telefon;10\n"
        "K2;31-02-2010;ANON-1;telefon;10\n"
        "K3;01-02-2010;ANON-1;;10\n"
        "K4;01-02-2010;ANON-1;telefon;1441\n"
        "K1;02-02-2010;ANON-1;sms;3\n"
        "K5;01-02-2099;ANON-1;sms;3\n"
        "K6;01-02-2010;311380-1234;sms;3\n",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (7, 1, 6)
    rejected = rows(con, "select line, column_name, reason from raw._rejected_rows order by line")
    assert [(line, column) for line, column, _ in rejected] == [
        (3, "dato"),
        (4, "kontaktform"),
        (5, "varighed_min"),
        (6, "kontakt_id"),
        (7, "dato"),
        (8, "borger_id"),
    ]
    assert "linje 2" in rejected[3][2]  # the duplicate names the first occurrence
    assert "fremtiden" in rejected[4][2]
    logged = rows(con, "select rows_read, rows_loaded, rows_rejected from raw._loads")
    assert logged == [(7, 1, 6)]


def test_a_cpr_number_that_lost_its_leading_zero_says_so(export, con):
    """Excel keeps 0101801235 typed in a number cell as 101801235."""
    write_xlsx(
        export / "borgere.xlsx",
        {"Ark1": [["borger_id", "koen"], [101801235, "M"], ["1234", "K"]]},
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert result.rejects.rows() == [
        (
            2,
            "borger_id",
            "borger_id har 9 cifre: Excel fjerner det foranstillede 0 fra et CPR-nummer gemt som "
            "tal; formatér kolonnen som tekst (9 digits: a leading 0 lost in Excel)",
        ),
        (
            3,
            "borger_id",
            "borger_id er hverken et gyldigt CPR-nummer (DDMMÅÅ-XXXX) eller et ANON-alias "
            "(not a valid CPR number nor an ANON- alias)",
        ),
    ]


def test_keys_spelled_apart_are_still_one_key(export, con):
    """Blanks around a value (spaces, no-break spaces) are no part of it, and an id built from a
    CPR number is its pseudonym with or without the dash: such rows repeat a key and are
    rejected as duplicates."""
    write(
        export / "henvendelser.csv",
        "henvendelse_id;dato;kilde\n"
        "H1;01-01-2010;RAS\n"
        "H1 ;02-01-2010;RAS\n"
        "  H1;02-01-2010;RAS\n"
        "\u00a0H1\u00a0;02-01-2010;RAS\n"  # no-break spaces, as Excel writes them
        "010180-1235;03-01-2010; ras \n"
        "0101801235;04-01-2010;RAS\n"
        "   ;05-01-2010;RAS\n"
        "\u00a0;05-01-2010;RAS\n"
        "H 2;06-01-2010;RAS\n",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (9, 3, 6)
    rejected = rows(con, "select line, column_name, reason from raw._rejected_rows order by line")
    assert [(line, column) for line, column, _ in rejected] == [
        (3, "henvendelse_id"),
        (4, "henvendelse_id"),
        (5, "henvendelse_id"),
        (7, "henvendelse_id"),
        (8, "henvendelse_id"),
        (9, "henvendelse_id"),
    ]
    assert all("linje 2" in reason for _, _, reason in rejected[:3])
    assert "linje 6" in rejected[3][2]
    assert "mangler" in rejected[4][2] and "mangler" in rejected[5][2]
    loaded = rows(con, "select henvendelse_id, kilde from raw.henvendelser order by dato")
    assert loaded[0] == ("H1", "RAS") and loaded[2] == ("H 2", "RAS")
    assert loaded[1][0].startswith("P-") and loaded[1][1] == "RAS"


def test_the_callers_connection_keeps_its_settings(export, con, tmp_path):
    """The ingest sets DuckDB's spill folder and optimizers (and memory limit: DuckDB shows it
    rounded, so it comes back to that precision) for its own work only."""
    con.execute("set temp_directory = $folder", {"folder": str(tmp_path / "spill")})
    con.execute("set disabled_optimizers = 'top_n'")
    settings = "select current_setting('temp_directory'), current_setting('disabled_optimizers')"
    before = con.sql(settings).fetchall()
    write(export / "henvendelser.csv", "henvendelse_id;dato;kilde\nH1;01-01-2010;RAS\n")
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert result.status == "loaded"
    assert con.sql(settings).fetchall() == before


def test_a_file_that_cannot_be_opened_is_one_clear_failure(export, con, tmp_path):
    (export / "kontakter.csv").symlink_to(tmp_path / "gone.csv")
    write(export / "henvendelser.csv", "henvendelse_id;dato;kilde\nH1;01-01-2010;RAS\n")
    results = ingest([export], con, KEY, today=TODAY)  # the folder: the link is not left out
    assert [(Path(r.source).name, r.status) for r in results] == [
        ("henvendelser.csv", "loaded"),
        ("kontakter.csv", "failed"),
    ]
    assert "kan ikke læses" in results[1].message


def test_unknown_codes_are_kept_and_reported(export, con):
    write(
        export / "boligsituation.csv",
        "borger_id;dato;situation\nANON-1;01-01-2010;campingvogn\nANON-1;01-02-2010;GADEN\n",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_loaded, result.unknown_codes) == (2, 1)
    assert rows(con, "select situation from raw.boligsituation order by dato") == [
        ("campingvogn",),
        ("gaden",),
    ]
    assert rows(con, "select column_name, value, rows from raw._unknown_codes") == [
        ("situation", "campingvogn", 1)
    ]


def test_a_row_not_loaded_holds_no_key_and_counts_no_unknown_code(export, con):
    """A rejected row's key is free for a later row; a row not loaded (broken or repeating a
    key) is not counted among the unknown codes, which count loaded rows."""
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform\n"
        "K1;31-02-2010;ANON-1;brevdue\n"
        "K1;01-02-2010;ANON-1;telefon\n"
        "K2;01-02-2010;ANON-1;brevdue\n"
        "K2;02-02-2010;ANON-1;brevdue\n"
        "K3;02-02-2010;ANON-1;Brevdue\n",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 3, 2)
    assert [(line, column) for line, column, _ in result.rejects.rows()] == [
        (2, "dato"),
        (5, "kontakt_id"),
    ]
    assert rows(con, "select kontakt_id, kontaktform from raw.kontakter order by _line") == [
        ("K1", "telefon"),
        ("K2", "brevdue"),
        ("K3", "Brevdue"),
    ]
    assert result.unknown_codes == 2
    assert rows(con, "select value, rows from raw._unknown_codes order by value") == [
        ("Brevdue", 1),
        ("brevdue", 1),
    ]


def test_a_yes_no_value_of_no_known_spelling_is_unknown_and_reported(export, con):
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform;uden_for_aabningstid\n"
        "K1;01-02-2010;ANON-1;sms;måske\n"
        "K2;01-02-2010;ANON-1;sms;Ja\n"
        "K3;01-02-2010;ANON-1;sms;\n",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_loaded, result.unknown_codes) == (3, 1)
    assert rows(con, "select uden_for_aabningstid from raw.kontakter order by kontakt_id") == [
        (None,),
        (True,),
        (None,),
    ]
    assert rows(con, "select column_name, value, rows from raw._unknown_codes") == [
        ("uden_for_aabningstid", "måske", 1)
    ]


def test_reloading_changes_nothing_and_a_newer_export_wins(export, con):
    first = write(
        export / "henvendelser_jan.csv",
        "henvendelse_id;dato;kilde\nH1;01-01-2010;RAS\nH2;02-01-2010;Jobcenter\n",
    )
    ingest([first], con, KEY, today=TODAY)
    (again,) = ingest([first], con, KEY, today=TODAY)
    assert again.status == "unchanged"
    assert rows(con, "select count(*) from raw.henvendelser") == [(2,)]
    newer = write(
        export / "henvendelser_feb.csv",
        "henvendelse_id;dato;kilde\nH2;02-01-2010;familie/paaroerende\nH3;03-02-2010;RAS\n",
    )
    ingest([newer], con, KEY, today=TODAY)
    assert rows(con, "select henvendelse_id, kilde from raw.henvendelser order by 1") == [
        ("H1", "RAS"),
        ("H2", "Familie/pårørende"),
        ("H3", "RAS"),
    ]


def test_an_unreadable_file_stops_with_one_message_and_loads_nothing(export, con):
    write(export / "kontakter.csv", "kontakt_id;dato\nK1;01-01-2010\n")
    write(export / "notes.csv", "a;b\n1;2\n")
    results = ingest([export], con, KEY, today=TODAY)
    messages = {Path(r.source).name: (r.status, r.message) for r in results}
    assert messages["kontakter.csv"][0] == "failed"
    assert (
        "borger_id" in messages["kontakter.csv"][1]
        and "kontaktform" in messages["kontakter.csv"][1]
    )
    assert messages["kontakter.csv"][1].endswith("første række har: kontakt_id, dato")
    assert messages["notes.csv"][0] == "failed"
    assert "entitet" in messages["notes.csv"][1]
    assert rows(con, "select count(*) from raw.kontakter") == [(0,)]


def test_a_file_without_a_header_shows_its_first_row_with_no_cpr_number(export, con):
    write(export / "kontakter.csv", "K1;01-02-2010;010180-1235;sms\nK2;01-02-2010;ANON-1;sms\n")
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert result.status == "failed"
    assert "første række har: K1, 01-02-2010, [cpr fjernet], sms" in result.message


def test_excels_other_text_formats_are_named_in_the_failure(export, con):
    """Excel's 'Unicode text' is UTF-16 and tab-separated, its 'Text (tab-separated)' is
    tab-separated: neither is format v1, and the message says so rather than that columns are
    missing."""
    text = "kontakt_id\tdato\tborger_id\tkontaktform\nK1\t01-02-2010\tANON-1\tsms\n"
    write(export / "kontakter_unicode.txt", text, "utf-16")
    write(export / "kontakter_tab.txt", text)
    results = {Path(r.source).name: r for r in ingest([export], con, KEY, today=TODAY)}
    assert results["kontakter_unicode.txt"].status == "failed"
    assert "UTF-16" in results["kontakter_unicode.txt"].message
    assert results["kontakter_tab.txt"].status == "failed"
    assert "tabulator" in results["kontakter_tab.txt"].message


def test_a_separator_at_each_lines_end_is_a_column_without_a_name(export, con):
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform;\nK1;01-02-2010;ANON-1;sms;\nK2;01-02-2010;ANON-1;sms;x\n",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 2, 0)
    assert rows(con, "select kontakt_id, _extra from raw.kontakter order by 1") == [
        ("K1", '{"kolonne_5":null}'),
        ("K2", '{"kolonne_5":"x"}'),
    ]


def test_no_cpr_number_reaches_the_warehouse_file(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    numbers = ["010180-1235", "0202801234", "311299-4001"]
    write(
        export / "borgere.csv",
        "borger_id;distrikt\n"
        + "".join(f"{n};Holte {n}\n" for n in numbers)
        + "320180-1234;Holte\n",
    )  # rejected: no date, kept pseudonymised
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform;medarbejder\n"
        "K1;01-01-2010;010180-1235;sms;ring 311299-4001\n"  # a CPR number in free text
        "K2;01-01-2010;0202801234;;\n"  # rejected: kontaktform missing
        "K3;01-01-2010;ANON-1;0202801234;\n"  # a CPR number in a code column
        "311299-4001;01-01-2010;ANON-1;sms;\n"  # an id built from a CPR number
        "311299-4001;01-01-2010;ANON-1;sms;\n",  # ... and its duplicate: rejected
    )
    write(  # a CPR number in a header, and ids with one inside
        export / "forloeb.csv",
        "forloeb_id;borger_id;startdato;note 0202801234\n"
        "F-010180-1235-1;ANON-1;01-01-2010;x\n"
        "F0202801234;ANON-1;99-01-2010;y\n",  # rejected
    )
    write_xlsx(  # a workbook with a sheet per citizen
        export / "henvendelser.xlsx",
        {
            "311299-4001": [["henvendelse_id", "dato", "kilde"], ["H1", "01-01-2010", "RAS"]],
            "0202801234": [["henvendelse_id", "dato", "kilde"], ["H2", "02-01-2010", "RAS"]],
        },
    )
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    results = ingest([export], con, KEY, today=TODAY)
    assert [r.status for r in results] == ["loaded"] * 5
    assert rows(con, "select count(*) from raw.henvendelser") == [(2,)]
    con.close()
    data = warehouse.read_bytes()
    for number in [*numbers, "320180-1234"]:
        for form in (number, number.replace("-", "")):
            assert form.encode() not in data, form


def test_xlsx_one_sheet_per_entity_with_real_and_typed_dates(export, con):
    write_xlsx(
        export / "eksport.xlsx",
        {
            "Borgere": [["Borger_ID", "Køn", "Fødselsår"], ["ANON-1", "K", 1970]],
            "Forløb": [
                ["forløb_id", "borger_id", "startdato", "slutdato", "antal_skp"],
                ["F1", "ANON-1", dt.date(2010, 1, 15), "15.02.2010", 2],
                ["F2", "ANON-1", "2010-03-01", dt.date(2010, 4, 1), 1],
            ],
        },
    )
    results = ingest([export], con, KEY, today=TODAY)
    assert [(r.entity, r.status, r.rows_loaded) for r in results] == [
        ("borgere", "loaded", 1),
        ("forloeb", "loaded", 2),
    ]
    assert results[1].source.endswith("eksport.xlsx [Forløb]")
    assert rows(con, "select borger_id, koen, foedselsaar from raw.borgere") == [
        ("ANON-1", "K", 1970)
    ]
    assert rows(
        con, "select forloeb_id, startdato, slutdato, antal_skp from raw.forloeb order by _line"
    ) == [
        ("F1", dt.date(2010, 1, 15), dt.date(2010, 2, 15), 2),
        ("F2", dt.date(2010, 3, 1), dt.date(2010, 4, 1), 1),
    ]


def test_xlsx_one_workbook_per_entity(export, con):
    write_xlsx(
        export / "Kontakter_2010.xlsx",
        {
            "Ark1": [
                ["kontakt_id", "dato", "borger_id", "kontaktform", "varighed_min"],
                ["K1", dt.date(2010, 5, 3), "ANON-1", "Hjemmebesøg", 45],
                ["K2", "31-02-2010", "ANON-1", "telefon", 5],
            ]
        },
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.entity, result.rows_read, result.rows_loaded, result.rows_rejected) == (
        "kontakter",
        2,
        1,
        1,
    )
    assert rows(con, "select kontakt_id, dato, kontaktform, varighed_min from raw.kontakter") == [
        ("K1", dt.date(2010, 5, 3), "hjemmebesoeg", 45)
    ]
    assert rows(con, "select line, column_name from raw._rejected_rows") == [(3, "dato")]


def test_blank_rows_keep_the_sheets_row_numbers_and_empty_sheets_are_nothing(export, con):
    """A workbook as older Excel saves it: Ark1 with the rows, some blank rows among them, and
    the empty sheets Ark2 and Ark3."""
    write_xlsx(
        export / "kontakter.xlsx",
        {
            "Ark1": [
                ["kontakt_id", "dato", "borger_id", "kontaktform"],
                ["K1", dt.date(2010, 5, 3), "ANON-1", "sms"],
                [],  # row 3
                ["K2", "31-02-2010", "ANON-1", "sms"],
                ["K3", "04-05-2010", "ANON-1", "sms"],
                [],
                [],
                ["K4", "05-05-2010", "ANON-1", "sms"],  # row 8
            ],
            "Ark2": [],
            "Ark3": [],
        },
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    assert rows(con, "select kontakt_id, _line from raw.kontakter order by 1") == [
        ("K1", 2),
        ("K3", 5),
        ("K4", 8),
    ]
    assert rows(con, "select line, column_name from raw._rejected_rows") == [(4, "dato")]


def test_a_sheet_named_after_no_entity_names_itself_and_nothing_is_loaded(export, con):
    """Excel's default sheet name (Ark1) in a workbook not named after an entity either."""
    write_xlsx(
        export / "eksport.xlsx",
        {
            "Borgere": [["borger_id", "koen"], ["ANON-1", "K"]],
            "Ark1": [["noter"], ["ring tirsdag"]],
        },
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert result.status == "failed"
    assert "arket 'Ark1' og filnavnet 'eksport.xlsx'" in result.message
    assert rows(con, "select count(*) from raw.borgere") == [(0,)]


def test_a_formulas_error_is_the_text_excel_shows(export, con):
    """As in a CSV file saved from the sheet: #DIV/0! breaks the minutes' rule, #N/A is an
    unknown code (kept and reported), #REF! in free text is kept."""
    write_xlsx(
        export / "kontakter.xlsx",
        {
            "Ark1": [
                ["kontakt_id", "dato", "borger_id", "kontaktform", "varighed_min", "medarbejder"],
                ["K1", "01-02-2010", "ANON-1", "sms", Formula("=1/0", "#DIV/0!"), "LH"],
                ["K2", "01-02-2010", "ANON-1", Formula("=NA()", "#N/A"), 5, "LH"],
                ["K3", "01-02-2010", "ANON-1", "sms", 5, Formula("=A1", "#REF!")],
            ]
        },
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    assert rows(
        con, "select line, column_name, row_json like '%#DIV/0!%' from raw._rejected_rows"
    ) == [(2, "varighed_min", True)]
    assert rows(
        con, "select kontakt_id, kontaktform, medarbejder from raw.kontakter order by 1"
    ) == [
        ("K2", "#N/A", "LH"),
        ("K3", "sms", "#REF!"),
    ]
    assert rows(con, "select column_name, value from raw._unknown_codes") == [
        ("kontaktform", "#N/A")
    ]


def test_a_sheet_with_a_column_twice_is_one_clear_failure(export, con):
    """fastexcel would call the second one dato_1; the header is checked as a CSV file's is."""
    write_xlsx(
        export / "henvendelser.xlsx",
        {"Ark1": [["henvendelse_id", "dato", "kilde", "dato"], ["H1", "01-01-2010", "RAS", "x"]]},
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert result.status == "failed"
    assert "den samme kolonne to gange" in result.message


def test_a_broken_workbook_is_one_clear_failure(export, con):
    (export / "borgere.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert result.status == "failed"
    assert "XLSX" in result.message


def test_a_malformed_line_is_a_rejected_row_and_later_lines_keep_their_numbers(export, con):
    write(
        export / "henvendelser.csv",
        "henvendelse_id;dato;kilde\n"
        "H1;01-01-2010;RAS\n"
        "H2;02-01-2010;RAS;ekstra;felter\n"  # line 3: too many fields
        "H3;03-01-2010\n"  # line 4: too few
        "H4;04-01-2010;RAS\n"
        "H5;31-02-2010;RAS\n",  # line 6: no such date
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 2, 3)
    assert rows(con, "select henvendelse_id, _line from raw.henvendelser order by 1") == [
        ("H1", 2),
        ("H4", 5),
    ]
    rejected = rows(con, "select line, column_name, row_json from raw._rejected_rows order by 1")
    assert [(line, column) for line, column, _ in rejected] == [(3, None), (4, None), (6, "dato")]
    assert "H2;02-01-2010;RAS;ekstra;felter" in rejected[0][2]


def test_lines_are_the_files_lines_with_line_breaks_in_quotes_and_blank_lines(
    export, con, monkeypatch
):
    """A row over two lines, a blank line and a line that is no row do not shift the lines of
    the rows after them; the file is read in blocks smaller than a line."""
    from ingest import read

    monkeypatch.setattr(read, "BLOCK", 7)
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform;medarbejder\n"
        + "".join(f"K{i};01-02-2010;ANON-1;sms;Åse\n" for i in range(1, 8))  # lines 2-8
        + 'K8;01-02-2010;ANON-1;sms;"to\nlinjer"\n'  # lines 9-10: a quoted line break
        + "\n"  # line 11: blank
        + "K9;01-02-2010;ANON-1;sms;LH;for;mange\n"  # line 12: too many fields
        + "K10;01-02-2010;ANON-1;sms;LH\n"
        + "K2;02-02-2010;ANON-2;sms;LH\n",  # line 14: K2 again
        "cp1252",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (11, 9, 2)
    assert rows(con, "select medarbejder from raw.kontakter where kontakt_id = 'K8'") == [
        ("to\nlinjer",)
    ]
    assert rows(con, "select kontakt_id, _line from raw.kontakter where _line > 8 order by 2") == [
        ("K8", 9),
        ("K10", 13),
    ]
    assert rows(con, "select line, column_name from raw._rejected_rows order by 1") == [
        (12, None),
        (14, "kontakt_id"),
    ]
    assert rows(con, "select reason from raw._rejected_rows where line = 14") == [
        ("kontakt_id findes allerede i filen på linje 3 (duplicate key, first at line 3)",)
    ]
    assert rows(con, "select distinct medarbejder from raw.kontakter where _line < 9") == [("Åse",)]
    assert rows(con, "select count(*) from raw._loads") == [(1,)]


@pytest.mark.parametrize("rows_over_lines", [False, True])
def test_every_row_keeps_its_line_far_from_the_lines_that_are_no_rows(export, con, rows_over_lines):
    """Lines that are no row, early, in runs and late in a long file: every row after them
    keeps its own line (rows are numbered in buckets of 1024). With `rows_over_lines`, a
    quoted line break and blank lines as well, which DuckDB's line numbers do not count."""
    lines = ["kontakt_id;dato;borger_id;kontaktform;medarbejder"]
    for i in range(1, 3001):
        if i in (3, 1100, 2999):
            lines.append(f"X{i};01-02-2010;ANON-1;sms;LH;for;mange")  # too many fields
        if i == 1500:
            lines += ["X;kort", "X;kort"]  # too few, twice
        if i == 2048 and rows_over_lines:
            lines += ["", f'K{i};01-02-2010;ANON-1;sms;"to\nlinjer"', ""]
            continue
        lines.append(f"K{i};01-02-2010;ANON-1;sms;LH")
    text = "\n".join(lines) + "\n"
    write(export / "kontakter.csv", text)
    (result,) = ingest([export], con, KEY, today=TODAY)
    numbered = list(enumerate(text.split("\n"), start=1))
    assert (result.rows_loaded, result.rows_rejected) == (3000, 5)
    assert dict(rows(con, "select kontakt_id, _line from raw.kontakter")) == {
        line.split(";")[0]: number for number, line in numbered if line.startswith("K")
    }
    assert rows(con, "select line from raw._rejected_rows order by 1") == [
        (number,) for number, line in numbered if line.startswith("X")
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_lines_ending_in_more_than_one_way_are_read_as_a_text_editor_shows_them(
    export, con, encoding
):
    """Rows added in another program end their lines differently (\\r\\n and \\n); old Mac files
    end them in \\r alone. DuckDB refuses the first and misreads a mix as bad rows; every row
    loads, at the line a text editor shows it on."""
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform;medarbejder\r\n"
        "K1;01-02-2010;ANON-1;sms;Åse\n"
        "K2;01-02-2010;ANON-1;sms;Ærø\r\n"
        'K3;01-02-2010;ANON-1;sms;"to\r\nlinjer"\n'  # lines 4-5
        "K4;01-02-2010;ANON-1;sms;LH;for;mange\n"  # line 6: too many fields
        "K5;01-02-2010;ANON-1;sms;LH\r\n",
        encoding,
    )
    write(
        export / "henvendelser.csv",
        "henvendelse_id;dato;kilde\rH1;01-01-2010;RAS\rH2;02-01-2010;Jobcenter\rH1;03-01-2010;RAS\r",
        encoding,
    )
    contacts, referrals = ingest([export], con, KEY, today=TODAY)[::-1]
    assert (contacts.rows_read, contacts.rows_loaded, contacts.rows_rejected) == (5, 4, 1)
    assert rows(con, "select kontakt_id, medarbejder, _line from raw.kontakter order by 1") == [
        ("K1", "Åse", 2),
        ("K2", "Ærø", 3),
        ("K3", "to\nlinjer", 4),
        ("K5", "LH", 7),
    ]
    assert (referrals.rows_read, referrals.rows_loaded, referrals.rows_rejected) == (3, 2, 1)
    assert rows(con, "select henvendelse_id, kilde, _line from raw.henvendelser order by 1") == [
        ("H1", "RAS", 2),
        ("H2", "Jobcenter", 3),
    ]
    assert rows(con, "select source, line from raw._rejected_rows order by 1") == [
        (str(export / "henvendelser.csv"), 4),
        (str(export / "kontakter.csv"), 6),
    ]


def test_blank_lines_at_the_end_of_a_file_are_no_rows(export, con):
    write(
        export / "kontakter.csv",
        "kontakt_id;dato;borger_id;kontaktform\r\nK1;01-02-2010;ANON-1;sms\r\n\r\n\r\n",
    )
    (result,) = ingest([export], con, KEY, today=TODAY)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (1, 1, 0)
    assert rows(con, "select kontakt_id, _line from raw.kontakter") == [("K1", 2)]
