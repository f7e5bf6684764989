"""The migration function as deployed: IAM login through the proxy, connection
retries, the zip-root migrations folder and the API role's password secret.

Runs against a real server; each test gets its own database. The role
iam_token_user is shared by the databases of this module's server.
"""

import json
import logging
import os
import shutil
import ssl
import tempfile
import unittest
from unittest import mock

import support  # first: it fails loudly when a prerequisite is missing

import boto3
import pg8000
from botocore.exceptions import ClientError
from botocore.stub import ANY, Stubber

import db  # noqa: E402  (importable once support has set sys.path)
import migrate
import pg_server

SERVER = None
SHIPPED = ["001_animals.sql", "002_iam_token_user.sql"]
# The default role, created by 002 rather than by the runner's role step.
DEFAULT_API_ROLE = {
    "name": "iam_token_user",
    "created": False,
    "default_role_removed": False,
    "default_role_kept": False,
}
API_ROLE = pg_server.API_ROLE
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-iam-token-user-AbCdEf"
PROXY_HOST = "app-proxy.proxy-abcdefghijkl.us-east-1.rds.amazonaws.com"


def setUpModule():
    global SERVER
    SERVER = support.start_server()


def not_found_error():
    """What get_secret_value raises for a secret that has no value yet."""
    return ClientError(
        {
            "Error": {
                "Code": "ResourceNotFoundException",
                "Message": "Secrets Manager can't find the specified secret value "
                "for staging label: AWSCURRENT",
            }
        },
        "GetSecretValue",
    )


class FakeSecretsClient:
    """The two Secrets Manager calls the migration function makes, in memory."""

    def __init__(self, value=None, get_error=None):
        self.value = value
        self.get_error = get_error
        self.puts = []

    def get_secret_value(self, SecretId):
        if SecretId != SECRET_ARN:
            raise AssertionError(f"unexpected secret {SecretId}")
        if self.get_error is not None:
            raise self.get_error
        if self.value is None:
            raise not_found_error()
        return {"ARN": SECRET_ARN, "Name": "app-iam-token-user", "SecretString": self.value}

    def put_secret_value(self, SecretId, SecretString):
        if SecretId != SECRET_ARN:
            raise AssertionError(f"unexpected secret {SecretId}")
        self.puts.append(SecretString)
        self.value = SecretString
        return {"ARN": SECRET_ARN, "Name": "app-iam-token-user", "VersionId": "v1"}

    def stored(self):
        return json.loads(self.value)


class DeployTestCase(unittest.TestCase):
    _databases = 0

    def setUp(self):
        DeployTestCase._databases += 1
        self.database = f"deploy_{DeployTestCase._databases}"
        admin = SERVER.admin(database="postgres")
        try:
            admin.cursor().execute(f"CREATE DATABASE {self.database}")
        finally:
            admin.close()

    def environment(self, **extra):
        """The runner's environment for a local (password) login as the superuser."""
        return support.runner_environment(SERVER, self.database, SECRET_ARN, **extra)

    def run_migrations(self, client, **extra):
        return migrate.run(self.environment(**extra), secrets_client=client)

    def query(self, sql, parameters=()):
        return support.query(SERVER, self.database, sql, parameters)

    def assertLogsIn(self, password):
        connection = SERVER.connect(user=API_ROLE, password=password, database=self.database)
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT current_user")
            self.assertEqual(cursor.fetchone()[0], API_ROLE)
        finally:
            connection.close()

    def assertLoginRefused(self, password):
        with self.assertRaises(pg8000.Error):
            SERVER.connect(user=API_ROLE, password=password, database=self.database).close()


