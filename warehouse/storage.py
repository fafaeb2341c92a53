"""Where a warehouse keeps its files, and how writers take turns.

For the warehouse file W (by default warehouse/skp.duckdb):

- W is the *published* data: what the dashboard, `skp report` and the PDF read. Nothing writes
  it in place. `skp build` replaces it whole with one atomic rename, and only with a file that
  dbt built and tested and that opens and holds the marts. A reader never meets a writer's lock,
  and a killed or failed build leaves W as it was.
- The private folder `.W-skp/` beside it (mode 0700, on the same file system, so that the
  rename is atomic) holds everything else:
  - `store.duckdb`: the ingest's store, the raw schema (already pseudonymised). `skp ingest`
    writes it, one transaction per file; `skp build` copies it and builds the copy.
  - `writer.lock`: one writer at a time. `skp ingest` and `skp build` hold it for their whole
    run (an advisory lock the kernel lets go of when the process ends, however it ends); the
    file names the holder, for the message of the one who waits.
  - `runs/`: one folder per run for its temporary files (DuckDB's spill, a build's copy), each
    held by a lock of its own: removed when the run ends, and swept at the start of the next
    run when a killed run left it.
  - `dbt/`: dbt's target and logs.
"""

import ctypes
import datetime as dt
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PRIVATE = 0o700


class Busy(Exception):
    """Another writer held the warehouse for longer than the caller would wait."""


@dataclass(frozen=True)
class Warehouse:
    published: Path

    @property
    def private(self) -> Path:
        return self.published.parent / f".{self.published.stem}-skp"

    @property
    def raw(self) -> Path:
        return self.private / "store.duckdb"  # not raw.duckdb: its catalog would shadow the schema

    @property
    def lock_file(self) -> Path:
        return self.private / "writer.lock"

    @property
    def runs(self) -> Path:
        return self.private / "runs"

    @property
    def dbt(self) -> Path:
        return self.private / "dbt"

    @property
    def rewrite_pending(self) -> Path:
        """There while the store may hold stale bytes of an export (see rewrite_clean)."""
        return self.private / "rewrite-pending"

    def make_private(self) -> None:
        """The private folder and its runs/, readable by their owner only."""
        for folder in (self.private, self.runs):
            folder.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
            folder.chmod(PRIVATE)


