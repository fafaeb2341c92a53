"""Nothing loaded is lost or corrupted, whatever happens to a run: `skp build` and `skp ingest`
killed at several points, run at the same time, on a full disk, with another key, and given
hostile files. Each runs `skp` as its own process, as an operator or a scheduled job does. After
each: the published figures are the ones expected, every load balances, and no file anywhere
but the export holds a CPR number from it.

The slow variant (many random kill points, at national size) is bench/faults.py."""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from tests.conftest import TEST_KEY
from warehouse import kpis
from warehouse.connection import connect
from warehouse.periods import Period
from warehouse.storage import Warehouse

WAREHOUSE = "w/skp.duckdb"  # within each test's folder


def skp_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment of an `skp` process: the test key, and a temporary folder of its own
    (searched for CPR numbers afterwards)."""
    temp = root / "system-tmp"
    temp.mkdir(exist_ok=True)
    return {
        **os.environ,
        "SKP_PSEUDONYM_KEY": TEST_KEY,
        "SKP_PSEUDONYM_KEY_FILE": str(root / "no-key-file"),
        "TMPDIR": str(temp),
        **extra,
    }


class Run(subprocess.Popen):
    """`skp ARGS` in its own process; what it prints goes to files (a pipe nobody reads
    would stop it once full)."""

    def __init__(self, root: Path, *args, **extra: str):
        logs = root / "logs"
        logs.mkdir(exist_ok=True)
        self.out_path, self.err_path = (logs / f"{time.monotonic_ns()}.{n}" for n in "oe")
        with self.out_path.open("w") as out, self.err_path.open("w") as err:
            super().__init__(
                [sys.executable, "-m", "skp.cli", *map(str, args)],
                cwd=root,
                env=skp_env(root, **extra),
                stdout=out,
                stderr=err,
            )

    def result(self, timeout: float = 600) -> subprocess.CompletedProcess:
        """Wait for the end; what it printed."""
        self.wait(timeout=timeout)
        return self.printed()

    def printed(self) -> subprocess.CompletedProcess:
        out, err = self.out_path.read_text(), self.err_path.read_text()
        return subprocess.CompletedProcess(self.args, self.returncode, out, err)


def start(root: Path, *args, **extra: str) -> Run:
    return Run(root, *args, **extra)


def skp(root: Path, *args, **extra: str) -> subprocess.CompletedProcess:
    return start(root, *args, **extra).result()


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def report(root: Path, year: int = 2010) -> dict:
    return json.loads(ok(skp(root, "report", "--year", year, "--warehouse", WAREHOUSE)).stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cpr_numbers(export: Path) -> set[bytes]:
    """Every CPR number in the export files, as written and without its dash."""
    found = set()
    for path in export.iterdir():
        for number in re.findall(rb"(?<!\d)(\d{6})-?(\d{4})(?!\d)", path.read_bytes()):
            found |= {number[0] + b"-" + number[1], number[0] + number[1]}
    return found


def files_holding(roots: list[Path], numbers: set[bytes]) -> list[str]:
    """The files below `roots` that hold any of the CPR numbers."""
    pattern = re.compile(b"|".join(re.escape(n) for n in numbers))
    holding = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink() and pattern.search(path.read_bytes()):
                holding.append(str(path))
    return holding


def text_values_holding(databases: list[Path], numbers: set[bytes]) -> list[str]:
    """The text columns of the databases that hold any of the CPR numbers in a value."""
    pattern = "|".join(re.escape(n.decode()) for n in numbers)
    found = []
    for database in databases:
        con = duckdb.connect()
        try:
            con.execute("attach $path as db (read_only)", {"path": str(database)})
            columns = con.sql(
                "select table_schema, table_name, column_name from information_schema.columns "
                "where table_catalog = 'db' and data_type = 'VARCHAR'"
            ).fetchall()
            for schema, table, column in columns:
                hits = con.execute(
                    f'select count(*) from db."{schema}"."{table}" '
                    f'where regexp_matches("{column}", $pattern)',
                    {"pattern": pattern},
                ).fetchall()[0][0]
                if hits:
                    found.append(f"{database.name}: {schema}.{table}.{column}")
        finally:
            con.close()
    return found


def check_after(root: Path, expected: dict, exports: list[Path]) -> None:
    """What must hold after any fault: the published figures, every load balanced, no CPR
    number in any file of the test's folder but the exports, and no run folder left over."""
    assert report(root) == expected
    store = duckdb.connect(str(Warehouse(root / WAREHOUSE).raw), read_only=True)
    try:
        unbalanced = store.sql(
            "select source from raw._loads where rows_read <> rows_loaded + rows_rejected"
        ).fetchall()
        assert store.sql("select count(*) from raw._loads").fetchall()[0][0] > 0
    finally:
        store.close()
    assert unbalanced == []
    numbers = set().union(*(cpr_numbers(export) for export in exports))
    assert numbers
    others = [p for p in root.iterdir() if p not in exports]
    # every file byte by byte: temporary files, run folders, dbt's files, what was printed, and
    # the databases (DuckDB can write stale memory into a file: ingest/clean_store.py); and the
    # databases' values, which name the table a leak is in
    assert files_holding(others, numbers) == []
    assert text_values_holding([Warehouse(root / WAREHOUSE).raw, root / WAREHOUSE], numbers) == []


