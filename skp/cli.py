"""The `skp` command: a thin layer that wires arguments to the project's functions."""

import csv
import datetime as dt
import json
import os
import signal
import sys
import threading
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from skp.demo import MAX_SCALE
from warehouse import config
from warehouse.labels import AGE_BANDS

app = typer.Typer(
    help="SKP Indblik: fra eksport til statusrapport (from export to status report).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold citizens' data: never print them
)

WarehouseOption = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        help="Warehouse file (default: $SKP_WAREHOUSE, else warehouse/skp.duckdb).",
        show_default=False,
    ),
]


WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="Seconds to wait while another ingest or build writes (0: refuse at once).",
    ),
]
DEFAULT_WAIT = 600.0

ProfileOption = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        help="A mapping profile (YAML) for another system's export (README, 'Exports from "
        "other systems').",
        exists=True,
        dir_okay=False,
    ),
]


def _profile(path: Path | None):
    """The mapping profile at `path`, checked; None without one. A profile that cannot be
    used stops the run before anything is read."""
    if path is None:
        return None
    from ingest.profile import ProfileError, load

    try:
        return load(path)
    except ProfileError as error:
        fail(f"profilen kan ikke bruges (the profile cannot be used): {error}")


def _profile_audit(profile) -> dict:
    return profile.audit if profile is not None else {}


