"""The status report as an A4 PDF for a board, modelled on the 2010 status report in
shared/reference: citizens by year and gender, ages, income, where citizens came from,
problem groups, homelessness, episodes and contacts, each section opened by generated Danish
sentences, and an appendix with the definitions, the data's freshness and the load summary.

    collect()  every query (kpis.report for the period and the previous one; code labels; loads)
    document() pure: the figures, suppressed, as the sections, tables and charts the PDF shows
    render()   Typst lays the document out (status_report.typ); vl-convert draws the charts

The figures are kpis.report's, the one definition `skp report` and the dashboard use, with small
counts always suppressed (config.board_threshold)."""

import contextlib
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import duckdb
import typst
import vl_convert

from report import charts, formatting, sentences
from report.formatting import count, date, decimal, number, share, signed
from report.texts import TEXT, VALUES
from warehouse import config, kpis, published
from warehouse.build import last_build_time
from warehouse.config import Branding
from warehouse.connection import NoData
from warehouse.definitions import definition
from warehouse.filters import CODE_LISTS, Filters
from warehouse.labels import DURATION_BUCKETS, LABELS, PROBLEM_GROUPS, labels
from warehouse.periods import Comparison, Period, last_data_date
from warehouse.published import known_gender
from warehouse.quality import load_summary
from warehouse.suppression import SIBLING

TEMPLATE = Path(__file__).with_name("status_report.typ")
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg", ".gif"}


NOTHING_SHOWN = TEXT["nothing_shown"][0]


class ReportError(Exception):
    """The report cannot be made as configured (a message a person can act on)."""


def collect(con: duckdb.DuckDBPyConnection, period: Period, filters: Filters) -> dict:
    """Everything the report shows, read from the warehouse: raises NoData when nobody
    was in contact in the period."""
    figures = kpis.report(con, period, filters)
    comparison = Comparison.stated(figures["period"])
    previous = None
    if comparison.previous:  # the period before (README, "Comparing periods"), if any
        with contextlib.suppress(NoData):
            previous = kpis.report(con, comparison.previous, filters)
    unfiltered = {"figures": None, "previous": None}
    if filters:  # a filtered report is suppressed against the unfiltered one
        unfiltered["figures"] = kpis.report(con, period)
        if comparison.previous:
            with contextlib.suppress(NoData):
                unfiltered["previous"] = kpis.report(con, comparison.previous)
    return {
        "period": period,
        "comparison": comparison,
        "filters": filters,
        "figures": figures,
        "previous": previous,
        "unfiltered": unfiltered,
        "labels": {
            name: dict(zip(frame["code"], frame["label_da"], strict=True))
            for name, frame in ((name, labels(con, name)) for name in LABELS)
        },
        "loads": load_summary(con),
        "last_data_date": last_data_date(con),
    }


def _label(labels: dict[str, str], code: str) -> str:
    if code in labels:
        return labels[code]
    return VALUES[code][0] if code in VALUES else code


def _table(columns: list[str], rows: list[list[str]], widths: str = "auto", text: int = 1) -> dict:
    """A table; its first `text` columns are text (left-aligned), the rest figures."""
    align = ["left"] * text + ["right"] * (len(columns) - text)
    return {"kind": "table", "columns": columns, "rows": rows, "widths": widths, "align": align}


def _side_by_side(*blocks: dict) -> dict:
    return {"kind": "columns", "blocks": list(blocks)}


def _count_table(
    title: str, counts: dict, labels: dict[str, str], whole, order: list[str] | None = None
) -> dict:
    """One row per code: label, count as shown, share of `whole` (citizens in contact); one
    sentence instead when the table is withheld."""
    if not counts and whole not in (0, None):
        return _table([title], [[NOTHING_SHOWN]])
    keys = order + [k for k in counts if k not in order] if order else list(counts)
    rows = [
        [_label(labels, k), count(counts.get(k, 0)), share(counts.get(k, 0), whole)] for k in keys
    ]
    return _table([title, "Antal", "Andel"], rows)


def _facts(rows: list[tuple[str, str]], columns: tuple[str, str] = ("Nøgletal", "Værdi")) -> dict:
    """A table of key figures, each a row: name and value, under header cells (PDF/UA)."""
    return _table(list(columns), [list(row) for row in rows], widths="facts")


