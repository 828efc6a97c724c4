"""The colours every document format shares, so PDF, DOCX and HTML look alike."""

ACCENT = "#1F3A5F"  # headings, table header rows
INK = "#1A1A1A"  # body text
MUTED = "#5B6570"  # labels, notes, page furniture
FLAG = "#B00020"  # the protective marking, overdue and lapsing rows
RULE = "#C9D1DA"  # table rules
SHADE = "#EEF2F6"  # label column
ZEBRA = "#F6F8FA"  # alternate table rows
