"""Rasterise resources/icons/thidua.svg into the multi-size thidua.ico.

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py

Run again after changing the SVG and commit both. The .ico holds PNG images
(the format Windows has read since Vista); Qt's own ICO writer keeps one size only.
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def png_bytes(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        # Width/height 0 means 256 in the ICO directory.
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    renderer = QSvgRenderer(str(ICONS / "thidua.svg"))
    if not renderer.isValid():
        print("make_icon: thidua.svg không đọc được", file=sys.stderr)
        return 1
    (ICONS / "thidua.ico").write_bytes(ico_bytes([(size, png_bytes(renderer, size)) for size in SIZES]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
