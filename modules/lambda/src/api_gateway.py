"""API Gateway proxy integration: reading requests and building responses."""

import base64
import binascii
import functools
import json
import logging

logger = logging.getLogger(__name__)

JSON_HEADERS = {"Content-Type": "application/json"}


class BadRequest(Exception):
    """The request is malformed; the message is returned to the client."""


def response(status, payload):
    return {
        "statusCode": status,
        "headers": dict(JSON_HEADERS),
        "body": json.dumps(payload, ensure_ascii=False),
    }


def error(status, message):
    return response(status, {"error": message})


def raw_body(event):
    """The request body as text, or None when the request has none."""
    body = event.get("body")
    if body is None:
        return None
    if event.get("isBase64Encoded"):
        try:
            decoded = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest("body is not valid base64") from None
        try:
            return decoded.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("body is not valid UTF-8") from None
    return body


def json_object_body(event):
    """The body parsed as a JSON object, or None when the body is empty."""
    text = raw_body(event)
    if text is None or not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        # ValueError also covers integers too long to convert.
        raise BadRequest("body is not valid JSON") from None
    if not isinstance(value, dict):
        raise BadRequest("body must be a JSON object")
    return value


def query_parameter(event, name):
    """A query string parameter, or None. API Gateway sends None, not {}, when there are none."""
    parameters = event.get("queryStringParameters") or {}
    return parameters.get(name)


def json_handler(function):
    """Turn BadRequest into 400 and any other failure into a generic 500.

    The 500 body never carries the underlying error: database messages can
    reveal schema details, so they only go to the log.
    """

    @functools.wraps(function)
    def wrapper(event, context):
        try:
            return function(event or {}, context)
        except BadRequest as rejection:
            return error(400, str(rejection))
        except Exception:
            logger.exception("request failed")
            return error(500, "internal error")

    return wrapper