def _chart(name: str, counts: dict, labels: dict, title: str, category: str, sort=None) -> dict:
    if not any(isinstance(n, int) and n > 0 for n in counts.values()):
        return _table([title], [[NOTHING_SHOWN]])  # no bar to draw: withheld or hidden
    frame = charts.counts_frame(counts, lambda k: _label(labels, k))
    sort = [_label(labels, k) for k in sort] if sort else None
    chart = charts.bar_chart(frame, title, category, "Borgere", sort).properties(width=360)
    return {
        "kind": "chart",
        "file": f"{name}.svg",
        "spec": chart.to_dict(),
        "alt": chart_alt(title, category, counts, labels, sort),
    }


def chart_alt(title: str, category: str, counts: dict, labels: dict, sort=None) -> str:
    """A chart's alternative text, from its figures: what it shows and every bar's count as
    shown ('<5', 'x' where hidden), in the chart's order."""
    bars = [(_label(labels, k), count(n)) for k, n in counts.items()]
    if sort:
        bars.sort(key=lambda bar: sort.index(bar[0]) if bar[0] in sort else len(sort))
    text = f"Søjlediagram: {title}, borgere efter {category.lower()}: "
    text += "; ".join(f"{label} {shown}" for label, shown in bars) + "."
    if any(isinstance(n, str) for n in counts.values()):
        text += " «<5» er 1–4 borgere; «x» er skjult, så et lille tal ikke kan regnes ud."
    return text


GENDER_KEYS = ["men", "women", "unknown_gender", "total"]


def _gender_row(figures: dict, label: str, keys: list[str]) -> list[str]:
    """Period, ages, then each count with its share of the citizens of known gender."""
    c = figures["citizens"]
    known = known_gender(c)

    def cell(key: str) -> str:
        part = share(c[key], known) if key in ("men", "women") else "–"
        return count(c[key]) + (f" ({part})" if part != "–" else "")

    ages = "–"
    if isinstance(c["age_min"], int):  # the range: only where configured
        ages = f"{c['age_min']}–{c['age_max']}"
    elif isinstance(c.get("age_median"), int | float):
        ages = f"median {formatting.age(c['age_median'])}"
    elif SIBLING in (c["age_min"], c.get("age_median")):  # hidden for a small group
        ages = SIBLING
    return [label, ages] + [cell(key) for key in keys]


def _change_row(figures: dict, previous: dict, keys: list[str]) -> list[str]:
    """Each count minus the previous period's; 'x' where either is hidden."""
    now, before = figures["citizens"], previous["citizens"]
    return ["Ændring", ""] + [
        signed(now[k] - before[k])
        if isinstance(now[k], int) and isinstance(before[k], int)
        else "x"
        for k in keys
    ]


def _filters_text(filters: Filters, labels: dict[str, dict[str, str]]) -> str:
    parts = [
        f"{TEXT[name][0]}: "
        + ", ".join(_label(labels.get(CODE_LISTS[name] or "", {}), v) for v in values)
        for name, values in filters.__dict__.items()
        if values
    ]
    return "; ".join(parts)


DEFINITIONS = [
    ("Borgere i kontakt", "fct_citizens_in_contact", "citizen_id"),
    ("Køn", "fct_citizens_in_contact", "gender"),
    ("Alder og aldersgrupper", "fct_citizens_in_contact", "age_band"),
    ("Forsørgelse", "fct_citizens_in_contact", "income_source"),
    ("Hvor borgerne kom fra", "fct_citizens_in_contact", "referral_source"),
    ("Henvendelser", "fct_referrals", "referral_source"),
    ("Problemgrupper", "fct_citizens_in_contact", "problem_group"),
    ("Hjemløse ved periodens udgang", "fct_citizens_in_contact", "housing_situation_at_end"),
    ("Fik bolig efter hjemløshed", "fct_citizens_in_contact", "was_housed_after_homelessness"),
    ("Har sovet på gaden", "fct_citizens_in_contact", "slept_rough"),
    ("Forløbets varighed", "fct_citizens_in_contact", "duration_bucket"),
    ("Afsluttede forløb", "fct_episodes", "end_reason"),
    ("Mål", "bridge_episode_goals", "goal"),
    ("Kontakter", "fct_contacts", "contact_form"),
    ("Opsøgende kontaktforsøg", "fct_contacts", "status"),
]


