"""Compare text ignoring case and diacritics inside the database, for columns stored as written.

Employees, items and assets keep a folded `search_text` column (core.text.fold) and are searched through it. For
the few columns without one (supplier names, e-mail subjects, callers' names on messages) `Folded(column)` folds
in SQL: on PostgreSQL with TRANSLATE over the letters of Central European languages then LOWER (no extension
needed, and ASCII lower-casing works under any collation); on SQLite with core.text.fold itself, registered as a
function on every new connection.
"""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func

from backoffice.core.text import fold

SQLITE_FUNCTION = "backoffice_fold"


def _letters() -> tuple[str, str]:
    accented, plain = [], []
    for code in range(0xC0, 0x250):
        ch = chr(code)
        folded = fold(ch)
        if len(folded) == 1 and folded.isascii() and folded.isalpha() and folded != ch.lower():
            accented.append(ch)
            plain.append(folded)
    return "".join(accented), "".join(plain)


ACCENTED, PLAIN = _letters()


class Folded(Func):
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(TRANSLATE({sql}, %s, %s))", [*params, ACCENTED, PLAIN]

    def as_sql(self, compiler, connection, function=None, **extra):
        if function is None:  # other databases: case only
            function = "LOWER"
        return super().as_sql(compiler, connection, function=function, **extra)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def connect() -> None:
    connection_created.connect(register_sqlite_function, dispatch_uid="overview-fold")
    from django.db import connections

    for conn in connections.all(initialized_only=True):  # connections opened before the app was ready
        if conn.connection is not None:
            register_sqlite_function(None, conn)
