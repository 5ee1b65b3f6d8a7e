"""Results: targets and criteria, entry and the grid, evaluation, forms sent out and read back, long tables, reporting status."""
