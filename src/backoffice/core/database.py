"""Keep the embedded database fast without anyone running ANALYZE by hand."""

from django.db import connection


def optimize() -> None:
    """Refresh the planner's statistics after migrations, bulk loads and nightly.

    PostgreSQL's autovacuum would do it eventually, but it may be switched off or not have run yet after a load.
    On PostgreSQL outside a transaction it is VACUUM (ANALYZE): the split name search of the call log answers from
    its indexes alone only once the visibility map is set.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # 0x10002: analyse every table that needs it, also ones that were never analysed.
            cursor.execute("PRAGMA optimize=0x10002")
        elif connection.vendor == "postgresql":
            # VACUUM also sets the visibility map, so index-only scans work after a bulk load; it cannot run in a
            # transaction, where ANALYZE alone has to do.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


def optimize_after_migrate(**kwargs) -> None:
    optimize()
