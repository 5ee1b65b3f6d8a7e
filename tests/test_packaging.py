"""resources/ and forms/ travel with the package (a non-editable install works)."""
from __future__ import annotations

from pathlib import Path

import thidua_desktop
from thidua_desktop import paths


def test_resources_and_forms_are_found():
    assert (paths.resources_dir() / "plans" / "2026-phuong-bach-dang.toml").is_file()
    assert (paths.forms_dir() / "ward_settings.ui").is_file()
    assert (Path(thidua_desktop.__file__).parent / "storage" / "migrations" / "versions").is_dir()


def test_installed_package_carries_its_own_resources():
    package = Path(thidua_desktop.__file__).resolve().parent
    if (package.parent / "pyproject.toml").is_file():
        return  # running from a source checkout: resources/ sits beside the package
    assert paths.resources_dir() == package / "resources"
    assert paths.forms_dir() == package / "forms"
