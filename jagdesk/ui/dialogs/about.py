"""The About box: version, purpose and the credits the open data licences require."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from jagdesk import APP_NAME, __version__

ABOUT_HTML = f"""
<h3>{APP_NAME} {__version__}</h3>
<p>Hotspots, problem-solving plans and partner actions for Joint Action Groups,
on maps that work with no network.</p>
<p><b>Data credits</b></p>
<p>Crime and anti-social behaviour data from
<a href="https://data.police.uk/">data.police.uk</a>, published under the
<a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open
Government Licence v3.0</a>.</p>
<p>Ward and local authority boundaries from the Office for National Statistics,
contain public sector information licensed under the Open Government Licence v3.0, and
contain OS data &copy; Crown copyright and database right.</p>
<p>Maps drawn with Leaflet; built with Qt for Python.</p>
"""


def about_box(parent: QWidget | None) -> QMessageBox:
    """The About box, not yet shown (callers ``open()`` it)."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    box.setText(ABOUT_HTML)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