# --- the warehouses every test starts from ------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> dict:
    """A warehouse with the demo export loaded and built (its 2010 report `before`), a
    second export (the team twice), and the report a clean ingest and build of it gives
    (`after`)."""
    root = tmp_path_factory.mktemp("faults")
    ok(skp(root, "demo", "first"))
    ok(skp(root, "demo", "second", "--scale", 2))
    ok(skp(root, "ingest", "first", "--warehouse", WAREHOUSE))
    ok(skp(root, "build", "--warehouse", WAREHOUSE))
    before = report(root)
    clean = root / "clean"
    shutil.copytree(root / "w", clean / "w")
    ok(skp(clean, "ingest", root / "second", "--warehouse", WAREHOUSE))
    ok(skp(clean, "build", "--warehouse", WAREHOUSE))
    after = report(clean)
    assert before["citizens"]["total"] == 55 and after["citizens"]["total"] == 110
    return {"root": root, "before": before, "after": after}


@pytest.fixture
def site(template, tmp_path) -> Path:
    """A test's own copy of the built warehouse and the two exports."""
    for name in ("w", "first", "second"):
        shutil.copytree(template["root"] / name, tmp_path / name)
    return tmp_path


def exports(site: Path) -> list[Path]:
    return [site / "first", site / "second"]


def wait_for(condition, seconds: float = 120, step: float = 0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(step)
    raise AssertionError("the condition never held")


def run_folders(site: Path, kind: str) -> list[Path]:
    runs = Warehouse(site / WAREHOUSE).runs
    return sorted(runs.glob(f"{kind}-*")) if runs.exists() else []


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(n) for n in text.split()]


def running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def dbt_log_says(site: Path, text: str) -> bool:
    log = Warehouse(site / WAREHOUSE).dbt / "logs" / "dbt.log"
    return log.exists() and text in log.read_text(errors="replace")


