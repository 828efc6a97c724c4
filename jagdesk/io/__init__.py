"""Import and export of files: police.uk CSV, boundaries, documents."""
