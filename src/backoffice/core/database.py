"""Keep the embedded database fast without anyone running ANALYZE by hand."""

from django.db import connection


def optimize() -> None:
    """Refresh the planner's statistics after migrations, bulk loads and nightly.

    PostgreSQL's autovacuum would do it eventually, but it may be switched off or not have run yet after a load.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # 0x10002: analyse every table that needs it, also ones that were never analysed.
            cursor.execute("PRAGMA optimize=0x10002")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def optimize_after_migrate(**kwargs) -> None:
    optimize()
