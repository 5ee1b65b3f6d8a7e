"""Entry point of both frozen programs: one analysis, two executables.

``thidua-desktop`` (windowed) starts the GUI, ``thidua`` (console) the command
line; the bundle tells them apart by the executable's own name.
"""
import sys
from pathlib import Path

if Path(sys.executable).stem.lower() == "thidua-desktop":
    from thidua_desktop.gui.app import main
else:
    from thidua_desktop.cli import main

raise SystemExit(main())
