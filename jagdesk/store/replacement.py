"""What replacing incidents holds back until the end: point totals and places maybe left unused."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IdArray = npt.NDArray[np.int64]


@dataclass
class Replacement:
    """The changes a replacement (incidents deleted, then the ones replacing them stored) holds back.

    A file imported again mostly brings back the incidents it replaces, at the same points and
    places. Settled at the end, each point's total changes by the difference only (not at all
    for the same file), and a place is dropped only when no new incident has taken it up again,
    rather than dropped and then stored again under a new id.
    """

    places_left: set[int] = field(default_factory=set)  # places the deleted incidents had
    places_used: set[int] = field(default_factory=set)  # places the new incidents have
    _point_ids: list[IdArray] = field(default_factory=list)
    _changes: list[IdArray] = field(default_factory=list)

    def count(self, point_ids: IdArray, changes: IdArray) -> None:
        """Note changes to the totals of points, to be added up at the end."""
        self._point_ids.append(np.asarray(point_ids, dtype=np.int64))
        self._changes.append(np.asarray(changes, dtype=np.int64))

    def net_point_changes(self) -> tuple[IdArray, IdArray]:
        """Each point whose total changes, once, and by how much in all (never by nothing)."""
        if not self._point_ids:
            return net_changes(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        return net_changes(np.concatenate(self._point_ids), np.concatenate(self._changes))

    def places_to_check(self) -> set[int]:
        """Places the deleted incidents had that no new incident has: maybe used by no one now."""
        return self.places_left - self.places_used


def net_changes(point_ids: IdArray, changes: IdArray) -> tuple[IdArray, IdArray]:
    """Changes to points added up: each point once, by how much in all, none that cancel out.

    A point may come more than once (a deleted incident's and its successor's, or one per place).
    """
    points, where = np.unique(np.asarray(point_ids, dtype=np.int64), return_inverse=True)
    net = np.zeros(len(points), dtype=np.int64)
    np.add.at(net, where.reshape(-1), np.asarray(changes, dtype=np.int64))
    changed = net != 0
    return points[changed], net[changed]
