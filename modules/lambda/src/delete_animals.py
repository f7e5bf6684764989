"""DELETE /animals: delete by {"name"} in the body or ?name= in the query string."""

import animals_store
import db
from api_gateway import BadRequest, error, json_handler, json_object_body, query_parameter, response
from validation import reject_unknown_fields, validate_name


def _requested_name(event):
    body = json_object_body(event)
    from_body = None
    if body is not None:
        reject_unknown_fields(body, ("name",))
        if "name" in body:
            from_body = validate_name(body["name"])
    from_query = query_parameter(event, "name")
    if from_query is not None:
        from_query = validate_name(from_query)
    if from_body is not None and from_query is not None and from_body != from_query:
        raise BadRequest("name in the body and in the query string differ")
    name = from_body if from_body is not None else from_query
    if name is None:
        raise BadRequest("name is required, in a JSON body or as ?name=")
    return name


@json_handler
def handler(event, context):
    name = _requested_name(event)
    deleted = db.run_in_transaction(lambda cursor: animals_store.delete_animal(cursor, name))
    if deleted is None:
        return error(404, f"animal not found: {name}")
    return response(200, deleted)
