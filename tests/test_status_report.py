"""The status report as a PDF: `skp report --format pdf` on the demo data, read back as a
reader would (its text, its pages as images, its page size)."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from report import formatting, sentences
from tests.conftest import run
from warehouse.definitions import definition
from warehouse.periods import Comparison, Period


def DEMO_DATA(previous: Period | None) -> Comparison:  # noqa: N802
    """A comparison in the demo data (22-07-2008 to 30-06-2011) against `previous`."""
    import datetime as dt

    return Comparison(previous, dt.date(2008, 7, 22), dt.date(2011, 6, 30))


ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext (poppler) extracts it, whitespace folded."""
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True
    )
    return re.sub(r"\s+", " ", text.stdout.replace("\u00ad ", "").replace("\u00ad", ""))


def shown_report(warehouse: Path, *args: str) -> dict:
    result = run("report", "--suppress", "--warehouse", warehouse, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def report_2010(demo_warehouse, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    logo = folder / "logo.png"
    Image.new("RGB", (120, 60), (0, 114, 178)).save(logo)
    output = folder / "statusrapport-2010.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SKP_MUNICIPALITY", "Demo Kommune")
        mp.setenv("SKP_TEAM", "SKP-teamet i Demo")
        mp.setenv("SKP_LOGO", str(logo))
        mp.setenv("SKP_SUPPRESSION_THRESHOLD", "0")  # off for the screen: the PDF stays suppressed
        result = run(
            "report", "--year", "2010", "--format", "pdf", "--output", output,
            "--warehouse", demo_warehouse,
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    return output


def test_the_2010_pdf_holds_the_reference_reports_figures(report_2010, demo_warehouse):
    text = pdf_text(report_2010)
    median = {
        year: formatting.age(json.loads(run("report", "--year", year, "--warehouse",
                                            demo_warehouse).output)["citizens"]["age_median"])
        for year in (2009, 2010)
    }  # fmt: skip
    assert text.startswith("Demo Kommune SKP-teamet i Demo Statusrapport 2010")
    # the reference's opening table and sentence (shared/reference, "Den opsøgende indsats")
    assert "Teamet har haft kontakt til 55 borgere i 2010, 8 flere end i 2009." in text
    # the median age, not the youngest and oldest (often two known people; README, Privacy)
    assert f"2009 median {median[2009]} 32 (68 %) 15 (32 %) 47" in text
    assert f"2010 median {median[2010]} 31 (56 %) 24 (44 %) 55" in text
    assert "18–68" not in text and "mellem 18 og 68" not in text
    assert "Ændring −1 +9 +8" in text
    # income, problem groups, homelessness, durations as the reference gives them
    assert "Førtidspension 23 42 %" in text and "Kontanthjælp 21 38 %" in text
    for line in ("Misbrug 12 22 %", "Psykiske problemer 16 29 %", "Dobbeltdiagnose 11 20 %"):
        assert line in text
    assert "Ved udgangen af 2010 var 6 borgere i kontakt med teamet hjemløse (11 %)." in text
    assert "6 borgere fik bolig efter en periode som hjemløse i 2010." in text
    assert "28 længerevarende forløb på mere end 6 måneder" in text
    assert "RAS (14), Psykiatri & Handicap (9) og Jobcenter (6)" in text


def test_the_pdf_shows_each_figure_as_skp_report_suppress_does(report_2010, demo_warehouse):
    text = pdf_text(report_2010)
    figures = shown_report(demo_warehouse, "--year", "2010")
    assert figures["housing"]["slept_rough"] == "<5"  # 3 in the demo: hidden on paper too
    assert "Har sovet på gaden <5" in text
    assert "Færre end 5 borgere har overnattet på gaden i 2010." in text
    for band, n in figures["citizens"]["age_bands"].items():
        assert f" {band if band != 'ukendt' else 'Ukendt'} {n} " in text
    contacts = figures["contacts"]
    assert f"Gennemførte kontakter {contacts['total']:,}".replace(",", ".") in text
    assert f"Opsøgende kontaktforsøg {contacts['outreach_attempts']}" in text
    assert f"Aktive forløb {figures['episodes']['active']}" in text
    # no count from 1 to 4 printed as a figure of a table row: every such cell reads <5 or x
    assert not re.search(r"\b(?:Antal|%\)) [1-4] ", text)


def test_the_appendix_gives_definitions_freshness_and_loads(report_2010, demo_warehouse):
    text = pdf_text(report_2010)
    appendix = text[text.index("Bilag: Definitioner og datagrundlag") :]
    assert definition("fct_citizens_in_contact", "problem_group") in appendix
    assert definition("fct_citizens_in_contact", "slept_rough") in appendix
    assert "Seneste dato i data 30-06-2011" in appendix
    assert "Lageret bygget" in appendix and "Seneste indlæsning" in appendix
    assert "kontakter.csv kontakter" in appendix
    assert "Små tal er skjult" in appendix
    # the years side by side up to the report's, the first marked as the data covers it in part
    years = text[text.index("Udvikling år for år") :]
    assert "2008 (data fra 22-07-2008) 2009 2010" in years
    assert "Borgere i kontakt 20 47 55" in years
    # the council's targets, held against the figures as the board sees them
    assert "Hjemløse ved periodens slut højst 5 6 Nej" in text


def test_the_pdf_is_a4_with_a_logo_and_no_cpr_number(report_2010):
    info = subprocess.run(["pdfinfo", report_2010], check=True, capture_output=True, text=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert 3 <= pages <= 8
    images = subprocess.run(["pdfimages", "-list", report_2010], capture_output=True, text=True)
    assert "120    60" in images.stdout  # the configured logo
    assert not re.search(r"\d{6}-?\d{4}", pdf_text(report_2010))
    # the pages as a printer gets them, for a person to look at
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("statusrapport-2010-*.png"):
        old.unlink()
    prefix = ARTIFACTS / "statusrapport-2010"
    subprocess.run(["pdftoppm", "-png", "-r", "80", report_2010, prefix], check=True)
    rendered = sorted(ARTIFACTS.glob("statusrapport-2010-*.png"))
    assert len(rendered) == pages
    width, height = Image.open(rendered[0]).size
    assert abs(height / width - 297 / 210) < 0.01


def test_a_period_with_a_filter(demo_warehouse, tmp_path):
    output = tmp_path / "kvinder.pdf"
    args = ("--from", "2010-07-01", "--to", "2010-12-31", "--gender", "K")  # a half-year
    result = run(
        "report", *args, "--format", "pdf", "--output", output, "--warehouse", demo_warehouse
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(output)
    women = shown_report(demo_warehouse, *args)["citizens"]["total"]
    assert "Statusrapport 01-07-2010–31-12-2010" in text
    assert "Afgrænset til: Køn: Kvinde" in text
    assert f"Teamet har haft kontakt til {women} borgere i perioden 01-07-2010–31-12-2010" in text
    assert "mænd" not in text.split("Teamet har haft kontakt")[1].split(".")[1]


def test_pdf_needs_an_output_file_and_a_real_logo(demo_warehouse, tmp_path, monkeypatch):
    result = run("report", "--year", "2010", "--format", "pdf", "--warehouse", demo_warehouse)
    assert result.exit_code == 1 and "--output" in result.output
    monkeypatch.setenv("SKP_LOGO", str(tmp_path / "missing.png"))
    output = tmp_path / "r.pdf"
    result = run(
        "report", "--year", "2010", "--format", "pdf", "--output", output,
        "--warehouse", demo_warehouse,
    )  # fmt: skip
    assert result.exit_code == 1 and "missing.png" in result.output and "SKP_LOGO" in result.output
    assert not output.exists()


def test_sentences_hide_what_suppression_hides():
    when = sentences.When.of(Period.year(2010), DEMO_DATA(Period.year(2009)))
    figures = {
        "citizens": {
            "total": 12, "men": "<5", "women": "x", "unknown_gender": 0,
            "age_min": 20, "age_max": 60, "age_bands": {"26-35": 7, "36-45": "<5", "ukendt": "x"},
        }
    }  # fmt: skip
    previous = {"citizens": {"total": 14}}
    assert sentences.citizens(figures, previous, when) == [
        "Teamet har haft kontakt til 12 borgere i 2010, 2 færre end i 2009.",
        "Heraf var færre end 5 mænd.",
        "Borgerne var mellem 20 og 60 år; den største aldersgruppe var 26-35 år med 7 borgere"
        " (58\u00a0%).",
    ]
    assert sentences.citizens(figures, {"citizens": {"total": "<5"}}, when)[0] == (
        "Teamet har haft kontakt til 12 borgere i 2010."
    )
    assert sentences.citizens({"citizens": {**figures["citizens"], "total": "x"}}, None, when) == []


def test_sentences_name_a_date_range_and_its_previous_period():
    import datetime as dt

    previous = Period(dt.date(2009, 8, 29), dt.date(2010, 2, 28))
    when = sentences.When.of(Period(dt.date(2010, 3, 1), dt.date(2010, 8, 31)), DEMO_DATA(previous))
    assert when.period == "i perioden 01-03-2010–31-08-2010"
    assert when.previous == "i perioden 29-08-2009–28-02-2010"
    assert when.at_end == "ved periodens udgang (31-08-2010)"
    # a year past the data's last day: said, and compared with the same part of the year before
    cut = sentences.When.of(
        Period.year(2011), DEMO_DATA(Period(dt.date(2010, 1, 1), dt.date(2010, 6, 30)))
    )
    assert cut.previous == "i samme del af 2010 (01-01-2010–30-06-2010)"
    figures = {"citizens": {"total": 46, "men": 31, "women": 15, "unknown_gender": 0}}
    figures["citizens"] |= {"age_min": "x", "age_max": "x", "age_median": None, "age_bands": {}}
    first = sentences.citizens(figures, {"citizens": {"total": 43}}, cut)[0]
    assert first == (
        "Teamet har haft kontakt til 46 borgere i 2011 (data til og med 30-06-2011), 3 flere "
        "end i samme del af 2010 (01-01-2010–30-06-2010)."
    )
    # 2008 starts before the data (the scheme began in July): no change, and it says so
    first_year = sentences.When.of(Period.year(2008), DEMO_DATA(None))
    assert first_year.previous == ""
    first = sentences.citizens(figures, {"citizens": {"total": 3}}, first_year)[0]
    assert first == "Teamet har haft kontakt til 46 borgere i 2008 (data fra 22-07-2008)."
    housing = {"homeless_at_end": 1, "housed_after_homelessness": 0, "slept_rough": "<5"}
    assert sentences.housing({"housing": housing, "citizens": {"total": 4}}, when) == [
        "Ved periodens udgang (31-08-2010) var 1 borger i kontakt med teamet hjemløse (25\u00a0%).",
        "0 borgere fik bolig efter en periode som hjemløse i perioden 01-03-2010–31-08-2010.",
        "Færre end 5 borgere har overnattet på gaden i perioden 01-03-2010–31-08-2010.",
    ]


def test_the_age_range_only_where_configured(demo_warehouse, monkeypatch):
    args = ("report", "--suppress", "--year", 2010, "--warehouse", demo_warehouse)
    citizens = json.loads(run(*args).output)["citizens"]
    assert (citizens["age_min"], citizens["age_max"]) == ("x", "x")
    assert isinstance(citizens["age_median"], float)
    monkeypatch.setenv("SKP_SHOW_AGE_RANGE", "1")
    citizens = json.loads(run(*args).output)["citizens"]
    assert (citizens["age_min"], citizens["age_max"]) == (18, 68)


def _structure(node, found: list) -> None:
    """Every tagged structure element below `node`, depth first: (type, element)."""
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            _structure(kid, found)
        return
    if not isinstance(node, dict):
        return
    if "/S" in node:
        found.append((str(node["/S"]), node))
    kids = node.get("/K")
    if kids is not None:
        _structure(kids if isinstance(kids, list) else [kids], found)


def test_the_pdf_is_pdf_ua_with_alt_text_headers_and_its_title(demo_warehouse, tmp_path):
    """Politicians read the PDF with whatever tools they use: it is compiled as PDF/UA-1
    (typst checks it), tagged, in Danish, shows its title, opens with the title as a heading,
    has alt text for each chart made from its figures, and header cells in every table."""
    from pypdf import PdfReader

    pdf = tmp_path / "r.pdf"
    args = ["report", "--year", "2010", "--format", "pdf", "--output", pdf]
    assert run(*args, "--warehouse", demo_warehouse).exit_code == 0
    root = PdfReader(pdf).trailer["/Root"]
    assert root["/Lang"] == "da"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    found: list = []
    _structure(root["/StructTreeRoot"], found)
    headings = [element for kind, element in found if kind == "/H1"]
    assert headings[0]["/T"] == "Statusrapport 2010"
    figures = [str(element.get("/Alt", "")) for kind, element in found if kind == "/Figure"]
    shown = shown_report(demo_warehouse, "--year", "2010")
    durations = shown["episode_duration"]
    assert len(figures) == 2
    assert figures[1].startswith("Søjlediagram: Forløbenes varighed")
    assert f"0-3 måneder {durations['0-3']}; 3-6 måneder {durations['3-6']}" in figures[1]
    assert "RAS 14" in figures[0] and "«<5» er 1–4 borgere" in figures[0]
    tables = [element for kind, element in found if kind == "/Table"]
    assert len(tables) >= 10
    for table in tables:
        inner: list = []
        _structure(table["/K"], inner)
        assert "/TH" in [kind for kind, _ in inner]


def test_declined_citizens_and_ended_episodes_read_as_two_different_counts():
    """'Færre end 5 borgere afviste kontakt' beside 'den hyppigste slutårsag var »afvist ved
    første kontakt« (6)' read as a contradiction: one counts citizens by their latest
    episode, the other ended episodes, and the sentences now say so."""
    when = sentences.When.of(Period.year(2010), DEMO_DATA(Period.year(2009)))
    durations = sentences.durations({"episode_duration": {"afvist": "<5", "0-3": 15}}, when)
    assert durations[-1] == (
        "For færre end 5 borgere endte det seneste forløb med, at de afviste kontakt ved første "
        "kontaktforsøg."
    )
    figures = {
        "episodes": {"ended": 24, "median_length_days": 74, "ended_by_reason": {"afvist": 6}},
        "goals": {},
    }
    labels = {"afvist": "Afvist ved første kontakt"}
    assert sentences.episodes(figures, labels, {}, when)[-1] == (
        "Den hyppigste slutårsag af de 24 afsluttede forløb var »afvist ved første kontakt« "
        "(6 forløb)."
    )
