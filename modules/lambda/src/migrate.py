"""Schema migration runner (handler ``migrate.handler``).

Applies the ``*.sql`` files of a folder in file-name order, each in its own
transaction, and records them in ``schema_migrations`` with a SHA-256 of the
file so that editing an already-applied file is caught instead of silently
ignored. Then it makes sure the API role named by ``IAM_USERNAME`` exists with
exactly the API's privileges, dropping the default role ``iam_token_user``
when another name is configured (see ``ensure_api_role``). Last, when
``IAM_USER_SECRET_ARN`` is set, it makes the API role's database password and
that Secrets Manager secret agree (see ``sync_iam_user_password``).

Configuration (environment):

    DB_HOST, DB_PORT, DB_NAME          where to connect (deployed: the RDS Proxy
                                       endpoint, port 5432)
    DB_AUTH                            "iam": log in as DB_USER with an IAM token,
                                       always over TLS (the deployed setting);
                                       "password" or unset: MASTER_SECRET_ARN,
                                       or else DB_USER/DB_PASSWORD
    DB_USER                            master user name (IAM and local runs)
    MASTER_SECRET_ARN                  Secrets Manager secret holding the master
                                       credentials as JSON {"username", "password"};
                                       implies TLS; not allowed with DB_AUTH=iam
    DB_PASSWORD                        master password for local runs
                                       (used when MASTER_SECRET_ARN is unset)
    DB_TLS, DB_CA_BUNDLE, DB_TIMEOUT   as for the API handlers (see db.py)
    AWS_REGION                         region the IAM token is signed for
    DB_CONNECT_RETRY_SECONDS           how long to keep retrying the connection
                                       (default 240); a new RDS Proxy target can
                                       refuse connections for a few minutes
    MIGRATIONS_DIR                     folder of SQL files; defaults to the
                                       ``sql/`` folder bundled next to this file
                                       (deployed: /var/task, the zip root; only
                                       ``*.sql`` files there are read)
    IAM_USER_SECRET_ARN                optional Secrets Manager secret the proxy
                                       uses to log in as the API role
    IAM_USERNAME                       the login role of the API handlers
                                       (default iam_token_user): 1-63 letters,
                                       digits or '_', starting with a letter;
                                       created and granted on every run

The handler returns ``{"applied": [...], "skipped": [...],
"api_role": {"name": ..., "created": bool, "default_role_removed": bool,
"default_role_kept": bool}, "iam_user_password": "created" | "synced" |
"not managed"}``. Terraform stores it in its state, so it never holds a
credential.
"""

import hashlib
import json
import logging
import os
import re
import secrets
import ssl
import time
from dataclasses import asdict, dataclass

import pg8000

import db
import sql_script

logger = logging.getLogger(__name__)

DEFAULT_MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sql")
DEFAULT_CONNECT_RETRY_SECONDS = 240.0
DEFAULT_IAM_USERNAME = "iam_token_user"

# The rule the C++ side applies too. 63 bytes is PostgreSQL's identifier limit
# (longer names are silently truncated), and ASCII only keeps bytes and
# characters the same.
_ROLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")

# DROP ROLE refused because the role still owns objects or holds privileges.
_DEPENDENT_OBJECTS_STILL_EXIST = "2BP01"

# Backoff between connection attempts: 1 s, 2 s, 4 s, ... capped at 20 s.
_FIRST_RETRY_DELAY_SECONDS = 1.0
_MAX_RETRY_DELAY_SECONDS = 20.0

# What a refused or dropped connection attempt raises: socket errors, and the
# driver's errors, which include the proxy's "not ready yet" and the IAM
# authentication failures of a target that is still being registered.
_RETRYABLE_CONNECT_ERRORS = (pg8000.Error, OSError, EOFError)

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


