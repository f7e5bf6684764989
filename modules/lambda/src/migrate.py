"""Schema migration runner (handler ``migrate.handler``).

Applies the ``*.sql`` files of a folder in file-name order, each in its own
transaction, and records them in ``schema_migrations`` with a SHA-256 of the
file so that editing an already-applied file is caught instead of silently
ignored.

Configuration (environment):

    DB_HOST, DB_PORT, DB_NAME          where to connect
    MASTER_SECRET_ARN                  Secrets Manager secret holding the master
                                       credentials as JSON {"username", "password"};
                                       implies TLS
    DB_USER, DB_PASSWORD               master credentials for local runs
                                       (used when MASTER_SECRET_ARN is unset)
    DB_TLS, DB_CA_BUNDLE, DB_TIMEOUT   as for the API handlers (see db.py)
    MIGRATIONS_DIR                     folder of SQL files; defaults to the
                                       ``sql/`` folder bundled next to this file
"""

import hashlib
import json
import logging
import os
from dataclasses import dataclass

import db
import sql_script

logger = logging.getLogger(__name__)

DEFAULT_MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sql")

# Arbitrary application-wide key: two runners started together (for example a
# retried invocation) take turns instead of racing on the same files.
_ADVISORY_LOCK_KEY = 7_246_117_001

_CREATE_HISTORY_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    TEXT PRIMARY KEY,
    checksum   TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


class MigrationError(Exception):
    """A migration could not be applied, or the recorded history disagrees with the files."""


@dataclass(frozen=True)
class Migration:
    version: str
    path: str
    sql: str
    checksum: str


def load_migrations(directory):
    """The migrations in ``directory``, ordered by file name."""
    if not os.path.isdir(directory):
        raise MigrationError(f"migrations folder not found: {directory}")
    migrations = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not name.endswith(".sql") or not os.path.isfile(path):
            continue
        with open(path, "rb") as handle:
            content = handle.read()
        migrations.append(
            Migration(
                version=name,
                path=path,
                sql=content.decode("utf-8"),
                checksum=hashlib.sha256(content).hexdigest(),
            )
        )
    return migrations


def read_master_secret(secret_arn, client=None):
    """Return ``(username, password)`` from a Secrets Manager JSON secret."""
    if client is None:
        import boto3

        client = boto3.client("secretsmanager")
    response = client.get_secret_value(SecretId=secret_arn)
    try:
        secret = json.loads(response["SecretString"])
        return secret["username"], secret["password"]
    except (KeyError, TypeError, ValueError):
        # Deliberately vague: the secret's content must not reach the logs.
        raise MigrationError(
            f"secret {secret_arn} is not JSON with 'username' and 'password'"
        ) from None


def master_settings_from_env(environ=None, secrets_client=None):
    environ = os.environ if environ is None else environ
    secret_arn = environ.get("MASTER_SECRET_ARN", "").strip()
    if secret_arn:
        user, password = read_master_secret(secret_arn, secrets_client)
        tls = True
    else:
        user = db.required_env(environ, "DB_USER")
        if "DB_PASSWORD" not in environ:
            raise db.ConfigurationError("set MASTER_SECRET_ARN or DB_PASSWORD")
        password = environ["DB_PASSWORD"]
        tls = db.env_flag(environ, "DB_TLS", False)
    return db.Settings(
        host=db.required_env(environ, "DB_HOST"),
        port=db.env_port(environ),
        database=db.required_env(environ, "DB_NAME"),
        user=user,
        password=password,
        tls=tls,
        ca_file=environ.get("DB_CA_BUNDLE") or None,
        timeout=db.env_timeout(environ),
    )


def _check_history(migrations, applied):
    known = {migration.version for migration in migrations}
    for migration in migrations:
        recorded = applied.get(migration.version)
        if recorded is not None and recorded != migration.checksum:
            raise MigrationError(
                f"{migration.version} was changed after it was applied "
                f"(recorded sha256 {recorded}, file now {migration.checksum}); "
                "add a new migration instead of editing an applied one"
            )
    for version in sorted(set(applied) - known):
        logger.warning("applied migration %s has no file in the migrations folder", version)


def _apply(connection, migration):
    try:
        statements = sql_script.split_statements(migration.sql)
    except sql_script.ScriptError as error:
        raise MigrationError(f"{migration.version}: {error}") from None
    cursor = connection.cursor()
    try:
        for statement in statements:
            db.execute_literal(cursor, statement)
        cursor.execute(
            "INSERT INTO schema_migrations (version, checksum) VALUES (%s, %s)",
            (migration.version, migration.checksum),
        )
        connection.commit()
    except Exception as error:
        connection.rollback()
        raise MigrationError(f"{migration.version} failed: {error}") from error


def apply_migrations(settings, directory):
    """Apply the pending migrations of ``directory``.

    Returns ``{"applied": [...], "skipped": [...]}`` with file names; skipped
    ones were applied by an earlier run.
    """
    migrations = load_migrations(directory)
    connection = db.connect(settings)
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT pg_advisory_lock(%s)", (_ADVISORY_LOCK_KEY,))
        cursor.execute(_CREATE_HISTORY_TABLE)
        cursor.execute("SELECT version, checksum FROM schema_migrations")
        applied = dict(cursor.fetchall())
        connection.commit()

        _check_history(migrations, applied)
        result = {"applied": [], "skipped": []}
        for migration in migrations:
            if migration.version in applied:
                result["skipped"].append(migration.version)
                continue
            logger.info("applying %s", migration.version)
            _apply(connection, migration)
            result["applied"].append(migration.version)
        return result
    finally:
        # Closing the session also releases the advisory lock.
        connection.close()


def handler(event, context):
    directory = os.environ.get("MIGRATIONS_DIR") or DEFAULT_MIGRATIONS_DIR
    result = apply_migrations(master_settings_from_env(), directory)
    logger.info("migrations applied=%s skipped=%s", result["applied"], result["skipped"])
    return result