def fail(message: str) -> None:
    typer.secho(f"Fejl (error): {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


def _say(message: str) -> None:
    typer.echo(message, err=True)


@app.callback()
def main() -> None:
    """SKP Indblik: fra eksport til statusrapport (from export to status report)."""
    # A service manager's SIGTERM ends a run as Ctrl-C does: its clean-up runs (a build's
    # dbt is stopped, temporary files are removed, an open transaction is rolled back).
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


_stopped: list[int] = []  # the stop signal received, if any


def _terminated(signum, frame) -> None:
    _stopped.append(signum)
    raise SystemExit(128 + signum)


def run() -> None:
    """The `skp` command. A stop (SIGTERM) that lands inside a DuckDB query comes out of it as
    DuckDB's InterruptException rather than as the SystemExit raised: whether it reaches the
    top so or is caught on the way, the run still ends as stopped (exit 128 + the signal), and
    never as done."""
    import duckdb

    try:
        app()
    except duckdb.InterruptException:
        if not _stopped:
            raise
        sys.exit(128 + _stopped[0])
    except SystemExit as ending:
        if _stopped and ending.code in (0, None):
            sys.exit(128 + _stopped[0])
        raise


def _audit(warehouse: Path, event: str, **detail) -> None:
    """One audit entry for this command's run by the server's user; a run that cannot be
    audited does not run (skp/audit.py)."""
    from skp import audit

    try:
        audit.record(warehouse, audit.Who.operator(), event, **detail)
    except audit.AuditError as error:
        fail(str(error))


def _key() -> bytes:
    try:
        key = config.pseudonym_key()
    except config.KeyProblem as error:
        fail(str(error))
    if key is None:
        fail(config.KEY_HELP)
    return key


@app.command()
def demo(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the export into.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same bytes.")] = 1,
    scale: Annotated[
        int, typer.Option(min=1, max=MAX_SCALE, help="Copies of the demo team (every count × N).")
    ] = 1,
) -> None:
    """Write a synthetic demo export (format v1), calibrated to the 2010 status report."""
    from skp.demo import write_demo

    for path in write_demo(outdir, seed=seed, scale=scale):
        typer.echo(f"skrevet (written): {path}")
    try:
        made = config.ensure_key()
    except config.KeyProblem as error:
        fail(str(error))
    if made:
        typer.echo(f"ny pseudonymiseringsnøgle (new pseudonym key): {made}")


key_app = typer.Typer(help="The pseudonym key.", no_args_is_help=True)
app.add_typer(key_app, name="key")


@key_app.command("new")
def key_new(
    file: Annotated[Path, typer.Argument(help="The key file to write (never overwritten).")],
) -> None:
    """Write a new random pseudonym key to FILE, readable by its owner only."""
    from ingest.load import key_fingerprint

    try:
        config.new_key_file(file)
    except FileExistsError:
        fail(f"{file} findes allerede; en nøgle overskrives aldrig (the file exists)")
    key = file.read_text().strip().encode()
    typer.echo(f"ny nøgle (new key): {file} (fingeraftryk {key_fingerprint(key)})")
    typer.echo(
        "Brug den med SKP_PSEUDONYM_KEY_FILE, og tag en sikkerhedskopi af den et sikkert sted: "
        "uden den samme nøgle bliver hver borger til to (keep a backup; see the README)."
    )


class IngestStatus(StrEnum):
    loaded = "indlæst"
    unchanged = "uændret"
    failed = "fejl"
    checked = "kontrolleret"


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders.", exists=True)],
    warehouse: WarehouseOption = None,
    dry_run: Annotated[bool, typer.Option(help="Check the files without writing.")] = False,
    wait: WaitOption = DEFAULT_WAIT,
    profile: ProfileOption = None,
) -> None:
    """Load export files into the warehouse's store, checked and pseudonymised, nothing lost;
    `skp build` publishes them."""
    from ingest.load import KeyMismatch
    from ingest.pipeline import ingest_export
    from ingest.read import export_files
    from warehouse.storage import Busy

    key = _key()
    mapping = _profile(profile)
    if not export_files(paths):  # before the warehouse file is made
        fail(f"Ingen filer i {', '.join(map(str, paths))} (no files found)")
    target = config.warehouse_path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p.resolve()) for p in paths]
    _audit(target, "ingest", files=files, dry_run=dry_run, **_profile_audit(mapping))

    def progress(result) -> None:
        typer.echo(f"{IngestStatus[result.status].value:>12}  {result.source}")

    try:
        results = ingest_export(
            paths,
            target,
            key,
            dry_run=dry_run,
            wait=wait,
            waiting=_say,
            progress=progress,
            profile=mapping,
        )
    except (Busy, KeyMismatch) as error:
        _audit(target, "ingest_refused", files=files, reason=str(error))
        fail(str(error))
    _audit(
        target,
        "ingest_done",
        files=files,
        dry_run=dry_run,
        results=[
            {"source": r.source, "status": r.status, "loaded": r.rows_loaded} for r in results
        ],
    )
    if not results:  # workbooks with empty sheets only
        fail(f"Ingen tabeller i {', '.join(map(str, paths))} (no tables found)")
    _print_ingest_summary(results)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def refresh(
    folder: Annotated[
        Path, typer.Argument(help="Folder the exports are put in.", exists=True, file_okay=False)
    ],
    warehouse: WarehouseOption = None,
    archive: Annotated[
        Path | None,
        typer.Option(help="Move the files here (into a folder per run) once published."),
    ] = None,
    wait: WaitOption = DEFAULT_WAIT,
    profile: ProfileOption = None,
) -> None:
    """Ingest a folder and build, for a nightly job: one line of summary, and the exit code
    0 loaded, 1 failed, 3 nothing new, 4 loaded with rejected rows (README)."""
    from ingest.load import KeyMismatch
    from skp.refresh import FAILED
    from skp.refresh import refresh as run_refresh
    from warehouse.build import WarehouseNotReady
    from warehouse.storage import Busy

    key = _key()
    mapping = _profile(profile)
    target = config.warehouse_path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    where = {
        "folder": str(folder.resolve()),
        "archive": str(archive) if archive else None,
        **_profile_audit(mapping),
    }
    _audit(target, "refresh", **where)
    try:
        run = run_refresh(
            folder, target, key, archive=archive, wait=wait, waiting=_say, profile=mapping
        )
    except (Busy, KeyMismatch, WarehouseNotReady) as error:
        _audit(target, "refresh_refused", **where, reason=str(error))
        fail(str(error))
    _audit(
        target,
        "refresh_done",
        **where,
        exit_code=run.exit_code,
        results=[
            {"source": r.source, "status": r.status, "loaded": r.rows_loaded} for r in run.results
        ],
        published=bool(run.built and run.built.success),
    )
    for r in run.failed:
        typer.secho(f"Fejl i {r.source}: {r.message}", err=True, fg=typer.colors.RED)
    if run.built is not None and not run.built.success:
        for failure in run.built.failures:
            typer.secho(f"  {failure}", err=True, fg=typer.colors.RED)
    typer.echo(run.summary())
    if run.exit_code == FAILED and run.built is not None and run.built.log is not None:
        typer.echo(f"dbt's log: {run.built.log}", err=True)
    raise typer.Exit(run.exit_code)


