"""Small-number suppression: no hidden count can be recovered from what a table shows."""

import json
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse.suppression import SIBLING, suppress_count, suppress_table


def assignments(ranges: list[range], total: int) -> Iterator[tuple[int, ...]]:
    """Every way the hidden cells can take values in their ranges and add up to `total`."""
    if not ranges:
        if total == 0:
            yield ()
        return
    for value in ranges[0]:
        if value > total:
            break
        for rest in assignments(ranges[1:], total - value):
            yield (value, *rest)


def reader_can_recover(shown: dict, shown_total, threshold: int) -> list[str]:
    """The hidden small counts a reader could work out from the shown cells and total."""
    hidden = [k for k, v in shown.items() if isinstance(v, str)]
    if not isinstance(shown_total, int):
        return [] if threshold > 2 else hidden
    hidden_sum = shown_total - sum(v for v in shown.values() if isinstance(v, int))
    ranges = [
        range(1, threshold) if shown[k] == f"<{threshold}" else range(1, hidden_sum + 1)
        for k in hidden
    ]
    possible: dict[str, set[int]] = {k: set() for k in hidden}
    for values in assignments(ranges, hidden_sum):
        for k, v in zip(hidden, values, strict=True):
            possible[k].add(v)
    return [k for k in hidden if shown[k] != SIBLING and len(possible[k]) < 2]


