"""The app's log file: where unexpected errors are written with their traceback."""
from __future__ import annotations

import logging
import traceback
from pathlib import Path

from .paths import log_dir

_configured = False


def log_file() -> Path:
    return log_dir() / "thidua.log"


def configure() -> None:
    global _configured
    if _configured:
        return
    import logging.handlers  # only once something is logged: socket, pickle… are no start-up's business

    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("thidua")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = True


def log_exception(where: str, context: str = "", exc: BaseException | None = None) -> Path:
    """Write an exception (default: the one being handled) with its traceback;
    return the log file's path."""
    configure()
    text = ("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            if exc is not None else traceback.format_exc())
    logging.getLogger(f"thidua.{where}").error("%s\n%s", context, text)
    return log_file()
