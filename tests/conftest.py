"""Shared fixtures: real SQLite files in temporary folders, headless Qt."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from thidua_desktop.services.app import open_app  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory, monkeypatch):
    """Window settings, logs and default database go to a temporary folder."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("THIDUA_DATA_DIR", str(data))
    monkeypatch.delenv("THIDUA_DB", raising=False)
    return data


@pytest.fixture(autouse=True)
def page_loads_wait(monkeypatch):
    """Pages load their lists in the background (``gui/pages/base.Loader``); tests written
    for data shown at once wait for each load where it starts (the worker still runs).
    tests/test_page_loading.py turns this off to test the loading itself."""
    from thidua_desktop.gui.pages.base import Loader

    start = Loader.start

    def start_and_wait(loader, query):
        start(loader, query)
        assert loader.wait(), "a page's data did not arrive within a minute"

    monkeypatch.setattr(Loader, "start", start_and_wait)


@pytest.fixture(autouse=True)
def collector_unfrozen():
    """The window sets what is alive aside from the garbage collector (``gc.freeze``:
    ``gui/collector.py``), as it lives as long as the app; one test's
    window does not, so what it set aside is handed back to the collector after it."""
    import gc

    yield
    gc.unfreeze()


@pytest.fixture
def demo_window(qtbot, demo_copy):
    """The main window on a copy of the demo ward, its initial page opened as the app
    does; a page that fails to open fails the test."""
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow

    opened = open_app(demo_copy, actor="kiểm thử")
    win = MainWindow(GuiContext(opened, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    errors = []
    win.error_sink = lambda title, exc: errors.append((title, exc))
    win.open_initial_page()
    yield win
    assert errors == []
    win.close()
    opened.close()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "dữ liệu thử" / "thi đua.db"


@pytest.fixture
def app(db_path):
    """The app's database opened as the GUI opens it (lock, migrate, seed)."""
    opened = open_app(db_path, actor="kiểm thử")
    yield opened
    opened.close()


@pytest.fixture
def db(app):
    return app.db


@pytest.fixture(scope="module")
def demo_ward(tmp_path_factory):
    """The demo ward (``thidua init --demo``), built once for a module's tests."""
    from thidua_desktop.services.demo import build_demo

    data = tmp_path_factory.mktemp("demo-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THIDUA_DATA_DIR", str(data))
        mp.delenv("THIDUA_DB", raising=False)
        opened = open_app(data / "demo.db", actor="kiểm thử")
        with opened.db.transaction(actor="kiểm thử") as s:
            build_demo(s)
        yield opened
        opened.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """A demo ward's database file (``thidua init --demo``), built once for the whole run;
    tests copy it (``demo_copy``) rather than change it."""
    from thidua_desktop.services.demo import build_demo

    folder = tmp_path_factory.mktemp("demo-file")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THIDUA_DATA_DIR", str(folder / "data"))
        opened = open_app(folder / "demo.db", actor="kiểm thử")
        with opened.db.transaction(actor="kiểm thử") as s:
            build_demo(s)
        opened.close()
    return folder / "demo.db"


@pytest.fixture
def demo_copy(demo_file, tmp_path):
    """A copy of the demo ward's file of one's own, as a clerk's ``phường.db``."""
    import shutil

    path = tmp_path / "phường.db"
    shutil.copy(demo_file, path)
    return path


from pg_helpers import drop_pg_database  # noqa: E402

PG_SERVER = os.environ.get("THIDUA_TEST_PG_URL")


@pytest.fixture
def pg_url():
    """A fresh database on the PostgreSQL server ``THIDUA_TEST_PG_URL`` names (``.ci/run``
    starts one); the test is skipped without one."""
    import uuid

    from sqlalchemy import create_engine, make_url, text

    if not PG_SERVER:
        pytest.skip("THIDUA_TEST_PG_URL is not set (no PostgreSQL server)")
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    name = f"thidua_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)
    drop_pg_database(admin, name)
    admin.dispose()
