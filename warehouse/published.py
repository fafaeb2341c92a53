"""What a board may see of the report: every figure that can be published, declared once.

`kpis.report()` computes the figures; `suppressed()` builds what the suppressed outputs show
(`skp report --suppress`, the dashboard, its CSVs, the PDF, meeting mode) from the
declarations below only. A figure of the report that no declaration names is refused
(`Undeclared`), so a figure added to the report is not published until someone has said which
table it belongs to and which total it shares.

The kinds of figure:
- `Total`: a count that tables (breakdowns: a dict of counts per category) each add up to. The
  tables and the total are suppressed together (warehouse/suppression.py): a total any of them
  must hide is hidden for all of them. `split` names a table held as sibling counts (men,
  women, unknown gender). With `everyone`, the tables split the citizens in contact: one that
  puts every one of them in one category is withheld ("all on kontanthjælp" describes each).
- `Count`: a count shown on its own.
- `Counts`: a breakdown with no total to protect (an episode counts under each of its goals).
- `Derived`: a figure computed from counts (a change, a median, a ratio): shown only when every
  count it comes from is shown; with `at_least`, only when that count reaches the threshold.
- `AgeExtreme`: the youngest or oldest age, shown only where configured.
- `Label`: not a count (the period).

Rules for the whole report: a group below the threshold shows only that it is (every other
figure hidden, every breakdown empty); a filtered report is suppressed against the same
report unfiltered, so that the two cannot be subtracted (suppression.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from warehouse.suppression import SIBLING, suppress_count, suppress_tables


@dataclass(frozen=True)
class Total:
    path: str
    tables: tuple[str, ...] = ()
    split: tuple[str, ...] = ()
    everyone: bool = False


@dataclass(frozen=True)
class Count:
    path: str


@dataclass(frozen=True)
class Counts:
    path: str


@dataclass(frozen=True)
class Derived:
    path: str
    inputs: tuple[str, ...]
    at_least: str | None = None


@dataclass(frozen=True)
class AgeExtreme:
    path: str


@dataclass(frozen=True)
class Label:
    path: str


Figure = Total | Count | Counts | Derived | AgeExtreme | Label
GENDER = ("citizens.men", "citizens.women", "citizens.unknown_gender")

FIGURES: tuple[Figure, ...] = (
    Label("period"),
    Total(
        "citizens.total",
        tables=(
            "citizens.age_bands",
            "citizens.by_referral_source",
            "income_source",
            "problem_groups",
            "episode_duration",
            "civil_status",
            "living_alone",
            "contacts.citizens_by_contacts",
        ),
        split=GENDER,
        everyone=True,
    ),
    Count("citizens.previous_total"),
    Derived("citizens.change", ("citizens.total", "citizens.previous_total")),
    AgeExtreme("citizens.age_min"),
    AgeExtreme("citizens.age_max"),
    Derived("citizens.age_median", ("citizens.total",)),
    Count("citizens.anonymous"),  # a part of the total with no sibling shown
    Total(
        "referrals.total",
        tables=("referrals.by_source", "referrals.by_outcome", "referrals.by_month"),
    ),
    Total("contacts.total", tables=("contacts.by_form", "contacts.by_month")),
    Derived("contacts.per_citizen", ("contacts.total", "citizens.total")),
    Count("contacts.outreach_attempts"),
    Count("contacts.out_of_hours"),
    Counts("contacts.by_place"),  # only contacts outside the home have a place
    Total("episodes.ended", tables=("episodes.ended_by_reason",)),
    Count("episodes.active"),
    Count("episodes.started"),
    Derived("episodes.median_length_days", ("episodes.ended",), at_least="episodes.ended"),
    Counts("goals"),  # an episode counts under each of its goals
    Total("housing.homeless_at_end", tables=("housing.homeless_by_situation",)),
    Count("housing.housed_after_homelessness"),
    Count("housing.slept_rough"),
)


class Undeclared(Exception):
    """The report holds a figure no declaration names: it is not published."""


def suppressed(
    figures: dict,
    threshold: int,
    age_range: bool = False,
    unfiltered: dict | None = None,
    declared: tuple[Figure, ...] = FIGURES,
) -> dict:
    """The figures (the report, or a part of it of the same shape) as a board may see them,
    built from the declarations only. `unfiltered`: the same figures without the filters,
    when `figures` are filtered. The youngest and oldest age are hidden unless `age_range`
    ($SKP_SHOW_AGE_RANGE)."""
    _refuse_undeclared(figures, declared)
    out: dict = {}
    if threshold <= 0:
        for figure in declared:
            for path in _paths(figure):
                if _has(figures, path):
                    _put(out, path, _copy(_get(figures, path)))
        return _ordered(out, figures, declared)
    total = _get(figures, "citizens.total") if _has(figures, "citizens.total") else None
    if isinstance(total, int) and 1 <= total < threshold:
        return _only_that_they_are_few(figures, threshold, declared)
    for figure in declared:
        if isinstance(figure, Total):
            _suppress_total(figure, figures, unfiltered, threshold, out)
    later = (Derived, AgeExtreme)  # from the counts as shown
    for figure in [f for f in declared if not isinstance(f, later)] + [
        f for f in declared if isinstance(f, later)
    ]:
        if isinstance(figure, Total) or not _has(figures, figure.path):
            continue  # done above; or a part of the report without this figure
        path = figure.path
        value = _get(figures, path)
        before = _get(unfiltered, path) if unfiltered and _has(unfiltered, path) else None
        if isinstance(figure, Label):
            _put(out, path, _copy(value))
        elif isinstance(figure, Count):
            _put(out, path, suppress_count(value, threshold, before))
        elif isinstance(figure, Counts):
            _put(out, path, _counts(value, before, threshold))
        elif isinstance(figure, Derived) and value is None:
            _put(out, path, None)  # nothing to derive (a change without a previous period)
        elif isinstance(figure, Derived):
            inputs = [_get(out, p) if _has(out, p) else SIBLING for p in figure.inputs]
            shown = all(isinstance(n, int) for n in inputs) and (
                figure.at_least is None or _get(out, figure.at_least) >= threshold
            )
            _put(out, path, value if shown else SIBLING)
        else:  # the youngest and oldest of a team point at two people (one man: 32 and 32)
            shown = age_range and isinstance(_get(out, "citizens.total"), int)
            _put(out, path, value if shown else SIBLING)
    return _ordered(out, figures, declared)


def _ordered(out: dict, figures: dict, declared) -> dict:
    """`out` with its records' keys in the order of the report's (a table keeps its own)."""
    # a record: a label's value, or a dict holding declared paths (citizens, housing, ...)
    records = {f.path for f in declared if isinstance(f, Label)}
    for path in declared_paths(declared):
        parts = path.split(".")
        records.update(".".join(parts[:end]) for end in range(1, len(parts)))
    return _in_order(out, figures, records, "")


def _in_order(out: dict, figures: dict, records: set[str], prefix: str) -> dict:
    ordered = {}
    for key in figures:
        if key in out:
            value, path = out[key], f"{prefix}{key}"
            nested = isinstance(value, dict) and path in records
            ordered[key] = _in_order(value, figures[key], records, f"{path}.") if nested else value
    return ordered


def _suppress_total(figure: Total, figures: dict, unfiltered, threshold: int, out: dict) -> None:
    """The total and its tables, suppressed together, into `out`."""
    if not _has(figures, figure.path):
        return
    total = _get(figures, figure.path)
    tables = {p: _get(figures, p) for p in figure.tables if _has(figures, p)}
    if figure.split and all(_has(figures, p) for p in figure.split):
        tables["split"] = {p: _get(figures, p) for p in figure.split}
    if figure.everyone and isinstance(total, int):
        # "all on kontanthjælp" says it of each of them: no categories either
        tables = {p: ({} if total and total in t.values() else t) for p, t in tables.items()}
    before = None
    if unfiltered is not None and _has(unfiltered, figure.path):
        u_tables = {p: _get(unfiltered, p) for p in figure.tables if _has(unfiltered, p)}
        if "split" in tables:
            u_tables["split"] = {p: _get(unfiltered, p) for p in figure.split}
        before = (u_tables, _get(unfiltered, figure.path))
    shown, shown_total = suppress_tables(tables, total, threshold, before)
    _put(out, figure.path, shown_total)
    split = shown.pop("split", None)
    for p, cells in shown.items():
        _put(out, p, cells)
    for p in figure.split if split is not None else ():
        _put(out, p, split.get(p, SIBLING))  # withheld: each hidden


def _counts(cells: dict, before: dict | None, threshold: int) -> dict:
    shown, _ = suppress_tables({"t": cells}, None, threshold, before and ({"t": before}, None))
    return shown["t"]


def _only_that_they_are_few(figures: dict, threshold: int, declared) -> dict:
    """The report of fewer citizens than the threshold, as a board may see it: that they are
    fewer (total "<5"), and nothing about them: every other count, share and age hidden
    ("x"), every breakdown empty (its categories alone would describe them). One man in one
    district was otherwise described in full: his age band, income, problems, episode,
    contacts by form. The previous period is another group."""
    out: dict = {}
    for figure in declared:
        for path in _paths(figure):
            if not _has(figures, path):
                continue
            value = _get(figures, path)
            if isinstance(figure, Label):
                _put(out, path, _copy(value))
            elif path in ("citizens.total", "citizens.previous_total"):
                _put(out, path, suppress_count(value, threshold))
            elif isinstance(value, dict):
                _put(out, path, {})
            else:
                _put(out, path, SIBLING)
    return _ordered(out, figures, declared)


def _paths(figure: Figure) -> Iterator[str]:
    yield figure.path
    if isinstance(figure, Total):
        yield from figure.tables
        yield from figure.split


def declared_paths(declared: tuple[Figure, ...] = FIGURES) -> set[str]:
    return {path for figure in declared for path in _paths(figure)}


def _refuse_undeclared(figures: dict, declared: tuple[Figure, ...]) -> None:
    paths = declared_paths(declared)
    undeclared = [path for path in _leaves(figures, paths)]
    if undeclared:
        raise Undeclared(
            f"figures not declared in warehouse/published.py, so not published: "
            f"{', '.join(undeclared)}"
        )


def _leaves(figures: dict, paths: set[str], prefix: str = "") -> Iterator[str]:
    """The paths of `figures` that no declaration names (a declared path covers a table)."""
    for key, value in figures.items():
        path = f"{prefix}{key}"
        if path in paths:
            continue
        if isinstance(value, dict) and value:
            yield from _leaves(value, paths, f"{path}.")
        else:
            yield path


def _has(figures: dict, path: str) -> bool:
    node = figures
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _get(figures: dict, path: str):
    for key in path.split("."):
        figures = figures[key]
    return figures


def _put(out: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for key in parents:
        out = out.setdefault(key, {})
    out[last] = value


def _copy(value):
    return {k: _copy(v) for k, v in value.items()} if isinstance(value, dict) else value


def known_gender(citizens: dict) -> int | str:
    """Citizens of known gender, men + women: what gender shares are of (kpis.md); 'x' when
    either count is hidden."""
    men, women = citizens["men"], citizens["women"]
    return men + women if isinstance(men, int) and isinstance(women, int) else SIBLING
