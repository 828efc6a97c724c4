"""What a replacement holds back: net point changes and the places to check at the end."""

from __future__ import annotations

import numpy as np

from jagdesk.store.replacement import Replacement, net_changes


def _ids(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_point_changes_are_netted_and_points_left_as_they_were_are_left_out() -> None:
    replacement = Replacement()
    replacement.count(_ids(3, 1, 7), _ids(-2, -1, -4))  # the deleted incidents
    replacement.count(_ids(1, 3, 9), _ids(1, 2, 5))  # the ones replacing them
    points, changes = replacement.net_point_changes()
    assert dict(zip(points.tolist(), changes.tolist(), strict=True)) == {7: -4, 9: 5}


def test_nothing_counted_changes_nothing() -> None:
    points, changes = Replacement().net_point_changes()
    assert (len(points), len(changes)) == (0, 0)


def test_only_places_no_new_incident_has_are_checked() -> None:
    replacement = Replacement(places_left={1, 2, 3}, places_used={2, 3, 4})
    assert replacement.places_to_check() == {1}


def test_changes_are_added_up_per_point_and_cancelled_ones_left_out() -> None:
    points, changes = net_changes(_ids(5, 2, 5, 8, 8), _ids(1, -3, 2, 4, -4))
    assert dict(zip(points.tolist(), changes.tolist(), strict=True)) == {2: -3, 5: 3}
