"""Loading the shipped reference data: frameworks, lookup lists and the tactics catalogue.

Each resource is loaded only when its content differs from what the database last loaded (a
content hash is kept in ``meta``), and loading upserts by code, so running it again changes
nothing and entries a user added to an open list are kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from jagdesk import resources
from jagdesk.domain.records import Framework, FrameworkItem, LookupItem, Tactic

if TYPE_CHECKING:
    from jagdesk.store import Store

FRAMEWORKS = ("data", "frameworks.json")
LOOKUPS = ("data", "lookups.json")
TACTICS = ("data", "tactics.json")

_FRAMEWORK_FIELDS = ("name", "area", "period", "source_file")
_ITEM_FIELDS = ("kind", "text", "parent_id", "position", "source_file")
_TACTIC_FIELDS = ("name", "kind", "legislation", "max_duration_days", "description", "source")


def meta_key(parts: tuple[str, ...]) -> str:
    """The ``meta`` key holding the loaded version of a resource."""
    return "reference:" + "/".join(parts)


def resource_version(parts: tuple[str, ...]) -> str:
    """A short content hash of a resource file, which changes whenever the file does."""
    digest = hashlib.sha256(resources.path(*parts).read_bytes()).hexdigest()
    return f"sha256:{digest[:16]}"


def ensure_reference_data(store: Store) -> bool:
    """Load frameworks, lookups and tactics that are missing or out of date.

    Returns:
        True when anything in the database changed.
    """
    loaders: list[tuple[tuple[str, ...], Callable[[Store, Any], None]]] = [
        (FRAMEWORKS, _load_frameworks), (LOOKUPS, _load_lookups), (TACTICS, _load_tactics)]
    changed = False
    with store.atomic():
        for parts, load in loaders:
            version = resource_version(parts)
            if store.lookups.meta(meta_key(parts)) == version:
                continue
            load(store, resources.load_json(*parts))
            store.lookups.set_meta(meta_key(parts), version)
            changed = True
    return changed


def _save(repo: Any, existing: Any, fresh: Any, fields: Iterable[str]) -> Any:
    """Add ``fresh`` when nothing exists, else update ``existing`` if any field differs."""
    if existing is None:
        return repo.add(fresh)
    changes = {name: getattr(fresh, name) for name in fields
               if getattr(existing, name) != getattr(fresh, name)}
    return repo.update(dataclasses.replace(existing, **changes)) if changes else existing


def _load_frameworks(store: Store, data: dict[str, Any]) -> None:
    for entry in data["frameworks"]:
        fresh = Framework(code=entry["code"], name=entry["name"], area=entry.get("area", ""),
                          period=entry.get("period", ""), source_file=entry.get("source_file", ""))
        framework = _save(store.frameworks, store.frameworks.by_code(fresh.code), fresh,
                          _FRAMEWORK_FIELDS)
        _load_items(store, framework.id, entry.get("items", []), None, [0])


def _load_items(store: Store, framework_id: str, items: list[dict[str, Any]],
                parent_id: str | None, counter: list[int]) -> None:
    """Upsert items depth first, numbering them in document order."""
    for entry in items:
        counter[0] += 1
        fresh = FrameworkItem(framework_id=framework_id, kind=entry["kind"], ref=entry["ref"],
                              text=entry["text"], parent_id=parent_id, position=counter[0],
                              source_file=entry.get("source_file", ""))
        existing = store.framework_items.by_ref(framework_id, fresh.ref)
        item = _save(store.framework_items, existing, fresh, _ITEM_FIELDS)
        _load_items(store, framework_id, entry.get("children", []), item.id, counter)


def _load_lookups(store: Store, data: dict[str, Any]) -> None:
    for list_name, entries in data["lists"].items():
        shipped = [LookupItem(list_name=list_name, code=e["code"], label=e["label"],
                              description=e.get("description", ""), source=e.get("source", ""))
                   for e in entries]
        codes = {item.code for item in shipped}
        # Entries a user added to the list stay, after the shipped ones.
        added_locally = [item for item in store.lookups.items(list_name) if item.code not in codes]
        store.lookups.replace_list(list_name, shipped + added_locally)


def _load_tactics(store: Store, data: dict[str, Any]) -> None:
    for entry in data["tactics"]:
        fresh = Tactic(code=entry["code"], name=entry["name"], kind=entry.get("kind", "tactic"),
                       legislation=entry.get("legislation", ""),
                       max_duration_days=entry.get("max_duration_days"),
                       description=entry.get("description", ""), source=entry.get("source", ""))
        _save(store.tactics, store.tactics.by_code(fresh.code), fresh, _TACTIC_FIELDS)
