"""One declaration each (issue 14): the tables that name modules to import
lazily name modules and attributes that exist; the document kinds are declared
once (domain/documents.py) and read by the writers, ``thidua report`` and the
audit trail; every code list the audit trail labels is declared once, in domain/."""
from __future__ import annotations

import argparse
import ast
import enum
import importlib
from pathlib import Path

import pytest

from thidua_desktop.domain.documents import DOCUMENT_KINDS

ROOT = Path(__file__).resolve().parent.parent


def _attribute(target: str):
    """``package.module:name`` → the object (the ``:name`` part optional)."""
    module, _, name = target.partition(":")
    found = importlib.import_module(module)
    return getattr(found, name) if name else found


def test_every_cli_verb_names_a_module_that_registers_it():
    from thidua_desktop.cli import COMMANDS

    for verb, (module, _help) in COMMANDS.items():
        subparsers = argparse.ArgumentParser().add_subparsers()
        _attribute(f"thidua_desktop.cli.{module}:register")(subparsers)
        assert verb in subparsers.choices, (verb, module)


def test_every_page_names_a_widget_class_that_exists():
    from PySide6.QtWidgets import QWidget

    from thidua_desktop.gui.pages import PAGES

    assert len({p.page_id for p in PAGES}) == len(PAGES)
    for entry in PAGES:
        assert issubclass(entry.load(), QWidget), entry.factory


def test_every_demo_step_names_a_module_with_populate():
    from thidua_desktop.services import demo

    for step in demo.STEPS:
        assert callable(_attribute(f"{demo.__name__}.{step}:populate")), step


def test_every_document_kind_has_its_writer_and_a_report_file():
    from thidua_desktop.cli import cmd_report
    from thidua_desktop.services import documents

    assert list(documents.KINDS) == list(DOCUMENT_KINDS)
    for key, spec in documents.KINDS.items():
        assert spec.fields and callable(spec.template) and callable(spec.fill), key
        assert (key, ".docx") in cmd_report.REPORTS, key
    for (key, suffix), target in cmd_report.REPORTS.items():
        assert key in DOCUMENT_KINDS and suffix.startswith("."), (key, suffix)
        assert callable(_attribute(target)), target


def test_the_report_verb_offers_the_declared_kinds_with_their_summaries():
    from thidua_desktop.cli import build_parser

    verbs = next(a for a in build_parser(["report"])._actions if isinstance(a, argparse._SubParsersAction))
    report = verbs.choices["report"]
    [kind] = [a for a in report._actions if a.dest == "kind"]
    assert list(kind.choices) == list(DOCUMENT_KINDS)
    shown = report.format_help()
    assert all(spec.summary in " ".join(shown.split()) for spec in DOCUMENT_KINDS.values())


def test_every_code_list_of_the_audit_trail_names_a_real_column_and_lives_in_domain():
    from thidua_desktop.services.safety.audit_log import CODE_LISTS, code_labels
    from thidua_desktop.storage.models import Base

    tables = Base.metadata.tables
    for (entity, field), found in CODE_LISTS.items():
        assert entity == "backup" or field in tables[entity].columns, (entity, field)  # a backup is an event
        assert code_labels(entity, field), (entity, field)
        if isinstance(found, type):
            assert issubclass(found, enum.Enum) and found.__module__.startswith("thidua_desktop.domain.")
        else:
            assert any(found is value for name, value in _domain_constants()), (entity, field)


def _domain_constants():
    for path in sorted((ROOT / "thidua_desktop" / "domain").glob("*.py")):
        module = importlib.import_module(f"thidua_desktop.domain.{path.stem}" if path.stem != "__init__"
                                         else "thidua_desktop.domain")
        yield from vars(module).items()


def _dict_literals_outside_domain():
    """(where, items) of every module-level ``NAME = {"code": "label", …}`` outside domain/."""
    for path in sorted((ROOT / "thidua_desktop").rglob("*.py")):
        if "domain" in path.relative_to(ROOT).parts:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            if isinstance(value, ast.Dict) and value.keys and all(
                    isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys) and all(
                    isinstance(v, ast.Constant) and isinstance(v.value, str) for v in value.values):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", frozenset(
                    (k.value, v.value) for k, v in zip(value.keys, value.values))


def test_no_code_list_is_declared_again_outside_domain():
    from thidua_desktop.services.safety.audit_log import CODE_LISTS, code_labels

    vocabularies = {frozenset(code_labels(*where).items()) for where in CODE_LISTS}
    again = [where for where, items in _dict_literals_outside_domain() if items in vocabularies]
    assert again == [], "code lists declared again outside domain/ (import them from domain): " + ", ".join(again)


@pytest.mark.parametrize("target", ["thidua_desktop.cli.cmd_report:nothing", "thidua_desktop.cli.cmd_nothing"])
def test_a_name_that_does_not_exist_is_caught(target):
    with pytest.raises((AttributeError, ImportError)):
        _attribute(target)
