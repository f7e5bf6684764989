"""GET /animals: list all animals, or one with ?name=."""

import animals_store
import db
from api_gateway import error, json_handler, query_parameter, response
from validation import validate_name


@json_handler
def handler(event, context):
    name = query_parameter(event, "name")
    if name is None:
        return response(200, db.run_in_transaction(animals_store.list_animals))
    name = validate_name(name)
    animal = db.run_in_transaction(lambda cursor: animals_store.find_animal(cursor, name))
    if animal is None:
        return error(404, f"animal not found: {name}")
    return response(200, animal)
