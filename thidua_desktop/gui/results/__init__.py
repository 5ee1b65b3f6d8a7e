"""Results: the entry grid, its dialogs, and the charts of the overview."""