class PasswordSyncTest(DeployTestCase):
    def test_absent_secret_gets_a_new_password_the_role_accepts(self):
        client = FakeSecretsClient()
        with self.assertLogs(level=logging.DEBUG) as logs:
            result = self.run_migrations(client)
        self.assertEqual(
            result,
            {
                "applied": SHIPPED,
                "skipped": [],
                "api_role": DEFAULT_API_ROLE,
                "iam_user_password": "created",
            },
        )
        self.assertEqual(len(client.puts), 1)
        stored = client.stored()
        self.assertEqual(set(stored), {"username", "password"})
        self.assertEqual(stored["username"], API_ROLE)
        password = stored["password"]
        self.assertGreaterEqual(len(password), 32)
        self.assertRegex(password, r"^[A-Za-z0-9_-]+$")
        self.assertLogsIn(password)
        # Terraform keeps the result in its state; the logs go to CloudWatch.
        self.assertNotIn(password, json.dumps(result))
        self.assertNotIn(password, support.formatted_records(logs.records))

    def test_second_run_keeps_the_secret_and_the_password(self):
        client = FakeSecretsClient()
        self.run_migrations(client)
        password = client.stored()["password"]
        result = self.run_migrations(client)
        self.assertEqual(
            result,
            {
                "applied": [],
                "skipped": SHIPPED,
                "api_role": DEFAULT_API_ROLE,
                "iam_user_password": "synced",
            },
        )
        self.assertEqual(len(client.puts), 1)
        self.assertLogsIn(password)

    def test_existing_secret_replaces_the_role_password(self):
        support.migrate_database(SERVER, database=self.database)
        old = support.new_password()
        support.set_role_password(SERVER, API_ROLE, old)
        self.assertLogsIn(old)
        new = support.new_password()
        client = FakeSecretsClient(json.dumps({"username": API_ROLE, "password": new}))
        result = self.run_migrations(client)
        self.assertEqual(
            result,
            {
                "applied": [],
                "skipped": SHIPPED,
                "api_role": DEFAULT_API_ROLE,
                "iam_user_password": "synced",
            },
        )
        self.assertEqual(client.puts, [])
        self.assertLogsIn(new)
        self.assertLoginRefused(old)
        self.assertNotIn(new, json.dumps(result))

    def test_password_with_quotes_and_percent_signs_is_set_literally(self):
        password = "it's 100%; \"quoted\" \\ %s $$ end"
        client = FakeSecretsClient(json.dumps({"username": API_ROLE, "password": password}))
        self.assertEqual(self.run_migrations(client)["iam_user_password"], "synced")
        self.assertLogsIn(password)

    def test_malformed_secret_is_treated_as_absent(self):
        malformed = [
            "not json",
            "null",
            json.dumps(["iam_token_user", "pw"]),
            json.dumps({"user": API_ROLE, "pass": "hunter2-malformed"}),
            json.dumps({"username": API_ROLE}),
            json.dumps({"username": API_ROLE, "password": ""}),
            json.dumps({"username": API_ROLE, "password": 12345}),
            json.dumps({"username": "someone_else", "password": "hunter2-other-user"}),
        ]
        for value in malformed:
            with self.subTest(value=value):
                client = FakeSecretsClient(value)
                with self.assertLogs("migrate", logging.WARNING) as logs:
                    result = self.run_migrations(client)
                self.assertEqual(result["iam_user_password"], "created")
                self.assertEqual(len(client.puts), 1)
                stored = client.stored()
                self.assertEqual(stored["username"], API_ROLE)
                self.assertLogsIn(stored["password"])
                self.assertNotIn("hunter2", support.formatted_records(logs.records))

    def without_role_step(self):
        """Skip ensure_api_role, which would create the role, so ALTER ROLE fails."""
        return mock.patch.object(
            migrate,
            "ensure_api_role",
            return_value=migrate.ApiRole("no_such_role", False, False, False),
        )

    def test_failed_alter_role_leaves_the_secret_without_a_value(self):
        client = FakeSecretsClient()
        with self.without_role_step(), mock.patch.object(
            migrate, "generate_password", return_value="generated-pw-123"
        ):
            with self.assertRaises(migrate.MigrationError) as caught:
                self.run_migrations(client, IAM_USERNAME="no_such_role")
        self.assertEqual(client.puts, [])
        self.assertIsNone(client.value)
        self.assertIn("no_such_role", str(caught.exception))
        self.assertNotIn("generated-pw-123", str(caught.exception))
        # The migrations themselves were committed before the password step.
        self.assertEqual(len(self.query("SELECT version FROM schema_migrations")), 2)

    def test_failed_resync_does_not_reveal_the_stored_password(self):
        client = FakeSecretsClient(
            json.dumps({"username": "no_such_role", "password": "stored-pw-456"})
        )
        with self.without_role_step(), self.assertRaises(migrate.MigrationError) as caught:
            self.run_migrations(client, IAM_USERNAME="no_such_role")
        self.assertNotIn("stored-pw-456", str(caught.exception))
        self.assertEqual(client.puts, [])

    def test_failed_put_leaves_no_secret_and_the_next_run_regenerates(self):
        client = FakeSecretsClient()
        failure = ClientError(
            {"Error": {"Code": "InternalServiceError", "Message": "try again"}},
            "PutSecretValue",
        )
        with mock.patch.object(client, "put_secret_value", side_effect=failure):
            with self.assertRaises(ClientError):
                self.run_migrations(client)
        self.assertIsNone(client.value)
        self.assertEqual(self.run_migrations(client)["iam_user_password"], "created")
        self.assertLogsIn(client.stored()["password"])

    def test_other_secret_errors_are_raised_before_touching_the_role(self):
        support.migrate_database(SERVER, database=self.database)
        old = support.new_password()
        support.set_role_password(SERVER, API_ROLE, old)
        denied = ClientError(
            {"Error": {"Code": "AccessDeniedException", "Message": "not allowed"}},
            "GetSecretValue",
        )
        client = FakeSecretsClient(get_error=denied)
        with self.assertRaises(ClientError):
            self.run_migrations(client)
        self.assertEqual(client.puts, [])
        self.assertLogsIn(old)

    def test_without_a_secret_arn_the_password_is_not_managed(self):
        client = FakeSecretsClient()
        client.get_secret_value = mock.Mock(side_effect=AssertionError("must not be called"))
        result = self.run_migrations(client, IAM_USER_SECRET_ARN=None)
        self.assertEqual(
            result,
            {
                "applied": SHIPPED,
                "skipped": [],
                "api_role": DEFAULT_API_ROLE,
                "iam_user_password": "not managed",
            },
        )
        self.assertEqual(client.puts, [])

    def test_calls_match_the_secrets_manager_api(self):
        """The same flow against botocore's stubbed client, which checks the parameters."""
        client = boto3.client(
            "secretsmanager",
            region_name="us-east-1",
            aws_access_key_id="AKIAFAKEFAKEFAKEFAKE",
            aws_secret_access_key="fake-secret-key",
        )
        stubber = Stubber(client)
        stubber.add_client_error(
            "get_secret_value",
            service_error_code="ResourceNotFoundException",
            service_message="Secrets Manager can't find the specified secret value",
            http_status_code=400,
            expected_params={"SecretId": SECRET_ARN},
        )
        stubber.add_response(
            "put_secret_value",
            {"ARN": SECRET_ARN, "Name": "app-iam-token-user", "VersionId": "a" * 32},
            {"SecretId": SECRET_ARN, "SecretString": ANY},
        )
        with stubber:
            result = self.run_migrations(client)
        stubber.assert_no_pending_responses()
        self.assertEqual(result["iam_user_password"], "created")

    def test_handler_reads_the_environment(self):
        client = FakeSecretsClient()
        with mock.patch.dict(os.environ, self.environment()), mock.patch.object(
            migrate, "_default_secrets_client", return_value=client
        ):
            os.environ.pop("MASTER_SECRET_ARN", None)
            os.environ.pop("IAM_USERNAME", None)
            result = migrate.handler({}, None)
        self.assertEqual(
            result,
            {
                "applied": SHIPPED,
                "skipped": [],
                "api_role": DEFAULT_API_ROLE,
                "iam_user_password": "created",
            },
        )
        self.assertLogsIn(client.stored()["password"])


