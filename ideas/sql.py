"""The models' own table and column names, quoted, for the few statements written by hand on
hot paths (a vote's writes, the fast vote's one read, a live update's read)."""

from django.db import connection


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model, name: str, alias: str | None = None) -> str:
    """The field's column, qualified by ``alias`` when given."""
    quoted = connection.ops.quote_name(model._meta.get_field(name).column)
    return f"{alias}.{quoted}" if alias else quoted
