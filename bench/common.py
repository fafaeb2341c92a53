"""What the benchmarks share: a demo warehouse at a given scale, and the periods they measure."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = "benchmark-key-" + "x" * 32  # a pseudonym key long enough (32 characters and more)


def skp(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "skp.cli", *args], check=True, stdout=subprocess.DEVNULL)


def build(scale: int, root: Path) -> Path:
    """A demo export at `scale` (1 = the demo team; 2900 is national size), ingested and built
    in `root`: the warehouse file."""
    export, warehouse = root / "export", root / "skp.duckdb"
    skp("demo", str(export), "--scale", str(scale))
    skp("ingest", str(export), "--warehouse", str(warehouse))
    skp("build", "--warehouse", str(warehouse))
    return warehouse


def periods(warehouse: Path, kinds: list[str]) -> dict[str, tuple[dt.date, dt.date]]:
    """The periods to measure: (start, end) of each kind asked for, in the latest full year:
    the year, its first quarter, and 1 March to 31 August (a free range)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from warehouse.connection import connect
    from warehouse.periods import latest_full_year

    con = connect(warehouse)
    try:
        year = latest_full_year(con)
    finally:
        con.close()
    every = {
        "year": (dt.date(year, 1, 1), dt.date(year, 12, 31)),
        "quarter": (dt.date(year, 1, 1), dt.date(year, 3, 31)),
        "range": (dt.date(year, 3, 1), dt.date(year, 8, 31)),
    }
    return {kind: every[kind] for kind in kinds}
