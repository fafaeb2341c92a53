"""Benchmark: `skp ingest` next to a bare DuckDB read_csv of the same files into tables.

The bare load copies each file into a table of strings (all_varchar: the demo export has bad
rows on purpose, which a typed load would stop at).

    .venv/bin/python bench/ingest.py [--scale 2900] [--export DIR] [--profile]

--scale 2900 writes about 10 million contacts (national size). Each side runs in its own
process and reports its own wall time and peak memory (max RSS). Targets: the ingest within
1.5x the bare load's time (issue 19; issue 3 asked for 2x), peak memory under 4 GB. With
--profile, the export is also written as the example profile's made-up case system writes it
(profiles/klientnet.yaml), and read through the profile: what mapping the headers, codes and
dates costs.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import duckdb, json, resource, sys, time
from pathlib import Path
export, warehouse = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
con = duckdb.connect(warehouse)
rows = 0
for path in sorted(export.glob("*.csv")):
    con.execute(
        f"create table {path.stem} as select * from "
        "read_csv(?, delim=';', header=true, all_varchar=true)",
        [str(path)],
    )
    rows += con.sql(f"select count(*) from {path.stem}").fetchall()[0][0]
con.close()
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "rows": rows, "peak_bytes": peak}))
"""

OURS = """
import datetime as dt, duckdb, json, resource, sys, time
from pathlib import Path
from ingest.pipeline import ingest
from ingest.profile import load
export, warehouse = Path(sys.argv[1]), sys.argv[2]
profile = load(Path(sys.argv[3])) if len(sys.argv) > 3 else None
start = time.perf_counter()
con = duckdb.connect(warehouse)
results = ingest([export], con, b"benchmark-key", profile=profile)
con.close()
seconds = time.perf_counter() - start
assert all(r.status == "loaded" for r in results), [r.message for r in results]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "rows": sum(r.rows_read for r in results),
                  "peak_bytes": peak}))
"""


def measure(code: str, export: Path, warehouse: Path, *more: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, str(export), str(warehouse), *more],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(name: str, m: dict) -> str:
    return (
        f"{name:<28} {m['rows']:>12,} rows {m['seconds']:>8.2f} s "
        f"{m['rows'] / m['seconds']:>12,.0f} rows/s  peak {m['peak_bytes'] / 2**30:.2f} GiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2900)
    parser.add_argument("--export", type=Path, help="an export folder to use instead of a demo")
    parser.add_argument(
        "--profile", action="store_true", help="also read it as KlientNet's, through its profile"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skp-bench-") as folder:
        work = Path(folder)
        export = args.export
        if export is None:
            export = work / "export"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "skp.cli", "demo", str(export), "--scale", str(args.scale)],
                check=True,
                capture_output=True,
            )
            print(
                f"demo export (--scale {args.scale}) written in {time.perf_counter() - start:.1f} s"
            )
        bare = measure(BARE, export, work / "bare.duckdb")
        ours = measure(OURS, export, work / "skp.duckdb")
        command = measure_command(export, work / "cli" / "skp.duckdb", ours["rows"])
        print(line("bare DuckDB read_csv", bare))
        print(line("ingest() on a connection", ours))
        print(line("skp ingest (the command)", command))
        if args.profile:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
            from tests.test_profile import EXAMPLE, as_klientnet  # the test's own writer

            start = time.perf_counter()
            klientnet = as_klientnet(export, work / "klientnet")
            print(f"written as KlientNet's export in {time.perf_counter() - start:.1f} s")
            mapped = measure(OURS, klientnet, work / "kn.duckdb", str(EXAMPLE))
            print(line("ingest() with the profile", mapped))
            print(f"with the profile: {mapped['seconds'] / ours['seconds']:.2f}x without")
        for name, m in (("ingest()", ours), ("skp ingest", command)):
            print(
                f"{name}: {m['seconds'] / bare['seconds']:.2f}x the bare load (target <= 1.5x); "
                f"peak {m['peak_bytes'] / 2**30:.2f} GiB (target < 4 GiB)"
            )


def measure_command(export: Path, warehouse: Path, rows: int) -> dict:
    """The whole command as an operator runs it: the lock, the checks, the load and the
    store's clean rewrite (ingest/clean_store.py) in a process of its own."""
    env = {**os.environ, "SKP_PSEUDONYM_KEY": "benchmark-key-" + "x" * 32}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "skp.cli", "ingest", str(export), "--warehouse", str(warehouse)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"skp ingest failed: {status}")
    # Linux gives a waited process the largest resident set of it and its waited children
    return {"seconds": seconds, "rows": rows, "peak_bytes": usage.ru_maxrss * 1024}


if __name__ == "__main__":
    main()
