"""Validation of animal requests against what the ``animals`` table accepts.

Anything the table would refuse is rejected here with a 400 naming the
field, so that a constraint violation never surfaces as a 500.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from api_gateway import BadRequest

MAX_NAME_LENGTH = 100

# weight and height are NUMERIC(6,2): two decimals, at most 9999.99.
_MEASURE_STEP = Decimal("0.01")
_MEASURE_LIMIT = Decimal("10000")

ANIMAL_FIELDS = ("name", "weight", "height")


@dataclass(frozen=True)
class NewAnimal:
    name: str
    weight: Decimal
    height: Decimal


def validate_name(value, field="name"):
    if not isinstance(value, str):
        raise BadRequest(f"{field} must be a string")
    if not value.strip():
        raise BadRequest(f"{field} must not be empty")
    if len(value) > MAX_NAME_LENGTH:
        raise BadRequest(f"{field} must be at most {MAX_NAME_LENGTH} characters")
    # PostgreSQL text cannot hold NUL, and JSON can carry unpaired surrogates
    # that cannot be encoded; both would otherwise fail in the database.
    if "\x00" in value:
        raise BadRequest(f"{field} must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(f"{field} must be valid Unicode text") from None
    return value


def validate_measure(value, field):
    """Return ``value`` as the Decimal PostgreSQL will store."""
    # bool is a subclass of int, but true is not a weight.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadRequest(f"{field} must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadRequest(f"{field} must be a finite number")
    if value <= 0:
        raise BadRequest(f"{field} must be greater than 0")
    # repr() gives the shortest decimal that round-trips, so 0.1 becomes
    # Decimal("0.1") rather than the binary float's long expansion.
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    # Quantizing a huge number would overflow the decimal context; anything
    # that large is rejected below anyway.
    if exact < _MEASURE_LIMIT:
        stored = exact.quantize(_MEASURE_STEP, rounding=ROUND_HALF_UP)
    else:
        stored = exact
    if stored >= _MEASURE_LIMIT:
        raise BadRequest(f"{field} must be less than {_MEASURE_LIMIT}")
    if stored <= 0:
        raise BadRequest(f"{field} must be at least {_MEASURE_STEP}")
    return stored


def reject_unknown_fields(body, allowed):
    unknown = sorted(key for key in body if key not in allowed)
    if unknown:
        raise BadRequest(f"unknown field: {', '.join(unknown)}")


def validate_new_animal(body):
    if body is None:
        raise BadRequest("body is required: a JSON object with name, weight and height")
    reject_unknown_fields(body, ANIMAL_FIELDS)
    missing = [name for name in ANIMAL_FIELDS if name not in body]
    if missing:
        raise BadRequest(f"missing field: {', '.join(missing)}")
    return NewAnimal(
        name=validate_name(body["name"]),
        weight=validate_measure(body["weight"], "weight"),
        height=validate_measure(body["height"], "height"),
    )
