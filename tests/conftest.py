"""Shared fixtures: a demo export and a warehouse built from it through the real commands."""

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import sync_playwright
from typer.testing import CliRunner

from skp.cli import app

TEST_KEY = "test-pseudonym-key-not-for-production"


@pytest.fixture(autouse=True)
def _isolated_config(monkeypatch, tmp_path):
    """Every test gets a known key and no default warehouse or key file of the developer's."""
    monkeypatch.setenv("SKP_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("SKP_PSEUDONYM_KEY_FILE", str(tmp_path / "no-such-key-file"))
    monkeypatch.delenv("SKP_WAREHOUSE", raising=False)


def run(*args: str) -> "CliRunner.invoke":
    """Run `skp ARGS` in-process, as a user would type it."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def build_demo_warehouse(root: Path, seed: int = 1, scale: int = 1) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SKP_PSEUDONYM_KEY", TEST_KEY)
        export, warehouse = root / "export", root / "skp.duckdb"
        for args in (
            ("demo", export, "--seed", seed, "--scale", scale),
            ("ingest", export, "--warehouse", warehouse),
            ("build", "--warehouse", warehouse),
        ):
            result = run(*args)
            assert result.exit_code == 0, result.output
    return warehouse


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """demo → ingest → build at the default seed and scale."""
    return build_demo_warehouse(tmp_path_factory.mktemp("demo"))


def report(warehouse: Path, year: int) -> dict:
    result = run("report", "--year", year, "--format", "json", "--warehouse", warehouse)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


class Formula(NamedTuple):
    """A cell with a formula, and the value Excel saved with it (#DIV/0! for an error)."""

    formula: str
    result: str


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook as Excel writes it: datetimes become real date cells, strings stay text."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, Formula):
                    sheet.write_formula(r, c, value.formula, None, value.result)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(
    args: list[str], ready_path: str, seconds: int = 120, port: int | None = None
) -> Iterator[str]:
    """`skp ARGS --port P` in its own process, as a user starts it; yields its URL once
    `ready_path` answers, and stops it afterwards, as a service manager would (SIGTERM). Fails
    when the port still answers after that: a server left running would hold it."""
    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "skp.cli", *args, "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(url + ready_path, timeout=2):
                    break
            except OSError:
                assert server.poll() is None, f"skp {args[0]} stopped"
                assert time.monotonic() < deadline, f"skp {args[0]} did not answer in {seconds} s"
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        time.sleep(0.5)
        with socket.socket() as probe:
            still_serving = probe.connect_ex(("127.0.0.1", port)) == 0
        assert not still_serving, f"skp {args[0]} left a server on port {port} after it stopped"


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