@app.command()
def template(
    output: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
) -> None:
    """Write an Excel workbook in export format v1 to fill in by hand: a sheet per entity,
    lists of the codes, notes on each column, instructions in Danish."""
    from ingest.template import write_template

    if output.suffix.lower() != ".xlsx":
        fail(f"{output}: skabelonen er en .xlsx-fil (the template is an .xlsx file)")
    if output.exists():
        fail(f"{output} findes allerede (already exists): vælg et andet navn")
    write_template(output)
    typer.echo(f"skrevet (written): {output}")


REJECTS_SHOWN = 20  # per file; every reject is kept in raw._rejected_rows


def _print_ingest_summary(results) -> None:
    typer.echo("")
    header = (
        f"{'fil (file)':<44} {'entitet':<15} {'status':<12} {'læst':>8} {'indlæst':>8} "
        f"{'afvist':>7} {'ukendte koder':>13}"
    )
    typer.echo(header)
    typer.echo("-" * len(header))
    for r in results:
        typer.echo(
            f"{_short(r.source, 44):<44} {r.entity or '-':<15} "
            f"{IngestStatus[r.status].value:<12} {r.rows_read:>8} "
            f"{r.rows_loaded:>8} {r.rows_rejected:>7} {r.unknown_codes:>13}"
        )
    with_rejects = [r for r in results if r.rejects is not None and r.rejects.height]
    if with_rejects:
        typer.echo("\nAfviste rækker (rejected rows):")
    for r in with_rejects:
        for row in r.rejects.head(REJECTS_SHOWN).iter_rows(named=True):
            column = f", kolonne {row['column_name']}" if row["column_name"] else ""
            typer.echo(f"  {r.source}, linje {row['line']}{column}: {row['reason']}")
        if r.rejects.height > REJECTS_SHOWN:
            typer.echo(
                f"  … og {r.rejects.height - REJECTS_SHOWN} flere i {r.source} "
                "(and more: all are kept in the warehouse table raw._rejected_rows)"
            )
    for r in results:
        if r.status == "failed":
            typer.secho(f"\nFejl i {r.source}: {r.message}", err=True, fg=typer.colors.RED)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1) :]


@app.command()
def build(warehouse: WarehouseOption = None, wait: WaitOption = DEFAULT_WAIT) -> None:
    """Build the warehouse's models with dbt and publish them; nothing is published when any
    dbt test fails."""
    from warehouse.build import WarehouseNotReady
    from warehouse.build import build as run_build
    from warehouse.storage import Busy

    target = config.warehouse_path(warehouse)
    _audit(target, "build")
    try:
        result = run_build(target, wait=wait, waiting=_say)
    except (WarehouseNotReady, Busy) as error:
        _audit(target, "build_refused", reason=str(error))
        fail(str(error))
    _audit(target, "build_done", published=result.success)
    if result.log is not None:
        typer.echo(
            f"dbt: {result.passed} bestået, {len(result.warnings)} advarsler, "
            f"{len(result.failures)} fejl (passed, warnings, failed); hele loggen (full log): "
            f"{result.log}"
        )
    for warning in result.warnings:
        typer.secho(f"  advarsel (warning): {warning}", err=True, fg=typer.colors.YELLOW)
    if not result.success:
        for failure in result.failures:
            typer.secho(f"  {failure}", err=True, fg=typer.colors.RED)
        fail(
            "dbt build fejlede; intet er udgivet, og de hidtidige tal gælder (the build failed: "
            "nothing was published); se ovenfor og i loggen (see above and the log)"
        )
    typer.echo("Lageret er bygget og udgivet (warehouse built and published).")