tables = st.lists(st.integers(0, 14), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(tables, st.integers(3, 6))
def test_no_hidden_count_can_be_recovered_from_a_table_and_its_total(counts, threshold):
    cells = {f"c{i}": n for i, n in enumerate(counts)}
    shown, shown_total = suppress_table(cells, sum(counts), threshold)
    for k, n in cells.items():
        if n == 0:
            assert shown[k] == 0
        elif n < threshold:
            assert shown[k] == f"<{threshold}"
        else:
            assert shown[k] in (n, SIBLING)
    assert shown_total in (sum(counts), SIBLING) or sum(counts) < threshold
    assert reader_can_recover(shown, shown_total, threshold) == []


def test_a_lone_small_count_takes_its_smallest_sibling_with_it():
    shown, total = suppress_table({"a": 3, "b": 40, "c": 12, "d": 0}, 55, 5)
    assert (shown, total) == ({"a": "<5", "b": 40, "c": "x", "d": 0}, 55)


def test_small_counts_that_only_add_up_one_way_hide_the_total():
    # five sources with one citizen each: "<5" five times and a total of 5 would say "1" each
    shown, total = suppress_table({k: 1 for k in "abcde"}, 5, 5)
    assert set(shown.values()) == {"<5"} and total == SIBLING
    shown, total = suppress_table({"a": 1, "b": 2}, 3, 5)  # a small total is small itself
    assert shown == {"a": "<5", "b": "<5"} and total == "<5"


def test_threshold_zero_is_off_and_zero_is_shown():
    assert suppress_table({"a": 1, "b": 0}, 1, 0) == ({"a": 1, "b": 0}, 1)
    assert suppress_count(0, 5) == 0
    assert suppress_count(4, 5) == "<5"
    assert suppress_count(5, 5) == 5


def test_skp_report_suppress_hides_every_small_count_recoverably_never(demo_warehouse, monkeypatch):
    import json

    from tests.conftest import report, run

    plain = report(demo_warehouse, 2010)
    shown = json.loads(
        run("report", "--year", 2010, "--suppress", "--warehouse", demo_warehouse).output
    )
    citizens = shown["citizens"]
    total = citizens["total"]
    tables = [
        ({k: citizens[k] for k in ("men", "women", "unknown_gender")}, total),
        (citizens["age_bands"], total),
        (citizens["by_referral_source"], total),
        (shown["income_source"], total),
        (shown["problem_groups"], total),
        (shown["episode_duration"], total),
        (shown["referrals"]["by_source"], shown["referrals"]["total"]),
        (shown["contacts"]["by_form"], shown["contacts"]["total"]),
        (shown["housing"]["homeless_by_situation"], shown["housing"]["homeless_at_end"]),
        (shown["referrals"]["by_outcome"], shown["referrals"]["total"]),
        (shown["referrals"]["by_month"], shown["referrals"]["total"]),
        (shown["contacts"]["by_month"], shown["contacts"]["total"]),
        (shown["contacts"]["citizens_by_contacts"], total),
        (shown["episodes"]["ended_by_reason"], shown["episodes"]["ended"]),
    ]

    def counts(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from counts(value)
        elif isinstance(node, int):
            yield node

    assert not [n for n in counts(shown) if 1 <= n < 5]
    assert shown["episode_duration"] == {"afvist": "<5", "0-3": 15, "3-6": "x", "over 6": 28}
    for cells, table_total in tables:
        assert reader_can_recover(cells, table_total, 5) == []

    monkeypatch.setenv("SKP_SUPPRESSION_THRESHOLD", "0")
    off = json.loads(
        run("report", "--year", 2010, "--suppress", "--warehouse", demo_warehouse).output
    )
    assert off == plain


def test_a_total_any_of_its_tables_must_hide_is_hidden_for_all_of_them(demo_warehouse):
    from tests.conftest import report
    from warehouse.kpis import suppressed

    figures = report(demo_warehouse, 2010)
    # five referrals from one source in one month, each with its own outcome: shown as "<5"
    # five times beside a total of 5, the outcomes would each read 1
    figures["referrals"].update(
        total=5,
        by_source={"RAS": 5},
        by_month={"2010-05": 5},
        by_outcome={
            k: 1
            for k in (
                "kontakt_etableret",
                "afvist",
                "ikke_truffet",
                "videreformidlet",
                "uden_for_maalgruppe",
            )
        },
    )
    figures["contacts"].update(
        total=3,
        by_form={"telefon": 3},
        by_month={"2010-05": 3},
        per_citizen=round(3 / figures["citizens"]["total"], 2),
    )
    shown = suppressed(figures, 5)
    assert shown["referrals"]["total"] == SIBLING
    assert (
        reader_can_recover(shown["referrals"]["by_outcome"], shown["referrals"]["total"], 5) == []
    )
    assert shown["contacts"]["total"] == "<5"
    assert shown["contacts"]["per_citizen"] == SIBLING


def _orders(figures: dict, path: str = "") -> Iterator[tuple[str, list[str]]]:
    """Every breakdown of a report (a dict of counts), by its path: its keys in order."""
    for key, value in figures.items():
        if isinstance(value, dict):
            if value and all(isinstance(v, int | str) for v in value.values()):
                yield f"{path}{key}", list(value)
            else:
                yield from _orders(value, f"{path}{key}.")


def test_a_breakdowns_order_never_depends_on_its_counts(demo_warehouse):
    """Rows shown as <5 that kept the order of their true counts gave those counts away: in
    every report, every two keys of a breakdown stand in one order, whatever their counts."""
    from tests.conftest import run

    reports = []
    for args in (
        ["--year", "2009"],
        ["--year", "2010"],
        ["--year", "2010", "--gender", "K"],
        ["--year", "2010", "--gender", "M"],
        ["--from", "2010-01-01", "--to", "2010-06-30"],
    ):
        result = run("report", "--suppress", "--warehouse", demo_warehouse, *args)
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.output))
    before: dict[tuple[str, str, str], bool] = {}
    compared = 0
    for figures in reports:
        for path, keys in _orders(figures):
            for i, a in enumerate(keys):
                for b in keys[i + 1 :]:
                    assert not before.get((path, b, a)), f"{path}: {a} and {b} swap places"
                    before[(path, a, b)] = True
                    compared += 1
    assert compared > 1000


def _leaves(figures: dict, path: str = "") -> Iterator[tuple[str, object]]:
    for key, value in figures.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{path}{key}.")
        else:
            yield f"{path}{key}", value


