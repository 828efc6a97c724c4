"""Analysis: hotspot statistics, before/after assessment, trends."""
