"""The `skp` command: a thin layer that wires arguments to the project's functions."""

import datetime as dt
import json
import os
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import typer

from skp import config
from skp.demo import MAX_SCALE

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


def fail(message: str) -> None:
    typer.secho(f"Fejl (error): {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


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
    made = config.ensure_key()
    if made:
        typer.echo(f"ny pseudonymiseringsnøgle (new pseudonym key): {made}")


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
) -> None:
    """Load export files into the warehouse: checked, pseudonymised, nothing lost."""
    from ingest.pipeline import ingest as run_ingest
    from ingest.read import export_files

    key = config.pseudonym_key()
    if key is None:
        fail(config.KEY_HELP)
    if not export_files(paths):  # before the warehouse file is made
        fail(f"Ingen filer i {', '.join(map(str, paths))} (no files found)")
    target = config.warehouse_path(warehouse)
    con = None
    if not dry_run:
        target.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(target))

    def progress(result) -> None:
        typer.echo(f"{IngestStatus[result.status].value:>12}  {result.source}")

    try:
        results = run_ingest(paths, con, key, progress=progress)
    finally:
        if con is not None:
            con.close()
    if not results:  # workbooks with empty sheets only
        fail(f"Ingen tabeller i {', '.join(map(str, paths))} (no tables found)")
    _print_ingest_summary(results)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


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
def build(warehouse: WarehouseOption = None) -> None:
    """Build the warehouse's models with dbt; fails when any dbt test fails."""
    from warehouse.build import WarehouseNotReady
    from warehouse.build import build as run_build

    try:
        result = run_build(config.warehouse_path(warehouse))
    except WarehouseNotReady as error:
        fail(str(error))
    for warning in result.warnings:
        typer.secho(f"  advarsel (warning): {warning}", err=True, fg=typer.colors.YELLOW)
    if not result.success:
        for failure in result.failures:
            typer.secho(f"  {failure}", err=True, fg=typer.colors.RED)
        fail("dbt build fejlede (failed); se ovenfor (see above)")
    typer.echo("Lageret er bygget (warehouse built).")


FilterOption = Annotated[
    list[str] | None,
    typer.Option(help="Only figures of these values (a code; may be repeated)."),
]


class ReportFormat(StrEnum):
    json = "json"
    pdf = "pdf"


@app.command()
def report(
    year: Annotated[int | None, typer.Option(help="A calendar year.")] = None,
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
    gender: FilterOption = None,
    age_band: FilterOption = None,
    problem_group: FilterOption = None,
    referral_source: FilterOption = None,
    district: FilterOption = None,
    contact_form: FilterOption = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Print the status report's figures for a year (--year) or a period (--from, --to).

    Filters can be repeated (--gender K --gender M); see the README's "Filters" for what each
    means for each figure. The PDF's municipality, team and logo: $SKP_MUNICIPALITY, $SKP_TEAM,
    $SKP_LOGO."""
    from warehouse import kpis

    if (year is None) == (start is None and end is None) or (start is None) != (end is None):
        fail("angiv enten --year eller både --from og --to (give --year, or --from and --to)")
    period = kpis.Period.year(year) if year else kpis.Period(start.date(), end.date())
    if period.end < period.start:
        fail("--to ligger før --from (--to is before --from)")
    if format == ReportFormat.pdf and output is None:
        fail("angiv --output FIL til pdf'en (give --output FILE for the pdf)")
    try:
        con = kpis.connect(config.warehouse_path(warehouse))
    except kpis.NoData as error:
        fail(str(error))
    filters = kpis.Filters(
        gender=tuple(gender or ()),
        age_band=tuple(age_band or ()),
        problem_group=tuple(problem_group or ()),
        referral_source=tuple(referral_source or ()),
        district=tuple(district or ()),
        contact_form=tuple(contact_form or ()),
    )
    try:
        kpis.check_filters(con, filters)
        if format == ReportFormat.pdf:
            write_pdf(con, period, filters, config.warehouse_path(warehouse), output)
            return
        figures = kpis.report(con, period, filters)
    except kpis.NoData as error:
        fail(str(error))
    except duckdb.CatalogException:
        fail("lageret er ikke bygget (warehouse not built): kør `skp build`")
    finally:
        con.close()
    if suppress:
        figures = kpis.suppressed(figures, config.suppression_threshold())
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")


def write_pdf(con, period, filters, warehouse: Path, output: Path) -> None:
    from app.status_report import ReportError, board_pdf

    try:
        document = board_pdf(con, period, filters, warehouse)
    except ReportError as error:
        fail(str(error))
    output.write_bytes(document)
    typer.echo(f"skrevet (written): {output}", err=True)


@app.command()
def docs(
    port: Annotated[int, typer.Option(help="Port to serve the docs site on.")] = 8080,
    warehouse: WarehouseOption = None,
) -> None:
    """Generate and serve the dbt docs site (models, columns, tests, lineage)."""
    from warehouse.build import WarehouseNotReady, check_ingested, dbt_command

    target = config.warehouse_path(warehouse)
    try:
        check_ingested(target)
    except WarehouseNotReady as error:
        fail(str(error))
    argv, env = dbt_command(target, ["docs", "generate"])
    if subprocess.call(argv, env=env) != 0:
        fail("dbt docs generate fejlede (failed); kør `skp build` først (run skp build first)")
    argv, env = dbt_command(target, ["docs", "serve"], "--port", str(port), "--no-browser")
    _become(argv, env)


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port to serve the dashboard on.")] = 8501,
    warehouse: WarehouseOption = None,
) -> None:
    """Serve the dashboard (Streamlit) at http://localhost:PORT."""
    entry = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"
    env = {**os.environ, "SKP_WAREHOUSE": str(config.warehouse_path(warehouse).resolve())}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(entry),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]
    _become(command, env)


def _become(argv: list[str], env: dict[str, str]) -> None:
    """Replace this process with the server `argv`, so that stopping `skp serve` or `skp docs`
    (Ctrl-C, a service manager's SIGTERM) stops the server, rather than leave it serving on."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, env)


if __name__ == "__main__":
    app()