class RdsIamMembershipTest(DeployTestCase):
    """Aurora's rds_iam role, simulated: 002 must leave the API role outside it."""

    def setUp(self):
        super().setUp()
        admin = SERVER.admin()
        try:
            cursor = admin.cursor()
            cursor.execute("CREATE ROLE rds_iam")
            cursor.execute(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles "
                "WHERE rolname = 'iam_token_user') THEN CREATE ROLE iam_token_user LOGIN; "
                "END IF; END $$"
            )
            cursor.execute("GRANT rds_iam TO iam_token_user")
        finally:
            admin.close()
        self.addCleanup(self._drop_rds_iam)

    def _drop_rds_iam(self):
        admin = SERVER.admin()
        try:
            admin.cursor().execute("DROP ROLE IF EXISTS rds_iam")
        finally:
            admin.close()

    def member_of_rds_iam(self):
        [(member,)] = self.query("SELECT pg_has_role('iam_token_user', 'rds_iam', 'MEMBER')")
        return member

    def test_migrations_remove_the_membership(self):
        self.assertTrue(self.member_of_rds_iam())
        support.migrate_database(SERVER, database=self.database)
        self.assertFalse(self.member_of_rds_iam())

    def test_shipped_002_grants_no_rds_iam(self):
        with open(os.path.join(support.SQL_DIR, "002_iam_token_user.sql"), encoding="utf-8") as f:
            self.assertNotRegex(f.read().upper(), r"GRANT\s+RDS_IAM")