def test_a_group_below_the_threshold_shows_only_that_it_is_small(demo_warehouse, monkeypatch):
    """One man in Bistrup was described in full (age band, income, problems, episode,
    contacts by form): now only that the group is below the threshold, on every output."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import run
    from tests.test_app import ENTRY

    group = ["--year", "2010", "--district", "Bistrup", "--gender", "M"]
    result = run("report", "--suppress", "--warehouse", demo_warehouse, *group)
    figures = json.loads(result.output)
    for path, value in _leaves(figures):
        if path == "citizens.total":
            assert value == "<5"
        elif not path.startswith(("period.", "citizens.previous_total")):
            assert value == "x", path
    breakdowns = [v for path, v in _orders(figures) if path != "period"]
    assert breakdowns == []  # every breakdown empty: its categories would describe him
    monkeypatch.setenv("SKP_WAREHOUSE", str(demo_warehouse))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params.update({"year": "2010", "district": "Bistrup", "gender": "M"})
    at.run()
    for page in ("overblik", "henvendelser", "forloeb", "kontakter", "maalgruppe", "bolig"):
        at.switch_page(f"screens/{page}.py").run()
        assert not at.exception, page
        assert [m.value for m in at.metric if m.label == "Borgere i kontakt"] in ([], ["<5"])
    at.switch_page("screens/moede.py").run()
    assert not at.exception


def test_a_breakdown_that_puts_everyone_in_one_category_is_hidden(demo_warehouse):
    """Women aged 18-25 showed only "Kontanthjælp <5": all of them on it. Of a group large
    enough to show, a table with everyone in one category is hidden, categories and all."""
    from tests.conftest import run

    hidden = []
    for group in (
        ["--year", "2009", "--gender", "M", "--age-band", "56-65"],  # six men, all unmarried
        ["--year", "2010", "--gender", "K"],
        ["--year", "2010", "--district", "Bistrup"],
        ["--year", "2010"],
    ):
        args = [*group, "--warehouse", demo_warehouse]
        plain = json.loads(run("report", *args).output)
        shown = json.loads(run("report", "--suppress", *args).output)
        total = plain["citizens"]["total"]
        assert total >= 5
        plain_tables, shown_tables = dict(_orders(plain)), dict(_orders(shown))
        for path, keys in _orders(plain):
            table = _table(plain, path)
            if total in table.values() and path in SPLITS:
                assert shown_tables.get(path, []) == [], (group, path)
                hidden.append(path)
            else:
                assert shown_tables[path] == keys, (group, path)
        assert set(shown_tables) <= set(plain_tables)
    assert "civil_status" in hidden


SPLITS = {  # the tables that split the citizens in contact (each adds up to their total)
    "citizens.age_bands",
    "citizens.by_referral_source",
    "income_source",
    "problem_groups",
    "episode_duration",
    "civil_status",
    "living_alone",
    "contacts.citizens_by_contacts",
}


def _table(figures: dict, path: str) -> dict:
    for key in path.split("."):
        figures = figures[key]
    return figures


def test_a_group_below_the_threshold_shows_no_ages(demo_warehouse, tmp_path):
    """One man in Bistrup: his age was shown as the youngest and the oldest."""
    from tests.conftest import run
    from tests.test_status_report import pdf_text

    group = ["--year", "2010", "--district", "Bistrup", "--gender", "M"]
    plain = json.loads(run("report", "--warehouse", demo_warehouse, *group).output)
    assert plain["citizens"]["total"] < 5 and plain["citizens"]["age_min"] is not None
    result = run("report", "--suppress", "--warehouse", demo_warehouse, *group)
    citizens = json.loads(result.output)["citizens"]
    assert (citizens["total"], citizens["age_min"], citizens["age_max"]) == ("<5", "x", "x")
    pdf = tmp_path / "bistrup.pdf"
    assert (
        run(
            "report", *group, "--format", "pdf", "--output", pdf, "--warehouse", demo_warehouse
        ).exit_code
        == 0
    )
    text = pdf_text(pdf)
    assert "mellem" not in text and f"{plain['citizens']['age_min']}–" not in text
