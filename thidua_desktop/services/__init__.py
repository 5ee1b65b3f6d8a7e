"""The use cases the window and the ``thidua`` verbs share, in rooms that mirror ``gui/``.

Each function takes the session (or the database, when it backs up first) plus plain ids and
values, resolves the current year itself, and returns plain data (dataclasses), so a page or a
verb never builds a query nor holds an ORM object:

- ``registry/``  units, people, blocks, registrations, the people's yearly standing, and their
  Excel import and export, one column table per list (``registry/columns.py``);
- ``results/``   targets and criteria, entry and the grid, evaluation, forms out and back, long
  tables, reporting status;
- ``awards/``    the catalogue and prize money, scorecards, scoring and ranking, nominations, the
  council, decisions, lists, the award history and what earlier years say (``past``);
- ``documents/`` the official papers (NĐ 30/2020), their kinds declared once in ``domain/documents``;
- ``safety/``    backup and restore, the check, the audit trail, accounts, field limits;
- ``xlsx/``      the fast reader, safe writing, printable sheets, the import frame, bulk writes;
- ``exchange/``  the ward's year as a file for the city, and the city's side;
- at the top: ``app`` (opening a database), ``plan``, ``years`` (closing and opening a year),
  ``settings``, ``ward``, ``overview``, ``progress``; ``demo/`` builds the demo ward.
"""
