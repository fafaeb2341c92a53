"""Mapping profiles (ingest/profile.py): another system's export read as format v1. The shipped
example, profiles/klientnet.yaml, is tested end to end: the demo export written as KlientNet
would write it gives the figures of the demo export itself."""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from ingest.pipeline import ingest
from ingest.profile import ProfileError, load
from ingest.schema import BOOL, CODE, CODES, DATE, ENTITIES
from tests.conftest import TEST_KEY, run, write_xlsx
from warehouse.connection import connect

EXAMPLE = Path(__file__).resolve().parents[1] / "profiles" / "klientnet.yaml"
NAME = "Navnesen"  # a citizen's name in the Navn column the profile leaves out


def as_klientnet(export: Path, out: Path) -> Path:
    """The v1 export at `export` written as KlientNet exports it, by the example profile read
    backwards: its file names, headers, texts for codes, dates as dd/mm/yyyy, several codes
    separated by commas, comma-separated files, and a Navn column with each citizen's name."""
    spec = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    spec["kolonner"]["borgere"]["Navn"] = None
    out.mkdir(parents=True)
    starts = {entity: start for start, entity in spec["filer"].items()}
    for entity in ENTITIES.values():
        headers = {}
        for header, column in spec["kolonner"][entity.name].items():
            if column not in ("null", None):
                headers.setdefault(column, header)
        texts = {
            column: {code.casefold(): text for text, code in mapping.items()}
            for column, mapping in spec["vaerdier"].get(entity.name, {}).items()
        }
        path = out / f"{starts[entity.name]}_2026-11.csv"
        with (
            (export / f"{entity.name}.csv").open(encoding="utf-8", newline="") as source,
            path.open("w", encoding="utf-8", newline="") as target,
        ):
            rows = csv.DictReader(source, delimiter=";")  # a row at a time: any size
            names = [headers.get(c, c) for c in rows.fieldnames]
            if entity.name == "borgere":
                names.insert(1, "Navn")
            writer = csv.writer(target, delimiter=",")
            writer.writerow(names)
            for row in rows:
                values = [
                    _as_written(entity.column(c), v, texts.get(c, {})) for c, v in row.items()
                ]
                if entity.name == "borgere":
                    values.insert(1, f"{NAME} {row['borger_id'][-2:]}")
                writer.writerow(values)
    return out


def _as_written(column, value: str, texts: dict[str, str]) -> str:
    if column.kind == DATE and value.count("-") == 2 and len(value) == 10:
        return value.replace("-", "/")
    if column.kind in (CODE, BOOL):
        return texts.get(value.strip().casefold(), value)
    if column.kind == CODES:
        return ", ".join(texts.get(v.strip().casefold(), v) for v in value.split("|"))
    return value


def figures(paths: list[Path], warehouse: Path, *profile: str) -> tuple[dict, list, list]:
    loaded = run("ingest", *paths, "--warehouse", warehouse, *profile)
    assert loaded.exit_code == 0, loaded.output
    built = run("build", "--warehouse", warehouse)
    assert built.exit_code == 0, built.output
    shown = run("report", "--year", 2010, "--format", "json", "--warehouse", warehouse)
    con = connect(warehouse)
    try:
        rejected = con.sql(
            "select column_name, reason from marts.fct_rejected_rows order by all"
        ).fetchall()
        unknown = con.sql("select * from marts.fct_unknown_codes order by all").fetchall()
    finally:
        con.close()
    return json.loads(shown.output), rejected, unknown


def test_the_example_profile_reads_klientnets_export_as_the_demo(tmp_path):
    export = tmp_path / "export"
    assert run("demo", export).exit_code == 0
    klientnet = as_klientnet(export, tmp_path / "klientnet")
    assert "Psykiatrien" in (klientnet / "Henvisninger_2026-11.csv").read_text()

    v1 = figures([export], tmp_path / "v1" / "skp.duckdb")
    mapped = figures([klientnet], tmp_path / "kn" / "skp.duckdb", "--profile", EXAMPLE)
    assert mapped[0] == v1[0]  # the report's every figure
    # the demo's bad rows, rejected alike (a bad date's reason names the profile's format too)
    v1_dates = "brug DD-MM-ÅÅÅÅ"
    assert v1[1] and mapped[1] == [
        (column, reason.replace(v1_dates, "brug profilens datoformat %d/%m/%Y, DD-MM-ÅÅÅÅ"))
        for column, reason in v1[1]
    ]
    assert mapped[2] == v1[2]  # the demo's odd spellings, unknown alike
    # the column the profile leaves out never reaches the warehouse
    for path in (tmp_path / "kn").rglob("*"):
        if path.is_file():
            assert NAME.encode() not in path.read_bytes(), path


