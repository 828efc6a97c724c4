"""Exports: documents (PDF, DOCX, HTML) and data files (CSV, GeoJSON, GeoPackage)."""