def _filter_option(codes: str):
    return typer.Option(help=f"Only figures of these values (may be repeated): {codes}, ukendt.")


def _codes(seed: str) -> str:
    """A code list's codes, from its dbt seed, for --help."""
    path = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / f"{seed}.csv"
    with path.open(encoding="utf-8") as file:
        return ", ".join(row["code"] for row in csv.DictReader(file))


Filter = list[str] | None


class ReportFormat(StrEnum):
    json = "json"
    pdf = "pdf"


@app.command()
def report(
    year: Annotated[int | None, typer.Option(min=1, max=9998, help="A calendar year.")] = None,
    start: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="First day of the period (YYYY-MM-DD)."),
    ] = None,
    end: Annotated[
        dt.datetime | None,
        typer.Option("--to", formats=["%Y-%m-%d"], help="Last day of the period (YYYY-MM-DD)."),
    ] = None,
    format: Annotated[
        ReportFormat,
        typer.Option(help="json: the figures; pdf: the status report for a board (A4, Danish)."),
    ] = ReportFormat.json,
    output: Annotated[
        Path | None,
        typer.Option(help="File to write (needed for pdf; json goes to standard output)."),
    ] = None,
    suppress: Annotated[
        bool,
        typer.Option(
            "--suppress",
            help="Hide small counts as a board sees them ($SKP_SUPPRESSION_THRESHOLD, default 5). "
            "The PDF is always suppressed.",
        ),
    ] = False,
    gender: Annotated[Filter, _filter_option(_codes("genders"))] = None,
    age_band: Annotated[
        Filter, _filter_option(", ".join(["under 18", *AGE_BANDS[:-1]]))  # ukendt: added
    ] = None,
    problem_group: Annotated[Filter, _filter_option(_codes("problem_groups"))] = None,
    referral_source: Annotated[Filter, _filter_option(_codes("referral_sources"))] = None,
    district: Annotated[Filter, _filter_option("a district as the export writes it")] = None,
    contact_form: Annotated[Filter, _filter_option(_codes("contact_forms"))] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Print the status report's figures for a year (--year) or a period (--from, --to).

    Filters can be repeated (--gender K --gender M); see the README's "Filters" for what each
    means for each figure. The PDF's municipality, team and logo: $SKP_MUNICIPALITY, $SKP_TEAM,
    $SKP_LOGO."""
    from warehouse import kpis, published
    from warehouse.connection import WarehouseError, reading
    from warehouse.filters import Filters, check_filters
    from warehouse.periods import Period

    if (year is None) == (start is None and end is None) or (start is None) != (end is None):
        fail("angiv enten --year eller både --from og --to (give --year, or --from and --to)")
    period = Period.year(year) if year else Period(start.date(), end.date())
    if period.end < period.start:
        fail("--to ligger før --from (--to is before --from)")
    if (suppress or format == ReportFormat.pdf) and not period.is_standard:
        fail(
            "en rapport til et udvalg dækker et kalenderår, et halvår eller et kvartal "
            "(a board's report covers a calendar year, a half-year or a quarter: two free "
            "periods could be subtracted to single out a citizen)"
        )
    if format == ReportFormat.pdf and output is None:
        fail("angiv --output FIL til pdf'en (give --output FILE for the pdf)")
    filters = Filters(
        gender=tuple(gender or ()),
        age_band=tuple(age_band or ()),
        problem_group=tuple(problem_group or ()),
        referral_source=tuple(referral_source or ()),
        district=tuple(district or ()),
        contact_form=tuple(contact_form or ()),
    )
    try:
        with reading(config.warehouse_path(warehouse)) as con:
            check_filters(con, filters)
            if format == ReportFormat.pdf:
                write_pdf(con, period, filters, output, config.warehouse_path(warehouse))
                return
            figures = kpis.report(con, period, filters)
            unfiltered = kpis.report(con, period) if suppress and filters else None
    except WarehouseError as error:
        fail(str(error))
    if suppress:
        try:
            figures = published.suppressed(
                figures, config.suppression_threshold(), config.show_age_range(), unfiltered
            )
        except (published.Undeclared, config.SettingProblem) as error:
            fail(str(error))
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")


def write_pdf(con, period, filters, output: Path, warehouse: Path) -> None:
    from report import commentary
    from report.status_report import ReportError, board_pdf
    from warehouse.published import Undeclared

    try:
        texts = commentary.current(warehouse, period)
        document = board_pdf(con, period, filters, texts)
    except (ReportError, Undeclared, config.SettingProblem) as error:
        fail(str(error))
    output.write_bytes(document)
    typer.echo(f"skrevet (written): {output}", err=True)


@app.command()
def docs(
    port: Annotated[int, typer.Option(help="Port to serve the docs site on.")] = 8080,
    warehouse: WarehouseOption = None,
) -> None:
    """Generate and serve the dbt docs site (models, columns, tests, lineage)."""
    import shutil

    from warehouse.build import dbt_command
    from warehouse.storage import Warehouse, run_child, run_folder

    target = config.warehouse_path(warehouse)
    if not target.exists():
        fail(f"{target} findes ikke (no warehouse): kør `skp ingest` og `skp build`")
    # on a copy of the published file: dbt opens its database as a writer, which would shut
    # the dashboard's readers out
    with run_folder(Warehouse(target), "docs") as folder:
        copy = folder / target.name
        shutil.copyfile(target, copy)
        argv, env = dbt_command(target, ["docs", "generate"], database=copy, target="docs")
        if run_child(argv, env) != 0:
            fail("dbt docs generate fejlede (failed); kør `skp build` først (run skp build first)")
    serve = ["docs", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-browser"]
    argv, env = dbt_command(target, serve, database=target, target="docs")
    _become(argv, env)


class AuditFormat(StrEnum):
    csv = "csv"
    json = "json"


commentary_app = typer.Typer(
    help="The team's own words in the status report, as a file to write in.",
    no_args_is_help=True,
)
app.add_typer(commentary_app, name="commentary")
YearArgument = Annotated[int, typer.Option("--year", help="The report's calendar year.")]


@commentary_app.command("export")
def commentary_export(
    file: Annotated[Path, typer.Argument(help="The text file to write.")],
    year: YearArgument,
    warehouse: WarehouseOption = None,
) -> None:
    """Write the year's texts to FILE, a heading line '## part' before each part."""
    from report import commentary
    from warehouse.periods import Period

    period = Period.year(year)
    texts = commentary.current(config.warehouse_path(warehouse), period)
    file.write_text(commentary.export(texts, f"Statusrapport {year}"), encoding="utf-8")
    typer.echo(f"skrevet (written): {file}", err=True)


