"""The team's own words (report/commentary.py): kept outside the published file with every
version, refused when they hold a CPR number in any spelling, moved as a file for teams who
write in Word, and printed in the PDF under each section."""

import datetime as dt

import pytest

from report import commentary
from tests.conftest import run
from tests.test_status_report import pdf_text
from warehouse.periods import Period

YEAR = Period.year(2010)
FILE = """# Statusrapport 2010
## intro
Teamet har i 2010 styrket den opsøgende indsats.

Årets fokus:
- flere hjemmebesøg
- hurtigere første kontakt

## contacts
Hjemmebesøg er fortsat den hyppigste kontaktform.
## closing
Vi vurderer, at indsatsen lever op til kvalitetsstandarden.
## signatures
Anne Andersen, teamleder
Bo Berg, socialrådgiver
"""


@pytest.fixture
def words(tmp_path, monkeypatch):
    """A commentary folder of this test's own (not the shared demo warehouse's)."""
    monkeypatch.setenv("SKP_COMMENTARY_DIR", str(tmp_path / "commentary"))
    return tmp_path / "commentary"


@pytest.mark.parametrize(
    "number",
    ["010190-1234", "0101901234", "010190 1234", "01.01.90.1234", "01/01/90-1234", "010190\n1234"],
)
def test_a_text_shaped_like_a_cpr_number_is_refused_and_never_written(words, number):
    with pytest.raises(commentary.Refused, match="CPR"):
        commentary.save(words, YEAR, "intro", f"Borgeren {number} fik bolig.", "Anne", "manager")
    assert commentary.versions(words, YEAR) == []
    assert not list(words.rglob("*.jsonl"))  # not a byte of it on disk


def test_every_version_is_kept_with_who_wrote_it_and_the_latest_is_the_text(words):
    commentary.save(words, YEAR, "intro", "Første udkast.", "Anne", "manager")
    commentary.save(words, YEAR, "intro", "Andet udkast.", "Bo", "steward")
    commentary.save(words, YEAR, "closing", "Vores vurdering.", "Anne", "manager")
    kept = commentary.versions(words, YEAR)
    assert [(v.part, v.text, v.name) for v in kept] == [
        ("intro", "Første udkast.", "Anne"),
        ("intro", "Andet udkast.", "Bo"),
        ("closing", "Vores vurdering.", "Anne"),
    ]
    assert commentary.current(words, YEAR) == {
        "intro": "Andet udkast.",
        "closing": "Vores vurdering.",
    }
    assert dt.datetime.fromisoformat(kept[0].at).tzinfo is not None
    # a line cut short (a crash, a full disk) loses only itself
    file = next(words.glob("*.jsonl"))
    file.write_text(file.read_text() + '{"part": "intro", "te')
    commentary.save(words, YEAR, "intro", "Tredje udkast.", "Anne", "manager")
    assert commentary.current(words, YEAR)["intro"] == "Tredje udkast."
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    assert commentary.current(words, Period.year(2009)) == {}  # per period


def test_paragraphs_and_bullets_are_kept_as_plain_text():
    assert commentary.blocks("Fokus:\n- a\n- b\n\nTo linjer\ni ét afsnit.\n\n* c") == [
        {"kind": "paragraph", "text": "Fokus:"},
        {"kind": "list", "items": ["a", "b"]},
        {"kind": "paragraph", "text": "To linjer i ét afsnit."},
        {"kind": "list", "items": ["c"]},
    ]