class ConnectRetryTest(DeployTestCase):
    def test_unreachable_server_is_retried_then_the_last_error_is_raised(self):
        environ = self.environment(
            DB_PORT=str(pg_server.free_port()),
            DB_PASSWORD="hunter2-retry-password",
            DB_CONNECT_RETRY_SECONDS="1",
        )
        client = FakeSecretsClient()
        with self.assertLogs("migrate", logging.WARNING) as logs:
            with self.assertRaises(pg8000.InterfaceError):
                migrate.run(environ, secrets_client=client)
        attempts = [r for r in logs.records if "connection attempt" in r.getMessage()]
        self.assertGreater(len(attempts), 1)
        self.assertEqual(attempts[-1].levelno, logging.ERROR)
        self.assertNotIn("hunter2-retry-password", support.formatted_records(logs.records))
        self.assertEqual(client.puts, [])

    def test_succeeds_once_the_server_accepts_connections(self):
        calls = []
        waits = []

        def open_connection():
            calls.append(1)
            if len(calls) <= 3:
                raise pg8000.InterfaceError("communication error", ConnectionRefusedError(111))
            return SERVER.connect(database=self.database)

        client = FakeSecretsClient()
        with self.assertLogs("migrate", logging.WARNING):
            result = migrate.run(
                self.environment(DB_CONNECT_RETRY_SECONDS=None),  # the default, 240 s
                secrets_client=client,
                open_connection=open_connection,
                sleep=waits.append,
            )
        self.assertEqual(len(calls), 4)
        self.assertEqual(waits, [1.0, 2.0, 4.0])
        self.assertEqual(result["applied"], SHIPPED)
        self.assertEqual(result["iam_user_password"], "created")

    def test_backoff_stops_at_the_deadline(self):
        now = [100.0]
        waits = []
        attempts = []

        def sleep(seconds):
            waits.append(seconds)
            now[0] += seconds

        def open_connection():
            attempts.append(1)
            raise pg8000.InterfaceError(f"attempt {len(attempts)} refused")

        with self.assertLogs("migrate", logging.WARNING):
            with self.assertRaisesRegex(pg8000.InterfaceError, "attempt 5 refused"):
                migrate.connect_with_retry(open_connection, 10, sleep=sleep, clock=lambda: now[0])
        self.assertEqual(waits, [1.0, 2.0, 4.0, 3.0])
        self.assertEqual(len(attempts), 5)

    def test_delay_is_capped(self):
        now = [0.0]
        waits = []

        def sleep(seconds):
            waits.append(seconds)
            now[0] += seconds

        def refuse():
            raise OSError("connection refused")

        with self.assertLogs("migrate", logging.WARNING), self.assertRaises(OSError):
            migrate.connect_with_retry(refuse, 240, sleep=sleep, clock=lambda: now[0])
        self.assertEqual(max(waits), 20.0)
        self.assertAlmostEqual(sum(waits), 240.0)

    def test_zero_budget_tries_once(self):
        attempts = []

        def refuse():
            attempts.append(1)
            raise OSError("connection refused")

        with self.assertLogs("migrate", logging.ERROR), self.assertRaises(OSError):
            migrate.connect_with_retry(refuse, 0, sleep=self.fail)
        self.assertEqual(len(attempts), 1)

    def test_configuration_and_certificate_errors_are_not_retried(self):
        errors = [
            db.ConfigurationError("DB_HOST is not set"),
            ssl.SSLCertVerificationError("certificate verify failed"),
        ]
        for error in errors:
            with self.subTest(error=type(error).__name__):
                attempts = []

                def fail():
                    attempts.append(1)
                    raise error

                with self.assertRaises(type(error)):
                    migrate.connect_with_retry(fail, 240, sleep=self.fail)
                self.assertEqual(len(attempts), 1)

    def test_a_failing_migration_is_not_retried(self):
        folder = tempfile.mkdtemp(prefix="infra-migrations-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        with open(os.path.join(folder, "001_broken.sql"), "w", encoding="utf-8") as handle:
            handle.write("INSERT INTO no_such_table VALUES (1);")
        calls = []

        def open_connection():
            calls.append(1)
            return SERVER.connect(database=self.database)

        with self.assertRaises(migrate.MigrationError):
            migrate.run(
                self.environment(MIGRATIONS_DIR=folder),
                secrets_client=FakeSecretsClient(),
                open_connection=open_connection,
                sleep=self.fail,
            )
        self.assertEqual(len(calls), 1)

    def test_retry_budget_comes_from_the_environment(self):
        self.assertEqual(migrate.connect_retry_seconds({}), 240.0)
        self.assertEqual(migrate.connect_retry_seconds({"DB_CONNECT_RETRY_SECONDS": "5"}), 5.0)
        self.assertEqual(migrate.connect_retry_seconds({"DB_CONNECT_RETRY_SECONDS": "0"}), 0.0)
        for raw in ("abc", "-1", "nan"):
            with self.subTest(raw=raw), self.assertRaises(db.ConfigurationError):
                migrate.connect_retry_seconds({"DB_CONNECT_RETRY_SECONDS": raw})


class IamSettingsTest(DeployTestCase):
    IAM_ENVIRONMENT = {
        "DB_HOST": PROXY_HOST,
        "DB_PORT": "5432",
        "DB_NAME": "app",
        "DB_USER": "iam_db_user",
        "DB_AUTH": "iam",
        "DB_TLS": "false",
        "AWS_REGION": "us-east-1",
    }

    def test_master_settings_use_a_token_and_tls(self):
        with mock.patch.object(db, "iam_auth_token", return_value="signed-token") as token:
            settings = migrate.master_settings_from_env(dict(self.IAM_ENVIRONMENT))
        token.assert_called_once_with(PROXY_HOST, 5432, "iam_db_user", "us-east-1")
        self.assertEqual(
            (settings.host, settings.port, settings.database, settings.user),
            (PROXY_HOST, 5432, "app", "iam_db_user"),
        )
        self.assertEqual(settings.password, "signed-token")
        self.assertTrue(settings.tls)  # DB_TLS=false cannot turn it off
        self.assertNotIn("signed-token", repr(settings))

    def test_token_is_signed_offline_for_the_master_user(self):
        offline = {
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        with mock.patch.dict(os.environ, offline):
            for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
                os.environ.pop(name, None)
            settings = migrate.master_settings_from_env(dict(self.IAM_ENVIRONMENT))
        self.assertTrue(settings.password.startswith(f"{PROXY_HOST}:5432/?"))
        self.assertIn("Action=connect", settings.password)
        self.assertIn("DBUser=iam_db_user", settings.password)

    def test_iam_needs_no_password_or_secret(self):
        environ = dict(self.IAM_ENVIRONMENT)
        self.assertNotIn("DB_PASSWORD", environ)
        self.assertNotIn("MASTER_SECRET_ARN", environ)
        with mock.patch.object(db, "iam_auth_token", return_value="t"):
            # Any Secrets Manager call would fail on this client.
            migrate.master_settings_from_env(environ, secrets_client=object())

    def test_iam_configuration_errors(self):
        cases = {
            "MASTER_SECRET_ARN": {**self.IAM_ENVIRONMENT, "MASTER_SECRET_ARN": SECRET_ARN},
            "AWS_REGION": {k: v for k, v in self.IAM_ENVIRONMENT.items() if k != "AWS_REGION"},
            "DB_USER": {k: v for k, v in self.IAM_ENVIRONMENT.items() if k != "DB_USER"},
            "DB_AUTH": {**self.IAM_ENVIRONMENT, "DB_AUTH": "kerberos"},
        }
        for fragment, environ in cases.items():
            with self.subTest(fragment=fragment), mock.patch.object(
                db, "iam_auth_token", side_effect=AssertionError("no token expected")
            ):
                with self.assertRaisesRegex(db.ConfigurationError, fragment):
                    migrate.master_settings_from_env(environ)

    def test_every_connection_attempt_gets_a_fresh_token(self):
        """The deployed environment end to end, with the proxy replaced by the test server."""
        tokens = iter(["token-1", "token-2", "token-3"])
        seen = []

        def fake_connect(settings):
            seen.append(settings)
            if len(seen) < 3:
                raise pg8000.InterfaceError("proxy target not available yet")
            return SERVER.connect(database=self.database)

        environ = {
            **self.IAM_ENVIRONMENT,
            "DB_NAME": self.database,
            "MIGRATIONS_DIR": support.SQL_DIR,
            "IAM_USER_SECRET_ARN": SECRET_ARN,
        }
        client = FakeSecretsClient()
        with mock.patch.object(db, "iam_auth_token", side_effect=lambda *a: next(tokens)), \
                mock.patch.object(db, "connect", side_effect=fake_connect), \
                self.assertLogs("migrate", logging.WARNING) as logs:
            result = migrate.run(environ, secrets_client=client, sleep=lambda seconds: None)
        self.assertEqual([s.password for s in seen], ["token-1", "token-2", "token-3"])
        self.assertTrue(all(s.tls and s.user == "iam_db_user" for s in seen))
        self.assertEqual(result["iam_user_password"], "created")
        self.assertNotIn("token-", support.formatted_records(logs.records))


class MigrationsFolderTest(DeployTestCase):
    def zip_root(self):
        """A folder laid out like the migrate Lambda's /var/task."""
        folder = tempfile.mkdtemp(prefix="infra-var-task-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        for name in os.listdir(support.LAMBDA_SRC):
            path = os.path.join(support.LAMBDA_SRC, name)
            if os.path.isfile(path):
                shutil.copy(path, folder)
        for name in os.listdir(support.SQL_DIR):
            shutil.copy(os.path.join(support.SQL_DIR, name), folder)
        os.mkdir(os.path.join(folder, "__pycache__"))
        with open(os.path.join(folder, "__pycache__", "x.sql"), "w", encoding="utf-8") as handle:
            handle.write("this folder is not read")
        return folder

    def test_only_the_sql_files_at_the_zip_root_are_applied(self):
        folder = self.zip_root()
        self.assertIn("migrate.py", os.listdir(folder))
        self.assertIn("requirements.txt", os.listdir(folder))
        self.assertEqual([m.version for m in migrate.load_migrations(folder)], SHIPPED)
        result = migrate.run(
            self.environment(MIGRATIONS_DIR=folder, IAM_USER_SECRET_ARN=None)
        )
        self.assertEqual(result["applied"], SHIPPED)
        self.assertEqual(
            [row[0] for row in self.query("SELECT version FROM schema_migrations ORDER BY 1")],
            SHIPPED,
        )

    def test_missing_folder_fails_before_connecting(self):
        with self.assertRaises(migrate.MigrationError):
            migrate.run(
                self.environment(MIGRATIONS_DIR="/nonexistent/var/task"),
                open_connection=self.fail,
            )


if __name__ == "__main__":
    unittest.main()
