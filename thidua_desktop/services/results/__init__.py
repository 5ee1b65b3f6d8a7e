"""Results: targets and criteria, entry and the grid, evaluation, forms sent out and read back, long tables, reporting status.

The pages and the ``thidua`` verbs call the use cases that take plain ids: ``setup`` (the plan's
targets, allocations, blocks' criteria), ``periods``, ``exchange`` (forms out and back by period id),
``grid.grid_of``, ``reporting.status_of`` / ``evaluation_of`` and ``entry.save_cells``.
"""
