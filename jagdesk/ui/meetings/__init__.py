"""JAG meetings in the window: the meetings list, agenda editor, live minutes and presentation."""
