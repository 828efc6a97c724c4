"""Evidence views: hotspot detection, before/after assessment, trends and the priorities dashboard."""
