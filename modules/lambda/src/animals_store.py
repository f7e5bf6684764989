"""SQL for the ``animals`` table. Every value travels as a bound parameter."""

from decimal import Decimal


def _number(value):
    """NUMERIC arrives as Decimal, which JSON cannot carry; 400.50 becomes 400.5."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _animal(row):
    name, weight, height = row
    return {"name": name, "weight": _number(weight), "height": _number(height)}


def _one(cursor):
    row = cursor.fetchone()
    return None if row is None else _animal(row)


def list_animals(cursor):
    cursor.execute("SELECT name, weight, height FROM animals ORDER BY name")
    return [_animal(row) for row in cursor.fetchall()]


def find_animal(cursor, name):
    cursor.execute("SELECT name, weight, height FROM animals WHERE name = %s", (name,))
    return _one(cursor)


def insert_animal(cursor, animal):
    """Insert ``animal``; None when the name is taken.

    ON CONFLICT makes concurrent inserts of one name wait for each other and
    report the loser as a conflict, instead of a unique-violation error.
    """
    cursor.execute(
        "INSERT INTO animals (name, weight, height) VALUES (%s, %s, %s) "
        "ON CONFLICT (name) DO NOTHING RETURNING name, weight, height",
        (animal.name, animal.weight, animal.height),
    )
    return _one(cursor)


def delete_animal(cursor, name):
    """Delete by name and return the deleted row, or None when there was none."""
    cursor.execute(
        "DELETE FROM animals WHERE name = %s RETURNING name, weight, height", (name,)
    )
    return _one(cursor)
