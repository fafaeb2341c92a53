"""The audit log and the sign-in configuration, without a browser: what `skp ingest` and
`skp build` record, `skp audit`, retention, masking, and refusing when the log cannot be
written. (Signing in, roles and page views: tests/test_signin.py.)"""

import datetime as dt
import getpass
import json
from pathlib import Path

import pytest

from skp import audit, signin
from tests.conftest import TEST_KEY, run


def test_ingest_and_build_are_recorded_with_who_ran_them(tmp_path, monkeypatch):
    monkeypatch.setenv("SKP_PSEUDONYM_KEY", TEST_KEY)
    export, warehouse = tmp_path / "export", tmp_path / "skp.duckdb"
    assert run("demo", export).exit_code == 0
    assert run("ingest", export, "--warehouse", warehouse).exit_code == 0
    assert run("build", "--warehouse", warehouse).exit_code == 0
    result = run("audit", "--format", "json", "--warehouse", warehouse)
    assert result.exit_code == 0, result.output
    log = json.loads(result.output)
    assert [e["event"] for e in log] == ["ingest", "ingest_done", "build", "build_done"]
    assert {e["sub"] for e in log} == {f"os:{getpass.getuser()}"}
    assert {e["role"] for e in log} == {"operator"}
    done = json.loads(log[1]["detail"])
    assert {r["status"] for r in done["results"]} == {"loaded"}
    assert json.loads(log[3]["detail"]) == {"published": True}
    # a rebuild keeps the log: it lives beside the published file, not in it
    assert run("build", "--warehouse", warehouse).exit_code == 0
    log = json.loads(run("audit", "--format", "json", "--warehouse", warehouse).output)
    assert len(log) == 6
    folder = audit.folder(warehouse)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o600}


def test_a_run_that_cannot_be_audited_does_not_run(tmp_path, monkeypatch, demo_warehouse):
    """Fail closed: when the log cannot be written, the build refuses and publishes nothing,
    and the dashboard shows no page."""
    from streamlit.testing.v1 import AppTest

    from tests.test_app import ENTRY

    monkeypatch.setenv("SKP_PSEUDONYM_KEY", TEST_KEY)
    export, warehouse = tmp_path / "export", tmp_path / "skp.duckdb"
    assert run("demo", export).exit_code == 0
    assert run("ingest", export, "--warehouse", warehouse).exit_code == 0
    assert run("build", "--warehouse", warehouse).exit_code == 0
    published = warehouse.stat().st_mtime_ns
    folder = audit.folder(warehouse)
    for entry in folder.iterdir():
        entry.unlink()
    folder.rmdir()
    folder.write_text("not a folder")  # no entry can be written now (as root, too)
    result = run("build", "--warehouse", warehouse)
    assert result.exit_code != 0 and "audit log not written" in result.output
    assert warehouse.stat().st_mtime_ns == published  # nothing published anew
    monkeypatch.setenv("SKP_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    assert not at.exception
    assert not at.metric and not at.get("vega_lite_chart")
    assert any("ikke kan logges" in e.value for e in at.error), [e.value for e in at.error]


def test_entries_are_masked_selected_and_kept_for_the_retention(tmp_path, monkeypatch):
    warehouse = tmp_path / "skp.duckdb"
    who = audit.Who(sub="u1", name="=HYPERLINK(x) 010180-1234", email="a@b.dk", role="manager")
    today = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setenv("SKP_AUDIT_DAYS", "30")
    audit.record(warehouse, who, "page", "overblik", now=today - dt.timedelta(days=40))
    audit.record(warehouse, who, "page", "bolig", now=today - dt.timedelta(days=10))
    other = audit.Who(sub="u2", name="Anden", email="x@y.dk", role="board")
    audit.record(warehouse, other, "download", "bolig", now=today, what="bolig.csv")
    files = sorted(p.name for p in audit.folder(warehouse).iterdir())
    assert files == ["2026-11-23.jsonl", "2026-12-03.jsonl"]  # 40 days old: deleted
    raw = "".join(p.read_text() for p in audit.folder(warehouse).iterdir())
    assert "1234" not in raw and "010180" not in raw
    result = run("audit", "--user", "u1", "--warehouse", warehouse)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("at,sub,name") and len(lines) == 2
    assert ",'=HYPERLINK" in lines[1]  # a spreadsheet keeps it text
    since = run("audit", "--since", "2026-12-01", "--format", "json", "--warehouse", warehouse)
    assert [e["sub"] for e in json.loads(since.output)] == ["u2"]
    assert run("audit", "--user", "x@y.dk", "--warehouse", warehouse).output.count("\n") == 2
    monkeypatch.setenv("SKP_AUDIT_DAYS", "0")
    with pytest.raises(audit.AuditError):
        audit.record(warehouse, who, "page")
    monkeypatch.setenv("SKP_AUDIT_DAYS", "30")
    monkeypatch.setenv("SKP_AUDIT_DIR", str(tmp_path / "shared-audit"))
    audit.record(warehouse, who, "page", "moede", now=today)
    assert [p.name for p in (tmp_path / "shared-audit").iterdir()] == ["2026-12-03.jsonl"]
    assert audit.read(warehouse)["page"].to_list() == ["moede"]


def config_text(**changes) -> str:
    oidc = {
        "server_metadata_url": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
        "client_id": "c",
        "client_secret": "s",
        "redirect_uri": "https://skp.kommune.dk/oauth2callback",
        "cookie_secret": "k" * 40,
    }
    oidc.update(changes)
    lines = ["[oidc]"] + [f'{k} = "{v}"' for k, v in oidc.items() if v is not None]
    lines += ["[roles]", 'claim = "roles"', 'board = ["SKP.Board"]', 'manager = "SKP.Manager"']
    lines += ['steward = ["SKP.DataSteward"]']
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"client_id": None}, "client_id"),
        ({"redirect_uri": ""}, "redirect_uri"),
        ({"cookie_secret": "short"}, "cookie_secret"),
    ],
)
def test_a_sign_in_file_that_cannot_work_is_refused_by_name(tmp_path, changes, message):
    path = tmp_path / "auth.toml"
    path.write_text(config_text(**changes))
    with pytest.raises(signin.SignInProblem, match=message) as refused:
        signin.load(path)
    assert str(path) in str(refused.value)
    path.write_text("[oidc\n")
    with pytest.raises(signin.SignInProblem, match="TOML"):
        signin.load(path)
    with pytest.raises(signin.SignInProblem, match="no such file"):
        signin.load(tmp_path / "missing.toml")


