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
import copy
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import typst
import vl_convert

from report import charts, commentary, development, formatting, sentences
from report.formatting import count, date, number, share, signed
from report.sections import SECTIONS
from report.texts import TEXT, code_label
from warehouse import config, kpis, published
from warehouse.build import last_build_time
from warehouse.config import Branding
from warehouse.connection import NoData
from warehouse.definitions import definition
from warehouse.figures import FIGURES, GENDER, Counts, Figure, in_pdf, total_of, value_at
from warehouse.filters import CODE_LISTS, NO_FILTERS, Filters
from warehouse.labels import LABELS, labels
from warehouse.periods import Comparison, Period, last_data_date, years_with_data
from warehouse.published import known_gender
from warehouse.quality import load_summary
from warehouse.suppression import SIBLING
from warehouse.targets import held_against, targets

TEMPLATE = Path(__file__).with_name("status_report.typ")
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg", ".gif"}


NOTHING_SHOWN = TEXT["nothing_shown"][0]


class ReportError(Exception):
    """The report cannot be made as configured (a message a person can act on)."""


def collect(con: duckdb.DuckDBPyConnection, period: Period, filters: Filters) -> dict:
    """Everything the report shows, read from the warehouse: raises NoData when nobody
    was in contact in the period."""
    report = _reports(con)
    figures = report(period, filters)
    comparison = Comparison.stated(figures["period"])
    previous = None
    if comparison.previous:  # the period before (README, "Comparing periods"), if any
        with contextlib.suppress(NoData):
            previous = report(comparison.previous, filters)
    unfiltered = {"figures": None, "previous": None}
    if filters:  # a filtered report is suppressed against the unfiltered one
        unfiltered["figures"] = report(period, NO_FILTERS)
        if comparison.previous:
            with contextlib.suppress(NoData):
                unfiltered["previous"] = report(comparison.previous, NO_FILTERS)
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
        "targets": targets(con, period),
        "years": _years(con, period, filters, report),
        "last_data_date": last_data_date(con),
    }


def _reports(con: duckdb.DuckDBPyConnection) -> Callable[[Period, Filters], dict]:
    """kpis.report for a period and filters, each counted once for one report: the year of
    a calendar-year report and the year before it are among the years side by side too (at
    national size 0.6 s each). Each caller gets a copy of its own."""
    counted: dict[tuple[Period, Filters], dict | NoData] = {}

    def report(period: Period, filters: Filters) -> dict:
        if (period, filters) not in counted:
            try:
                counted[period, filters] = kpis.report(con, period, filters)
            except NoData as error:
                counted[period, filters] = error
        found = counted[period, filters]
        if isinstance(found, NoData):
            raise found
        return copy.deepcopy(found)

    return report


def _years(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    filters: Filters,
    report: Callable[[Period, Filters], dict],
) -> dict:
    """Every year of the data up to the period's, its figures and (filtered) the unfiltered
    ones: the years side by side."""
    years = {}
    for year in [y for y in years_with_data(con) if y <= period.end.year]:
        with contextlib.suppress(NoData):
            figures = report(Period.year(year), filters)
            unfiltered = report(Period.year(year), NO_FILTERS) if filters else None
            years[year] = (figures, unfiltered)
    return years


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
        [code_label(k, labels), count(counts.get(k, 0)), share(counts.get(k, 0), whole)]
        for k in keys
    ]
    return _table([title, "Antal", "Andel"], rows)


def _facts(rows: list[tuple[str, str]], columns: tuple[str, str] = ("Nøgletal", "Værdi")) -> dict:
    """A table of key figures, each a row: name and value, under header cells (PDF/UA)."""
    return _table(list(columns), [list(row) for row in rows], widths="facts")


def _chart(declared: Figure, counts: dict, labels: dict, sort=None) -> dict:
    title, category = TEXT[declared.title][0], TEXT[declared.category][0]
    if not any(isinstance(n, int) and n > 0 for n in counts.values()):
        return _table([title], [[NOTHING_SHOWN]])  # no bar to draw: withheld or hidden
    frame = charts.counts_frame(counts, lambda k: code_label(k, labels))
    sort = [code_label(k, labels) for k in sort] if sort else None
    measured = TEXT[declared.count_title][0]
    chart = charts.bar_chart(frame, title, category, measured, sort).properties(width=360)
    return {
        "kind": "chart",
        "file": f"{declared.key.replace('.', '-')}.svg",
        "spec": chart.to_dict(),
        "alt": chart_alt(title, category, counts, labels, sort),
    }


def chart_alt(title: str, category: str, counts: dict, labels: dict, sort=None) -> str:
    """A chart's alternative text, from its figures: what it shows and every bar's count as
    shown ('<5', 'x' where hidden), in the chart's order."""
    bars = [(code_label(k, labels), count(n)) for k, n in counts.items()]
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
        + ", ".join(code_label(v, labels.get(CODE_LISTS[name] or "", {})) for v in values)
        for name, values in filters.__dict__.items()
        if values
    ]
    return "; ".join(parts)


