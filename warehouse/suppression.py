"""Small-number suppression: one mechanism for every table shown to a board or published.

kpis.md: a count from 1 to threshold - 1 is shown as "<5" (for threshold 5); zero is shown as 0;
any total or sibling count that would let a reader recover a hidden count is hidden too
("x"); threshold 0 switches suppression off.

What a reader knows of tables that add up to one total (a "<5" cell is one of 1..threshold-1,
an "x" cell is not zero, every table adds up to the total) gives each hidden count a least and
a greatest possible value. A hidden small count is recoverable exactly when those two are
equal. So after the primary suppression, the smallest shown cells are hidden one by one until
no protected count is pinned; if that is not enough, the total is hidden; if even that is not
enough, the table is withheld.

Differencing: a filtered table (the women) is published beside the same table unfiltered (all
citizens), and a reader can subtract them. So a filtered count whose complement, unfiltered
minus filtered, is 1..threshold-1 (the two men) is hidden too ("x", a zero included), and
protected as a small count is: the reader, who also knows the filtered count is at most the
unfiltered one, must not be able to pin it down.
"""

from collections.abc import Mapping

SIBLING = "x"
TOTAL = ("\x00", "total")  # the total's place among the protected counts (no table name)
UNBOUNDED = 10**12

Cells = Mapping[str, int]
Shown = dict[str, int | str]


def small(threshold: int) -> str:
    return f"<{threshold}"


def suppress_count(
    n: int | None, threshold: int, unfiltered: int | None = None
) -> int | str | None:
    """A count shown on its own; `unfiltered`: the same count without the filters. None (no
    such count: a period that cannot be compared has no previous total) stays None."""
    if threshold <= 0 or n is None:
        return n
    if 1 <= n < threshold:
        return small(threshold)
    if isinstance(unfiltered, int) and 1 <= unfiltered - n < threshold:
        return SIBLING
    return n


def suppress_table(
    cells: Cells,
    total: int | None,
    threshold: int,
    unfiltered: tuple[Cells, int | None] | None = None,
) -> tuple[Shown, int | str | None]:
    """One table's cells and total (None: no total shown) as they may be shown."""
    shown, shown_total = suppress_tables(
        {"table": cells}, total, threshold, unfiltered and ({"table": unfiltered[0]}, unfiltered[1])
    )
    return shown["table"], shown_total


def suppress_tables(
    tables: Mapping[str, Cells],
    total: int | None,
    threshold: int,
    unfiltered: tuple[Mapping[str, Cells], int | None] | None = None,
) -> tuple[dict[str, Shown], int | str | None]:
    """Tables that each add up to one total (None: no total shown), as they may be shown: a
    table withheld comes back empty. `unfiltered`: the same tables and total without the
    filters, as a reader may see them beside these (the cells here must be a part of those).
    """
    if threshold <= 0:
        return {name: dict(cells) for name, cells in tables.items()}, total
    shown = {name: dict(cells) for name, cells in tables.items()}
    shown_total: int | str | None = total
    # the counts no reader may pin down: a filtered one ("own"), the rest, unfiltered minus
    # filtered ("rest"), or an unfiltered one ("unfiltered")
    protected: set[tuple[str, tuple[str, str]]] = set()
    seen = None  # what a reader knows of the unfiltered tables
    if unfiltered is not None:
        u_tables, u_total = unfiltered
        u_shown, u_shown_total = suppress_tables(u_tables, u_total, threshold)
        seen = _known(u_shown, u_shown_total, threshold, zero=False)
        for name, cells in tables.items():
            # in the unfiltered table's order and categories: a filtered zero is a count too
            u_cells = u_tables.get(name, {})
            order = list(u_cells) + [k for k in cells if k not in u_cells]
            shown[name] = {k: cells.get(k, 0) for k in order} if cells else {}
            for k, n in shown[name].items():
                if 1 <= u_cells.get(k, 0) - n < threshold:  # the rest (the men) are few
                    shown[name][k] = small(threshold) if 1 <= n < threshold else SIBLING
                    protected.add(("rest", (name, k)))
                if 1 <= u_cells.get(k, 0) < threshold:  # nor may these give those away
                    protected.add(("unfiltered", (name, k)))
        if total is not None and u_total is not None:
            if 1 <= u_total - total < threshold:
                shown_total = small(threshold) if 1 <= total < threshold else SIBLING
                protected.add(("rest", TOTAL))
            if 1 <= u_total < threshold:
                protected.add(("unfiltered", TOTAL))
    for name, cells in shown.items():
        for k, n in tables[name].items():
            if 1 <= n < threshold:
                cells[k] = small(threshold)
                protected.add(("own", (name, k)))
    if total is not None and 1 <= total < threshold:
        shown_total = small(threshold)
        protected.add(("own", TOTAL))
    while True:
        own = _known(shown, shown_total, threshold, zero=seen is not None)
        ranges = _reader(own, seen, with_total=total is not None)
        # a count of a withheld table is not shown, not even as hidden
        pinned = [p for kind, p in sorted(protected) if p in ranges[kind] and _one(ranges[kind][p])]
        if not pinned:
            return shown, shown_total
        place = pinned[0]
        if place == TOTAL:
            determined = [n for n in shown if all(_one(own[(n, k)]) for k in shown[n])]
            if not _hide_smallest(shown, determined or list(shown)):
                if not any(shown.values()):
                    return shown, shown_total  # its own symbol pins it (threshold 2)
                shown = {name: {} for name in shown}  # nothing left to hide: all withheld
        elif _hide_smallest(shown, [place[0]]):
            pass
        elif isinstance(shown_total, int):
            shown_total = SIBLING  # no sibling left in its table: the total goes
        elif not _hide_smallest(shown, [n for n in shown if n != place[0]]):
            shown[place[0]] = {}  # nothing left to hide: the table is withheld