def test_what_the_profile_does_not_map_is_read_as_format_v1(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Henvisninger_2026.csv").write_text(
        "Henvisningsnr.;Modtaget;Henvist af;Resultat;Telefon\n"
        "H1;03/02/2026;Psykiatrien;Ikke truffet;\n"
        "H2;31/02/2026;Egen henvendelse;;\n"  # no such day
        "H3;2026-02-05;Præsten;afvist;\n"  # a v1 date; a source the profile does not name
        "H4;06-02-2026;Jobcenter;;\n",  # v1's own code and date
        encoding="utf-8",
    )
    [result] = ingest([folder], None, TEST_KEY.encode(), profile=load(EXAMPLE))
    assert (result.entity, result.status) == ("henvendelser", "checked")
    assert (result.rows_read, result.rows_loaded, result.unknown_codes) == (4, 3, 1)
    assert result.rejects.rows() == [
        (3, "dato", result.rejects["reason"][0])  # the line as written in the file
    ]
    assert "profilens datoformat %d/%m/%Y" in result.rejects["reason"][0]


def test_a_file_the_profile_does_not_name_fails_naming_the_profiles_names(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Journaler.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    [result] = ingest([folder], None, TEST_KEY.encode(), profile=load(EXAMPLE))
    assert result.status == "failed"
    assert "aktiviteter" in result.message and "unknown entity name" in result.message


def test_loading_again_under_another_profile_reads_the_file_again(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Boligforhold.csv").write_text(
        "CPR-nr.;Registreret;Boligform\nANON-1;03/02/2026;Gaden\n", encoding="utf-8"
    )
    warehouse = tmp_path / "w" / "skp.duckdb"
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace("Gaden: gaden", "Gaden: ukendt"))
    runs = [
        run("ingest", folder, "--warehouse", warehouse, "--profile", profile)
        for profile in (EXAMPLE, EXAMPLE, other)
    ]
    assert [r.exit_code for r in runs] == [0, 0, 0]
    assert ["indlæst" in r.output.splitlines()[0] for r in runs] == [True, False, True]
    assert "uændret" in runs[1].output.splitlines()[0]
    assert run("build", "--warehouse", warehouse).exit_code == 0
    con = connect(warehouse)
    try:
        situations = con.sql("select housing_situation from staging.stg_boligsituation").fetchall()
    finally:
        con.close()
    assert situations == [("ukendt",)]  # the newest load of the row holds


def profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "navn: Test\nfiler:\n  Klienter: borgere\n"


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("navn: Test\nfarve: rød\n", 2, "ukendt felt 'farve'"),
        ("filer:\n  Klienter: borgere\n", None, "mangler feltet navn"),
        (GOOD + "  Sager: sager\n", 4, "'sager' er ingen entitet"),
        (
            "navn: Test\nkolonner:\n  borgere:\n    Køn: kon\n",
            4,
            "'kon' er ingen kolonne i borgere",
        ),
        (
            "navn: Test\nvaerdier:\n  henvendelser:\n    kilde:\n      Psykiatrien: psykiatri\n",
            5,
            "'psykiatri' er ingen kode i referral_sources",
        ),
        (
            "navn: Test\nvaerdier:\n  forloeb:\n    anonym:\n      Hemmelig: måske\n",
            5,
            "'måske' er hverken ja eller nej",
        ),
        (
            "navn: Test\nvaerdier:\n  kontakter:\n    dato:\n      i dag: '01-01-2026'\n",
            4,
            "kontakter.dato er ingen kodekolonne",
        ),
        ("navn: Test\ndatoformat: '%d/%m'\n", 2, "datoformat '%d/%m' skal have dag, måned og år"),
        ("navn: Test\ndatoformat: '%d/%m/%Y %Q'\n", 2, "kan ikke læses"),
        ("navn: Test\nkodeadskiller: ''\n", 2, "kodeadskiller"),
        (GOOD + "  Klienter: forloeb\n", 4, "'Klienter' står to gange"),
        (
            "navn: Test\nkolonner:\n  borgere:\n    Køn: koen\n    KØN: koen\n",
            5,
            "overskriften 'KØN' står to gange",
        ),
        ("navn: Test\nfiler: [borgere]\n", 2, "filer skal være en mapping"),
        ("navn: Test\nfiler:\n  - borgere\n  Sager: forloeb\n", 4, "ikke gyldig YAML"),
        ("- navn\n", None, "skal være en YAML-mapping"),
    ],
)
def test_a_profile_that_cannot_be_used_is_refused_naming_line_and_problem(
    tmp_path, text, line, said
):
    with pytest.raises(ProfileError) as raised:
        load(profile(tmp_path, text))
    message = str(raised.value)
    assert said in message
    assert (f"linje {line}:" in message) if line else ("linje" not in message)


