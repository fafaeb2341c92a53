"""What a board may see of the report, built from the declarations in warehouse/figures.py.

`kpis.report()` computes the figures; `suppressed()` builds what the suppressed outputs show
(`skp report --suppress`, the dashboard, its CSVs, the PDF, meeting mode) from each figure's
declared `rule` only. A figure of the report that no declaration names is refused
(`Undeclared`), so a figure added to the report is not published until someone has said which
table it belongs to and which total it shares.

The rules (warehouse/figures.py):
- `Total`: a count that tables (breakdowns: a dict of counts per category) each add up to. The
  tables and the total are suppressed together (warehouse/suppression.py): a total any of them
  must hide is hidden for all of them. `split` names a table held as sibling counts (men,
  women, unknown gender). With `everyone`, the tables split the citizens in contact: one that
  puts every one of them in one category is withheld ("all on kontanthjælp" describes each).
- `Table`: a table or split count of a total, suppressed with it.
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

from warehouse.figures import (
    FIGURES,
    AgeExtreme,
    Count,
    Counts,
    Derived,
    Figure,
    Label,
    Table,
    Total,
    has,
    put,
    value_at,
)
from warehouse.suppression import SIBLING, suppress_count, suppress_tables


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
            if has(figures, figure.key):
                put(out, figure.key, _copy(value_at(figures, figure.key)))
        return _ordered(out, figures, declared)
    total = value_at(figures, "citizens.total") if has(figures, "citizens.total") else None
    if isinstance(total, int) and 1 <= total < threshold:
        return _only_that_they_are_few(figures, threshold, declared)
    for figure in declared:
        if isinstance(figure.rule, Total):
            _suppress_total(figure, figures, unfiltered, threshold, out)
    later = (Derived, AgeExtreme)  # from the counts as shown
    for figure in [f for f in declared if not isinstance(f.rule, later)] + [
        f for f in declared if isinstance(f.rule, later)
    ]:
        rule, path = figure.rule, figure.key
        if isinstance(rule, Total | Table) or not has(figures, path):
            continue  # done with its total; or a part of the report without this figure
        value = value_at(figures, path)
        before = value_at(unfiltered, path) if unfiltered and has(unfiltered, path) else None
        if isinstance(rule, Label):
            put(out, path, _copy(value))
        elif isinstance(rule, Count):
            put(out, path, suppress_count(value, threshold, before))
        elif isinstance(rule, Counts):
            shown = _counts(value, before, threshold)
            if rule.within and has(figures, rule.within):  # a part of another breakdown shown
                beside = _counts(value, value_at(figures, rule.within), threshold)
                # a cell either must hide is hidden
                shown = {
                    k: n if isinstance(beside.get(k, 0), int) else beside[k]
                    for k, n in shown.items()
                }
            put(out, path, shown)
        elif isinstance(rule, Derived) and value is None:
            put(out, path, None)  # nothing to derive (a change without a previous period)
        elif isinstance(rule, Derived):
            inputs = [value_at(out, p) if has(out, p) else SIBLING for p in rule.inputs]
            shown = all(isinstance(n, int) for n in inputs) and (
                rule.at_least is None or value_at(out, rule.at_least) >= threshold
            )
            put(out, path, value if shown else SIBLING)
        else:  # the youngest and oldest of a team point at two people (one man: 32 and 32)
            shown = age_range and isinstance(value_at(out, "citizens.total"), int)
            put(out, path, value if shown else SIBLING)
    return _ordered(out, figures, declared)


def _ordered(out: dict, figures: dict, declared) -> dict:
    """`out` with its records' keys in the order of the report's (a table keeps its own)."""
    # a record: a label's value, or a dict holding declared paths (citizens, housing, ...)
    records = {f.key for f in declared if isinstance(f.rule, Label)}
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


def _suppress_total(figure: Figure, figures: dict, unfiltered, threshold: int, out: dict) -> None:
    """The total and its tables, suppressed together, into `out`."""
    rule, path = figure.rule, figure.key
    if not has(figures, path):
        return
    total = value_at(figures, path)
    tables = {p: value_at(figures, p) for p in rule.tables if has(figures, p)}
    if rule.split and all(has(figures, p) for p in rule.split):
        tables["split"] = {p: value_at(figures, p) for p in rule.split}
    if rule.everyone and isinstance(total, int):
        # "all on kontanthjælp" says it of each of them: no categories either
        tables = {p: ({} if total and total in t.values() else t) for p, t in tables.items()}
    before = None
    if unfiltered is not None and has(unfiltered, path):
        u_tables = {p: value_at(unfiltered, p) for p in rule.tables if has(unfiltered, p)}
        if "split" in tables:
            u_tables["split"] = {p: value_at(unfiltered, p) for p in rule.split}
        before = (u_tables, value_at(unfiltered, path))
    shown, shown_total = suppress_tables(tables, total, threshold, before)
    put(out, path, shown_total)
    split = shown.pop("split", None)
    for p, cells in shown.items():
        put(out, p, cells)
    for p in rule.split if split is not None else ():
        put(out, p, split.get(p, SIBLING))  # withheld: each hidden


def _counts(cells: dict, before: dict | None, threshold: int) -> dict:
    seen = None if before is None else ({"t": before}, None)
    shown, _ = suppress_tables({"t": cells}, None, threshold, seen)
    return shown["t"]


def _only_that_they_are_few(figures: dict, threshold: int, declared) -> dict:
    """The report of fewer citizens than the threshold, as a board may see it: that they are
    fewer (total "<5"), and nothing about them: every other count, share and age hidden
    ("x"), every breakdown empty (its categories alone would describe them). One man in one
    district was otherwise described in full: his age band, income, problems, episode,
    contacts by form. The previous period is another group."""
    out: dict = {}
    for figure in declared:
        path = figure.key
        if not has(figures, path):
            continue
        value = value_at(figures, path)
        if isinstance(figure.rule, Label):
            put(out, path, _copy(value))
        elif path in ("citizens.total", "citizens.previous_total"):
            put(out, path, suppress_count(value, threshold))
        elif isinstance(value, dict):
            put(out, path, {})
        else:
            put(out, path, SIBLING)
    return _ordered(out, figures, declared)


def declared_paths(declared: tuple[Figure, ...] = FIGURES) -> set[str]:
    return {figure.key for figure in declared}


def _refuse_undeclared(figures: dict, declared: tuple[Figure, ...]) -> None:
    paths = declared_paths(declared)
    undeclared = [path for path in _leaves(figures, paths)]
    if undeclared:
        raise Undeclared(
            f"figures not declared in warehouse/figures.py, so not published: "
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


def _copy(value):
    return {k: _copy(v) for k, v in value.items()} if isinstance(value, dict) else value


def known_gender(citizens: dict) -> int | str:
    """Citizens of known gender, men + women: what gender shares are of (kpis.md); 'x' when
    either count is hidden."""
    men, women = citizens["men"], citizens["women"]
    return men + women if isinstance(men, int) and isinstance(women, int) else SIBLING
