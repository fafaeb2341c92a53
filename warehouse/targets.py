"""The targets the council sets (the dbt seed `targets`; README, "Targets"), held against the
figures as a board sees them: target, actual and whether it was met."""

from dataclasses import dataclass

import duckdb

from warehouse.figures import Unknown, figure, value_at
from warehouse.periods import Period

TARGETS = "select figure, operator, target from codes.targets where year = $year order by figure"


@dataclass(frozen=True)
class Target:
    figure: str  # its key in the report ('housing.homeless_at_end')
    operator: str  # '>=' or '<='
    target: float


def targets(con: duckdb.DuckDBPyConnection, period: Period) -> list[Target]:
    """The targets for the period: those of its year, for a calendar year; none otherwise (the
    council sets them per year)."""
    if not period.is_calendar_year:
        return []
    frame = con.sql(TARGETS, params={"year": period.start.year}).pl()
    return [Target(*row) for row in frame.iter_rows()]


@dataclass(frozen=True)
class Held:
    target: Target
    actual: int | float | str | None  # as shown: '<5' and 'x' stay hidden
    met: bool | None  # None: the figure is not shown (nothing is said of a hidden one)
    declared: bool  # False: the seed names a figure warehouse/figures.py does not declare


def held_against(declared: list[Target], figures: dict) -> list[Held]:
    """Each target with its figure as shown (suppressed, for a board) and whether it was met;
    met only where the figure itself is shown: a hidden count met or missed would tell its
    size."""
    held = []
    for target in declared:
        try:
            figure(target.figure)
        except Unknown:
            held.append(Held(target, None, None, False))
            continue
        actual = value_at(figures, target.figure)
        met = None
        if isinstance(actual, int | float):
            met = actual >= target.target if target.operator == ">=" else actual <= target.target
        held.append(Held(target, actual, met, True))
    return held
