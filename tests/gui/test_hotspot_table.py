from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jagdesk.domain.enums import HotspotStatus, Rag
from jagdesk.services.overview import HotspotSummary
from jagdesk.ui.models.hotspot_table import (
    ID_ROLE,
    Column,
    HotspotFilterProxy,
    HotspotTableModel,
)

pytestmark = pytest.mark.gui


def _summary(ref: str, name: str, status: HotspotStatus, rag: Rag, overdue: int = 0,
             ward: str = "Castle", review: str | None = None) -> HotspotSummary:
    return HotspotSummary(id=f"id-{ref}", ref=ref, name=name, status=status, rag=rag,
                          problem_type="street drinking", ward=ward, open_actions=overdue + 1,
                          overdue_actions=overdue, review_due=review)


ROWS = [
    _summary("HS-0001", "Clock Tower", HotspotStatus.OPEN, Rag.GREEN, review="2024-09-01"),
    _summary("HS-0002", "Jubilee Park", HotspotStatus.MONITORING, Rag.RED, overdue=3,
             ward="Braunstone"),
    _summary("HS-0003", "Market Street", HotspotStatus.OPEN, Rag.AMBER, overdue=1,
             review="2024-07-01"),
]


@pytest.fixture
def proxy(qtbot):
    model = HotspotTableModel()
    model.set_rows(ROWS)
    flt = HotspotFilterProxy()
    flt.setSourceModel(model)
    return flt


def _column(model, column: Column) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_model_passes_the_qt_model_checks(qtmodeltester):
    model = HotspotTableModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model)


def test_overdue_actions_stand_out_and_rag_has_an_icon(qtbot):
    model = HotspotTableModel()
    model.set_rows(ROWS)
    overdue = model.index(1, Column.OVERDUE)
    assert overdue.data() == "3"
    assert overdue.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, Column.OVERDUE).data(Qt.ItemDataRole.FontRole) is None
    assert not model.index(0, Column.RAG).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(2, Column.REF).data(ID_ROLE) == "id-HS-0003"


def test_sorts_rag_by_severity_and_numbers_as_numbers(proxy):
    proxy.sort(Column.RAG, Qt.SortOrder.AscendingOrder)
    assert _column(proxy, Column.RAG) == ["Red", "Amber", "Green"]
    proxy.sort(Column.OVERDUE, Qt.SortOrder.DescendingOrder)
    assert _column(proxy, Column.REF) == ["HS-0002", "HS-0003", "HS-0001"]
    proxy.sort(Column.REVIEW_DUE, Qt.SortOrder.AscendingOrder)
    assert _column(proxy, Column.REF) == ["HS-0003", "HS-0001", "HS-0002"]


def test_filters_on_text_status_and_rag(proxy):
    proxy.set_text("  braun ")
    assert _column(proxy, Column.REF) == ["HS-0002"]
    proxy.set_text("")
    proxy.set_statuses(frozenset({HotspotStatus.OPEN}))
    assert _column(proxy, Column.REF) == ["HS-0001", "HS-0003"]
    proxy.set_rags(frozenset({Rag.AMBER}))
    assert _column(proxy, Column.REF) == ["HS-0003"]
    assert proxy.proxy_row_of("id-HS-0003") == 0
    assert proxy.proxy_row_of("id-HS-0001") is None
    proxy.set_statuses(frozenset())
    proxy.set_rags(frozenset())
    assert proxy.rowCount() == 3
