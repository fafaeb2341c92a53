"""Small-number suppression: one mechanism for every table shown to a board or published.

kpis.md: a count from 1 to threshold - 1 is shown as "<5" (for threshold 5); zero is shown as 0;
any total or sibling count that would let a reader recover a hidden count is hidden too
("x"); threshold 0 switches suppression off.

What a reader knows of a table (its cells and, when shown, their total): a "<5" cell is one of
1..threshold-1, an "x" cell is not zero, and the hidden cells add up to the total minus the
shown cells. A hidden small count is recoverable exactly when those facts allow it only one
value. So after the primary suppression, the smallest shown cells are hidden one by one until no
"<5" cell is pinned; if even hiding every cell leaves one pinned, the total is hidden instead.
"""

from collections.abc import Mapping

SIBLING = "x"


def small(threshold: int) -> str:
    return f"<{threshold}"


def _pinned(hidden: dict[str, int], kinds: dict[str, str], hidden_sum: int, threshold: int):
    """The "<threshold" cells whose value the reader can work out from the hidden sum."""
    low = {k: 1 for k in hidden}
    high = {k: (threshold - 1 if kinds[k] == "small" else hidden_sum) for k in hidden}
    pinned = []
    for k in hidden:
        if kinds[k] != "small":
            continue
        others_low = sum(low[j] for j in hidden if j != k)
        others_high = sum(high[j] for j in hidden if j != k)
        lowest = max(low[k], hidden_sum - others_high)
        highest = min(high[k], hidden_sum - others_low)
        if lowest == highest:
            pinned.append(k)
    return pinned


def suppress_table(
    cells: Mapping[str, int], total: int | None, threshold: int
) -> tuple[dict[str, int | str], int | str | None]:
    """One table's cells and total (None: no total shown) as they may be shown.

    The cells must add up to the total when one is given.
    """
    if threshold <= 0:
        return dict(cells), total
    shown: dict[str, int | str] = dict(cells)
    kinds = {k: "small" for k, n in cells.items() if 1 <= n < threshold}
    for k in kinds:
        shown[k] = small(threshold)
    if total is not None and 1 <= total < threshold:
        return shown, small(threshold)  # every cell is small too
    if total is None or not kinds:
        return shown, total
    candidates = sorted((n, k) for k, n in cells.items() if n >= threshold)
    while True:
        hidden = {k: cells[k] for k in kinds}
        if not _pinned(hidden, kinds, sum(hidden.values()), threshold):
            return shown, total
        if not candidates:
            return shown, SIBLING  # only hiding the total keeps the small counts hidden
        _, k = candidates.pop(0)
        kinds[k] = "sibling"
        shown[k] = SIBLING


def suppress_count(n: int, threshold: int) -> int | str:
    """A count shown on its own."""
    return small(threshold) if threshold > 0 and 1 <= n < threshold else n
