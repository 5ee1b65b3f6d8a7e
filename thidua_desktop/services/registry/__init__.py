"""The registry: units, people, emulation blocks and registrations, and their Excel import and export;
``views`` is what the registry page's tabs read, ``standing`` each person's yearly rating and discipline."""
