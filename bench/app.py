"""Benchmark: each dashboard page's rerun time next to the bare time of its queries.

    .venv/bin/python bench/app.py [--scale 2900] [--warehouse FILE] [--repeat 5]

Without --warehouse it writes a demo export at --scale (1 = the demo team; 2900 is about 10
million contacts, national size), ingests and builds it in a temporary folder. For each page it
prints, in milliseconds:
- cold: a rerun after clearing the data caches (the first visit to a period and filter),
- warm: a rerun with the caches filled (the median of --repeat reruns),
- bare: the page's queries run straight on DuckDB, without Streamlit (the median as well).
Targets (issue 5): under 300 ms per page on the demo data, under 1 s at national size.
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

PAGES = [
    "overblik",
    "henvendelser",
    "forloeb",
    "kontakter",
    "maalgruppe",
    "bolig",
    "datakvalitet",
    "moede",
]


def skp(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "skp.cli", *args], check=True, stdout=subprocess.DEVNULL)


def build(scale: int, root: Path) -> Path:
    export, warehouse = root / "export", root / "skp.duckdb"
    skp("demo", str(export), "--scale", str(scale))
    skp("ingest", str(export), "--warehouse", str(warehouse))
    skp("build", "--warehouse", str(warehouse))
    return warehouse


def bare_queries(warehouse: Path, page: str) -> float:
    """The page's queries straight on DuckDB: seconds."""
    from app import data
    from warehouse import kpis

    start = time.perf_counter()
    con = kpis.connect(warehouse)
    try:
        if page == "datakvalitet":
            for query in (data.LOADS, data.REJECTED, data.UNKNOWN_CODES):
                params = {"mask": data.MASK} if "$mask" in query else None
                con.sql(query, params=params).pl()
            kpis.last_data_date(con)
        else:
            year = kpis.latest_full_year(con)
            period = kpis.Period.year(year)
            kpis.report(con, period)
            previous = kpis.comparison(con, period).previous
            if page == "overblik" and previous:
                kpis.headline(con, previous)
            if page == "bolig":
                for y in kpis.years_with_data(con):
                    kpis.citizen_summary(con, kpis.Period.year(y))
    finally:
        con.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SKP_PSEUDONYM_KEY", "benchmark-key")
    with tempfile.TemporaryDirectory() as folder:
        warehouse = args.warehouse or build(args.scale, Path(folder))
        os.environ["SKP_WAREHOUSE"] = str(warehouse)

        import streamlit as st
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app" / "streamlit_app.py"), default_timeout=600)
        at.run()
        print(f"warehouse: {warehouse} ({warehouse.stat().st_size / 2**20:.0f} MiB)")
        print(f"{'page':<14}{'cold ms':>10}{'warm ms':>10}{'bare ms':>10}")
        for page in PAGES:
            at.switch_page(f"screens/{page}.py").run()
            assert not at.exception, at.exception
            st.cache_data.clear()
            start = time.perf_counter()
            at.run()
            cold = time.perf_counter() - start
            warm = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - start)
            bare = statistics.median(bare_queries(warehouse, page) for _ in range(args.repeat))
            print(
                f"{page:<14}{cold * 1000:>10.0f}{statistics.median(warm) * 1000:>10.0f}"
                f"{bare * 1000:>10.0f}"
            )


if __name__ == "__main__":
    main()
