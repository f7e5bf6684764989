"""POST /animals: create an animal from {"name", "weight", "height"}."""

import animals_store
import db
from api_gateway import error, json_handler, json_object_body, response
from validation import validate_new_animal


@json_handler
def handler(event, context):
    animal = validate_new_animal(json_object_body(event))
    created = db.run_in_transaction(lambda cursor: animals_store.insert_animal(cursor, animal))
    if created is None:
        return error(409, f"animal already exists: {animal.name}")
    return response(201, created)
