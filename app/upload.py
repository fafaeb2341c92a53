"""Loading exports from the dashboard (the Indlæs page, the steward's): the uploaded files on disk
only while a run needs them, their dry run, and the ingest and build as the `skp` commands.

- The files are written to a folder of their own in the warehouse's private folder (readable by
  its owner only) and removed when the run ends, whatever happens; a folder a stopped server
  left behind is removed by the first upload an hour later.
- The dry run reads them in this process and writes nothing.
- `skp ingest` and `skp build` run as processes of their own, as an operator's would: each
  takes the writer's turn, handles its own signals and writes its own audit entries; their
  lines are handed on as progress.
"""

import contextlib
import io
import secrets
import shutil
import string
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ingest import profile as profiles
from ingest.pipeline import FileResult, ingest_export
from ingest.read import CSV_SUFFIXES, XLSX_SUFFIXES
from warehouse import config, storage

LIMIT_MB = config.UPLOAD_LIMIT_MB  # what one upload may hold in all
LIMIT = LIMIT_MB * 2**20
UNPACKED_LIMIT = 1 << 30  # what the files of a zip may unpack to, in all
READABLE = CSV_SUFFIXES | XLSX_SUFFIXES
SUFFIXES = sorted(s.lstrip(".") for s in READABLE | {".zip"})  # what the uploader accepts


_RUNNING: set[str] = set()  # this process's upload folders in use


class Refused(Exception):
    """An upload that is not read; the message says why, in Danish and English."""


def _uploads(warehouse: Path) -> Path:
    return storage.Warehouse(warehouse).private / "uploads"


@contextlib.contextmanager
def unpacked(files: list[tuple[str, bytes]], warehouse: Path) -> Iterator[Path]:
    """The uploaded (name, bytes) written to a private folder, a zip's CSV and XLSX files
    unpacked beside them; the folder is removed when the block ends."""
    if sum(len(data) for _, data in files) > LIMIT:
        raise Refused(f"mere end {LIMIT_MB} MB på én gang (more than {LIMIT_MB} MB at once)")
    uploads = _uploads(warehouse)
    uploads.mkdir(mode=storage.PRIVATE, parents=True, exist_ok=True)
    for left in uploads.glob("upload-*"):  # a stopped server's (no run takes an hour)
        if left.name not in _RUNNING and time.time() - left.stat().st_mtime > 3600:
            shutil.rmtree(left, ignore_errors=True)
    # letters only: digits in the name could read as a CPR number and be masked in messages
    name = "upload-" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(16))
    folder = uploads / name
    folder.mkdir(mode=storage.PRIVATE)
    _RUNNING.add(name)
    try:
        for file_name, data in files:
            _write(folder, file_name, data)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _RUNNING.discard(name)


def _write(folder: Path, name: str, data: bytes) -> None:
    name = Path(name).name  # a name is never a path
    suffix = Path(name).suffix.lower()
    if suffix == ".zip":
        _unzip(folder, name, data)
    elif suffix in READABLE:
        _place(folder, name).write_bytes(data)
    else:
        raise Refused(f"{name}: hverken CSV, XLSX eller zip (neither CSV, XLSX nor zip)")


def _unzip(folder: Path, name: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile as error:
        raise Refused(f"{name}: ikke en gyldig zip-fil (not a valid zip file): {error}") from None
    if sum(m.file_size for m in members) > UNPACKED_LIMIT:
        raise Refused(f"{name}: pakker ud til mere end 1 GB (unpacks to more than 1 GB)")
    readable = [
        m
        for m in members
        if Path(m.filename).suffix.lower() in READABLE
        and not Path(m.filename).name.startswith((".", "~$"))
        and not m.filename.startswith("__MACOSX/")
    ]
    if not readable:
        raise Refused(f"{name}: ingen CSV- eller XLSX-filer i zip-filen (no CSV or XLSX files)")
    for member in readable:
        with archive.open(member) as source, _place(folder, member.filename).open("wb") as out:
            shutil.copyfileobj(source, out)


def _place(folder: Path, name: str) -> Path:
    """Where a file named `name` goes: its own name, numbered when another has it."""
    base = Path(Path(name).name)
    path, n = folder / base, 1
    while path.exists():
        n += 1
        path = folder / f"{base.stem} ({n}){base.suffix}"
    return path


def available_profiles() -> tuple[list[profiles.Profile], list[str]]:
    """The mapping profiles in the profiles folder (*.yaml, *.yml, by name) that can be used,
    and what is wrong with those that cannot."""
    found, broken = [], []
    folder = config.profiles_folder()
    paths = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".yaml", ".yml"))
    for path in paths:
        try:
            found.append(profiles.load(path))
        except profiles.ProfileError as error:
            broken.append(str(error))
    return found, broken


def dry_run(
    folder: Path, warehouse: Path, key: bytes, profile: profiles.Profile | None = None
) -> list[FileResult]:
    """`skp ingest --dry-run` of the folder: what would be read, loaded and rejected."""
    return ingest_export([folder], warehouse, key, dry_run=True, profile=profile)


def shown_source(source: str, folder: Path) -> str:
    """A result's file as the steward named it (not the private folder's path)."""
    return source.split(f"/{folder.name}/", 1)[-1]


def load(
    folder: Path,
    warehouse: Path,
    files: int,
    progress: Callable[[float, str], None],
    profile: Path | None = None,
) -> tuple[int, list[str]]:
    """`skp ingest FOLDER` (with `--profile`) and then `skp build`: the exit code of the first
    that failed (0 when both ran through) and its last lines. `progress(share, line)` follows
    them: the ingest up to a half, a file at a time, then the build."""
    command = [sys.executable, "-m", "skp.cli"]
    where = ["--warehouse", str(warehouse), "--wait", "60"]
    mapping = ["--profile", str(profile)] if profile is not None else []
    lines: list[str] = []
    done = 0
    ingest = subprocess.Popen(
        [*command, "ingest", str(folder), *where, *mapping],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in ingest.stdout:
        line = shown_source(line.rstrip(), folder)
        lines.append(line)
        if line.split()[:1] in (["indlæst"], ["uændret"], ["fejl"]):  # a file's (or sheet's) end
            done += 1
            progress(min(done / max(files, 1), 1) / 2, line.strip())
    if ingest.wait() != 0:
        return ingest.returncode, lines[-12:]
    progress(0.5, "build")
    build = subprocess.run([*command, "build", *where], capture_output=True, text=True, check=False)
    output = (build.stdout + build.stderr).splitlines()
    return build.returncode, output[-12:]