@commentary_app.command("import")
def commentary_import(
    file: Annotated[Path, typer.Argument(help="A file written by `skp commentary export`.")],
    year: YearArgument,
    warehouse: WarehouseOption = None,
) -> None:
    """Save each part of FILE whose text differs as a new version, by the operator."""
    from report import commentary
    from skp import audit
    from warehouse.periods import Period

    target, period = config.warehouse_path(warehouse), Period.year(year)
    try:
        parts = commentary.parse(file.read_text(encoding="utf-8"), str(file))
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{file} kan ikke læses (cannot be read): {error}")
    except commentary.Refused as error:
        fail(str(error))  # nothing is saved: the whole file or none of it
    who = audit.Who.operator()
    now = commentary.current(target, period)
    changed = [part for part, text in parts.items() if text != now.get(part, "")]
    try:
        for part in changed:
            commentary.save(target, period, part, parts[part], who.name, who.role)
    except commentary.Unwritten as error:
        fail(str(error))
    _audit(target, "commentary", year=year, parts=changed)
    typer.echo(f"gemt (saved): {', '.join(changed) or 'intet nyt (nothing new)'}")


@app.command("audit")
def audit_log(
    since: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], help="From this day on (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(help="One user's entries: their sub, name or e-mail.", show_default=False),
    ] = None,
    format: Annotated[AuditFormat, typer.Option(help="Output format.")] = AuditFormat.csv,
    warehouse: WarehouseOption = None,
) -> None:
    """List the audit log: sign-ins, refusals, page views, downloads, ingests and builds."""
    from skp import audit

    try:
        entries = audit.read(config.warehouse_path(warehouse))
    except audit.AuditError as error:
        fail(str(error))
    entries = audit.select(entries, since.date() if since else None, user)
    if format == AuditFormat.json:
        typer.echo(json.dumps(entries.to_dicts(), ensure_ascii=False, indent=2))
    else:
        from report.formatting import csv_safe  # a name like =HYPERLINK(...) stays text

        typer.echo(csv_safe(entries).write_csv(), nl=False)


