"""The ``.thidua`` exchange file: a zip of JSON members and a manifest.

Format version 1 (``docs/trao-doi-du-lieu.md`` describes it for people):

- ``manifest.json``: ``format`` (always ``thidua-trao-doi``), ``format_version``,
  ``ward`` (name, full name, city), ``year``, ``created_at`` (ISO 8601 with the
  UTC offset), ``app_version`` and ``members``: each member's name with its
  ``sha256`` and ``bytes``;
- the members of :data:`MEMBERS`, UTF-8 JSON.

Reading checks, in order, that the file is a zip of sensible size, that the
manifest is there and says a version this program reads, that the zip holds
exactly the members the manifest lists, each with its checksum, and that every
member has the shape of :data:`SCHEMAS` (JSON Schema, draft 7). The checksums tell a
damaged or hand-edited file; they are not a signature (whoever rewrites the
manifest too is not detected), which the documentation says plainly.

Within a version, members may gain fields (readers ignore those they do not
know); removing or renaming a field, or a new required member, is a new version.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import UserError

FORMAT_NAME = "thidua-trao-doi"
FORMAT_VERSION = 1
SUFFIX = ".thidua"
MANIFEST = "manifest.json"
MEMBERS = ("ward.json", "plan.json", "results.json", "rankings.json", "nominations.json", "decisions.json",
           "report.json")
# A ward's year is well under 1 MB of JSON; these bound what a hostile file can make us read.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024

_COUNTS = {"type": "object", "required": ["unit", "person", "household", "prize"],
           "properties": {k: {"type": "integer", "minimum": 0} for k in ("unit", "person", "household", "prize")}}
_TITLE_COUNTS = {"type": "array", "items": {**_COUNTS, "required": ["title", *_COUNTS["required"]],
                                            "properties": {**_COUNTS["properties"], "title": {"type": "string"}}}}
_TEXT = {"type": "string"}
_NUMBER_OR_NULL = {"type": ["number", "null"]}
SCHEMAS: dict[str, dict[str, Any]] = {
    MANIFEST: {
        "type": "object",
        "required": ["format", "format_version", "ward", "year", "created_at", "app_version", "members"],
        "properties": {
            "format": {"const": FORMAT_NAME},
            "format_version": {"type": "integer"},
            "ward": {"type": "object", "required": ["name", "full_name", "parent_city"],
                     "properties": {"name": {"type": "string", "minLength": 1}, "full_name": _TEXT,
                                    "parent_city": _TEXT}},
            "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
            "created_at": {"type": "string"},
            "app_version": _TEXT,
            "members": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["sha256", "bytes"],
                "properties": {"sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                               "bytes": {"type": "integer", "minimum": 0}}}},
        },
    },
    "ward.json": {"type": "object", "required": ["name", "full_name", "authority", "parent_city"],
                  "properties": {k: _TEXT for k in ("name", "full_name", "authority", "parent_city")}},
    "plan.json": {"type": "object", "required": ["year", "title", "targets"],
                  "properties": {"year": {"type": "integer"}, "title": _TEXT, "targets": {"type": "array", "items": {
                      "type": "object", "required": ["code", "text", "measures"],
                      "properties": {"code": _TEXT, "text": _TEXT, "measures": {"type": "array"}}}}}},
    "results.json": {"type": "object", "required": ["period", "targets", "reporting"], "properties": {
        "targets": {"type": "array", "items": {
            "type": "object", "required": ["code", "text", "status", "measures"],
            "properties": {"code": _TEXT, "text": _TEXT, "status": _TEXT, "measures": {"type": "array", "items": {
                "type": "object", "required": ["code", "label", "unit", "planned", "actual", "status"],
                "properties": {"code": _TEXT, "label": _TEXT, "unit": _TEXT, "planned": _NUMBER_OR_NULL,
                               "actual": _NUMBER_OR_NULL, "status": _TEXT}}}}}},
        "reporting": {"type": "object"}}},
    "rankings.json": {"type": "object", "required": ["blocks", "ward"],
                      "properties": {"blocks": {"type": "array"}, "ward": {"type": "object"}}},
    "nominations.json": {"type": "array", "items": {"type": "object", "required": ["subject", "name", "title",
                                                                                   "status"]}},
    "decisions.json": {"type": "array", "items": {"type": "object", "required": ["number", "signed_on", "awardees"],
                                                  "properties": {"awardees": {"type": "array"}}}},
    "report.json": {"type": "object", "required": ["targets", "awarded", "forwarded", "awards_by_title"],
                    "properties": {
                        "targets": {"type": "object", "required": ["targets", "measures", "exceeded", "met",
                                                                   "not_met", "no_data"],
                                    "additionalProperties": {"type": "integer", "minimum": 0}},
                        "awarded": _COUNTS, "forwarded": _COUNTS,
                        "awards_by_title": {"type": "object", "required": ["ward", "city"],
                                            "properties": {"ward": _TITLE_COUNTS, "city": _TITLE_COUNTS}}}},
}


@dataclass
class Package:
    """An exchange file read and checked: its manifest and members (parsed JSON)."""

    path: Path
    sha256: str  # of the whole file
    content: bytes
    manifest: dict[str, Any]
    members: dict[str, Any]

    @property
    def ward_name(self) -> str:
        return self.manifest["ward"]["full_name"] or self.manifest["ward"]["name"]

    @property
    def year(self) -> int:
        return self.manifest["year"]

    @property
    def created_at(self) -> dt.datetime:
        return parse_time(self.manifest["created_at"])


def to_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, default=_plain).encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    raise TypeError(f"không ghi được {type(value).__name__} ra JSON")


def created_now() -> str:
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 time as UTC (a time without an offset is taken as the PC's local time)."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value.astimezone(dt.timezone.utc)


def pack(ward: dict[str, str], year: int, app_version: str, members: dict[str, Any]) -> bytes:
    """The zip's bytes: every member of :data:`MEMBERS` as JSON, then the manifest."""
    buffer = io.BytesIO()
    listed: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in MEMBERS:
            data = to_json(members[name])
            listed[name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            archive.writestr(name, data)
        manifest = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "ward": ward, "year": year,
                    "created_at": created_now(), "app_version": app_version, "members": listed}
        archive.writestr(MANIFEST, to_json(manifest))
    return buffer.getvalue()


