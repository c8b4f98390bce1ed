"""Keep the embedded database fast without anyone running ANALYZE by hand."""

from django.db import connection


def optimize() -> None:
    """Let SQLite refresh its planner statistics where they are stale; PostgreSQL's autovacuum does this itself."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # 0x10002: analyse every table that needs it, also ones that were never analysed.
            cursor.execute("PRAGMA optimize=0x10002")


def optimize_after_migrate(**kwargs) -> None:
    optimize()