@dataclass(frozen=True)
class ApiRole:
    """What ``ensure_api_role`` found and did; safe to return (no secrets)."""

    name: str
    # Created by this step; False when it existed already (for the default
    # name, migration 002 creates it).
    created: bool
    # A custom name is configured and the default role was dropped.
    default_role_removed: bool
    # A custom name is configured but the default role could not be dropped
    # because it owns objects or holds privileges elsewhere; it lost the API's
    # privileges in this database and is otherwise left alone.
    default_role_kept: bool

    def as_dict(self):
        return asdict(self)


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
    """Connection settings for the master user.

    ``DB_AUTH=iam`` signs a fresh IAM token for ``DB_USER`` (the deployed
    configuration, through RDS Proxy); otherwise the credentials come from
    ``MASTER_SECRET_ARN`` or, for local runs, ``DB_USER``/``DB_PASSWORD``.
    """
    environ = os.environ if environ is None else environ
    host = db.required_env(environ, "DB_HOST")
    port = db.env_port(environ)
    auth = environ.get("DB_AUTH", "").strip().lower() or "password"
    secret_arn = environ.get("MASTER_SECRET_ARN", "").strip()
    if auth == "iam":
        if secret_arn:
            raise db.ConfigurationError(
                "MASTER_SECRET_ARN and DB_AUTH=iam exclude each other; set only one"
            )
        user = db.required_env(environ, "DB_USER")
        password = db.iam_token_from_env(environ, host, port, user)
        # RDS Proxy refuses IAM authentication without TLS, and the token is a
        # bearer credential.
        tls = True
    elif auth != "password":
        raise db.ConfigurationError(f"DB_AUTH must be 'iam' or 'password', not {auth!r}")
    elif secret_arn:
        user, password = read_master_secret(secret_arn, secrets_client)
        tls = True
    else:
        user = db.required_env(environ, "DB_USER")
        if "DB_PASSWORD" not in environ:
            raise db.ConfigurationError("set DB_AUTH=iam, MASTER_SECRET_ARN or DB_PASSWORD")
        password = environ["DB_PASSWORD"]
        tls = db.env_flag(environ, "DB_TLS", False)
    return db.Settings(
        host=host,
        port=port,
        database=db.required_env(environ, "DB_NAME"),
        user=user,
        password=password,
        tls=tls,
        ca_file=environ.get("DB_CA_BUNDLE") or None,
        timeout=db.env_timeout(environ),
    )


def connect_retry_seconds(environ):
    raw = environ.get("DB_CONNECT_RETRY_SECONDS", "").strip()
    if not raw:
        return DEFAULT_CONNECT_RETRY_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also catches NaN
        raise db.ConfigurationError(
            f"DB_CONNECT_RETRY_SECONDS must be a number of seconds >= 0, not {raw!r}"
        )
    return seconds


def _is_certificate_error(error):
    # A server certificate that does not verify will not fix itself.
    return any(
        isinstance(cause, ssl.SSLCertVerificationError)
        for cause in (error, error.__cause__, error.__context__)
    )


def connect_with_retry(open_connection, retry_seconds, sleep=time.sleep, clock=time.monotonic):
    """Return ``open_connection()``, retrying refused attempts for ``retry_seconds``.

    Right after Terraform creates an RDS Proxy target the proxy can refuse
    connections (or IAM logins) for a few minutes. Attempts are repeated with
    exponential backoff until the deadline, then the last error is raised.
    Configuration errors are raised at once. ``open_connection`` is called
    for every attempt, so it can build fresh settings (a new IAM token).
    Only the connection is retried, never a migration.
    """
    deadline = clock() + retry_seconds
    delay = _FIRST_RETRY_DELAY_SECONDS
    attempt = 0
    while True:
        attempt += 1
        try:
            connection = open_connection()
        except _RETRYABLE_CONNECT_ERRORS as error:
            if _is_certificate_error(error):
                raise
            remaining = deadline - clock()
            # Only the error class and the server's or socket's message are
            # logged; neither carries the password or token.
            if remaining <= 0:
                logger.error(
                    "database connection attempt %d failed (%s: %s); "
                    "giving up after %.0f s",
                    attempt, type(error).__name__, error, retry_seconds,
                )
                raise
            wait = min(delay, remaining)
            logger.warning(
                "database connection attempt %d failed (%s: %s); retrying in %.1f s",
                attempt, type(error).__name__, error, wait,
            )
            sleep(wait)
            delay = min(delay * 2, _MAX_RETRY_DELAY_SECONDS)
            continue
        if attempt > 1:
            logger.info("connected to the database on attempt %d", attempt)
        return connection


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


