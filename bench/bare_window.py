"""The floor of goal 2: a bare PySide6 main window, the same size as ours,
printing the wall-clock time of its first Paint event and exiting (as
``thidua-desktop --measure-startup`` does)."""
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            print(f"first_paint {time.time():.6f}", flush=True)
            QApplication.quit()
        return False


app = QApplication(sys.argv)
window = QMainWindow()
probe = FirstPaint()
window.installEventFilter(probe)
window.resize(1200, 760)
window.show()
app.exec()