def processes_using(path: Path) -> list[int]:
    """Processes whose command line names `path` (a dbt left running on a build's copy)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if str(path).encode() in (proc / "cmdline").read_bytes() and running(
                    int(proc.name)
                ):
                    found.append(int(proc.name))
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                pass
    return found


# --- builds killed ---------------------------------------------------------------------------

KILL_POINTS = {
    # the build holds the lock and copies the store
    "copying": lambda site, build: run_folders(site, "build"),
    # dbt has started
    "dbt started": lambda site, build: children(build.pid),
    # dbt has written models into the copy
    "dbt building": lambda site, build: dbt_log_says(site, "OK created sql table model"),
}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_leaves_the_published_data_and_the_next_build_publishes_all(
    site, template, point
):
    published = site / WAREHOUSE
    ok(skp(site, "ingest", "second", "--warehouse", WAREHOUSE))
    before = digest(published)
    (Warehouse(published).dbt / "logs" / "dbt.log").unlink()  # earlier builds' lines
    build = start(site, "build", "--warehouse", WAREHOUSE)
    wait_for(lambda: KILL_POINTS[point](site, build) or build.poll() is not None, step=0.005)
    dbt = children(build.pid)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL, f"the build ended before the kill ({point})"

    # dbt died with it; the published file is as it was
    for pid in dbt:
        wait_for(lambda pid=pid: not running(pid), seconds=10)
    assert processes_using(Warehouse(published).private) == []
    assert digest(published) == before
    assert report(site) == template["before"]

    # the next build sweeps what the killed one left, and publishes every load
    ok(skp(site, "build", "--warehouse", WAREHOUSE))
    assert run_folders(site, "build") == []
    check_after(site, template["after"], exports(site))


def test_a_build_stopped_by_sigterm_stops_dbt_and_cleans_up_at_once(site, template):
    published = site / WAREHOUSE
    ok(skp(site, "ingest", "second", "--warehouse", WAREHOUSE))
    before = digest(published)
    build = start(site, "build", "--warehouse", WAREHOUSE)
    wait_for(lambda: children(build.pid))
    dbt = children(build.pid)
    build.terminate()
    build.wait(timeout=60)
    assert build.returncode != 0
    for pid in dbt:
        assert not running(pid)
    assert run_folders(site, "build") == []  # removed by the build itself, not swept later
    assert digest(published) == before
    check_after(site, template["before"], exports(site))


def test_a_failing_dbt_test_publishes_nothing(site, template):
    """A build whose dbt tests fail leaves the published figures as they were."""
    store = duckdb.connect(str(Warehouse(site / WAREHOUSE).raw))
    try:  # an episode twice breaks the unique test on its key
        store.execute("insert into raw.forloeb select * from raw.forloeb limit 1")
    finally:
        store.close()
    before = digest(site / WAREHOUSE)
    result = skp(site, "build", "--warehouse", WAREHOUSE)
    assert result.returncode == 1
    assert "intet er udgivet" in result.stderr
    assert digest(site / WAREHOUSE) == before
    assert report(site) == template["before"]


# --- writers at the same time ------------------------------------------------------------


def test_an_ingest_during_a_build_waits_and_the_next_build_publishes_its_rows(site, template):
    build = start(site, "build", "--warehouse", WAREHOUSE)
    wait_for(lambda: children(build.pid))  # the build holds the lock: dbt is running
    ingest = start(site, "ingest", "second", "--warehouse", WAREHOUSE, "--wait", 300)
    built, ingested = ok(build.result()), ok(ingest.result())
    assert "venter på skp build" in ingested.stderr
    assert "indlæst" in ingested.stdout
    assert "Lageret er bygget" in built.stdout
    # the build published what was loaded before it began; the ingest waited for it
    assert report(site) == template["before"]
    ok(skp(site, "build", "--warehouse", WAREHOUSE))
    check_after(site, template["after"], exports(site))


def test_a_writer_that_will_not_wait_is_refused_in_one_line(site, template):
    build = start(site, "build", "--warehouse", WAREHOUSE)
    wait_for(lambda: children(build.pid))
    refused = skp(site, "ingest", "second", "--warehouse", WAREHOUSE, "--wait", 0)
    other_build = skp(site, "build", "--warehouse", WAREHOUSE, "--wait", 0)
    ok(build.result())
    for result in (refused, other_build):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("Fejl (error): lageret er optaget af skp build (pid ")
    assert "indlæst" not in refused.stdout
    check_after(site, template["before"], exports(site))  # the refused rows were not loaded


def test_two_ingests_at_once_both_load(site, template):
    shutil.rmtree(site / "w")
    lock = Warehouse(site / WAREHOUSE).lock_file
    first = start(site, "ingest", "first", "--warehouse", WAREHOUSE)
    # the first holds the writer lock (it names itself there once it does); stopped there, it
    # is still writing when the second comes, however fast a small ingest is
    wait_for(lambda: lock.exists() and f"pid {first.pid}," in lock.read_text())
    first.send_signal(signal.SIGSTOP)
    try:
        second = start(site, "ingest", "second", "--warehouse", WAREHOUSE)
        wait_for(lambda: "venter på skp ingest" in second.err_path.read_text())
    finally:
        first.send_signal(signal.SIGCONT)
    ok(first.result())
    assert "venter på skp ingest" in ok(second.result()).stderr
    ok(skp(site, "build", "--warehouse", WAREHOUSE))
    check_after(site, template["after"], exports(site))


def test_readers_see_the_published_figures_while_an_ingest_and_a_build_write(site, template):
    published = site / WAREHOUSE
    seen, errors = [], []
    stop = threading.Event()

    def session():  # as the dashboard reads: a short read-only connection per query
        while not stop.is_set():
            try:
                con = connect(published)
                try:
                    seen.append(kpis.report(con, Period.year(2010))["citizens"]["total"])
                finally:
                    con.close()
            except Exception as error:  # noqa: BLE001 - any failure is what the test is about
                errors.append(error)

    readers = [threading.Thread(target=session) for _ in range(2)]
    for thread in readers:
        thread.start()
    try:
        ingest = start(site, "ingest", "second", "--warehouse", WAREHOUSE)
        during = skp(site, "report", "--year", 2010, "--warehouse", WAREHOUSE)
        ok(ingest.result())
        ok(skp(site, "build", "--warehouse", WAREHOUSE))
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert errors == []
    assert json.loads(ok(during).stdout) == template["before"]
    assert seen[0] == 55 and seen[-1] == 110 and set(seen) == {55, 110}


# --- ingests killed ----------------------------------------------------------------------


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_an_ingest_stopped_mid_run_keeps_whole_files_and_no_plaintext(site, template, stop):
    # Windows-1252 files are read from a UTF-8 copy: the one temporary file with CPR numbers
    for path in (site / "second").iterdir():
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    ingest = start(site, "ingest", "second", "--warehouse", WAREHOUSE)
    wait_for(lambda: run_folders(site, "ingest"), step=0.005)
    time.sleep(0.3)
    ingest.send_signal(stop)
    ingest.wait(timeout=120)
    assert ingest.returncode != 0
    assert "Traceback" not in ingest.printed().stderr or stop == signal.SIGINT
    # what the stopped run left: whole files or none (DuckDB's log), no plaintext outside the
    # store, and no CPR number in its values (its bytes: once rewritten, below)
    numbers = cpr_numbers(site / "second")
    store = Warehouse(site / WAREHOUSE).raw
    assert [f for f in files_holding([site / "w", site / "system-tmp"], numbers)
            if Path(f) != store] == []  # fmt: skip
    assert text_values_holding([store], numbers) == []
    if stop != signal.SIGKILL:  # its own clean-up ran
        assert run_folders(site, "ingest") == []
    again = ok(skp(site, "ingest", "second", "--warehouse", WAREHOUSE))
    assert run_folders(site, "ingest") == []  # swept
    assert not Warehouse(site / WAREHOUSE).rewrite_pending.exists()
    assert "fejl" not in again.stdout
    ok(skp(site, "build", "--warehouse", WAREHOUSE))
    check_after(site, template["after"], exports(site))


def test_a_load_rewrites_the_store_in_a_process_that_never_read_the_export(site, template):
    """DuckDB may write stale memory of the staged export into the store's file
    (ingest/clean_store.py): after a load the store is a new file, written by another
    process; an ingest that loads nothing leaves it as it is."""
    store = Warehouse(site / WAREHOUSE).raw
    before = store.stat().st_ino
    again = ok(skp(site, "ingest", "first", "--warehouse", WAREHOUSE))
    assert not re.search(r"^\s+indlæst\s", again.stdout, re.MULTILINE)  # all unchanged
    assert store.stat().st_ino == before
    ok(skp(site, "ingest", "second", "--warehouse", WAREHOUSE))
    assert store.stat().st_ino != before
    ok(skp(site, "build", "--warehouse", WAREHOUSE))
    check_after(site, template["after"], exports(site))


# --- a full disk ---------------------------------------------------------------------------


def on_a_small_disk(site: Path, room: int, script: str) -> subprocess.CompletedProcess:
    """Run the shell `script` with the test's warehouse on a file system of its own with only
    `room` bytes free (a tmpfs in a private mount namespace: gone when the script ends), as
    $SKP; then give it room (`grow`) to show that the next run succeeds."""
    if not shutil.which("unshare"):
        pytest.skip("needs unshare (util-linux) for a private tmpfs")
    used = sum(p.stat().st_size for p in (site / "w").rglob("*") if p.is_file())
    size = used + room + (1 << 20)  # tmpfs' own blocks
    disk = site / "disk"
    disk.mkdir()
    skp_command = f"{sys.executable} -m skp.cli"
    program = f"""
        set -u
        mount -t tmpfs -o size={size} tmpfs {disk}
        cp -a {site}/w {disk}/w
        grow() {{ mount -o remount,size=1G {disk}; }}
        cd {disk}
        SKP="{skp_command}"
        {script}
        status=$?
        cp -a {disk}/w/. {site}/w/  # the result, for the checks that follow
        exit $status
    """
    command = ["bash", "-c", program]
    if os.geteuid() != 0:
        command = ["unshare", "--user", "--map-root-user", "--mount", *command]
    else:
        command = ["unshare", "--mount", "--propagation", "private", *command]
    return subprocess.run(command, env=skp_env(site), capture_output=True, text=True, timeout=900)


def test_a_disk_that_fills_during_a_build_publishes_nothing(site, template):
    ok(skp(site, "ingest", "second", "--warehouse", WAREHOUSE))
    before = digest(site / WAREHOUSE)
    store = Warehouse(site / WAREHOUSE).raw.stat().st_size
    result = on_a_small_disk(
        site,
        store + (2 << 20),  # the copy fits; dbt's tables do not
        f"""
        $SKP build --warehouse w/skp.duckdb > {site}/full.out 2> {site}/full.err
        echo "full=$?" > {site}/full
        test "$(ls w/.skp-skp/runs)" = "" || echo "left: $(ls w/.skp-skp/runs)" >> {site}/full
        sha256sum w/skp.duckdb | cut -d' ' -f1 > {site}/published
        grow
        $SKP build --warehouse w/skp.duckdb
        """,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "full").read_text().split() == ["full=1"]
    assert "intet er udgivet" in (site / "full.err").read_text()
    assert (site / "published").read_text().strip() == before
    check_after(site, template["after"], exports(site))


def test_a_disk_that_fills_during_an_ingest_keeps_the_store_whole(site, template):
    result = on_a_small_disk(
        site,
        256 << 10,  # far less than the second export's rows need
        f"""
        $SKP ingest {site}/second --warehouse w/skp.duckdb > {site}/full.out 2> {site}/full.err
        echo "full=$?" > {site}/full
        $SKP report --year 2010 --warehouse w/skp.duckdb > {site}/during.json
        grow
        $SKP ingest {site}/second --warehouse w/skp.duckdb && $SKP build --warehouse w/skp.duckdb
        """,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "full").read_text().split() == ["full=1"]
    failed = (site / "full.err").read_text()
    assert "Traceback" not in failed
    assert "No space left on device" in failed  # said, for the file it stopped
    assert json.loads((site / "during.json").read_text()) == template["before"]
    check_after(site, template["after"], exports(site))


# --- the pseudonym key ---------------------------------------------------------------------


def test_a_second_key_is_refused_and_nothing_is_loaded(site, template):
    store = Warehouse(site / WAREHOUSE).raw
    before = digest(store)
    other = skp(
        site, "ingest", "second", "--warehouse", WAREHOUSE, SKP_PSEUDONYM_KEY="another-" * 5
    )
    assert other.returncode == 1
    assert "pseudonymiseringsnøglen er ikke den, lageret er indlæst med" in other.stderr
    assert "Traceback" not in other.stderr
    assert "indlæst" not in other.stdout
    assert digest(store) == before
    ok(skp(site, "build", "--warehouse", WAREHOUSE))
    check_after(site, template["before"], exports(site))


def test_an_empty_or_short_key_is_an_error_not_a_fallback(tmp_path):
    key_file = tmp_path / "pseudonym.key"
    ok(skp(tmp_path, "demo", "export"))
    made = ok(skp(tmp_path, "key", "new", key_file))
    assert "fingeraftryk" in made.stdout
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert re.fullmatch(r"[0-9a-f]{64}\n", key_file.read_text())
    assert skp(tmp_path, "key", "new", key_file).returncode == 1  # never over a key
    ingest = ("ingest", "export", "--warehouse", WAREHOUSE)
    for key, message in (("", "er tom"), ("  ", "er tom"), ("x" * 31, "mindst 32")):
        result = skp(tmp_path, *ingest, SKP_PSEUDONYM_KEY=key, SKP_PSEUDONYM_KEY_FILE=str(key_file))
        assert result.returncode == 1 and message in result.stderr, result.stderr
    assert not (tmp_path / "w").exists()
    env = {"SKP_PSEUDONYM_KEY_FILE": str(key_file)}
    result = subprocess.run(
        [sys.executable, "-m", "skp.cli", *ingest],
        cwd=tmp_path,
        env={k: v for k, v in skp_env(tmp_path, **env).items() if k != "SKP_PSEUDONYM_KEY"},
        capture_output=True,
        text=True,
    )
    ok(result)  # the key file's key


# --- hostile files -------------------------------------------------------------------------


def test_hostile_files_fail_alone_within_bounded_memory(site):
    export = site / "hostile"
    shutil.copytree(site / "first", export)
    lines = (export / "henvendelser.csv").read_bytes().split(b"\n")
    (export / "henvendelser.csv").write_bytes(  # a 20 MB line: no row, rejected
        b"\n".join([*lines[:5], b"x" * (20 << 20), *lines[5:]])
    )
    (export / "henvendelser_lang.csv").write_bytes(  # DuckDB stops at a line over 32 MB
        b"\n".join([*lines[:5], b"x" * (40 << 20), *lines[5:]])
    )
    (export / "kontakter_bred.csv").write_bytes(
        b";".join(b"k%d" % i for i in range(100_000)) + b"\n"
    )
    (export / "borgere_nul.csv").write_bytes(b"borger_id;ko\0en\nANON-1;M\n")
    (export / "forloeb_scan.csv").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + os.urandom(2000))
    (export / "boligsituation_tekst.xlsx").write_text("borger_id;dato;situation\n")
    with zipfile.ZipFile(export / "boligsituation_bombe.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"<row><c><v>0</v></c></row>" * 40_000
            for _ in range(1_100_000_000 // len(block)):  # unpacks to 1.1 GB
                sheet.write(block)
    ingest = start(site, "ingest", "hostile", "--warehouse", WAREHOUSE)
    _, status, usage = os.wait4(ingest.pid, 0)
    ingest.returncode = os.waitstatus_to_exitcode(status)
    out, err = ingest.printed().stdout, ingest.printed().stderr
    assert ingest.returncode == 1, out + err
    assert "Traceback" not in err
    assert usage.ru_maxrss * 1024 < 4 * 10**9  # peak memory (kB on Linux)
    failed = dict(re.findall(r"Fejl i \S*/(\S+): (.*)", err))
    assert set(failed) == {
        "henvendelser_lang.csv",
        "kontakter_bred.csv",
        "borgere_nul.csv",
        "forloeb_scan.csv",
        "boligsituation_tekst.xlsx",
        "boligsituation_bombe.xlsx",
    }
    assert "linje 6 er længere end 2 MiB" in failed["henvendelser_lang.csv"]
    assert "100000 kolonner" in failed["kontakter_bred.csv"]
    assert "NUL" in failed["borgere_nul.csv"]
    assert "NUL" in failed["forloeb_scan.csv"]
    assert "ikke en gyldig XLSX-fil" in failed["boligsituation_tekst.xlsx"]
    assert re.match(
        r"pakker ud til 10\d\d MiB i 2 dele; højst 1024 MiB", failed["boligsituation_bombe.xlsx"]
    )
    # the files after them in the folder still loaded, and the summary was printed
    for name in ("borgere.csv", "forloeb.csv", "kontakter.csv", "boligsituation.csv"):
        assert re.search(rf"{name}\s.*(indlæst|uændret)", out), out
    assert "fil (file)" in out
    assert re.search(r"henvendelser.csv\s+henvendelser\s+indlæst\s+155\s+152\s+3\s", out)
    store = duckdb.connect(str(Warehouse(site / WAREHOUSE).raw), read_only=True)
    try:  # the 20 MB line's reject keeps its first characters only
        kept = store.sql(
            "select max(length(row_json)) from raw._rejected_rows where reason like '%LINE SIZE%'"
        ).fetchall()[0][0]
    finally:
        store.close()
    assert 2000 < kept < 2100


def test_a_warehouse_of_the_old_layout_is_adopted(tmp_path):
    """Raw tables in the published file itself, as every warehouse before the store had: the
    first build copies them to the store (rewritten clean) and publishes as usual."""
    from ingest.pipeline import ingest

    ok(skp(tmp_path, "demo", "export"))
    old = tmp_path / WAREHOUSE
    old.parent.mkdir()
    con = duckdb.connect(str(old))  # as skp ingest wrote it then: into the warehouse file
    try:
        ingest([tmp_path / "export"], con, TEST_KEY.encode())
    finally:
        con.close()
    ok(skp(tmp_path, "build", "--warehouse", WAREHOUSE))
    store = Warehouse(old)
    assert store.raw.exists() and not store.rewrite_pending.exists()
    assert report(tmp_path)["citizens"]["total"] == 55
    again = ok(skp(tmp_path, "ingest", "export", "--warehouse", WAREHOUSE))
    assert "indlæst " not in again.stdout.split("fil (file)")[0]  # all already loaded
