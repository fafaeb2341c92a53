"""The dashboard keeps answering while `skp build` rebuilds the warehouse, shows the new data once
the build is done, and never blocks the build (warehouse/build.py builds a copy and swaps it)."""

import asyncio
import datetime as dt
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import build_demo_warehouse, run, serving
from warehouse import kpis
from warehouse.connection import connect
from warehouse.periods import Period


def test_a_build_runs_while_sessions_query_and_they_see_its_data(tmp_path):
    warehouse = build_demo_warehouse(tmp_path)
    # a corrected export: twice the team (the first copy replaces what was loaded)
    more = tmp_path / "more"
    assert run("demo", more, "--scale", 2).exit_code == 0
    assert run("ingest", more, "--warehouse", warehouse).exit_code == 0

    seen: list[int] = []
    errors: list[Exception] = []
    building = threading.Event()
    stop = threading.Event()

    def session():
        # as app/data.py reads: a short read-only connection per query
        while not stop.is_set():
            try:
                con = connect(warehouse)
                try:
                    total = kpis.report(con, Period.year(2010))["citizens"]["total"]
                finally:
                    con.close()
                if building.is_set():
                    seen.append(total)
            except Exception as error:  # noqa: BLE001 - any failure is what the test is about
                errors.append(error)

    sessions = [threading.Thread(target=session) for _ in range(3)]
    for thread in sessions:
        thread.start()
    time.sleep(0.5)
    building.set()
    result = run("build", "--warehouse", warehouse)
    time.sleep(0.5)
    stop.set()
    for thread in sessions:
        thread.join()

    assert result.exit_code == 0, result.output
    assert errors == []
    assert 55 in seen  # answered from the old models while dbt built
    assert seen[-1] == 110  # and from the new ones once the build was done
    assert set(seen) == {55, 110}


def test_sessions_arriving_together_after_a_start_each_get_their_page(demo_warehouse):
    """A board opening one link on many tablets right after the server started: each first run
    imports what the pages need in a thread of its own, and none may meet a library half
    imported (it did: "partially initialized module 'pandas'"; skp/server.py)."""
    from bench.client import Tab, connect, stream_url

    async def open_together(url: str, count: int) -> list:
        # charts (Altair asks whether pandas is loaded) and tables (pandas, imported late)
        pages = ["overblik", "udvikling", "maalgruppe", "kvalitetsstandard"]
        tabs = [Tab("year=2010", page=pages[i % 4]) for i in range(count)]

        async def views(tab: Tab) -> None:
            async with connect(url, subprotocols=["streamlit"], max_size=None) as ws:
                await tab.view(ws, "open")
                tab.page = "datakvalitet" if tab.page == "overblik" else "overblik"
                await tab.view(ws, "page")

        await asyncio.gather(*(views(tab) for tab in tabs))
        return [step for tab in tabs for step in tab.steps]

    with serving(["serve", "--warehouse", str(demo_warehouse)], "/_stcore/health") as url:
        steps = asyncio.run(open_together(stream_url(url), 12))
    assert len(steps) == 24
    assert [step.error for step in steps] == [None] * 24


def test_a_periods_rows_kept_across_connections_are_never_an_old_builds(tmp_path):
    """A date range's rows are kept for every connection of the process (periods.kept); after a
    rebuild with other data, the same range on a new connection counts the new data, and the
    kept rows of another warehouse at the same moment are not mistaken for it."""
    period = Period(dt.date(2010, 3, 1), dt.date(2010, 8, 31))
    first = build_demo_warehouse(tmp_path / "first")
    other = build_demo_warehouse(tmp_path / "other", seed=2)

    def total(warehouse) -> int:
        con = connect(warehouse)
        try:
            return kpis.report(con, period)["citizens"]["total"]
        finally:
            con.close()

    before, elsewhere = total(first), total(other)
    assert total(first) == before  # from the kept rows
    more = tmp_path / "more"
    assert run("demo", more, "--scale", 2).exit_code == 0
    assert run("ingest", more, "--warehouse", first).exit_code == 0
    assert run("build", "--warehouse", first).exit_code == 0
    assert total(first) == 2 * before
    assert total(other) == elsewhere


def test_the_agent_api_stays_off_whatever_the_environment_says(demo_warehouse, monkeypatch):
    """Streamlit can serve an app to programs over HTTP (its agent API, /_stcore/agent/), in
    sessions of their own beside the browsers'. `skp serve` turns it off on its command line,
    which neither an environment variable nor a config file can turn on again: no way into the
    figures that the sign-in and the loopback rule (README, "Who can see it") were not built
    for."""
    monkeypatch.setenv("STREAMLIT_SERVER_ENABLE_AGENT_API", "true")
    with serving(["serve", "--warehouse", str(demo_warehouse)], "/_stcore/health") as url:
        asked = urllib.request.Request(
            url + "/_stcore/agent/interact",
            data=b"{}",
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(asked, timeout=60)
        assert refused.value.code == 403
        assert b"not_available" in refused.value.read()
