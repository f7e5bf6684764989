"""PostgreSQL connections for the handlers and the migration runner.

Everything that depends on the pg8000 version lives here. The Lambda bundle
ships a current pg8000, while the test machine has Debian's 1.10.6; both are
used through DB-API 2.0 only (``pg8000.connect`` and ``%s`` parameters).

Handler configuration comes from the environment:

    DB_HOST, DB_PORT (default 5432), DB_NAME, DB_USER
    DB_AUTH       "iam" (default) or "password"
    DB_PASSWORD   used when DB_AUTH=password
    DB_TLS        "true"/"false"; IAM authentication always uses TLS
    DB_CA_BUNDLE  optional CA file; the system CAs are used otherwise
    DB_TIMEOUT    socket timeout in seconds (default 10)
    AWS_REGION    region used to sign IAM tokens
"""

import inspect
import logging
import os
import re
import ssl
import threading
from dataclasses import dataclass, field

import pg8000

logger = logging.getLogger(__name__)

DEFAULT_PORT = 5432
DEFAULT_TIMEOUT_SECONDS = 10.0

# SQLSTATEs after which the session is gone: class 08 is "connection
# exception", 57P01-57P03 are administrator/crash shutdown and "cannot connect
# now" (e.g. pg_terminate_backend, a proxy or server failover).
_CONNECTION_LOST_STATES = ("57P01", "57P02", "57P03")
_SESSION_ENDING_SEVERITIES = ("FATAL", "PANIC")
_SEVERITIES = frozenset(
    ("ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", "DEBUG", "INFO", "LOG")
)
_SQLSTATE = re.compile(r"[0-9A-Z]{5}")