def test_roles_come_from_the_claim_and_the_widest_wins(tmp_path):
    path = tmp_path / "auth.toml"
    path.write_text(config_text())
    settings = signin.load(path)
    assert signin.role_of({"roles": ["SKP.Board"]}, settings) == "board"
    assert signin.role_of({"roles": "SKP.Manager"}, settings) == "manager"
    assert signin.role_of({"roles": ["SKP.Board", "SKP.DataSteward"]}, settings) == "steward"
    assert signin.role_of({"roles": "SKP.Board, SKP.Manager"}, settings) == "manager"
    assert signin.role_of({"roles": ["Andet"]}, settings) is None
    assert signin.role_of({}, settings) is None
    secrets = signin.streamlit_secrets(settings)
    assert secrets.startswith("[auth]\n") and 'client_secret = "s"' in secrets
    written = signin.write_secrets(settings, tmp_path / "private" / "secrets.toml")
    assert written.stat().st_mode & 0o777 == 0o600
    assert Path(written).read_text() == secrets


WRITER = """
import sys
from pathlib import Path
from skp import audit
who = audit.Who(sub=sys.argv[2], name=sys.argv[2], email="", role="manager")
for i in range(300):
    audit.record(Path(sys.argv[1]), who, "page", "overblik", n=i, filler="x" * 3000)
"""


def test_two_writers_at_once_lose_and_mix_no_line(tmp_path):
    """Sessions and commands write at the same time: every entry arrives whole (lines near
    the size of a pipe buffer included)."""
    import subprocess
    import sys

    warehouse = tmp_path / "skp.duckdb"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(warehouse), name])
        for name in ("a", "b", "c")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
    entries = audit.read(warehouse)
    assert entries.height == 900
    assert "unreadable_line" not in entries["event"].to_list()
    for name in ("a", "b", "c"):
        numbers = [json.loads(d)["n"] for d in audit.select(entries, user=name)["detail"]]
        assert numbers == list(range(300))


def test_a_line_cut_short_is_shown_not_lost(tmp_path):
    """A full disk can cut a line short: `skp audit` names it and still lists the rest."""
    warehouse = tmp_path / "skp.duckdb"
    who = audit.Who(sub="u1", name="U", email="", role="board")
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    audit.record(warehouse, who, "page", "overblik", now=now)
    day = audit.folder(warehouse) / "2026-12-03.jsonl"
    with day.open("a") as log:
        log.write('{"at": "2026-12-03T12:00:01+00:00", "sub": "u1", "ev')  # cut short
    audit.record(warehouse, who, "page", "bolig", now=now + dt.timedelta(seconds=2))
    result = run("audit", "--format", "json", "--since", "2026-12-01", "--warehouse", warehouse)
    assert result.exit_code == 0, result.output
    events = [(e["event"], e["page"], e["detail"]) for e in json.loads(result.output)]
    assert events[0][:2] == ("page", "overblik")
    assert ("unreadable_line", "", "2026-12-03.jsonl:2") in events
    assert events[-1][:2] == ("page", "bolig")
