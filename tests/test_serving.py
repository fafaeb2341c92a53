"""The dashboard keeps answering while `skp build` rebuilds the warehouse, shows the new data once
the build is done, and never blocks the build (warehouse/build.py builds a copy and swaps it)."""

import threading
import time

from tests.conftest import build_demo_warehouse, run
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