class ConfigurationError(Exception):
    """The environment does not describe a usable database connection."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    database: str
    user: str
    # Kept out of repr so that logging a Settings never prints a credential.
    password: str = field(repr=False)
    tls: bool = False
    ca_file: str | None = None
    timeout: float = DEFAULT_TIMEOUT_SECONDS


def required_env(environ, name):
    value = environ.get(name, "").strip()
    if not value:
        raise ConfigurationError(f"environment variable {name} is not set")
    return value


def env_flag(environ, name, default):
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def env_port(environ):
    raw = environ.get("DB_PORT", "").strip() or str(DEFAULT_PORT)
    try:
        port = int(raw)
    except ValueError:
        raise ConfigurationError(f"DB_PORT must be an integer, not {raw!r}") from None
    if not 0 < port < 65536:
        raise ConfigurationError(f"DB_PORT out of range: {port}")
    return port


def env_timeout(environ):
    raw = environ.get("DB_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        return float(raw)
    except ValueError:
        raise ConfigurationError(f"DB_TIMEOUT must be a number, not {raw!r}") from None


def iam_auth_token(host, port, user, region):
    """Return a short-lived RDS IAM authentication token used as the password.

    The token is a SigV4-presigned URL computed locally from the execution
    role's credentials; no network call is made.
    """
    # Imported here so password-authenticated runs do not need boto3.
    import boto3

    client = boto3.client("rds", region_name=region)
    return client.generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user)


def iam_token_from_env(environ, host, port, user):
    """An IAM token for ``user``, signed for the region named by the environment.

    Shared by the API handlers and the migration runner (``DB_AUTH=iam``).
    """
    region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise ConfigurationError("AWS_REGION is required for DB_AUTH=iam")
    return iam_auth_token(host, port, user, region)


def settings_from_env(environ=None):
    """Build the handlers' connection settings.

    Called for every new connection rather than once, because IAM tokens
    expire after 15 minutes and a reconnect needs a fresh one.
    """
    environ = os.environ if environ is None else environ
    host = required_env(environ, "DB_HOST")
    port = env_port(environ)
    database = required_env(environ, "DB_NAME")
    user = required_env(environ, "DB_USER")
    auth = environ.get("DB_AUTH", "").strip().lower() or "iam"
    if auth == "iam":
        password = iam_token_from_env(environ, host, port, user)
        # RDS Proxy refuses IAM authentication without TLS, and the token is
        # a bearer credential that must not cross the network in clear.
        tls = True
    elif auth == "password":
        if "DB_PASSWORD" not in environ:
            raise ConfigurationError("DB_PASSWORD is required for DB_AUTH=password")
        password = environ["DB_PASSWORD"]
        tls = env_flag(environ, "DB_TLS", False)
    else:
        raise ConfigurationError(f"DB_AUTH must be 'iam' or 'password', not {auth!r}")
    return Settings(
        host=host,
        port=port,
        database=database,
        user=user,
        password=password,
        tls=tls,
        ca_file=environ.get("DB_CA_BUNDLE") or None,
        timeout=env_timeout(environ),
    )


def tls_arguments(connect_function, ca_file=None):
    """Keyword arguments that make ``connect_function`` use TLS.

    Current pg8000 takes ``ssl_context``, which lets us verify the server
    certificate and host name. pg8000 before 1.17 only has ``ssl=True``,
    which encrypts but cannot verify; that version is only expected on
    development machines, so it is accepted with a warning.
    """
    parameters = inspect.signature(connect_function).parameters
    if "ssl_context" in parameters:
        context = ssl.create_default_context(cafile=ca_file)
        return {"ssl_context": context}
    if "ssl" in parameters:
        logger.warning(
            "this pg8000 version cannot verify the database server certificate; "
            "the connection is encrypted but the server is not authenticated"
        )
        return {"ssl": True}
    raise ConfigurationError("the installed pg8000 has no TLS option")


def connect(settings):
    """Open a new DB-API connection (autocommit off)."""
    arguments = {
        "user": settings.user,
        "host": settings.host,
        "port": settings.port,
        "database": settings.database,
        "password": settings.password,
        "timeout": settings.timeout,
    }
    if settings.tls:
        arguments.update(tls_arguments(pg8000.connect, settings.ca_file))
    return pg8000.connect(**arguments)


def sqlstate(error):
    """The SQLSTATE carried by a pg8000 error, or None."""
    if not error.args:
        return None
    first = error.args[0]
    if isinstance(first, dict):
        return first.get("C")
    # pg8000 before 1.11 passes the ErrorResponse fields positionally
    # (severity, non-localised severity, code, message, ...).
    for value in error.args[:3]:
        if isinstance(value, str) and value not in _SEVERITIES and _SQLSTATE.fullmatch(value):
            return value
    return None


def _severity(error):
    if not error.args:
        return None
    first = error.args[0]
    if isinstance(first, dict):
        return first.get("V") or first.get("S")
    return first if isinstance(first, str) else None


def is_connection_lost(error):
    """True when ``error`` means the session is unusable and a new one is needed."""
    if isinstance(error, (pg8000.InterfaceError, pg8000.OperationalError, OSError, EOFError)):
        return True
    if isinstance(error, pg8000.DatabaseError):
        state = sqlstate(error) or ""
        if state.startswith("08") or state in _CONNECTION_LOST_STATES:
            return True
        return _severity(error) in _SESSION_ENDING_SEVERITIES
    return False


# One connection per thread. A Lambda container runs one invocation at a time
# on one thread, so this is the usual "connection per container"; keeping it
# per thread also stops concurrent callers in one process (tests, local
# servers) from interleaving transactions on a shared connection.
_local = threading.local()


def _cached_connection():
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = connect(settings_from_env())
        _local.connection = connection
    return connection


def close():
    """Close and forget this thread's cached connection, if any."""
    connection = getattr(_local, "connection", None)
    _local.connection = None
    if connection is not None:
        try:
            connection.close()
        except Exception:  # the socket may already be gone; nothing to save
            pass


def _rollback(connection):
    try:
        connection.rollback()
    except Exception:
        logger.warning("rollback failed; dropping the database connection")
        close()


def run_in_transaction(work):
    """Run ``work(cursor)`` in one transaction on the cached connection.

    Commits and returns its result. If the connection turns out to be broken
    (idle timeout, failover, terminated backend), it is replaced and ``work``
    is run once more: nothing was committed, so repeating it is safe. Any
    other failure is rolled back so the connection stays usable, then raised.
    """
    for attempt in (1, 2):
        connection = _cached_connection()
        try:
            result = work(connection.cursor())
            connection.commit()
            return result
        except Exception as error:
            if is_connection_lost(error):
                close()
                if attempt == 1:
                    logger.warning("database connection lost (%s); reconnecting", error)
                    continue
                raise
            _rollback(connection)
            raise
    raise AssertionError("unreachable")


_percent_needs_escaping = None


def execute_literal(cursor, statement):
    """Execute parameterless SQL in which ``%`` is an ordinary character.

    Current pg8000 sends parameterless statements as they are, while older
    versions still scan them for ``%s`` and want ``%%`` for a literal ``%``.
    Which behaviour applies is probed once instead of guessed from a version.
    """
    global _percent_needs_escaping
    if _percent_needs_escaping is None:
        cursor.execute("SELECT '%%'")
        _percent_needs_escaping = cursor.fetchone()[0] == "%"
    if _percent_needs_escaping:
        statement = statement.replace("%", "%%")
    cursor.execute(statement)