def read(path: Path) -> Package:
    """Read and check an exchange file; a :class:`UserError` names the file and what is wrong."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refused(path, f"tệp quá lớn ({size // (1024 * 1024)} MB), không phải tệp trao đổi của một phường")
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.") from None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            manifest = _member_json(path, archive, MANIFEST)
            _check_shape(path, MANIFEST, manifest)
            _check_version(path, manifest)
            try:
                parse_time(manifest["created_at"])
            except ValueError:
                raise _refused(path, f"thời điểm lập tệp “{manifest['created_at']}” không đúng") from None
            members = _members(path, archive, manifest)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError):
        raise _refused(path, "tệp bị hỏng hoặc không phải tệp trao đổi .thidua (không đọc được như tệp nén zip)") \
            from None
    return Package(path, hashlib.sha256(content).hexdigest(), content, manifest, members)


def _refused(path: Path, problem: str, advice: str = "hãy đề nghị phường gửi lại tệp") -> UserError:
    return UserError(f"Tệp “{path.name}” bị từ chối: {problem}. Không nhập gì; {advice}.")


def _raw(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _refused(path, f"thiếu phần {name}") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise _refused(path, f"phần {name} quá lớn")
    with archive.open(info) as handle:
        data = handle.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise _refused(path, f"phần {name} quá lớn")
    return data


def _parse(path: Path, name: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refused(path, f"phần {name} không phải JSON hợp lệ") from None


def _member_json(path: Path, archive: zipfile.ZipFile, name: str) -> Any:
    return _parse(path, name, _raw(path, archive, name))


def _check_version(path: Path, manifest: dict[str, Any]) -> None:
    version = manifest["format_version"]
    if version > FORMAT_VERSION:
        raise _refused(path, f"tệp theo định dạng phiên bản {version}, mới hơn phiên bản {FORMAT_VERSION} mà "
                             "chương trình này đọc được", "hãy cài phiên bản mới nhất của chương trình rồi nhập lại")
    if version < 1:
        raise _refused(path, f"phiên bản định dạng {version} không có")


def _members(path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any]) -> dict[str, Any]:
    listed = manifest["members"]
    present = set(archive.namelist()) - {MANIFEST}
    missing = [m for m in MEMBERS if m not in listed]
    if missing:
        raise _refused(path, "bản kê (manifest.json) thiếu phần " + ", ".join(missing))
    extra = sorted(present - set(listed)) or sorted(set(listed) - present)
    if extra:
        raise _refused(path, "các phần trong tệp không khớp bản kê (" + ", ".join(extra) + ")")
    out = {}
    for name in sorted(listed):
        data = _raw(path, archive, name)
        if hashlib.sha256(data).hexdigest() != listed[name]["sha256"] or len(data) != listed[name]["bytes"]:
            raise _refused(path, f"phần {name} không khớp mã kiểm tra SHA-256 trong bản kê: tệp bị hỏng "
                                 "hoặc đã bị sửa sau khi phường xuất")
        out[name] = _parse(path, name, data)
        if name in SCHEMAS:
            _check_shape(path, name, out[name])
    return out


_TYPES = {"object": "một nhóm mục", "array": "một danh sách", "string": "chữ", "integer": "số nguyên",
          "number": "số", "null": "để trống", "boolean": "đúng/sai"}


@functools.lru_cache(maxsize=None)
def _validator(name: str):
    import fastjsonschema  # JSON Schema draft 7, compiled to Python; pure Python, no dependencies

    return fastjsonschema.compile(SCHEMAS[name])


def _check_shape(path: Path, name: str, data: Any) -> None:
    """The member's shape against its JSON Schema, the problem told in Vietnamese."""
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator(name)(data)
    except JsonSchemaValueException as error:
        where = "/".join(str(p) for p in error.path[1:]) or "gốc"
        if error.rule == "required":
            missing = next((k for k in error.rule_definition if k not in error.value), "?")
            problem = f"thiếu mục “{missing}”"
        elif error.rule == "type":
            wanted = error.rule_definition if isinstance(error.rule_definition, list) else [error.rule_definition]
            problem = "phải là " + " hoặc ".join(_TYPES.get(t, t) for t in wanted)
        elif error.rule == "const":
            problem = f"phải là “{error.rule_definition}”"
        else:
            problem = "giá trị không hợp lệ"
        raise _refused(path, f"phần {name} không đúng cấu trúc định dạng phiên bản {FORMAT_VERSION} "
                             f"(tại {where}: {problem})") from None
