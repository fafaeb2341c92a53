"""Every figure of the status report, declared once (README, "Adding a KPI").

A declaration says:
- `key`: where the figure sits in the report (`skp report`'s JSON, shared/spec/report.md);
- `counted`: how it is counted from the marts (a `Measure` over one kind of rows, see
  warehouse/kpis.py), or from other figures (`Difference`, `Ratio`), or the same figure of the
  period compared with (`Previous`);
- `model` and `column`: the dbt model and column it counts; their YAML `meta` holds its
  definition (definition_da, definition_en), shown under it on every page and in the PDF;
- `rule`: what a board may see of it (warehouse/published.py): a `Total` with the tables that
  add up to it, a `Count`, `Counts`, a `Derived` figure, an `AgeExtreme`, a `Label`;
- `title` (and a breakdown's `category`): text keys in report/texts.py, Danish and English;
- `code_list`: the dbt seed its categories are labelled from;
- `shown`: the dashboard pages it is on, "meeting" for a slide, "note" for a line under the
  slide before it; `pdf`: the PDF section it is in.

The report's JSON, the suppressed outputs, the dashboard's charts, captions and CSVs, the PDF's
sections and appendix, meeting mode and the tests are all read from these declarations, in
their order. A figure the report holds that nobody declared is never published.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from warehouse.labels import AGE_BANDS, DURATION_BUCKETS, PROBLEM_GROUPS

# --- how a figure is counted ------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """An aggregate over one kind of rows (warehouse/kpis.py ROWS) for the period and filters.
    With `by`, a breakdown: a count per value of that expression, in the order of `order` (each
    of those codes shown, 0 if none, except the `optional` ones), then by code. With `grain`,
    the one column `by` is computed from: the rows are counted per value of that column first,
    and `by` is computed once per value, not once per row (a count only)."""

    rows: str
    value: str = "count(*)"
    where: str = ""  # only the rows where this holds (SQL over the rows' columns)
    by: str | None = None
    grain: str | None = None
    order: tuple[str, ...] | str = ()  # codes, or a code list (seed) whose order is kept
    optional: tuple[str, ...] = ()


@dataclass(frozen=True)
class Difference:
    """One figure minus another; None when either is None."""

    minuend: str
    subtrahend: str


@dataclass(frozen=True)
class Ratio:
    """One figure (or the sum of several, or of cells of a breakdown: 'episodes.ended_by_reason
    .brobygget') divided by another, rounded; None when the divisor is 0."""

    numerator: str | tuple[str, ...]
    denominator: str
    digits: int = 2


@dataclass(frozen=True)
class Previous:
    """A figure of the period the change is counted against (marts.dim_periods); None when
    the period cannot be compared."""

    key: str


# --- what a board may see of it (warehouse/published.py) --------------------------------------


@dataclass(frozen=True)
class Total:
    """A count that tables (breakdowns) each add up to: suppressed together. `split`: a table
    held as sibling counts (men, women, unknown gender). `everyone`: the tables split the
    citizens in contact, and one that puts every one of them in one category is withheld."""

    tables: tuple[str, ...] = ()
    split: tuple[str, ...] = ()
    everyone: bool = False


@dataclass(frozen=True)
class Table:
    """A breakdown (or a split count) suppressed with the total it adds up to, which names it."""


@dataclass(frozen=True)
class Count:
    """A count shown on its own."""


@dataclass(frozen=True)
class Counts:
    """A breakdown with no total to protect (an episode counts under each of its goals).
    `within`: a breakdown shown beside it whose every cell holds this one's (the goals of all
    running episodes hold those of the bridged ones): a cell is hidden where the two could be
    subtracted to a small count."""

    within: str | None = None


@dataclass(frozen=True)
class Derived:
    """Computed from counts: shown only when every count it comes from is; with `at_least`,
    only when that count reaches the threshold."""

    inputs: tuple[str, ...]
    at_least: str | None = None


@dataclass(frozen=True)
class AgeExtreme:
    """The youngest or oldest age: shown only where configured."""


@dataclass(frozen=True)
class Label:
    """Not a count (the period)."""


Rule = Total | Table | Count | Counts | Derived | AgeExtreme | Label


@dataclass(frozen=True)
class Figure:
    key: str
    counted: Measure | Difference | Ratio | Previous | None
    rule: Rule
    model: str | None = None
    column: str | None = None
    title: str | None = None
    category: str | None = None
    code_list: str | None = None
    shown: tuple[str, ...] = ()
    pdf: str | None = None
    # bars: horizontal, ranked by count; rows: horizontal, in the figure's order; columns:
    # vertical, in its order; months: a time axis
    chart: str = "bars"
    format: str = "count"  # count, decimal, days, age, percent (a share as 0.958)
    share_of: str | None = None  # a figure it is shown as a share of ("known_gender": men+women)
    share_text: str | None = None  # a text key around that share ("{share} of ...")

    @property
    def in_order(self) -> bool:
        """Its chart keeps the order of its categories (else it ranks them by count)."""
        return self.chart in ("rows", "columns")

    @property
    def is_breakdown(self) -> bool:
        return isinstance(self.counted, Measure) and self.counted.by is not None

    @property
    def count_title(self) -> str:
        """What its bars count (the chart's axis, the CSV's column)."""
        rows = self.counted.rows if isinstance(self.counted, Measure) else "citizens"
        return {"citizens": "citizens_count", "citizens_by_contacts": "citizens_count"}.get(
            rows, "episodes_count" if rows.startswith("episode") else "count"
        )


CITIZENS, EPISODES = "fct_citizens_in_contact", "fct_episodes"
REFERRALS, CONTACTS = "fct_referrals", "fct_contacts"
GENDER = ("citizens.men", "citizens.women", "citizens.unknown_gender")


def _by(column: str, **options) -> Measure:
    return Measure("citizens", by=column, **options)


FIGURES: tuple[Figure, ...] = (
    Figure("period", None, Label()),
    # --- citizens in contact -----------------------------------------------------------------
    Figure(
        "citizens.total",
        Measure("citizens"),
        Total(
            tables=(
                "citizens.age_bands",
                "citizens.by_referral_source",
                "income_source",
                "civil_status",
                "living_alone",
                "problem_groups",
                "episode_duration",
                "contacts.citizens_by_contacts",
                "quality.contact_cadence",
            ),
            split=GENDER,
            everyone=True,
        ),
        CITIZENS,
        "citizen_id",
        "citizens_in_contact",
        shown=("overblik", "maalgruppe", "meeting", "udvikling"),
        pdf="citizens",
    ),
    Figure(
        "citizens.men",
        Measure("citizens", where="gender = 'M'"),
        Table(),  # the total's split
        CITIZENS,
        "gender",
        "men",
        shown=("overblik", "note", "udvikling"),
        pdf="citizens",
        share_of="known_gender",
    ),
    Figure(
        "citizens.women",
        Measure("citizens", where="gender = 'K'"),
        Table(),
        CITIZENS,
        "gender",
        "women",
        shown=("overblik", "note", "udvikling"),
        pdf="citizens",
        share_of="known_gender",
    ),
    Figure(
        "citizens.unknown_gender",
        Measure("citizens", where="gender = 'ukendt'"),
        Table(),
        CITIZENS,
        "gender",
        "gender_unknown",
        pdf="citizens",
    ),
    Figure(
        "citizens.previous_total",
        Previous("citizens.total"),
        Count(),
        CITIZENS,
        "citizen_id",
        "previous_total",
        pdf="citizens",
    ),
    Figure(
        "citizens.change",
        Difference("citizens.total", "citizens.previous_total"),
        Derived(("citizens.total", "citizens.previous_total")),
        CITIZENS,
        "citizen_id",
        "change",
        shown=("note",),
        pdf="citizens",
    ),
    Figure(
        "citizens.age_min",
        Measure("citizens", value="min(age)"),
        AgeExtreme(),
        CITIZENS,
        "age",
        "age_min",
        pdf="citizens",
    ),
    Figure(
        "citizens.age_max",
        Measure("citizens", value="max(age)"),
        AgeExtreme(),
        CITIZENS,
        "age",
        "age_max",
        pdf="citizens",
    ),
    Figure(
        "citizens.age_median",
        Measure("citizens", value="median(age)::double"),
        Derived(("citizens.total",)),
        CITIZENS,
        "age",
        "median_age",
        pdf="citizens",
        format="age",
    ),
    Figure(
        "citizens.age_bands",
        _by("age_band", order=("under 18", *AGE_BANDS), optional=("under 18",)),
        Table(),
        CITIZENS,
        "age_band",
        "by_age_band",
        "age_band",
        shown=("maalgruppe", "meeting"),
        pdf="citizens",
        chart="columns",
    ),
    Figure(
        "citizens.by_referral_source",
        _by("referral_source"),
        Table(),
        CITIZENS,
        "referral_source",
        "citizens_by_origin",
        "source",
        "referral_sources",
        shown=("overblik", "henvendelser", "meeting"),
        pdf="origins:chart",
    ),
    Figure(
        "citizens.anonymous",
        Measure("citizens", where="is_anonymous"),
        Count(),  # a part of the total with no sibling shown
        CITIZENS,
        "is_anonymous",
        "anonymous",
        shown=("maalgruppe",),
        share_of="citizens.total",
    ),
    Figure(
        "income_source",
        _by("income_source"),
        Table(),
        CITIZENS,
        "income_source",
        "by_income",
        "income",
        "income_sources",
        shown=("maalgruppe",),
        pdf="income",
    ),
    Figure(
        "civil_status",
        _by("civil_status"),
        Table(),
        CITIZENS,
        "civil_status",
        "by_civil_status",
        "civil_status",
        "civil_statuses",
        shown=("maalgruppe",),
        pdf="income:half",
    ),
    Figure(
        "living_alone",
        _by("lives_alone"),
        Table(),
        CITIZENS,
        "lives_alone",
        "by_living_alone",
        "lives_alone",
        shown=("maalgruppe",),
        pdf="income:half",
        chart="columns",
    ),
    Figure(
        "problem_groups",
        _by("problem_group", order=tuple(PROBLEM_GROUPS)),
        Table(),
        CITIZENS,
        "problem_group",
        "by_problem_group",
        "problem_group",
        "problem_groups",
        shown=("maalgruppe", "meeting", "udvikling"),
        pdf="problems",
    ),
    # --- housing -------------------------------------------------------------------------------
    Figure(
        "housing.homeless_at_end",
        Measure("citizens", where="is_homeless_at_end"),
        Total(tables=("housing.homeless_by_situation",)),
        CITIZENS,
        "housing_situation_at_end",
        "homeless_at_end",
        shown=("overblik", "bolig", "meeting", "udvikling"),
        pdf="housing",
        share_of="citizens.total",
        share_text="share_of_citizens",
    ),
    Figure(
        "housing.homeless_by_situation",
        _by("housing_situation_at_end", where="is_homeless_at_end"),
        Table(),
        CITIZENS,
        "housing_situation_at_end",
        "homeless_by_situation",
        "situation",
        "housing_situations",
        shown=("bolig",),
        pdf="housing",
    ),
    Figure(
        "housing.housed_after_homelessness",
        Measure("citizens", where="was_housed_after_homelessness"),
        Count(),
        CITIZENS,
        "was_housed_after_homelessness",
        "housed_after",
        shown=("bolig", "note"),
        pdf="housing",
    ),
    Figure(
        "housing.slept_rough",
        Measure("citizens", where="slept_rough"),
        Count(),
        CITIZENS,
        "slept_rough",
        "slept_rough",
        shown=("bolig", "note"),
        pdf="housing",
    ),
    # --- referrals -----------------------------------------------------------------------------
    Figure(
        "referrals.total",
        Measure("referrals"),
        Total(
            tables=(
                "referrals.by_source",
                "referrals.by_outcome",
                "referrals.by_month",
                "quality.referrals_by_first_contact",
            )
        ),
        REFERRALS,
        "referral_id",
        "referrals",
        shown=("overblik", "henvendelser", "udvikling"),
    ),
    Figure(
        "referrals.by_source",
        Measure("referrals", by="referral_source"),
        Table(),
        REFERRALS,
        "referral_source",
        "referrals_by_source",
        "source",
        "referral_sources",
        shown=("henvendelser", "udvikling"),
    ),
    Figure(
        "referrals.by_outcome",
        Measure("referrals", by="outcome"),
        Table(),
        REFERRALS,
        "outcome",
        "referrals_by_outcome",
        "outcome",
        "referral_outcomes",
        shown=("henvendelser",),
    ),
    Figure(
        "referrals.by_month",
        Measure("referrals", by="strftime(referral_date, '%Y-%m')", grain="referral_date"),
        Table(),
        REFERRALS,
        "referral_date",
        "trend_referrals",
        "month",
        shown=("overblik", "henvendelser"),
        chart="months",
    ),
    # --- episodes ------------------------------------------------------------------------------
    Figure(
        "episode_duration",
        _by("duration_bucket", order=tuple(DURATION_BUCKETS)),
        Table(),
        CITIZENS,
        "duration_bucket",
        "durations",
        "duration",
        shown=("overblik", "forloeb", "meeting", "udvikling"),
        pdf="episodes:chart",
        chart="columns",
    ),
    Figure(
        "episodes.active",
        Measure("episodes"),
        Count(),
        EPISODES,
        "episode_id",
        "episodes_active",
        shown=("forloeb",),
        pdf="episodes",
    ),
    Figure(
        "episodes.started",
        Measure("episodes_started"),
        Count(),
        EPISODES,
        "start_date",
        "new_episodes",
        shown=("overblik", "forloeb", "udvikling"),
        pdf="episodes",
    ),
    Figure(
        "episodes.ended",
        Measure("episodes_ended"),
        Total(tables=("episodes.ended_by_reason",)),
        EPISODES,
        "end_date",
        "episodes_ended",
        shown=("forloeb",),
        pdf="episodes",
    ),
    Figure(
        "episodes.ended_by_reason",
        Measure("episodes_ended", by="end_reason"),
        Table(),
        EPISODES,
        "end_reason",
        "end_reasons",
        "end_reason",
        "episode_end_reasons",
        shown=("forloeb",),
        pdf="episodes:half",
    ),
    Figure(
        "episodes.median_length_days",
        Measure("episodes_ended", value="median(length_days)"),
        Derived(("episodes.ended",), at_least="episodes.ended"),
        EPISODES,
        "length_days",
        "median_length",
        shown=("forloeb",),
        pdf="episodes",
        format="days",
    ),
    Figure(
        "goals",
        Measure("episode_goals", by="goal"),
        Counts(),  # an episode counts under each of its goals
        "bridge_episode_goals",
        "goal",
        "goals",
        "goal",
        "goals",
        shown=("forloeb",),
        pdf="episodes:half",
    ),
    # --- contacts ------------------------------------------------------------------------------
    Figure(
        "contacts.total",
        Measure("contacts", where="is_held"),
        Total(tables=("contacts.by_form", "contacts.by_month")),
        CONTACTS,
        "is_held",
        "held_contacts",
        shown=("overblik", "kontakter", "meeting"),
        pdf="contacts",
    ),
    Figure(
        "contacts.by_form",
        Measure("contacts", where="is_held", by="contact_form"),
        Table(),
        CONTACTS,
        "contact_form",
        "contacts_by_form",
        "contact_form",
        "contact_forms",
        shown=("kontakter", "kvalitetsstandard"),
        pdf="contacts",
    ),
    Figure(
        "contacts.per_citizen",
        Ratio("contacts.total", "citizens.total"),
        Derived(("contacts.total", "citizens.total")),
        CONTACTS,
        "contact_id",
        "per_citizen",
        shown=("kontakter", "note"),
        pdf="contacts",
        format="decimal",
    ),
    Figure(
        "contacts.outreach_attempts",
        Measure("contacts", where="status = 'forsoeg'"),
        Count(),
        CONTACTS,
        "status",
        "outreach_attempts",
        shown=("kontakter", "note"),
        pdf="contacts",
    ),
    Figure(
        "contacts.out_of_hours",
        Measure("contacts", where="is_held and is_out_of_hours"),
        Count(),
        CONTACTS,
        "is_out_of_hours",
        "out_of_hours",
        shown=("kontakter",),
        pdf="contacts",
        share_of="contacts.total",
    ),
    Figure(
        "contacts.by_place",
        Measure("contacts", where="is_held and place is not null", by="place"),
        Counts(),  # only contacts outside the home have a place
        CONTACTS,
        "place",
        "contacts_by_place",
        "place",
        "places",
        shown=("kontakter",),
    ),
    Figure(
        "contacts.by_month",
        Measure(
            "contacts", where="is_held", by="strftime(contact_date, '%Y-%m')", grain="contact_date"
        ),
        Table(),
        CONTACTS,
        "contact_date",
        "trend_contacts",
        "month",
        shown=("overblik", "kontakter"),
        chart="months",
    ),
    Figure(
        "contacts.citizens_by_contacts",
        Measure("citizens_by_contacts", by="bands.code", order="contact_count_bands"),
        Table(),
        CITIZENS,
        "held_contacts",
        "citizens_by_contacts",
        "contacts",
        shown=("kontakter",),
        chart="columns",
    ),
    # --- the quality standard followed up (README, "The quality standard followed up") ------
    Figure(
        "quality.contact_cadence",
        _by("contact_cadence", order="contact_cadences"),
        Table(),
        CITIZENS,
        "contact_cadence",
        "contact_cadence",
        "cadence",
        "contact_cadences",
        shown=("kvalitetsstandard",),
        pdf="quality",
        chart="rows",
    ),
    Figure(
        "quality.contacted_every_month",
        Ratio(
            (
                "quality.contact_cadence.hver_maaned_personligt",
                "quality.contact_cadence.hver_maaned",
            ),
            "citizens.total",
            3,
        ),
        Derived(
            (
                "quality.contact_cadence.hver_maaned_personligt",
                "quality.contact_cadence.hver_maaned",
                "citizens.total",
            )
        ),
        CITIZENS,
        "contact_cadence",
        "contacted_every_month",
        shown=("kvalitetsstandard",),
        pdf="quality",
        format="percent",
    ),
    Figure(
        "quality.referrals_by_first_contact",
        Measure("referrals", by="first_contact_status", order="first_contact_statuses"),
        Table(),
        REFERRALS,
        "first_contact_status",
        "referrals_by_first_contact",
        "first_contact",
        "first_contact_statuses",
        shown=("kvalitetsstandard",),
        pdf="quality",
        chart="rows",
    ),
    *(
        Figure(
            f"quality.days_to_first_contact_{name}",
            Measure("referrals", value=value),
            Derived(
                ("quality.referrals_by_first_contact.kontakt",),
                at_least="quality.referrals_by_first_contact.kontakt",
            ),
            REFERRALS,
            "days_to_first_contact",
            f"days_to_first_contact_{name}",
            shown=("kvalitetsstandard",),
            pdf="quality",
            format="days",
        )
        for name, value in (
            ("median", "median(days_to_first_contact)"),
            ("q1", "quantile_cont(days_to_first_contact, 0.25)"),
            ("q3", "quantile_cont(days_to_first_contact, 0.75)"),
        )
    ),
    Figure(
        "quality.bridged_share",
        Ratio("episodes.ended_by_reason.brobygget", "episodes.ended", 3),
        Derived(("episodes.ended_by_reason.brobygget", "episodes.ended")),
        EPISODES,
        "is_bridged",
        "bridged_share",
        shown=("kvalitetsstandard",),
        pdf="quality",
        format="percent",
    ),
    Figure(
        "quality.bridged_goals",
        Measure("ended_episode_goals", where="episodes.is_bridged", by="goal"),
        Counts(within="goals"),
        EPISODES,
        "is_bridged",
        "bridged_goals",
        "goal",
        "goals",
        shown=("kvalitetsstandard",),
        pdf="quality",
    ),
)


_ABSENT = object()


def _at(report: dict, key: str):
    """The node at the key ('contacts.total', 'episodes.ended_by_reason.brobygget'), or _ABSENT."""
    node = report
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return _ABSENT
        node = node[part]
    return node


def has(report: dict, key: str) -> bool:
    """Whether a report (or a part of one) holds a figure at the key ('contacts.total'), or at
    a cell of a breakdown ('episodes.ended_by_reason.brobygget')."""
    return _at(report, key) is not _ABSENT


def value_at(report: dict, key: str):
    """The figure at the key, or None where the report has none."""
    node = _at(report, key)
    return None if node is _ABSENT else node


def put(out: dict, key: str, value) -> None:
    """Set the figure at the key, making the records above it."""
    *parents, last = key.split(".")
    for part in parents:
        out = out.setdefault(part, {})
    out[last] = value


class Unknown(KeyError):
    """No figure is declared with this key."""


@cache
def _by_key() -> dict[str, Figure]:
    return {figure.key: figure for figure in FIGURES}


def figure(key: str) -> Figure:
    try:
        return _by_key()[key]
    except KeyError:
        raise Unknown(f"no figure {key!r} is declared in warehouse/figures.py") from None


def shown_on(place: str, declared: tuple[Figure, ...] = FIGURES) -> list[Figure]:
    """The figures shown on a page (or in meeting mode), in their declared order."""
    return [f for f in declared if place in f.shown]


def in_pdf(section: str, declared: tuple[Figure, ...] = FIGURES) -> list[Figure]:
    """The figures of a PDF section, in their declared order."""
    return [f for f in declared if f.pdf and f.pdf.split(":")[0] == section]


def tables_of(total: Figure) -> Iterator[str]:
    """The keys suppressed with a total: its tables and its split."""
    if isinstance(total.rule, Total):
        yield from total.rule.tables
        yield from total.rule.split


def total_of(key: str, declared: tuple[Figure, ...] = FIGURES) -> str | None:
    """The total a table adds up to (its share's whole), if any."""
    for f in declared:
        if key in tuple(tables_of(f)):
            return f.key
    return None


class Inconsistent(Exception):
    """The declarations contradict each other: nothing is published until they are fixed."""


def check(declared: tuple[Figure, ...] = FIGURES) -> None:
    """Each key declared once; each table named by exactly one total; every figure a derived
    one or a share comes from declared."""
    keys = [f.key for f in declared]
    problems = [f"{k} is declared twice" for k in sorted({k for k in keys if keys.count(k) > 1})]
    named = [t for f in declared for t in tables_of(f)]
    for f in declared:
        times = named.count(f.key)
        if isinstance(f.rule, Table) and times != 1:
            problems.append(f"{f.key} is a table of {times} totals (it must be of one)")
        if not isinstance(f.rule, Table) and times:
            problems.append(f"{f.key} is named as a table but declared {type(f.rule).__name__}")
        inputs = f.rule.inputs if isinstance(f.rule, Derived) else ()
        within = (f.rule.within or "citizens.total",) if isinstance(f.rule, Counts) else ()
        for used in (*inputs, *within, f.share_of or "citizens.total"):
            # a figure, or a cell of a declared breakdown ('episodes.ended_by_reason.brobygget')
            if used not in keys and used.rsplit(".", 1)[0] not in keys and used != "known_gender":
                problems.append(f"{f.key} comes from {used}, which is not declared")
        if f.is_breakdown != (f.category is not None) and f.rule != Label():
            problems.append(f"{f.key}: a breakdown has a category, a single figure none")
    problems += [f"{t} is named as a table but not declared" for t in named if t not in keys]
    slide = None  # a note is a line under the single figure of the meeting slide before it
    for f in declared:
        if "meeting" in f.shown:
            slide = f
        if "note" in f.shown and (slide is None or slide.is_breakdown):
            problems.append(f"{f.key} is a note, but no single figure's slide comes before it")
    if problems:
        raise Inconsistent("warehouse/figures.py: " + "; ".join(problems))


check()
