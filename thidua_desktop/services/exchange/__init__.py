"""The ward's year as data for the city (issue 18, item 4).

A ward writes its year to one ``.thidua`` file (:mod:`.ward_year`): a zip of
JSON members with a manifest holding the format's version and each member's
SHA-256 (:mod:`.package`, documented in ``docs/trao-doi-du-lieu.md``). A
database in city mode receives many wards' files, refuses damaged or altered
ones, keeps the newest file of each ward and year, and consolidates every
ward's targets and awards in one table (:mod:`.city`).
"""