def _apply_pending(connection, migrations):
    """Apply ``migrations`` not yet recorded, holding the advisory lock.

    The session-level lock stays held until the connection is closed, so the
    caller can do more work (the password sync) without another runner
    interleaving.
    """
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


def apply_migrations(settings, directory):
    """Apply the pending migrations of ``directory``.

    Returns ``{"applied": [...], "skipped": [...]}`` with file names; skipped
    ones were applied by an earlier run.
    """
    migrations = load_migrations(directory)
    connection = db.connect(settings)
    try:
        return _apply_pending(connection, migrations)
    finally:
        # Closing the session also releases the advisory lock.
        connection.close()


def iam_username_from_env(environ):
    """The API role's name from ``IAM_USERNAME``, or the default when unset."""
    name = environ.get("IAM_USERNAME", "").strip()
    if not name:
        return DEFAULT_IAM_USERNAME
    if not _ROLE_NAME.fullmatch(name):
        raise db.ConfigurationError(
            "IAM_USERNAME must be 1 to 63 ASCII letters, digits or '_' starting "
            f"with a letter, not {name!r}"
        )
    return name


def _rollback_quietly(connection):
    try:
        connection.rollback()
    except Exception:  # the original error is the one worth reporting
        pass


def _execute_quoted(cursor, template, *values):
    """Execute ``template`` once the server has quoted ``values`` into it.

    GRANT, REVOKE and the role statements take no bind parameters, so the
    names are substituted by PostgreSQL's format() (``%I`` quotes an
    identifier) and the returned text is executed as it is.
    """
    arguments = ", ".join(["%s::text"] * len(values))
    cursor.execute(f"SELECT format(%s::text, {arguments})", (template, *values))
    db.execute_literal(cursor, cursor.fetchone()[0])


def _role_exists(cursor, name):
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)", (name,))
    return bool(cursor.fetchone()[0])


def _refuse_privileged_role(cursor, name):
    # The password step would overwrite the migration's own login, and a
    # superuser ignores the grants that keep the API to its three statements.
    cursor.execute(
        "SELECT %s::text = session_user::text, "
        "COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = %s), false)",
        (name, name),
    )
    is_session_user, is_superuser = cursor.fetchone()
    if is_session_user or is_superuser:
        what = "the role this migration logs in as" if is_session_user else "a superuser"
        raise MigrationError(
            f"IAM_USERNAME names {name!r}, which is {what}; "
            "the API handlers need a role of their own"
        )


def _leave_rds_iam(cursor, name):
    # Same reason as in 002: on RDS/Aurora a member of rds_iam may only log in
    # with an IAM token, so the proxy's password login would be refused.
    # Plain PostgreSQL has no rds_iam role, hence no membership to find.
    cursor.execute(
        "SELECT EXISTS ("
        " SELECT 1 FROM pg_auth_members m"
        " JOIN pg_roles g ON g.oid = m.roleid"
        " JOIN pg_roles u ON u.oid = m.member"
        " WHERE g.rolname = 'rds_iam' AND u.rolname = %s)",
        (name,),
    )
    if cursor.fetchone()[0]:
        _execute_quoted(cursor, "REVOKE rds_iam FROM %I", name)
        logger.info("revoked rds_iam from role %s", name)


def _grant_api_privileges(cursor, name, database):
    _execute_quoted(cursor, "GRANT CONNECT ON DATABASE %I TO %I", database, name)
    _execute_quoted(cursor, "GRANT USAGE ON SCHEMA public TO %I", name)
    _execute_quoted(cursor, "GRANT SELECT, INSERT, DELETE ON TABLE animals TO %I", name)


def _revoke_api_privileges(cursor, name, database):
    _execute_quoted(cursor, "REVOKE SELECT, INSERT, DELETE ON TABLE animals FROM %I", name)
    _execute_quoted(cursor, "REVOKE USAGE ON SCHEMA public FROM %I", name)
    _execute_quoted(cursor, "REVOKE CONNECT ON DATABASE %I FROM %I", database, name)


