"""Load benchmark: N sessions at once against one `skp serve` on loopback.

    .venv/bin/python bench/load.py [--sessions 20] [--seconds 60] [--think 3]
                                   [--scale 1 | --warehouse FILE] [--settle 10]

Each session is a client speaking Streamlit's own websocket protocol (the messages its web page
sends), so that no browser's work shares the server's cores. A session opens a link to one of
the periods (a year, a quarter, a free range: bench/common.py), then every `--think` seconds
(at random between half and one and a half of it) switches to another page, or changes a
filter (gender, age band, problem group) or the year, as a manager at a board meeting would.
Sessions start spread over the first `--think` seconds and end after `--seconds`.

It prints:
- the time until a page's figures are shown (the server's message that the page's run
  finished), p50, p95 and max, per kind of step and in all;
- errors: a page that raised, showed an error, did not finish within 60 s, or a lost connection;
- the server's CPU seconds per page view (/proc/PID/stat, the whole process);
- the server's memory (resident set) before the sessions, at its peak during them, and
  `--settle` seconds after they closed.
Targets (issue 19): with 20 sessions at demo size p95 at most 1.5 s and no error; at national
size (--scale 2900) p95 at most 3 s; CPU per page view at most 100 ms.
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from client import Step, Tab, connect  # noqa: E402  (bench/client.py)
from common import KEY, build, periods  # noqa: E402  (bench/common.py)

from app.access import PAGES as ACCESS_PAGES  # noqa: E402

PAGES = [page for page in ACCESS_PAGES if page != "kommentarer"]
FILTERS = ["f_gender", "f_age_band", "f_problem_group"]
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class User:
    """One manager with one tab: opens a link, then a step every few seconds."""

    url: str
    tab: Tab
    rng: random.Random

    async def run(self, until: float, think: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, think))
        try:
            async with connect(self.url, subprotocols=["streamlit"], max_size=None) as ws:
                await self.tab.view(ws, "open")
                while time.monotonic() < until:
                    await asyncio.sleep(self.rng.uniform(think / 2, think * 1.5))
                    await self.tab.view(ws, self.change())
        except Exception as error:  # a lost connection is an error of the step it cut
            self.tab.steps.append(Step("connection", 0.0, f"{type(error).__name__}: {error}"))

    def change(self) -> str:
        """Choose the next step and set it up: another page, a filter or the year."""
        kind = self.rng.choice(["page", "page", "page", "filter", "year"])
        if kind == "filter":
            key = self.rng.choice(FILTERS)
            if key in self.tab.widgets:
                options = list(self.tab.widgets[key].options)
                self.tab.choose(key, self.rng.sample(options, k=self.rng.choice([0, 1])))
                return "filter"
        if kind == "year" and "year" in self.tab.widgets:  # not while a free range is shown
            self.tab.choose("year", self.rng.choice(list(self.tab.widgets["year"].options)))
            return "year"
        self.tab.page = self.rng.choice([p for p in PAGES if p != self.tab.page])
        return "page"


def cpu_seconds(pid: int) -> float:
    """User and system CPU the process has used (/proc/PID/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def serve(warehouse: Path, port: int) -> subprocess.Popen:
    """`skp serve` on loopback (it becomes the Streamlit process: its PID is the server's)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "skp.cli", "serve", "--port", str(port)],
        env={**os.environ, "SKP_WAREHOUSE": str(warehouse)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not answer within 120 s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def line(name: str, steps: list[Step]) -> str:
    ms = [s.seconds * 1000 for s in steps if s.error is None]
    if not ms:
        return f"{name:<12}{len(steps):>6}{'':>24}{sum(s.error is not None for s in steps):>8}"
    return (
        f"{name:<12}{len(steps):>6}{statistics.median(ms):>8.0f}{percentile(ms, 0.95):>8.0f}"
        f"{max(ms):>8.0f}{sum(s.error is not None for s in steps):>8}"
    )


async def load(url: str, links: list[str], args: argparse.Namespace, pid: int) -> dict:
    rng = random.Random(args.seed)
    sessions = [
        User(url, Tab(links[i % len(links)]), random.Random(rng.random()))
        for i in range(args.sessions)
    ]
    peak = rss_bytes(pid)
    until = time.monotonic() + args.seconds
    tasks = [asyncio.create_task(s.run(until, args.think)) for s in sessions]
    while not all(task.done() for task in tasks):
        peak = max(peak, rss_bytes(pid))
        await asyncio.sleep(0.25)
    return {"sessions": sessions, "peak": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=3, help="seconds between a user's steps")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--port", type=int, default=8599)
    parser.add_argument("--settle", type=float, default=10, help="seconds to wait after")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    os.environ.setdefault("SKP_PSEUDONYM_KEY", KEY)
    with tempfile.TemporaryDirectory() as folder:
        warehouse = args.warehouse or build(args.scale, Path(folder))
        links = []
        for kind, (start, end) in periods(warehouse, ["year", "quarter", "range"]).items():
            if kind == "year":
                links.append(f"year={start.year}")
            else:
                links.append(f"from={start.isoformat()}&to={end.isoformat()}")
        server = serve(warehouse, args.port)
        try:
            time.sleep(2)
            before_rss, before_cpu = rss_bytes(server.pid), cpu_seconds(server.pid)
            began = time.monotonic()
            url = f"ws://127.0.0.1:{args.port}/_stcore/stream"
            result = asyncio.run(load(url, links, args, server.pid))
            wall = time.monotonic() - began
            cpu = cpu_seconds(server.pid) - before_cpu
            time.sleep(args.settle)
            after_rss = rss_bytes(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    steps = [step for user in result["sessions"] for step in user.tab.steps]
    views = [s for s in steps if s.kind != "connection"]
    mib = 2**20
    print(
        f"warehouse: {warehouse.name}, {args.sessions} sessions for {args.seconds:.0f} s "
        f"(a step every {args.think / 2:.1f}-{args.think * 1.5:.1f} s), {os.cpu_count()} cores"
    )
    print(f"{'step':<12}{'count':>6}{'p50':>8}{'p95':>8}{'max':>8}{'errors':>8}  (ms)")
    for kind in ["open", "page", "filter", "year"]:
        print(line(kind, [s for s in views if s.kind == kind]))
    print(line("all", steps))
    print(
        f"server CPU: {cpu:.1f} s in {wall:.0f} s for {len(views)} page views: "
        f"{cpu / max(1, len(views)) * 1000:.0f} ms per view"
    )
    print(
        f"server memory: {before_rss / mib:.0f} MiB before, {result['peak'] / mib:.0f} MiB at "
        f"peak, {after_rss / mib:.0f} MiB {args.settle:.0f} s after the sessions closed"
    )
    errors = sorted({s.error for s in steps if s.error})
    for error in errors[:10]:
        print(f"error: {error}")


if __name__ == "__main__":
    main()