def _one(pair: tuple[int, int]) -> bool:
    return pair[0] == pair[1]


def _reader(own: dict, seen: dict | None, with_total: bool) -> dict[str, dict]:
    """What a reader can work out of each count, as its least and greatest value: of the
    counts shown ("own"), given that every table adds up to the total (exact, as the tables
    share nothing else); with `seen`, what they know of the unfiltered tables, also of those
    ("unfiltered") and of the rest, unfiltered minus filtered ("rest"), which is never
    negative and makes up tables of its own, worked to a fixed point."""
    mine = _ranges(own, with_total)
    if seen is None:
        return {"own": mine}
    theirs = _ranges(seen, with_total)
    rest = {p: (0, UNBOUNDED) for p in mine}
    for _ in range(100):
        before = (mine, theirs, rest)
        for p in mine:
            if p not in theirs:
                continue
            (low, high), (u_low, u_high) = mine[p], theirs[p]
            r_low, r_high = rest[p]
            r_low, r_high = max(r_low, u_low - high), min(r_high, u_high - low)
            rest[p] = (r_low, r_high)
            mine[p] = (max(low, u_low - r_high), min(high, u_high - r_low))
            theirs[p] = (max(u_low, low + r_low), min(u_high, high + r_high))
        mine = _ranges(mine, with_total)
        theirs = _ranges(theirs, with_total)
        rest = _ranges({p: r for p, r in rest.items() if p in theirs}, with_total)
        if (mine, theirs, rest) == before:
            break
    return {"own": mine, "unfiltered": theirs, "rest": rest}


def _hide_smallest(shown: dict[str, Shown], names: list[str]) -> bool:
    """Hide the smallest shown count above zero of the named tables; False when none is."""
    candidates = sorted(
        (n, name, k)
        for name in names
        for k, n in shown[name].items()
        if isinstance(n, int) and n > 0
    )
    if not candidates:
        return False
    _, name, k = candidates[0]
    shown[name][k] = SIBLING
    return True


def _known(shown: dict[str, Shown], shown_total, threshold: int, zero: bool) -> dict:
    """What a reader knows of each shown count: its least and greatest possible value. With
    `zero`, an "x" may stand for a zero (a filtered table hides zeros that differ)."""

    def one(value) -> tuple[int, int]:
        if isinstance(value, int):
            return value, value
        if value == small(threshold):
            return 1, threshold - 1
        return (0 if zero else 1), UNBOUNDED

    known = {(name, k): one(v) for name, cells in shown.items() for k, v in cells.items()}
    known[TOTAL] = one(shown_total) if shown_total is not None else (0, UNBOUNDED)
    return known


def _ranges(known: dict, with_total: bool) -> dict:
    """Each count's least and greatest value given that every (non-empty) table adds up to
    the total: exact, as the tables share nothing but the total."""
    if not with_total:
        return dict(known)
    tables: dict[str, list[tuple[str, str]]] = {}
    for place in known:
        if place != TOTAL:
            tables.setdefault(place[0], []).append(place)
    low, high = known[TOTAL]
    for places in tables.values():
        low = max(low, sum(known[p][0] for p in places))
        high = min(high, sum(known[p][1] for p in places))
    ranges = {TOTAL: (low, high)}
    for places in tables.values():
        lows, highs = sum(known[p][0] for p in places), sum(known[p][1] for p in places)
        for p in places:
            p_low, p_high = known[p]
            ranges[p] = (max(p_low, low - (highs - p_high)), min(p_high, high - (lows - p_low)))
    return ranges