def test_a_file_to_write_in_goes_out_and_back_in(words, tmp_path, demo_warehouse):
    source = tmp_path / "kommentarer.txt"
    source.write_text(FILE, encoding="utf-8")
    result = run("commentary", "import", source, "--year", 2010, "--warehouse", demo_warehouse)
    assert result.exit_code == 0, result.output
    assert "intro, contacts, closing, signatures" in result.output
    again = run("commentary", "import", source, "--year", 2010, "--warehouse", demo_warehouse)
    assert "intet nyt" in again.output  # nothing changed: no new version
    assert len(commentary.versions(demo_warehouse, YEAR)) == 4
    out = tmp_path / "ud.txt"
    result = run("commentary", "export", out, "--year", 2010, "--warehouse", demo_warehouse)
    assert result.exit_code == 0, result.output
    assert commentary.parse(out.read_text(), str(out)) == commentary.parse(FILE, "x") | {
        part: "" for part in commentary.PARTS if part not in commentary.parse(FILE, "x")
    }
    # the PDF prints them: the introduction, under the section, the assessment and signatures
    pdf = tmp_path / "rapport.pdf"
    result = run(
        "report", "--year", 2010, "--format", "pdf", "--output", pdf, "--warehouse", demo_warehouse
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(pdf)
    assert "Indledning Teamet har i 2010 styrket den opsøgende indsats." in text
    assert "• flere hjemmebesøg" in text
    assert "Hjemmebesøg er fortsat den hyppigste kontaktform." in text
    assert "Teamets vurdering Vi vurderer" in text and "Bo Berg, socialrådgiver" in text
    # a filtered report is not the team's report: no commentary in it
    result = run(
        "report", "--year", 2010, "--gender", "K", "--format", "pdf", "--output", pdf,
        "--warehouse", demo_warehouse,
    )  # fmt: skip
    assert result.exit_code == 0 and "Teamets vurdering" not in pdf_text(pdf)


def test_a_file_with_a_cpr_number_or_an_unknown_part_saves_nothing(words, tmp_path, demo_warehouse):
    source = tmp_path / "kommentarer.txt"
    source.write_text(FILE.replace("teamleder", "teamleder 120345-6789"), encoding="utf-8")
    result = run("commentary", "import", source, "--year", 2010, "--warehouse", demo_warehouse)
    assert result.exit_code != 0
    assert f"{source}: signatures, linje 1" in result.output and "CPR" in result.output
    assert "120345" not in result.output
    source.write_text("## indledning\nTekst.\n", encoding="utf-8")
    result = run("commentary", "import", source, "--year", 2010, "--warehouse", demo_warehouse)
    assert result.exit_code != 0 and f"{source}, linje 1" in result.output
    assert commentary.versions(demo_warehouse, YEAR) == []


def test_the_demo_teams_2010_report_reads_section_by_section(words, tmp_path, demo_warehouse):
    """The 2010 PDF with the demo team's words (./run demo imports them), as the reference
    report reads: an introduction, then each section's figures with the team's words under
    the generated sentences, then the team's assessment and signatures."""
    from pathlib import Path

    from report.sections import SECTIONS

    demo = Path(__file__).parents[1] / "skp" / "demo_commentary.txt"
    result = run("commentary", "import", demo, "--year", 2010, "--warehouse", demo_warehouse)
    assert result.exit_code == 0, result.output
    texts = commentary.parse(demo.read_text(encoding="utf-8"), str(demo))
    assert set(texts) == set(commentary.PARTS)  # every part written
    pdf = tmp_path / "statusrapport-2010.pdf"
    result = run(
        "report", "--year", 2010, "--format", "pdf", "--output", pdf, "--warehouse", demo_warehouse
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(pdf)
    at = text.index("Indledning " + texts["intro"].split(".")[0])
    for number, (key, title) in enumerate(SECTIONS, start=1):
        heading = text.index(f"{number}. {title}", at)
        words = text.index(texts[key].split(".")[0], heading)
        following = f"{number + 1}. {SECTIONS[number][1]}" if number < len(SECTIONS) else None
        assert following is None or words < text.index(following, heading), key
        at = words
    closing = text.index("Teamets vurdering", at)
    assert text.index("Anne Andersen, teamleder", closing) < text.index("Bilag", closing)


def test_a_rebuild_keeps_every_version(tmp_path):
    """Kept in the warehouse's private folder, outside the published file: `skp build`
    publishes a new file and the team's words stay, every version."""
    from tests.conftest import build_demo_warehouse

    warehouse = build_demo_warehouse(tmp_path)
    commentary.save(warehouse, YEAR, "intro", "Første udkast.", "Anne", "manager")
    commentary.save(warehouse, YEAR, "intro", "Andet udkast.", "Anne", "manager")
    assert commentary.folder(warehouse).is_relative_to(warehouse.parent)
    result = run("build", "--warehouse", warehouse)
    assert result.exit_code == 0, result.output
    assert [v.text for v in commentary.versions(warehouse, YEAR)] == [
        "Første udkast.",
        "Andet udkast.",
    ]


def test_two_writers_at_once_lose_no_version(words):
    """A manager and a steward saving at once: each save one whole line, none lost or mixed."""
    from concurrent.futures import ThreadPoolExecutor

    def write(name: str) -> None:
        for n in range(40):
            commentary.save(words, YEAR, "intro", f"{name} {n} " + "tekst " * 80, name, "manager")

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(write, ["Anne", "Bo"]))
    kept = commentary.versions(words, YEAR)
    assert len(kept) == 80
    assert all(v.text.startswith(f"{v.name} ") for v in kept)  # no line mixed
    assert sorted(int(v.text.split(" ")[1]) for v in kept if v.name == "Bo") == list(range(40))
