"""Start-up imports only what it uses (issue 15, goals 2 and 3): ``thidua
--version``/``--help`` load neither SQLAlchemy, Qt nor the services; a command
loads only its own module; the window paints its frame before the database
(SQLAlchemy, the models, the services) and the first page's modules (charts,
grid, openpyxl…) are imported, then opens the database and fills the page."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("sqlalchemy", "PySide6", "openpyxl", "thidua_desktop.services", "thidua_desktop.storage",
         "thidua_desktop.cli.context")


def modules_after(code: str, tmp_path: Path) -> tuple[list[str], str]:
    """Run ``code`` in a fresh interpreter; it ends by printing the module names
    it wants checked as one JSON line. Returns them and everything else printed."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), THIDUA_DATA_DIR=str(tmp_path / "data"),
               QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    *shown, last = done.stdout.strip().splitlines()
    return json.loads(last), "\n".join(shown)


def cli_modules(args: list[str], tmp_path: Path) -> tuple[list[str], str]:
    return modules_after(
        "import json, sys\n"
        "from thidua_desktop.cli import main\n"
        f"code = main({args!r})\n"
        "assert code == 0, code\n"
        "print(json.dumps(sorted(sys.modules)))\n", tmp_path)


def loaded(modules: list[str], prefixes) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_load_no_database_nor_qt(flag, tmp_path):
    modules, shown = cli_modules([flag], tmp_path)
    assert "thidua" in shown
    assert loaded(modules, HEAVY) == []
    assert [m for m in modules if ".cli.cmd_" in m] == []


def test_a_command_loads_only_its_own_module(tmp_path):
    db = str(tmp_path / "x.db")
    modules_after(f"from thidua_desktop.cli import main; main(['--db', {db!r}, 'init']); print('[]')", tmp_path)
    modules, shown = cli_modules(["--db", db, "targets", "list", "--json"], tmp_path)
    assert json.loads(shown)  # the plan's targets
    assert [m for m in modules if ".cli.cmd_" in m] == ["thidua_desktop.cli.cmd_targets"]
    assert loaded(modules, ["PySide6", "openpyxl"]) == []


def test_help_of_a_command_is_the_same_as_with_every_command_loaded():
    import argparse

    from thidua_desktop.cli import COMMANDS, build_parser

    def verbs(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
        return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))

    everything = verbs(build_parser())
    # the static table names every verb, in order, with the help line its module registers
    assert [(a.dest, a.help) for a in everything._choices_actions] == [(v, h) for v, (_, h) in COMMANDS.items()]
    for verb in COMMANDS:
        alone = verbs(build_parser(["--db", "x.db", verb, "--help"]))
        assert alone.choices[verb].format_help() == everything.choices[verb].format_help(), verb
    report = verbs(build_parser(["report", "--help"])).choices["report"].format_help()
    assert "certificates" in report and "year-end" in report  # the kinds are listed


PAINT_PROBE = """
import json, sys
from thidua_desktop.gui import main_window
painted = []
original = main_window.MainWindow.paintEvent
def probe(self, event):
    if not painted:
        painted.append(sorted(sys.modules))
    original(self, event)
main_window.MainWindow.paintEvent = probe
from thidua_desktop.gui.app import main
assert main(["--db", DB_PATH, "--measure-startup"]) == 0
print(json.dumps(painted[0]))
"""

LAZY_FOR_FIRST_PAINT = (
    "thidua_desktop.gui.pages.overview", "thidua_desktop.gui.results", "thidua_desktop.gui.first_run",
    "thidua_desktop.gui.login", "thidua_desktop.services.xlsx.files", "thidua_desktop.services.results.evaluation",
    "thidua_desktop.cli.context", "openpyxl", "PySide6.QtUiTools", "PySide6.QtCharts", "PySide6.QtPdf",
    "alembic",
)
DATABASE = ("sqlalchemy", "thidua_desktop.storage", "thidua_desktop.services", "thidua_desktop.gui.context")


def test_first_paint_comes_before_the_first_page_and_its_modules(tmp_path):
    from thidua_desktop.services.app import open_app

    db = tmp_path / "ward.db"
    open_app(db, lock=False).close()  # made before: creating the schema is Alembic's work
    code = PAINT_PROBE.replace("DB_PATH", repr(str(db)))
    modules, shown = modules_after(code, tmp_path)
    assert loaded(modules, LAZY_FOR_FIRST_PAINT) == []
    # the frame is painted before the database is opened
    assert loaded(modules, DATABASE) == []
    stamps = dict(line.split() for line in shown.splitlines())
    assert float(stamps["first_paint"]) <= float(stamps["first_page"])  # then the page is filled in