def test_yes_no_and_leading_zeros_stay_as_written(tmp_path):
    loaded = load(
        profile(
            tmp_path,
            "navn: Test\nvaerdier:\n  forloeb:\n    anonym:\n      Yes: ja\n      No: nej\n"
            "  kontakter:\n    status:\n      01: gennemfoert\n",
        )
    )
    assert loaded.values["forloeb"]["anonym"] == {"yes": "ja", "no": "nej"}
    assert loaded.values["kontakter"]["status"] == {"01": "gennemfoert"}


def test_a_profile_holding_a_cpr_number_is_refused_without_showing_it(tmp_path):
    number = dt.date(1975, 1, 31).strftime("%d%m%y") + "-1234"
    path = profile(tmp_path, f"navn: Test\nkolonner:\n  borgere:\n    {number}: borger_id\n")
    with pytest.raises(ProfileError) as raised:
        load(path)
    assert "linje 4" in str(raised.value) and "CPR" in str(raised.value)
    assert number not in str(raised.value) and number[:6] not in str(raised.value)


def test_ingest_with_a_bad_profile_stops_before_anything_is_written(tmp_path):
    export = tmp_path / "export"
    assert run("demo", export).exit_code == 0
    warehouse = tmp_path / "w" / "skp.duckdb"
    bad = profile(tmp_path, "navn: Test\nfiler:\n  Klienter: klienter\n")
    result = run("ingest", export, "--warehouse", warehouse, "--profile", bad)
    assert result.exit_code == 1
    assert "profilen kan ikke bruges" in result.output and "linje 3" in result.output
    assert not warehouse.exists()


def test_a_column_left_out_is_not_kept_even_in_a_line_that_is_no_row(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Klienter.csv").write_text(
        f"CPR-nr.;Navn;Køn\nANON-1;{NAME} Et;Mand\nANON-2;{NAME} To;Kvinde;ekstra;felter\n",
        encoding="utf-8",
    )
    warehouse = tmp_path / "w" / "skp.duckdb"
    loaded = run("ingest", folder, "--warehouse", warehouse, "--profile", EXAMPLE)
    assert loaded.exit_code == 0, loaded.output
    assert "linje 3" in loaded.output  # the line with too many fields, rejected
    assert run("build", "--warehouse", warehouse).exit_code == 0
    for path in (tmp_path / "w").rglob("*"):
        if path.is_file():
            assert NAME.encode() not in path.read_bytes(), path
    con = connect(warehouse)
    try:
        kept = con.sql("select row_json from marts.fct_rejected_rows").fetchall()
    finally:
        con.close()
    assert kept and "profilen udelader kolonner" in kept[0][0]


def test_a_workbooks_sheets_are_read_through_the_profile_with_real_date_cells(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    write_xlsx(
        folder / "KlientNet-udtraek.xlsx",
        {
            "Boligforhold": [
                ["CPR-nr.", "Registreret", "Boligform"],
                ["ANON-1", dt.date(2026, 2, 3), "Gaden"],  # a real date cell
                ["ANON-2", "04/02/2026", "Hos venner/familie"],  # the profile's format
                ["ANON-3", "05/02/2026", "I et telt"],  # no such housing situation
            ],
        },
    )
    [result] = ingest([folder], None, TEST_KEY.encode(), profile=load(EXAMPLE))
    assert (result.entity, result.status, result.rows_loaded) == ("boligsituation", "checked", 3)
    assert (result.rows_rejected, result.unknown_codes) == (0, 1)