def document(
    collected: dict, threshold: int, branding: Branding, built_at: dt.datetime | None = None
) -> dict:
    """The report as data for the template: every count suppressed with `threshold`."""
    period, labels = collected["period"], collected["labels"]
    unfiltered, age_range = collected["unfiltered"], config.show_age_range()
    figures = published.suppressed(
        collected["figures"], threshold, age_range, unfiltered["figures"]
    )
    previous = collected["previous"] and published.suppressed(
        collected["previous"], threshold, age_range, unfiltered["previous"]
    )
    when = sentences.When.of(period, collected["comparison"])
    name = formatting.period(period)
    c, h, e = figures["citizens"], figures["housing"], figures["episodes"]
    total = c["total"]

    keys = [
        k
        for k in GENDER_KEYS
        if k != "unknown_gender" or any(f and f["citizens"][k] for f in (figures, previous))
    ]
    rows = [_gender_row(figures, name, keys)]
    if previous:
        compared_with = collected["comparison"].previous
        before = _gender_row(previous, formatting.period(compared_with), keys)
        rows = [before, rows[0], _change_row(figures, previous, keys)]
    titles = {"men": "Mænd", "women": "Kvinder", "unknown_gender": "Ukendt køn", "total": "I alt"}
    gender_columns = ["År" if period.is_calendar_year else "Periode", "Alder"]
    gender_columns += [titles[k] for k in keys]

    sections = [
        {
            "title": "Borgere i kontakt",
            "sentences": sentences.citizens(figures, previous, when),
            "blocks": [
                _table(gender_columns, rows, widths="gender"),
                _count_table("Aldersgruppe", c["age_bands"], {}, total),
            ],
        },
        {
            "title": "Forsørgelse og samlivsforhold",
            "sentences": sentences.income(figures, labels["income_sources"]),
            "blocks": [
                _count_table(
                    "Forsørgelse", figures["income_source"], labels["income_sources"], total
                ),
                _side_by_side(
                    _count_table(
                        "Civilstand", figures["civil_status"], labels["civil_statuses"], total
                    ),
                    _count_table("Bor alene", figures["living_alone"], {}, total),
                ),
            ],
        },
        {
            "title": "Hvor kommer borgerne fra",
            "sentences": sentences.origins(figures, labels["referral_sources"], when),
            "blocks": [
                _chart(
                    "origins",
                    c["by_referral_source"],
                    labels["referral_sources"],
                    "Hvor kom borgerne i kontakt fra",
                    "Henvendelse fra",
                )
            ],
        },
        {
            "title": "Problemstillinger",
            "sentences": sentences.problems(figures),
            "blocks": [
                _count_table(
                    "Problemgruppe",
                    figures["problem_groups"],
                    labels["problem_groups"],
                    total,
                    PROBLEM_GROUPS,
                )
            ],
        },
        {
            "title": "Hjemløshed og bolig",
            "sentences": sentences.housing(figures, when),
            "blocks": [
                _facts(
                    [
                        (
                            f"Hjemløse {when.at_end}",
                            f"{count(h['homeless_at_end'])} ({share(h['homeless_at_end'], total)})",
                        ),
                        ("Fik bolig efter hjemløshed", count(h["housed_after_homelessness"])),
                        ("Har sovet på gaden", count(h["slept_rough"])),
                    ]
                ),
                _count_table(
                    "Hjemløse efter situation",
                    h["homeless_by_situation"],
                    labels["housing_situations"],
                    h["homeless_at_end"],
                ),
            ],
        },
        {
            "title": "Forløb",
            "sentences": sentences.durations(figures, when)
            + sentences.episodes(figures, labels["episode_end_reasons"], labels["goals"], when),
            "blocks": [
                _chart(
                    "durations",
                    figures["episode_duration"],
                    {},
                    "Varighed af støtte-kontaktforløb",
                    "Varighed",
                    sort=DURATION_BUCKETS,
                ),
                _facts(
                    [
                        ("Aktive forløb i perioden", count(e["active"])),
                        ("Nye forløb", count(e["started"])),
                        ("Afsluttede forløb", count(e["ended"])),
                        ("Median længde af afsluttede forløb", days(e["median_length_days"])),
                    ]
                ),
                _side_by_side(
                    _count_table(
                        "Slutårsag", e["ended_by_reason"], labels["episode_end_reasons"], e["ended"]
                    ),
                    _table(
                        ["Mål (forløb)", "Antal"],
                        [
                            [_label(labels["goals"], k), count(n)]
                            for k, n in figures["goals"].items()
                        ],
                    ),
                ),
            ],
        },
        {
            "title": "Kontakter",
            "sentences": sentences.contacts(figures, labels["contact_forms"], when),
            "blocks": [
                _side_by_side(
                    _count_table(
                        "Kontaktform",
                        figures["contacts"]["by_form"],
                        labels["contact_forms"],
                        figures["contacts"]["total"],
                    ),
                    _facts(
                        [
                            ("Gennemførte kontakter", count(figures["contacts"]["total"])),
                            (
                                "Kontakter pr. borger i kontakt",
                                decimal(figures["contacts"]["per_citizen"]),
                            ),
                            (
                                "Opsøgende kontaktforsøg",
                                count(figures["contacts"]["outreach_attempts"]),
                            ),
                            (
                                "Uden for åbningstid",
                                share(
                                    figures["contacts"]["out_of_hours"],
                                    figures["contacts"]["total"],
                                ),
                            ),
                        ]
                    ),
                ),
            ],
        },
    ]
    loads = collected["loads"]
    appendix = {
        "definitions": [[term, definition(model, column)] for term, model, column in DEFINITIONS],
        "suppression": (
            f"Små tal er skjult: et antal fra 1 til {threshold - 1} vises som <{threshold}, og et "
            "total eller et andet tal, der ville afsløre et skjult tal, vises som x. "
            "Andele af skjulte tal vises som –."
        ),
        "freshness": _facts(
            [
                ["Seneste dato i data", date(collected["last_data_date"])]
                if collected["last_data_date"]
                else ["Seneste dato i data", "–"],
                ["Seneste indlæsning", _timestamp(loads["loaded_at"].max())],
                ["Lageret bygget", _timestamp(built_at)],
                ["Rapporten lavet", _timestamp(dt.datetime.now())],
            ],
            ("Datagrundlag", "Tidspunkt"),
        ),
        "loads": _table(
            ["Fil", "Indhold", "Læst", "Indlæst", "Afvist", "Ukendte koder"],
            [
                [
                    row["file"],
                    row["entity"],
                    number(row["rows_read"]),
                    number(row["rows_loaded"]),
                    number(row["rows_rejected"]),
                    number(row["unknown_codes"]),
                ]
                for row in loads.iter_rows(named=True)
            ],
            text=2,
        ),
    }
    title = f"Statusrapport {name}"
    return {
        "title": title,
        "subtitle": "Støtte- og kontaktpersonordningen efter servicelovens § 99",
        "municipality": branding.municipality,
        "team": branding.team,
        "period": f"{date(period.start)}–{date(period.end)}"
        + (f" ({when.coverage})" if when.coverage else ""),
        "filters": _filters_text(collected["filters"], labels),
        "sections": sections,
        "appendix": appendix,
    }


