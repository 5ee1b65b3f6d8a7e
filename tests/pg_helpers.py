"""Test databases on the PostgreSQL server CI starts (``THIDUA_TEST_PG_URL``)."""
from __future__ import annotations


def drop_pg_database(admin, name: str) -> None:
    """Drop a test database on the server. An autovacuum worker the server started on it
    (a process the test role may not stop) can hold it for a moment after the test: try
    again briefly, then leave it to the throwaway CI server rather than fail a passed test."""
    import time

    from sqlalchemy import exc, text

    for _ in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except exc.DBAPIError:
            time.sleep(0.5)
