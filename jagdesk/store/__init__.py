"""The only package that speaks SQL: the database, its schema, repositories and audit log."""

from jagdesk.store.store import Store

__all__ = ["Store"]
