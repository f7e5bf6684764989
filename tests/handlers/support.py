"""Shared pieces of the handler tests: paths, prerequisites, servers, events."""

import base64
import json
import logging
import os
import secrets
import sys
import unittest
import uuid
import warnings
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
LAMBDA_SRC = os.path.join(REPO_ROOT, "modules", "lambda", "src")
SQL_DIR = os.path.join(REPO_ROOT, "modules", "database", "sql")

if LAMBDA_SRC not in sys.path:
    sys.path.insert(0, LAMBDA_SRC)


def _require(module, package):
    try:
        __import__(module)
    except ImportError as error:
        raise AssertionError(
            f"\n\n*** The handler tests need the Python module '{module}', which "
            f"{sys.executable} cannot import ({error}).\n*** Install the Debian "
            f"package {package} (apt-get install -y {package}) and run the tests "
            "with /usr/bin/python3.\n"
        ) from None


# Checked on import so that a missing driver fails every test module loudly
# instead of surfacing as an obscure error in the middle of a test.
_require("pg8000", "python3-pg8000")
_require("boto3", "python3-boto3")

import pg_server  # noqa: E402  (needs the checks above to have passed)


def start_server(tls=False):
    """Start a server for the calling test module; it is stopped when the module ends.

    Call from setUpModule. The cleanup is registered before starting, so a
    half-started server is removed too.
    """
    # Debian's pg8000 1.10.6 uses distutils' LooseVersion on every connect and
    # ssl.wrap_socket for TLS; those deprecation warnings say nothing about
    # this code. Set here rather than at import because the test runner
    # resets the filters when it starts.
    for message in ("distutils Version classes", r"ssl\.PROTOCOL_TLS", r"ssl\.wrap_socket"):
        warnings.filterwarnings("ignore", message=message, category=DeprecationWarning)
    server = pg_server.PostgresServer(tls=tls)
    unittest.addModuleCleanup(server.stop)
    return server.start()


def migrate_database(server, database=None, directory=SQL_DIR):
    import db
    import migrate

    settings = db.Settings(
        host=server.host,
        port=server.port,
        database=database or server.database,
        user=pg_server.SUPERUSER,
        password="",
    )
    return migrate.apply_migrations(settings, directory)


def query(server, database, sql, parameters=()):
    """The rows of ``sql`` run as the superuser in ``database``, as tuples."""
    connection = server.admin(database=database)
    try:
        cursor = connection.cursor()
        cursor.execute(sql, parameters)
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        connection.close()


def runner_environment(server, database, secret_arn, **extra):
    """The migration runner's environment for a local (password) login as the
    superuser; an ``extra`` value of None removes that variable."""
    values = {
        "DB_HOST": server.host,
        "DB_PORT": str(server.port),
        "DB_NAME": database,
        "DB_USER": pg_server.SUPERUSER,
        "DB_PASSWORD": "",
        "DB_AUTH": "password",
        "DB_CONNECT_RETRY_SECONDS": "0",
        "MIGRATIONS_DIR": SQL_DIR,
        "IAM_USER_SECRET_ARN": secret_arn,
    }
    values.update(extra)
    return {key: value for key, value in values.items() if value is not None}


def set_role_password(server, role, password):
    """ALTER ROLE ... PASSWORD with the literal quoted by the server itself."""
    admin = server.admin()
    try:
        cursor = admin.cursor()
        cursor.execute(
            "SELECT format('ALTER ROLE %%I PASSWORD %%L', %s::text, %s::text)", (role, password)
        )
        cursor.execute(cursor.fetchone()[0])
    finally:
        admin.close()


def new_password():
    return "pw-" + secrets.token_hex(16)


def use_api_role(server, password):
    """Point the handlers at ``server`` as iam_token_user, for the rest of the module."""
    import db

    patcher = mock.patch.dict(
        os.environ,
        {
            "DB_HOST": server.host,
            "DB_PORT": str(server.port),
            "DB_NAME": server.database,
            "DB_USER": pg_server.API_ROLE,
            "DB_AUTH": "password",
            "DB_PASSWORD": password,
            "DB_TIMEOUT": "30",
        },
    )
    patcher.start()
    unittest.addModuleCleanup(patcher.stop)
    # Cleanups run last-in first-out: the cached connection closes before the
    # server stops.
    unittest.addModuleCleanup(db.close)


def api_event(method, query=None, body=None, base64_body=False):
    """An API Gateway REST proxy event for /animals.

    ``body`` may be a dict/list (sent as JSON), a str (sent as is) or None.
    """
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
    if base64_body and body is not None:
        body = base64.b64encode(body.encode("utf-8")).decode("ascii")
    headers = {"Host": "abc123.execute-api.us-east-1.amazonaws.com", "Accept": "*/*"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    return {
        "resource": "/animals",
        "path": "/animals",
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {key: [value] for key, value in headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": (
            None if query is None else {key: [value] for key, value in query.items()}
        ),
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/animals",
            "httpMethod": method,
            "path": "/dev/animals",
            "stage": "dev",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "203.0.113.7"},
        },
        "body": body,
        "isBase64Encoded": base64_body,
    }


class HandlerTestCase(unittest.TestCase):
    """Assertions about API Gateway proxy responses."""

    def assertResponse(self, result, status):
        """Check the proxy response shape and status; return the decoded body."""
        self.assertEqual(set(result), {"statusCode", "headers", "body"})
        self.assertEqual(result["headers"], {"Content-Type": "application/json"})
        self.assertIsInstance(result["body"], str)
        payload = json.loads(result["body"])
        self.assertEqual(result["statusCode"], status, msg=f"body: {result['body']}")
        return payload

    def assertError(self, result, status, *fragments):
        """Check an error response whose message contains every fragment."""
        payload = self.assertResponse(result, status)
        self.assertEqual(set(payload), {"error"})
        for fragment in fragments:
            self.assertIn(fragment, payload["error"])
        return payload["error"]


def formatted_records(records):
    """Log records as they would be written, traceback included."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in records)
