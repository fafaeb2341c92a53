"""Which code may use which (README, "Layout"), read from the imports of every module: the PDF
publisher and everything below it run without Streamlit, nothing imports the dashboard or the
command, configuration imports nothing of ours, and no two modules import each other."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "report", "warehouse", "ingest", "skp")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


MODULES = {
    module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
}


def imports(module: str) -> set[str]:
    """The modules (ours: the module itself; others: their top package) it imports, anywhere
    in it (a function's own imports too)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            if name in MODULES:
                found.add(name)
            elif name.split(".")[0] not in PACKAGES:
                found.add(name.split(".")[0])
    # `from warehouse import kpis` names warehouse.kpis; the bare package adds nothing
    return found - set(PACKAGES)


def test_the_import_scan_finds_imports():
    assert "warehouse.kpis" in imports("report.status_report")
    assert "streamlit" in imports("app.data")
    assert "warehouse.config" in imports("skp.cli")


def test_below_the_dashboard_nothing_imports_streamlit_the_dashboard_or_the_command():
    for module in MODULES:
        package = module.split(".")[0]
        if package in ("report", "warehouse", "ingest"):
            used = imports(module)
            assert "streamlit" not in used, module
            assert not {m for m in used if m.split(".")[0] in ("app", "skp")}, module
        if package == "skp":
            assert not {m for m in imports(module) if m.startswith("app.")}, module


def test_the_pdf_publisher_loads_without_streamlit():
    code = "import sys, report.status_report; print('streamlit' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert loaded.stdout.strip() == "False", loaded.stderr


def test_configuration_imports_nothing_of_ours():
    assert not {m for m in imports("warehouse.config") if m in MODULES}


def test_no_two_modules_import_each_other_even_through_others():
    graph = {m: {i for i in imports(m) if i in MODULES} for m in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError(" -> ".join(path[path.index(module) :] + [module]))
        if module in done:
            return
        for used in sorted(graph[module]):
            visit(used, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