@contextmanager
def writer(
    warehouse: Warehouse, what: str, wait: float, waiting: Callable[[str], None]
) -> Iterator[None]:
    """Hold the warehouse's one writer lock within. When another writer holds it, say so once
    through `waiting` and wait up to `wait` seconds, then raise Busy."""
    warehouse.make_private()
    fd = os.open(warehouse.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
                if time.monotonic() >= deadline:
                    raise Busy(
                        f"lageret er optaget af {holder}; gav op efter {wait:g} s "
                        "(the warehouse is busy: try again later, or give --wait SECONDS)"
                    ) from None
                if not told:
                    waiting(
                        f"venter på {holder}, højst {wait:g} s "
                        f"(waiting for the other writer to finish)"
                    )
                    told = True
                time.sleep(0.2)
        since = dt.datetime.now().strftime("%H:%M:%S")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{what} (pid {os.getpid()}, startet {since})".encode(), 0)
        yield
    finally:
        os.close(fd)  # lets go of the lock


def _holder(fd: int) -> str:
    text = os.pread(fd, 200, 0).decode(errors="replace").strip()
    return text or "en anden kørsel (another run)"


@contextmanager
def run_folder(warehouse: Warehouse, kind: str, *, same: bool = False) -> Iterator[Path]:
    """A private folder for one run's temporary files, removed when the run ends, whatever
    ends it. Killed runs' folders are swept first: a folder whose lock nobody holds is one.
    `same`: the folder has the same name at every run (<kind>-current), for a run that holds
    the writer's lock (so that no other has it), and whose paths should not change from one
    run to the next (dbt parses the project again when its database's path changes)."""
    warehouse.make_private()
    sweep(warehouse)
    name = f"{kind}-current" if same else f"{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder = warehouse.runs / name
    if same:  # a killed run's, too young for the sweep; nobody else has the writer's lock
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=PRIVATE)
    fd = os.open(folder / ".owner", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def sweep(warehouse: Warehouse) -> list[Path]:
    """Remove the run folders of runs that ended without removing them (killed); the folders
    removed."""
    swept = []
    for folder in sorted(warehouse.runs.glob("*")) if warehouse.runs.exists() else []:
        owner = folder / ".owner"
        try:
            fd = os.open(owner, os.O_RDWR)
        except FileNotFoundError:  # killed before its lock was taken, or being made now
            try:
                if time.time() - folder.stat().st_mtime < 60:
                    continue
            except FileNotFoundError:  # removed meanwhile
                continue
            fd = None
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # its run is alive
        shutil.rmtree(folder, ignore_errors=True)
        if fd is not None:
            os.close(fd)
        swept.append(folder)
    return swept


def append_line(path: Path, line: str) -> None:
    """Append one line to a file of lines only ever appended (O_APPEND, one write, synced;
    mode 0600 when new). After a line a crash or a full disk cut short, this one starts a line
    of its own; a line written in part raises OSError."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        data = line.encode("utf-8")
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        if os.write(fd, data) != len(data):  # a full disk: part of a line
            raise OSError("the line was written in part (the disk is full)")
        os.fsync(fd)
    finally:
        os.close(fd)


def durable_replace(source: Path, target: Path) -> None:
    """Move `source` over `target` in one atomic rename, the data on disk before and the
    rename on disk after: a crash leaves the old file or the new one, never a part."""
    with source.open("rb+") as file:
        os.fsync(file.fileno())
    os.replace(source, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def connect_raw(warehouse: Warehouse):
    """A writer's connection to the ingest's store; the caller holds the writer lock."""
    import duckdb

    from warehouse import connection

    try:
        return connection.write(warehouse.raw)
    except duckdb.IOException as error:
        raise Busy(
            f"{warehouse.raw.name} er åben i et andet program (the ingest's store is open in "
            f"another program): {str(error).splitlines()[0][:200]}"
        ) from None


def adopt_published_raw(warehouse: Warehouse) -> None:
    """A warehouse from before the ingest's store was split from the published file (raw tables
    in the published file itself): its store begins as a copy of the published file. The caller
    holds the writer lock."""
    import duckdb

    from warehouse import connection

    if warehouse.raw.exists() or not warehouse.published.exists():
        return
    try:
        con = connection.write(warehouse.published)  # a writer that did not close: checkpoint
    except duckdb.IOException as error:
        raise Busy(
            f"{warehouse.published} er åben i et andet program (open in another program; stop "
            f"the dashboard once to move to the new layout): {str(error).splitlines()[0][:200]}"
        ) from None
    try:
        tables = con.sql(
            "select count(*) from information_schema.tables where table_schema = 'raw'"
        ).fetchall()[0][0]
    finally:
        con.close()
    if tables:
        with run_folder(warehouse, "adopt") as folder:
            shutil.copyfile(warehouse.published, folder / "store.duckdb")
            warehouse.rewrite_pending.touch()  # written by ingests that read exports
            durable_replace(folder / "store.duckdb", warehouse.raw)


def run_child(
    argv: list[str], env: dict[str, str], quiet: bool = False, log: Path | None = None
) -> int:
    """Run `argv` to its end and return its exit code; its output goes to the terminal, or
    nowhere (`quiet`), or to the file `log`. It dies with this process: killed here when this
    process is interrupted or terminated, and by the kernel when it is killed."""
    parent = os.getpid()
    output = None  # the terminal
    if log is not None:
        log.parent.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
        output = log.open("wb")
    elif quiet:
        output = subprocess.DEVNULL

    def die_with_parent() -> None:  # in the child, before dbt starts
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

    child = subprocess.Popen(
        argv, env=env, stdout=output, stderr=output, preexec_fn=die_with_parent
    )
    try:
        return child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if log is not None:
            output.close()


def rewrite_clean(warehouse: Warehouse, say: Callable[[str], None]) -> None:
    """When an ingest may have left stale bytes of an export in the store (its marker is
    there: the ingest ended, or was killed, after it began to write), rewrite the store in a
    process that never read an export (ingest/clean_store.py) and take the marker away. The
    caller holds the writer lock. A failed rewrite keeps the marker: the next run tries again."""
    if not warehouse.rewrite_pending.exists():
        return
    if warehouse.raw.exists():
        with run_folder(warehouse, "clean") as folder:
            argv = [sys.executable, "-m", "ingest.clean_store", str(warehouse.raw), str(folder)]
            if run_child(argv, dict(os.environ), quiet=True) != 0:
                say(
                    "advarsel: lageret kunne ikke skrives om (warning: the store could not be "
                    "rewritten; the next ingest or build tries again)"
                )
                return
    warehouse.rewrite_pending.unlink()
