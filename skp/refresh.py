"""`skp refresh FOLDER`: the nightly job. Ingest what the folder holds and build, in one run,
and tell in one line and in the exit code how it went (README, "Keeping the figures current").

- Files already loaded are loaded again as nothing ("unchanged"), and the warehouse is built
  whenever the folder holds files: a build that was stopped the night before is made up for.
- An empty folder is "nothing new": nothing is built.
- With `archive`, the run's files are moved there, into a folder named after the run's time,
  only when every file loaded (or was loaded before) and the build published: a file that
  failed stays, with the rest, to be fixed and run again.
"""

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.pipeline import FileResult, ingest_export
from ingest.profile import Profile
from ingest.read import export_files
from warehouse.build import BuildResult, build

# exit codes (2 is the command line's own: a wrong option)
LOADED = 0  # new data loaded and published, no row rejected
FAILED = 1  # a file could not be loaded, or the build failed: the figures before still hold
NOTHING_NEW = 3  # no file, or only files loaded before
WITH_REJECTS = 4  # new data published, and some rows rejected (see Datakvalitet)


@dataclass
class Refreshed:
    files: list[Path]
    results: list[FileResult] = field(default_factory=list)
    built: BuildResult | None = None
    archived_to: Path | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def loaded(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "loaded"]

    @property
    def rejected(self) -> int:
        return sum(r.rows_rejected for r in self.loaded)

    @property
    def exit_code(self) -> int:
        if self.failed or (self.built is not None and not self.built.success):
            return FAILED
        if not self.loaded:
            return NOTHING_NEW
        return WITH_REJECTS if self.rejected else LOADED

    def summary(self) -> str:
        """The run in one line, Danish then English."""
        if not self.files:
            return "skp refresh: ingen filer, intet nyt (no files, nothing new)"
        unchanged = sum(r.status == "unchanged" for r in self.results)
        if self.built is None:
            outcome = "ikke bygget (not built)"
        elif self.built.success:
            outcome = "bygget og udgivet (built and published)"
        else:
            outcome = "bygningen fejlede, de hidtidige tal gælder (the build failed)"
        line = (
            f"skp refresh: {len(self.files)} filer, {len(self.loaded)} indlæst, "
            f"{unchanged} uændret, {len(self.failed)} fejl, {self.rejected} afviste rækker; "
            f"{outcome} ({len(self.files)} files, {len(self.loaded)} loaded, {unchanged} "
            f"unchanged, {len(self.failed)} failed, {self.rejected} rows rejected)"
        )
        if self.archived_to is not None:
            line += f"; flyttet til (moved to) {self.archived_to}"
        return line


def refresh(
    folder: Path,
    warehouse: Path,
    key: bytes,
    *,
    archive: Path | None = None,
    wait: float = 0,
    waiting: Callable[[str], None] = lambda message: None,
    now: Callable[[], dt.datetime] = dt.datetime.now,
    profile: Profile | None = None,
) -> Refreshed:
    files = export_files([folder])
    run = Refreshed(files)
    if not files:
        return run
    run.results = ingest_export(
        [folder], warehouse, key, wait=wait, waiting=waiting, profile=profile
    )
    if run.failed:  # the files that loaded are published with the rest once it is fixed
        return run
    run.built = build(warehouse, wait=wait, waiting=waiting)
    if archive is not None and run.built.success:
        run.archived_to = _archive(files, folder, archive, now())
    return run


def _archive(files: list[Path], folder: Path, archive: Path, at: dt.datetime) -> Path:
    """Move the run's files into archive/<time of the run>/, as they lay in the folder."""
    target = archive / at.strftime("%Y-%m-%d_%H%M%S")
    for path in files:
        moved = target / path.relative_to(folder)
        moved.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, moved)
    return target
