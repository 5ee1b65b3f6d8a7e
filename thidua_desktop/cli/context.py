"""What a command needs: the database, opened lazily, and output helpers."""
from __future__ import annotations

import json
import sys
from typing import Any

from ..services.app import OpenedApp, open_app


class CliFailure(Exception):
    """A failure with its exit code (2 for usage errors, 1 otherwise)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


class CliContext:
    def __init__(self, target: str | None):
        self.target = target
        self._app: OpenedApp | None = None

    def app(self, write: bool = False, create: bool = False) -> OpenedApp:
        """Open the database; commands that write take the one-instance lock
        (now, or at their first write). Only ``init`` may ``create`` it."""
        if self._app is None:
            self._app = open_app(self.target, lock=write, actor="dòng lệnh", create=create)
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
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
