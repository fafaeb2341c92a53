"""Benchmark: `skp report`'s figures for each kind of period, in-process and as the command,
and the PDF.

    .venv/bin/python bench/report.py [--scale 2900 | --warehouse FILE] [--repeat 3]

For the latest full year, its first quarter, its first half and 1 March to 31 August (a free
range, also with a filter) it prints, in seconds (min / median / max of --repeat runs):
- first: kpis.report on a fresh connection in a fresh process, the first visit to the period
  (a period other than a calendar year computes its rows then: periods.kept; imports not
  timed);
- again: the same on a fresh connection, with the period's rows kept (min / median / max);
- command: `skp report` as an operator runs it, the interpreter's start and imports included;
and the PDF (`skp report --format pdf`) of the year. Targets (issue 19): all figures of a
calendar year in at most 0.3 s, of any other period in at most 0.5 s; the PDF in at most 2 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import KEY, build, periods  # noqa: E402  (bench/common.py)

from warehouse import kpis  # noqa: E402
from warehouse.connection import connect  # noqa: E402
from warehouse.filters import Filters  # noqa: E402
from warehouse.periods import Period  # noqa: E402


def spread(seconds: list[float]) -> str:
    return f"{min(seconds):>7.2f}{statistics.median(seconds):>7.2f}{max(seconds):>7.2f}"


def in_process(warehouse: Path, period: Period, filters: Filters) -> float:
    start = time.perf_counter()
    con = connect(warehouse)
    try:
        kpis.report(con, period, filters)
    finally:
        con.close()
    return time.perf_counter() - start


FIRST = """
import datetime as dt, sys, time
from pathlib import Path
from warehouse import kpis
from warehouse.connection import connect
from warehouse.filters import Filters
from warehouse.periods import Period
warehouse, start, end, genders = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
began = time.perf_counter()
con = connect(warehouse)
kpis.report(con, Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end)),
            Filters(gender=tuple(genders)))
print(time.perf_counter() - began)
"""


def first_visit(warehouse: Path, period: Period, filters: Filters) -> float:
    """in_process in a process of its own, where no period's rows are kept yet (its imports
    not timed)."""
    args = [str(warehouse), period.start.isoformat(), period.end.isoformat(), *filters.gender]
    done = subprocess.run(
        [sys.executable, "-c", FIRST, *args], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return float(done.stdout.strip().splitlines()[-1])


def command(*args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "skp.cli", "report", *args], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SKP_PSEUDONYM_KEY", KEY)
    with tempfile.TemporaryDirectory() as folder:
        warehouse = args.warehouse or build(args.scale, Path(folder))
        ((year_start, year_end),) = periods(warehouse, ["year"]).values()
        year = year_start.year
        asked = {
            "year": (Period.year(year), Filters()),
            "quarter": (Period(year_start, year_start.replace(month=3, day=31)), Filters()),
            "half-year": (Period(year_start, year_start.replace(month=6, day=30)), Filters()),
            "range": (Period(year_start.replace(month=3), year_end.replace(month=8)), Filters()),
            "range, K": (
                Period(year_start.replace(month=3), year_end.replace(month=8)),
                Filters(gender=("K",)),
            ),
        }
        print(f"warehouse: {warehouse} ({warehouse.stat().st_size / 2**20:.0f} MiB)")
        print(
            f"{'period':<11}{'first min/med/max':>21}{'again min/med/max':>21}"
            f"{'command min/med/max':>21}  (s)"
        )
        where = ["--warehouse", str(warehouse)]
        for name, (period, filters) in asked.items():
            first = [first_visit(warehouse, period, filters) for _ in range(args.repeat)]
            in_process(warehouse, period, filters)  # the period's rows kept in this process
            again = [in_process(warehouse, period, filters) for _ in range(args.repeat)]
            chosen = ["--from", period.start.isoformat(), "--to", period.end.isoformat()]
            chosen += [f"--gender={g}" for g in filters.gender]
            run = [command(*chosen, *where) for _ in range(args.repeat)]
            print(f"{name:<11}{spread(first):>21}{spread(again):>21}{spread(run):>21}")
        pdf = Path(folder) / "report.pdf"
        made = [
            command("--year", str(year), "--format", "pdf", "--output", str(pdf), *where)
            for _ in range(args.repeat)
        ]
        print(f"{'PDF, year':<11}{'':>42}{spread(made):>21}")


if __name__ == "__main__":
    main()