def _drop_default_role(connection):
    """Drop the unused default role; False when its dependencies forbid it.

    Runs in a transaction of its own after the grants were committed, so a
    refused drop leaves the new role usable and the old one without the
    API's privileges.
    """
    cursor = connection.cursor()
    try:
        _execute_quoted(cursor, "DROP ROLE %I", DEFAULT_IAM_USERNAME)
        connection.commit()
    except Exception as error:
        _rollback_quietly(connection)
        if db.sqlstate(error) != _DEPENDENT_OBJECTS_STILL_EXIST:
            raise MigrationError(
                f"could not drop the unused role {DEFAULT_IAM_USERNAME}: {error}"
            ) from error
        # Someone used the role by hand (it owns objects or holds other
        # privileges). Dropping those is a decision for a person, not for a
        # deploy, so the role stays and the deploy goes on.
        logger.warning(
            "role %s is no longer the API role but was kept, because other objects "
            "depend on it (%s); its privileges on the API were revoked",
            DEFAULT_IAM_USERNAME, error,
        )
        return False
    logger.info("dropped role %s, which is no longer the API role", DEFAULT_IAM_USERNAME)
    return True


def ensure_api_role(connection, username):
    """Give ``username`` exactly what migration 002 gives iam_token_user.

    Creates the login role when missing, keeps it out of ``rds_iam`` and
    grants CONNECT on the current database, USAGE on schema public and
    SELECT, INSERT, DELETE on animals. 002 cannot be parameterised (its
    checksum is recorded), so this runs on every invocation, after the
    versioned migrations. When ``username`` is not the default, the default
    role that 002 always creates loses those privileges and is dropped, so no
    unused login role can still read or change the table. Idempotent; returns
    an ``ApiRole``.
    """
    cursor = connection.cursor()
    try:
        _refuse_privileged_role(cursor, username)
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
        created = not _role_exists(cursor, username)
        if created:
            _execute_quoted(cursor, "CREATE ROLE %I WITH LOGIN", username)
        _leave_rds_iam(cursor, username)
        _grant_api_privileges(cursor, username, database)
        replaces_default = username != DEFAULT_IAM_USERNAME and _role_exists(
            cursor, DEFAULT_IAM_USERNAME
        )
        if replaces_default:
            _revoke_api_privileges(cursor, DEFAULT_IAM_USERNAME, database)
        connection.commit()
    except MigrationError:
        _rollback_quietly(connection)
        raise
    except Exception as error:
        _rollback_quietly(connection)
        raise MigrationError(f"could not set up the API role {username}: {error}") from error
    if created:
        logger.info("created role %s", username)

    default_role_removed = replaces_default and _drop_default_role(connection)
    return ApiRole(
        name=username,
        created=created,
        default_role_removed=default_role_removed,
        default_role_kept=replaces_default and not default_role_removed,
    )


def generate_password():
    """A random password of 43 URL-safe characters (A-Z a-z 0-9 - _), 256 bits."""
    return secrets.token_urlsafe(32)


def _is_resource_not_found(error):
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return False
    return response.get("Error", {}).get("Code") == "ResourceNotFoundException"


def read_iam_user_password(secrets_client, secret_arn, username):
    """The password stored in the API role's secret, or None when it has none.

    A secret that Terraform created without a value makes get_secret_value
    raise ResourceNotFoundException. A value that is not JSON with this
    user's name and a non-empty password counts as absent too, so the next
    step replaces it with a usable one.
    """
    try:
        response = secrets_client.get_secret_value(SecretId=secret_arn)
    except Exception as error:
        if _is_resource_not_found(error):
            return None
        raise
    try:
        value = json.loads(response["SecretString"])
        stored_user, password = value["username"], value["password"]
    except (KeyError, TypeError, ValueError):
        stored_user, password = None, None
    if stored_user != username or not isinstance(password, str) or not password:
        # Deliberately vague: the secret's content must not reach the logs.
        logger.warning(
            "secret %s does not hold JSON with username %r and a password; replacing it",
            secret_arn, username,
        )
        return None
    return password


