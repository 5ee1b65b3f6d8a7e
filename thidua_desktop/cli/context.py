"""What a command needs: the database, opened lazily, and output helpers."""
from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Any

from . import json_text

if TYPE_CHECKING:
    from ..services.app import OpenedApp


class CliFailure(Exception):
    """A failure with its exit code (2 for usage errors, 1 otherwise)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def cli_actor() -> str:
    """Who acts from the command line, for the audit trail: “dòng lệnh (tên người dùng Windows)”."""
    try:
        user = getpass.getuser().strip()[:60]  # the actor column holds 100 characters
    except Exception:  # no user name in the environment nor the password database
        user = ""
    return f"dòng lệnh ({user})" if user else "dòng lệnh"


class CliContext:
    def __init__(self, target: str | None):
        self.target = target
        self._app: OpenedApp | None = None

    def app(self, write: bool = False, create: bool = False) -> OpenedApp:
        """Open the database; commands that write take the one-instance lock
        (now, or at their first write). Only ``init`` may ``create`` it."""
        if self._app is None:
            from ..services.app import open_app  # not for ``--help``: SQLAlchemy and the services

            self._app = open_app(self.target, lock=write, actor=cli_actor(), create=create)
            if write:
                self._app.hold_lock()  # a database on read-only media is refused here, before any file
            for note in self._app.notes:
                print(note, file=sys.stderr)
        elif write:
            self._app.hold_lock()
        return self._app

    @property
    def db(self):
        return self.app().db

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None

    @staticmethod
    def print_json(data: Any) -> None:
        # one write: ``json.dump`` writes each of a large ward's hundreds of thousands of pieces apart
        sys.stdout.write(json_text.dumps(data) + "\n")
