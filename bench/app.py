"""Benchmark: each dashboard page's rerun time next to the bare time of its queries.

    .venv/bin/python bench/app.py [--scale 2900] [--warehouse FILE] [--repeat 5]
                                  [--periods year,quarter,range]

Without --warehouse it writes a demo export at --scale (1 = the demo team; 2900 is about 10
million contacts, national size), ingests and builds it in a temporary folder. For each period
(the latest full year; its first quarter; 1 March to 31 August of it, a free range) and each
page it prints, in milliseconds:
- cold: reruns after clearing the data caches (the first visit to a period and filter; min,
  median and max of --repeat reruns: a process's first rerun of a page can hold a cost paid
  once per process, so the median is the page's),
- warm: reruns with the caches filled (min, median and max of --repeat reruns),
- bare: the page's queries run straight on DuckDB, without Streamlit (min, median, max).
Targets (issue 19): a cold page at most 300 ms for a year and 500 ms for any other period, a
warm one at most 50 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import KEY, build, periods  # noqa: E402  (bench/common.py)

from app.access import PAGES as ACCESS_PAGES  # noqa: E402

# every page with figures: the navigation's (app/access.py) but the team's words
PAGES = [page for page in ACCESS_PAGES if page != "kommentarer"]


def spread(seconds: list[float]) -> str:
    """min / median / max in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return f"{min(ms):>7.0f}{statistics.median(ms):>7.0f}{max(ms):>7.0f}"


def bare_queries(warehouse: Path, page: str, start_end: tuple) -> float:
    """The page's queries straight on DuckDB: seconds."""
    from app import data
    from warehouse import kpis
    from warehouse.connection import connect
    from warehouse.periods import Period, comparison, last_data_date, years_with_data

    start = time.perf_counter()
    con = connect(warehouse)
    try:
        if page == "datakvalitet":
            for query in (data.LOADS, data.REJECTED, data.UNKNOWN_CODES):
                con.sql(query).pl()
            last_data_date(con)
        elif page == "udvikling":  # every year's report, side by side (not the period's)
            for y in years_with_data(con):
                kpis.report(con, Period.year(y))
        else:
            period = Period(*start_end)
            kpis.report(con, period)
            previous = comparison(con, period).previous
            if page == "overblik" and previous:
                kpis.headline(con, previous)
            if page == "bolig":
                for y in years_with_data(con):
                    kpis.report(con, Period.year(y), keys=["housing.homeless_at_end"])
    finally:
        con.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--periods", default="year,quarter,range")
    args = parser.parse_args()
    os.environ.setdefault("SKP_PSEUDONYM_KEY", KEY)
    with tempfile.TemporaryDirectory() as folder:
        warehouse = args.warehouse or build(args.scale, Path(folder))
        os.environ["SKP_WAREHOUSE"] = str(warehouse)

        import streamlit as st
        from streamlit.testing.v1 import AppTest

        print(f"warehouse: {warehouse} ({warehouse.stat().st_size / 2**20:.0f} MiB)")
        print(
            f"{'period':<9}{'page':<14}{'cold min/med/max':>21}{'warm min/med/max':>21}"
            f"{'bare min/med/max':>21}  (ms)"
        )
        for kind, (start, end) in periods(warehouse, args.periods.split(",")).items():
            at = AppTest.from_file(str(ROOT / "app" / "streamlit_app.py"), default_timeout=600)
            if kind == "year":
                at.query_params["year"] = str(start.year)
            else:
                at.query_params.update({"from": start.isoformat(), "to": end.isoformat()})
            at.run()
            for page in PAGES:
                at.switch_page(f"screens/{page}.py").run()
                assert not at.exception, at.exception
                cold, warm = [], []
                for _ in range(args.repeat):  # a rerun with the caches cleared, then one with
                    st.cache_data.clear()  # them filled
                    began = time.perf_counter()
                    at.run()
                    cold.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    at.run()
                    warm.append(time.perf_counter() - began)
                bare = [bare_queries(warehouse, page, (start, end)) for _ in range(args.repeat)]
                print(f"{kind:<9}{page:<14}{spread(cold):>21}{spread(warm):>21}{spread(bare):>21}")


if __name__ == "__main__":
    main()
