#!/usr/bin/env bash
# Check the Windows build the way a clerk's PC runs it, under Wine in a fresh prefix:
# silent install, command line and GUI smoke test with output redirected to files (as a
# scheduled task does: cmd.exe opens the files, on the prefix's Windows code page),
# upgrade over itself keeping the data, a second copy refused on an open database,
# the portable zip, then uninstall leaving the data folder in place.
#   packaging/test-windows.sh   (after packaging/build.sh windows)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-python}"

die() { echo "test-windows.sh: $*" >&2; exit 1; }
log() { echo "test-windows.sh: $*"; }

command -v wine >/dev/null 2>&1 || die "thiếu wine (apt-get install wine wine64)"
VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
SETUP="dist/windows/ThiDuaKhenThuong-Setup-$VERSION.exe"
PORTABLE="dist/windows/ThiDuaKhenThuong-$VERSION-portable.zip"
[ -f "$SETUP" ] && [ -f "$PORTABLE" ] || die "chưa có $SETUP hoặc $PORTABLE: chạy packaging/build.sh windows"

work="$(mktemp -d /tmp/thidua-wintest.XXXXXX)"
# winemenubuilder off: shortcuts stay in the prefix, not in this machine's own menus.
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
cleanup() {  # THIDUA_KEEP_WINTEST=1 keeps the prefix and the outputs (C:\t) to look at
  wineserver -k 2>/dev/null || true
  if [ -n "${THIDUA_KEEP_WINTEST:-}" ]; then echo "test-windows.sh: giữ lại $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

log "Wine prefix mới…"
wineboot -i > /dev/null 2>&1 || die "wineboot thất bại"
wineserver -w
# Wine links Desktop, Documents… to the Unix home: make them the prefix's own folders.
for link in "$WINEPREFIX"/drive_c/users/*/*; do
  [ -L "$link" ] && rm "$link" && mkdir "$link"
done
# Wine does not hand QT_* variables from Unix to Windows programs: set them the Windows way.
# The native qwindows plugin aborts under Wine; offscreen needs a font folder (DejaVu: Vietnamese).
fonts="$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null || true)"
[ -f "$fonts" ] || die "thiếu phông DejaVu Sans (apt-get install fonts-dejavu-core)"
set_env() {  # NAME VALUE in the prefix's user environment; once more after the server settles (a loaded
  # machine: the fresh prefix may still be busy), then a named failure instead of set -e's silent exit
  wine reg add 'HKCU\Environment' /v "$1" /d "$2" /f > /dev/null 2>&1 \
    || { wineserver -w; sleep 2; wine reg add 'HKCU\Environment' /v "$1" /d "$2" /f > /dev/null 2>&1; } \
    || die "không ghi được biến $1 vào Wine (wine reg add)"
}
set_env QT_QPA_PLATFORM offscreen
set_env QT_QPA_FONTDIR "$(winepath -w "$(dirname "$fonts")")"
wineserver -w

T="$WINEPREFIX/drive_c/t"
mkdir -p "$T"

run_win() {  # NAME COMMAND…: run through cmd.exe with stdout/stderr redirected to C:\t\NAME.out/.err
  local name="$1"; shift
  printf '@echo off\r\n%s > C:\\t\\%s.out 2> C:\\t\\%s.err\r\nexit /b %%ERRORLEVEL%%\r\n' "$*" "$name" "$name" \
    > "$T/$name.bat"
  local rc=0
  wine cmd /c "C:\\t\\$name.bat" < /dev/null > /dev/null 2>&1 || rc=$?
  return "$rc"
}
explain() { echo "$(tail -n 3 "$T/$1.err" 2>/dev/null | tr '\n' ' ')"; }
expect_ok() { run_win "$@" || die "$1 thất bại (mã $?): $(explain "$1")"; }

log "cài đặt im lặng $SETUP…"
wine "$SETUP" /S < /dev/null > /dev/null 2>&1 || die "bộ cài trả về lỗi"
wineserver -w
local_appdata="$(winepath -u "$(wine cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')")"
programs="$local_appdata/Programs/ThiDuaKhenThuong"
data="$local_appdata/ThiDuaKhenThuong"
[ -f "$programs/thidua.exe" ] && [ -f "$programs/thidua-desktop.exe" ] || die "không thấy chương trình trong $programs"
for place in "Start Menu" "Desktop"; do
  find "$WINEPREFIX/drive_c/users" -name 'Thi đua – Khen thưởng.lnk' -path "*$place*" | grep -q . \
    || die "không có lối tắt “Thi đua – Khen thưởng” ở $place"
done
THIDUA="\"$(winepath -w "$programs/thidua.exe")\""
DESKTOP="\"$(winepath -w "$programs/thidua-desktop.exe")\""

log "thidua.exe targets list --json (so với Linux)…"
expect_ok init-ci "$THIDUA --db C:\\t\\ci.db init"  # only init creates a database
expect_ok targets "$THIDUA --db C:\\t\\ci.db targets list --json"
THIDUA_DATA_DIR="$work" PYTHONPATH="$ROOT" "$PYTHON" -m thidua_desktop --db "$work/linux.db" init > /dev/null
THIDUA_DATA_DIR="$work" PYTHONPATH="$ROOT" "$PYTHON" -m thidua_desktop --db "$work/linux.db" targets list --json \
  > "$work/linux-targets.json"
tr -d '\r' < "$T/targets.out" | cmp -s - "$work/linux-targets.json" \
  || die "targets list trên Windows khác với trên Linux"

log "thidua.exe mang trình kết nối PostgreSQL (máy chủ dùng chung)…"
run_win pg "$THIDUA --db postgresql+psycopg://thidua:x@127.0.0.1:1/thidua info" && die "info trên máy chủ không có lại thành công"
grep -q "connection" "$T/pg.err" && ! grep -qi "no module\|psycopg.*not" "$T/pg.err" \
  || die "thidua.exe thiếu trình kết nối PostgreSQL: $(explain pg)"

log "thidua.exe init --demo; report year-end; backup; thidua-desktop.exe --smoke-test (cơ sở dữ liệu mặc định)…"
expect_ok init "$THIDUA init --demo"
[ -f "$data/thidua.db" ] || die "init --demo không tạo $data/thidua.db"
expect_ok report "$THIDUA report year-end --out C:\\t\\tong-ket.docx"
"$PYTHON" - "$T/tong-ket.docx" <<'PY' || die "report year-end không ra tệp DOCX đọc được"
import sys, zipfile
assert "word/document.xml" in zipfile.ZipFile(sys.argv[1]).namelist()
PY
expect_ok backup "$THIDUA backup"  # the nightly scheduled backup
ls "$data/backups/"*.db > /dev/null 2>&1 || die "thidua.exe backup không tạo bản sao trong $data/backups"
expect_ok smoke "$DESKTOP --smoke-test C:\\t\\smoke.png"
grep -q "Đã mở .* 0 lỗi" "$T/smoke.out" || die "smoke test không in dòng kết quả bằng UTF-8: $(cat "$T/smoke.out")"
[ -s "$T/smoke.png" ] || die "smoke test không lưu ảnh"

log "cài lại đè lên (nâng cấp): dữ liệu còn nguyên…"
before="$(sha256sum < "$data/thidua.db")"
wine "$SETUP" /S < /dev/null > /dev/null 2>&1 || die "cài đè thất bại"
wineserver -w
[ "$(sha256sum < "$data/thidua.db")" = "$before" ] || die "cài đè đã làm thay đổi cơ sở dữ liệu"
expect_ok smoke2 "$DESKTOP --smoke-test C:\\t\\smoke2.png"

log "mở lần hai trên cùng cơ sở dữ liệu…"
# The first copy waits at the sign-in window, holding the database.
rm -f "$data/thidua.db.lock"
printf '@echo off\r\n%s\r\n' "$DESKTOP" > "$T/first.bat"
wine cmd /c 'C:\t\first.bat' < /dev/null > /dev/null 2>&1 &
for _ in $(seq 1 180); do [ -s "$data/thidua.db.lock" ] && break; sleep 1; done
[ -s "$data/thidua.db.lock" ] || die "cửa sổ thứ nhất không mở được cơ sở dữ liệu"
run_win second "$DESKTOP --smoke-test C:\\t\\second.png" && die "lần mở thứ hai không bị từ chối"
grep -q "đang được mở ở một cửa sổ" "$T/second.err" || die "lần mở thứ hai không báo bằng tiếng Việt: $(explain second)"
wineserver -k 2>/dev/null || true
wait || true

log "bản chạy ngay (zip): dữ liệu nằm trong data\\ bên cạnh…"
unzip -q "$ROOT/$PORTABLE" -d "$T/usb"
expect_ok portable "\"C:\\t\\usb\\ThiDuaKhenThuong\\thidua-desktop.exe\" --smoke-test C:\\t\\portable.png"
[ -f "$T/usb/ThiDuaKhenThuong/data/thidua.db" ] || die "bản chạy ngay không để dữ liệu trong data\\"

log "gỡ cài đặt: thư mục dữ liệu vẫn còn…"
wine "$(winepath -w "$programs/uninstall.exe")" /S < /dev/null > /dev/null 2>&1 || die "gỡ cài đặt trả về lỗi"
wineserver -w
for _ in $(seq 1 30); do [ -f "$programs/thidua.exe" ] || break; sleep 1; done
[ ! -f "$programs/thidua.exe" ] || die "gỡ cài đặt không xoá chương trình"
[ -f "$data/thidua.db" ] || die "gỡ cài đặt đã xoá dữ liệu ($data)"
[ -d "$data/backups" ] || die "gỡ cài đặt đã xoá các bản sao lưu ($data/backups)"
log "đạt: cài đặt, dòng lệnh, smoke test, nâng cấp, mở lần hai, bản chạy ngay, gỡ cài đặt"