def days(value: float | str | None) -> str:
    if value is None or isinstance(value, str):
        return "–" if value is None else value
    return f"{number(value)} dage"


def _timestamp(value: dt.datetime | None) -> str:
    return value.strftime("%d-%m-%Y kl. %H:%M") if value else "–"


def logo_problem(logo: Path | None) -> str | None:
    """What is wrong with the configured logo, if anything: the PDF cannot be made then."""
    if logo is not None and (not logo.is_file() or logo.suffix.lower() not in LOGO_TYPES):
        return f"logoet {logo} findes ikke eller er ikke PNG, JPEG, GIF eller SVG (SKP_LOGO)"
    return None


def render(doc: dict, logo: Path | None = None) -> bytes:
    """Lay the document out as an A4 PDF: charts drawn to SVG, then Typst."""
    if problem := logo_problem(logo):
        raise ReportError(problem)
    with tempfile.TemporaryDirectory(prefix="skp-report-") as folder:
        root = Path(folder)
        shutil.copy(TEMPLATE, root / "main.typ")
        doc = json.loads(json.dumps(doc))
        for section in doc["sections"]:
            for block in section["blocks"]:
                if block["kind"] == "chart":
                    svg = vl_convert.vegalite_to_svg(block.pop("spec"))
                    (root / block["file"]).write_text(svg, encoding="utf-8")
        doc["logo"] = None
        if logo is not None:
            doc["logo"] = f"logo{logo.suffix.lower()}"
            shutil.copy(logo, root / doc["logo"])
        (root / "report.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        # PDF/UA-1: tagged, every figure with alt text, the title shown as the window's
        return typst.compile(
            str(root / "main.typ"),
            root=str(root),
            ignore_system_fonts=True,
            pdf_standards="ua-1",
        )


def pdf(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    filters: Filters,
    threshold: int,
    branding: Branding,
    built_at: dt.datetime | None = None,
) -> bytes:
    """The status report for the period and filters as PDF bytes."""
    doc = document(collect(con, period, filters), threshold, branding, built_at)
    return render(doc, branding.logo)


def board_pdf(con: duckdb.DuckDBPyConnection, period: Period, filters: Filters) -> bytes:
    """The PDF as configured for a board (`skp report --format pdf`, the dashboard's
    download): the board threshold, the configured sender, the warehouse's last build time."""
    return pdf(
        con,
        period,
        filters,
        config.board_threshold(),
        config.branding(),
        last_build_time(con),
    )
