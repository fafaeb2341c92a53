"""Fault soak: `skp build` and `skp ingest` killed (SIGKILL) at many random moments, each
followed by the run again; the published report must equal a clean run's every time.

    .venv/bin/python bench/faults.py [--scale 300] [--kills 20] [--seed 1]

The fast, fixed kill points are in tests/test_faults.py; this is the slow variant, at any
size (--scale 2900 is national size; a build there takes minutes). It prints each kill's
moment and outcome, and a summary line; it exits non-zero on the first mismatch.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WAREHOUSE = "w/skp.duckdb"


def skp(root: Path, *args, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "skp.cli", *map(str, args)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        sys.exit(f"skp {' '.join(map(str, args))} failed:\n{result.stderr[-2000:]}")
    return result


def timed(root: Path, *args) -> float:
    start = time.perf_counter()
    skp(root, *args)
    return time.perf_counter() - start


def report(root: Path) -> dict:
    return json.loads(skp(root, "report", "--year", 2010, "--warehouse", WAREHOUSE).stdout)


def killed(root: Path, seconds: float, *args) -> bool:
    """Run `skp ARGS`, SIGKILL it after `seconds`; whether it was still running then."""
    process = subprocess.Popen(
        [sys.executable, "-m", "skp.cli", *map(str, args)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    alive = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return alive


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=300)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    os.environ.setdefault("SKP_PSEUDONYM_KEY", "bench-faults-key-" + "x" * 32)
    chance = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="skp-bench-faults-") as folder:
        base = Path(folder) / "base"
        base.mkdir()
        skp(base, "demo", "first")
        skp(base, "demo", "second", "--scale", options.scale)
        skp(base, "ingest", "first", "--warehouse", WAREHOUSE)
        skp(base, "build", "--warehouse", WAREHOUSE)
        clean = Path(folder) / "clean"
        shutil.copytree(base, clean)
        ingest_seconds = timed(clean, "ingest", "second", "--warehouse", WAREHOUSE)
        build_seconds = timed(clean, "build", "--warehouse", WAREHOUSE)
        before, after = report(base), report(clean)
        print(f"scale {options.scale}: ingest {ingest_seconds:.1f} s, build {build_seconds:.1f} s")
        outcomes = {"build": 0, "ingest": 0, "too late": 0}
        for kill in range(options.kills):
            site = Path(folder) / f"kill-{kill}"
            shutil.copytree(base, site)
            what = chance.choice(["build", "ingest"])
            if what == "build":
                skp(site, "ingest", "second", "--warehouse", WAREHOUSE)
                at = chance.uniform(0, build_seconds)
                published = digest(site / WAREHOUSE)
                alive = killed(site, at, "build", "--warehouse", WAREHOUSE)
                if alive and digest(site / WAREHOUSE) != published:
                    sys.exit(f"kill {kill}: a killed build changed the published file")
                if alive and report(site) != before:
                    sys.exit(f"kill {kill}: a killed build changed the published figures")
            else:
                at = chance.uniform(0, ingest_seconds)
                alive = killed(site, at, "ingest", "second", "--warehouse", WAREHOUSE)
                if report(site) != before:
                    sys.exit(f"kill {kill}: a killed ingest changed the published figures")
                skp(site, "ingest", "second", "--warehouse", WAREHOUSE)
            skp(site, "build", "--warehouse", WAREHOUSE)
            if report(site) != after:
                sys.exit(f"kill {kill}: the run after a killed {what} gave other figures")
            leftovers = list((site / "w" / ".skp-skp" / "runs").iterdir())
            if leftovers:
                sys.exit(f"kill {kill}: run folders left: {leftovers}")
            outcomes[what if alive else "too late"] += 1
            print(f"kill {kill + 1}: {what} at {at:.2f} s: {'killed' if alive else 'had ended'}")
            shutil.rmtree(site)
        print(
            f"{options.kills} kills, every one followed by the clean run's figures: "
            f"{outcomes['build']} builds and {outcomes['ingest']} ingests killed mid-run, "
            f"{outcomes['too late']} had already ended"
        )


if __name__ == "__main__":
    main()