def set_role_password(connection, username, password):
    """``ALTER ROLE username WITH PASSWORD password`` and commit.

    ALTER ROLE takes no bind parameters, so the server quotes the name and
    the literal with format() and the returned text is executed as it is.
    """
    cursor = connection.cursor()
    try:
        cursor.execute(
            "SELECT format('ALTER ROLE %%I WITH PASSWORD %%L', %s::text, %s::text)",
            (username, password),
        )
        db.execute_literal(cursor, cursor.fetchone()[0])
        connection.commit()
    except Exception as error:
        try:
            connection.rollback()
        except Exception:  # the original error is the one worth reporting
            pass
        message = str(error).replace(password, "[password]")
        raise MigrationError(f"could not set the password of role {username}: {message}") from None


def sync_iam_user_password(connection, secrets_client, secret_arn, username):
    """Make the API role's database password and its secret agree.

    Clients log in to RDS Proxy with IAM tokens, but the proxy logs in to the
    database with the password in ``secret_arn``. Terraform creates that
    secret without a value so the password never enters its state; the first
    run here generates one. Returns "created" or "synced", never the password.
    """
    password = read_iam_user_password(secrets_client, secret_arn, username)
    if password is not None:
        # Re-applying the stored password is harmless when it already matches
        # and repairs the role when it does not (e.g. a restored snapshot).
        set_role_password(connection, username, password)
        logger.info("password of role %s synced from %s", username, secret_arn)
        return "synced"

    password = generate_password()
    # The role first, the secret second. If the run fails between the two
    # steps, the secret still has no value and the next run simply generates
    # another password. The other order could leave a secret whose password
    # the database never accepted, and the next run would trust it.
    set_role_password(connection, username, password)
    secrets_client.put_secret_value(
        SecretId=secret_arn,
        SecretString=json.dumps({"username": username, "password": password}),
    )
    logger.info("password of role %s generated and stored in %s", username, secret_arn)
    return "created"


def _default_secrets_client():
    import boto3

    return boto3.client("secretsmanager")


def run(environ=None, secrets_client=None, open_connection=None, sleep=time.sleep):
    """What the handler does; the parameters let tests supply fakes.

    ``open_connection`` defaults to connecting with ``master_settings_from_env``,
    rebuilt for every attempt so an IAM token is never stale.
    """
    environ = os.environ if environ is None else environ
    directory = environ.get("MIGRATIONS_DIR") or DEFAULT_MIGRATIONS_DIR
    # Read the files first: a packaging mistake should fail at once, not
    # after minutes of waiting for the proxy.
    migrations = load_migrations(directory)
    retry_seconds = connect_retry_seconds(environ)
    iam_secret_arn = environ.get("IAM_USER_SECRET_ARN", "").strip()
    iam_username = iam_username_from_env(environ)
    needs_secrets = iam_secret_arn or environ.get("MASTER_SECRET_ARN", "").strip()
    if secrets_client is None and needs_secrets:
        secrets_client = _default_secrets_client()
    if open_connection is None:
        def open_connection():
            return db.connect(master_settings_from_env(environ, secrets_client))

    connection = connect_with_retry(open_connection, retry_seconds, sleep=sleep)
    try:
        result = _apply_pending(connection, migrations)
        # Still under the advisory lock, like everything below: two runners
        # cannot race on the role, nor both generate a password and leave the
        # role and the secret disagreeing.
        result["api_role"] = ensure_api_role(connection, iam_username).as_dict()
        if iam_secret_arn:
            result["iam_user_password"] = sync_iam_user_password(
                connection, secrets_client, iam_secret_arn, iam_username
            )
        else:
            result["iam_user_password"] = "not managed"
        return result
    finally:
        # Closing the session also releases the advisory lock.
        connection.close()


def handler(event, context):
    result = run()
    logger.info(
        "migrations applied=%s skipped=%s api_role=%s iam_user_password=%s",
        result["applied"], result["skipped"], result["api_role"], result["iam_user_password"],
    )
    return result