AuthOption = Annotated[
    Path | None,
    typer.Option(
        "--auth",
        help="Sign-in configuration (TOML: [oidc] and [roles]; see the README). "
        "Default: $SKP_AUTH_CONFIG.",
        show_default=False,
    ),
]


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port to serve the dashboard on.")] = 8501,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on: loopback only by default. Any other needs sign-in."
        ),
    ] = "127.0.0.1",
    warehouse: WarehouseOption = None,
    auth: AuthOption = None,
) -> None:
    """Serve the dashboard (Streamlit) at http://localhost:PORT, to this machine only unless
    sign-in is configured."""
    from skp import signin
    from warehouse.storage import Warehouse

    path = signin.configured_path(auth)
    if path is None and not _loopback(host):
        fail(
            f"--host {host} ville vise alle tal til alle på netværket, og login er ikke sat op "
            "(no sign-in configured: the dashboard would show every figure to anyone who can "
            "reach it). Sæt login op med --auth FIL eller SKP_AUTH_CONFIG (configure sign-in "
            "with OpenID Connect: --auth FILE; see the README, 'Who can see it')."
        )
    target = config.warehouse_path(warehouse).resolve()
    entry = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"
    env = {**os.environ, "SKP_WAREHOUSE": str(target)}
    env.pop("SKP_AUTH_CONFIG", None)
    command = [
        sys.executable,
        "-m",
        "skp.server",  # Streamlit, with the pages' libraries imported first
        "run",
        str(entry),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        # AA contrast: Streamlit draws captions in its text colour at 60 % opacity; from
        # #111111 that is #707070 on white, 4.9:1 (its default text colour gives 3.9:1)
        "--theme.textColor",
        "#111111",
        # a served dashboard's code does not change under it: watching its modules after every
        # rerun, and a full garbage collection after every rerun, cost a third of the server's
        # CPU per page view (bench/load.py); Python's own collector still runs
        "--server.fileWatcherType",
        "none",
        "--runner.postScriptGC",
        "false",
        "--server.maxUploadSize",  # MB: what one upload may hold (app/upload.py)
        str(config.UPLOAD_LIMIT_MB),
        # Streamlit's agent API serves the app to programs over HTTP, in anonymous sessions
        # beside the browsers': off, here where no config file or environment variable can
        # turn it on again
        "--server.enableAgentApi",
        "false",
    ]
    if path is not None:
        try:
            settings = signin.load(path)
        except signin.SignInProblem as error:
            fail(str(error))
        secrets = Warehouse(target).private / "serve" / "secrets.toml"
        try:
            signin.write_secrets(settings, secrets)
        except OSError as error:
            fail(f"{secrets}: kan ikke skrives (Streamlit's secrets not written): {error}")
        env["SKP_AUTH_CONFIG"] = str(path.resolve())
        command += ["--secrets.files", str(secrets)]
    _become(command, env)


def _loopback(host: str) -> bool:
    """Whether `host` is an address of this machine alone (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _become(argv: list[str], env: dict[str, str]) -> None:
    """Replace this process with the server `argv`, so that stopping `skp serve` or `skp docs`
    (Ctrl-C, a service manager's SIGTERM) stops the server, rather than leave it serving on."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, env)


if __name__ == "__main__":
    run()