# Each section's generated sentences (its figures: those declared for it, in order).
WRITTEN = {
    "citizens": lambda f, p, lab, w: sentences.citizens(f, p, w),
    "income": lambda f, p, lab, w: sentences.income(f, lab["income_sources"]),
    "origins": lambda f, p, lab, w: sentences.origins(f, lab["referral_sources"], w),
    "problems": lambda f, p, lab, w: sentences.problems(f),
    "housing": lambda f, p, lab, w: sentences.housing(f, w),
    "episodes": lambda f, p, lab, w: (
        sentences.durations(f, w)
        + sentences.episodes(f, lab["episode_end_reasons"], lab["goals"], w)
    ),
    "contacts": lambda f, p, lab, w: sentences.contacts(f, lab["contact_forms"], w),
    "development": lambda f, p, lab, w: [],
    "quality": lambda f, p, lab, w: sentences.quality(f, w),
}
# the figures the citizens section shows in its table of the periods side by side
GENDER_TABLE = {
    "citizens.total",
    *GENDER,
    "citizens.previous_total",
    "citizens.change",
    "citizens.age_min",
    "citizens.age_max",
    "citizens.age_median",
}


def _value(declared: Figure, figures: dict) -> str:
    """A single figure as the PDF prints it, with its share where declared with one."""
    value = value_at(figures, declared.key)
    text = days(value) if declared.format == "days" else formatting.figure_value(declared, figures)
    share = formatting.figure_share(declared, figures)
    return f"{text} ({share})" if share else text


def _breakdown(declared: Figure, figures: dict, labels: dict) -> dict:
    """A declared breakdown as a chart, or a table with each row's share of its total."""
    counts = value_at(figures, declared.key) or {}
    names = labels.get(declared.code_list or "", {})
    if declared.pdf.endswith(":chart"):
        sort = list(counts) if declared.in_order else None
        return _chart(declared, counts, names, sort)
    category = TEXT[declared.category][0]
    if isinstance(declared.rule, Counts):  # no total: a count per row, no share
        rows = [[code_label(k, names), count(n)] for k, n in counts.items()]
        return _table([category, "Antal"], rows)
    whole = value_at(figures, total_of(declared.key) or "citizens.total")
    return _count_table(category, counts, names, whole)


def _blocks(section: str, figures: dict, labels: dict) -> list[dict]:
    """The section's declared figures: each breakdown a table or chart (two halves side by
    side), the single figures together in one table of key figures where the first stands."""
    blocks: list[dict] = []
    facts: list[tuple[str, str]] = []
    half: dict | None = None
    for declared in in_pdf(section):
        if declared.key in GENDER_TABLE:
            continue
        if not declared.is_breakdown:
            if not facts:
                blocks.append({"kind": "facts"})  # where the key figures go
            facts.append((TEXT[declared.title][0], _value(declared, figures)))
        elif declared.pdf.endswith(":half") and half is None:
            half = _breakdown(declared, figures, labels)
            blocks.append(half)
        elif declared.pdf.endswith(":half"):
            blocks[blocks.index(half)] = _side_by_side(half, _breakdown(declared, figures, labels))
            half = None
        else:
            blocks.append(_breakdown(declared, figures, labels))
    return [_facts(facts) if block.get("kind") == "facts" else block for block in blocks]


def _appendix_definitions() -> list[list[str]]:
    """Every figure in the PDF with its definition from the dbt docs: the figures that share a
    definition on one line."""
    terms: dict[str, list[str]] = {}
    for declared in (f for f in FIGURES if f.pdf):
        text = definition(declared.model, declared.column)
        title = TEXT[declared.title][0]
        if title not in terms.setdefault(text, []):
            terms[text].append(title)
    return [[", ".join(titles), text] for text, titles in terms.items()]


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

    first = _table(gender_columns, rows, widths="gender")
    held = held_against(collected["targets"], figures)
    columns = [TEXT[key][0] for key in ("target_figure", "target", "actual", "met")]
    goals = _table(columns, formatting.target_rows(held))
    years = {
        year: published.suppressed(figures, threshold, age_range, before)
        for year, (figures, before) in collected["years"].items()
    }
    columns, development_rows = development.table(years, labels)
    side_by_side = _table(columns, development_rows)
    extra = {"citizens": [first], "quality": [goals] if held else [], "development": [side_by_side]}
    # the team's words for the period, in a report of the whole team (not a filtered one)
    texts = {} if collected["filters"] else collected.get("commentary", {})
    sections = [
        {
            "title": title,
            "sentences": WRITTEN[key](figures, previous, labels, when),
            "commentary": commentary.blocks(texts.get(key, "")),
            "blocks": extra.get(key, []) + _blocks(key, figures, labels),
        }
        for key, title in SECTIONS
    ]
    loads = collected["loads"]
    appendix = {
        "definitions": _appendix_definitions(),
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
        "intro": commentary.blocks(texts.get("intro", "")),
        "closing": commentary.blocks(texts.get("closing", "")),
        "signatures": [
            line.strip() for line in texts.get("signatures", "").split("\n") if line.strip()
        ],
    }


def days(value: float | str | None) -> str:
    if value is None or isinstance(value, str):
        return "–" if value is None else value
    return f"{formatting.age(value)} dage"  # whole, or with a half (a median, a quartile)


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
    texts: dict[str, str] | None = None,
) -> bytes:
    """The status report for the period and filters as PDF bytes; `texts`: the team's own
    words for the period (report/commentary.py)."""
    collected = collect(con, period, filters) | {"commentary": texts or {}}
    doc = document(collected, threshold, branding, built_at)
    return render(doc, branding.logo)


def board_pdf(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    filters: Filters,
    texts: dict[str, str] | None = None,
) -> bytes:
    """The PDF as configured for a board (`skp report --format pdf`, the dashboard's
    download): the board threshold, the configured sender, the warehouse's last build time,
    and the team's words for the period."""
    return pdf(
        con,
        period,
        filters,
        config.board_threshold(),
        config.branding(),
        last_build_time(con),
        texts,
    )
