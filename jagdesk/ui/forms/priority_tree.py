"""A checkable tree of Police and Crime Plan priorities (framework items) a plan serves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from jagdesk.domain.records import FrameworkItem
    from jagdesk.store import Store

ID_ROLE = Qt.ItemDataRole.UserRole


class PriorityTree(QWidget):
    """Frameworks at the top, their themes, priorities and measures below, each one checkable."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a priority, e.g. anti-social behaviour")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.items: dict[str, QTreeWidgetItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self._load(store)

    def _load(self, store: Store) -> None:
        for framework in sorted(store.frameworks.all(), key=lambda f: f.code, reverse=True):
            top = QTreeWidgetItem(self.tree, [framework.name])
            top.setToolTip(0, framework.name)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            children = store.framework_items.for_framework(framework.id)
            self._add_children(top, None, children)

    def _add_children(self, parent: QTreeWidgetItem, parent_id: str | None,
                      items: list[FrameworkItem]) -> None:
        for item in items:
            if item.parent_id != parent_id:
                continue
            node = QTreeWidgetItem(parent, [f"{item.ref}  {item.text}"])
            node.setToolTip(0, f"{item.ref} ({item.kind.replace('_', ' ')}): {item.text}")
            node.setData(0, ID_ROLE, item.id)
            node.setFlags(node.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            node.setCheckState(0, Qt.CheckState.Unchecked)
            self.items[item.id] = node
            self._add_children(node, item.id, items)

    def checked_ids(self) -> list[str]:
        """The ids of the checked items, in tree order."""
        return [item_id for item_id, node in self.items.items()
                if node.checkState(0) == Qt.CheckState.Checked]

    def set_read_only(self, read_only: bool) -> None:
        """Show the ticks without letting them change (a database open read-only)."""
        for node in self.items.values():
            flags = node.flags()
            node.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable if read_only
                          else flags | Qt.ItemFlag.ItemIsUserCheckable)

    def set_checked(self, item_ids: list[str]) -> None:
        """Check exactly these items and open the branches that hold them."""
        wanted = set(item_ids)
        self.tree.collapseAll()
        for item_id, node in self.items.items():
            node.setCheckState(0, Qt.CheckState.Checked if item_id in wanted
                               else Qt.CheckState.Unchecked)
            if item_id in wanted:
                parent = node.parent()
                while parent is not None:
                    parent.setExpanded(True)
                    parent = parent.parent()

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None:
                self._show_matching(top, words)

    def _show_matching(self, node: QTreeWidgetItem, words: list[str]) -> bool:
        """Hide what does not match; keep the path to a match visible and open."""
        child_match = False
        for index in range(node.childCount()):
            child = node.child(index)
            if child is not None:
                child_match = self._show_matching(child, words) or child_match
        text = node.text(0).lower()
        match = child_match or all(word in text for word in words)
        node.setHidden(not match)
        node.setExpanded(bool(words) and child_match)
        return match
