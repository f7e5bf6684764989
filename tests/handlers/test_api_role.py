"""The API role named by IAM_USERNAME: created and granted on every run.

Runs against a real server; each test gets its own database. Roles belong to
the whole server, so every test drops the roles it used when it ends. On this
module's server every role except the superuser must send its password, so
the tests log in as the API role the way the proxy does.
"""

import json
import logging
import os
import time
import unittest

import support  # first: it fails loudly when a prerequisite is missing

import pg8000

import db  # noqa: E402  (importable once support has set sys.path)
import migrate
import pg_server

SERVER = None
SHIPPED = ["001_animals.sql", "002_iam_token_user.sql"]
DEFAULT_ROLE = migrate.DEFAULT_IAM_USERNAME
CUSTOM_ROLE = "api_user"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-api-role-AbCdEf"
INSUFFICIENT_PRIVILEGE = "42501"
# What 002 grants iam_token_user, as (object, privilege).
API_GRANTS = {
    ("database", "CONNECT"),
    ("schema public", "USAGE"),
    ("animals", "SELECT"),
    ("animals", "INSERT"),
    ("animals", "DELETE"),
}
# Every role a test here may create; dropped after each test.
ROLES = (DEFAULT_ROLE, CUSTOM_ROLE, "Api_User", "rds_iam", "hba_probe")


def setUpModule():
    global SERVER
    SERVER = support.start_server()
    _require_passwords(SERVER)


def _require_passwords(server):
    """Make every role but the superuser log in with a password (md5)."""
    with open(os.path.join(server.data_dir, "pg_hba.conf"), "w", encoding="utf-8") as handle:
        handle.write(
            "local all all trust\n"
            f"host all {pg_server.SUPERUSER} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 md5\n"
        )
    admin = server.admin()
    try:
        cursor = admin.cursor()
        cursor.execute("CREATE ROLE hba_probe LOGIN")
        cursor.execute("SELECT pg_reload_conf()")
        # The postmaster rereads the file when it handles the signal; wait
        # until a role without a password is refused before any test runs.
        for _ in range(200):
            try:
                server.connect(user="hba_probe", password="").close()
            except pg8000.Error:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the server did not apply the new pg_hba.conf")
        cursor.execute("DROP ROLE hba_probe")
    finally:
        admin.close()


class FakeSecretsClient:
    """The two Secrets Manager calls of the password step, in memory."""

    def __init__(self):
        self.value = None
        self.puts = []

    def get_secret_value(self, SecretId):
        if SecretId != SECRET_ARN:
            raise AssertionError(f"unexpected secret {SecretId}")
        if self.value is None:
            raise ResourceNotFound()
        return {"ARN": SECRET_ARN, "Name": "app-api-role", "SecretString": self.value}

    def put_secret_value(self, SecretId, SecretString):
        if SecretId != SECRET_ARN:
            raise AssertionError(f"unexpected secret {SecretId}")
        self.puts.append(SecretString)
        self.value = SecretString
        return {"ARN": SECRET_ARN, "Name": "app-api-role", "VersionId": "v1"}

    def stored(self):
        return json.loads(self.value)


class ResourceNotFound(Exception):
    """What boto3 raises for a secret without a value, reduced to what migrate reads."""

    response = {"Error": {"Code": "ResourceNotFoundException"}}


class ApiRoleTestCase(unittest.TestCase):
    _databases = 0

    def setUp(self):
        ApiRoleTestCase._databases += 1
        self.database = f"api_role_{ApiRoleTestCase._databases}"
        self.admin_execute("postgres", f"CREATE DATABASE {self.database}")
        self.addCleanup(self._drop_database_and_roles)
        self.secrets = FakeSecretsClient()

    def _drop_database_and_roles(self):
        self.admin_execute("postgres", f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        connection = SERVER.admin(database="postgres")
        try:
            cursor = connection.cursor()
            for role in ROLES:
                cursor.execute("SELECT format('DROP ROLE IF EXISTS %%I', %s::text)", (role,))
                cursor.execute(cursor.fetchone()[0])
        finally:
            connection.close()

    def admin_execute(self, database, sql):
        connection = SERVER.admin(database=database)
        try:
            connection.cursor().execute(sql)
        finally:
            connection.close()

    def query(self, sql, parameters=()):
        return support.query(SERVER, self.database, sql, parameters)

    def environment(self, **extra):
        """The runner's environment for a local (password) login as the superuser."""
        return support.runner_environment(SERVER, self.database, SECRET_ARN, **extra)

    def run_migrations(self, **extra):
        return migrate.run(self.environment(**extra), secrets_client=self.secrets)

    def roles(self):
        return {row[0] for row in self.query("SELECT rolname FROM pg_roles")}

    def grants(self, role):
        """The privileges granted to ``role`` itself (not to PUBLIC) on what the API uses."""
        rows = self.query(
            "WITH grantee AS (SELECT oid FROM pg_roles WHERE rolname = %s) "
            "SELECT 'database', a.privilege_type FROM pg_database d, aclexplode(d.datacl) a "
            "WHERE d.datname = current_database() AND a.grantee = (SELECT oid FROM grantee) "
            "UNION ALL "
            "SELECT 'schema public', a.privilege_type FROM pg_namespace n, aclexplode(n.nspacl) a "
            "WHERE n.nspname = 'public' AND a.grantee = (SELECT oid FROM grantee) "
            "UNION ALL "
            "SELECT 'animals', a.privilege_type FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.oid = 'animals'::regclass AND a.grantee = (SELECT oid FROM grantee)",
            (role,),
        )
        return set(rows)

    def login(self, role, password):
        connection = SERVER.connect(user=role, password=password, database=self.database)
        self.addCleanup(connection.close)
        return connection

    def assertApiPrivileges(self, role, password):
        """Logged in as ``role``: select, insert and delete work; update and drop do not."""
        connection = self.login(role, password)
        cursor = connection.cursor()
        cursor.execute("SELECT current_user, usesuper FROM pg_user WHERE usename = current_user")
        self.assertEqual(tuple(cursor.fetchone()), (role, False))
        cursor.execute(
            "INSERT INTO animals (name, weight, height) VALUES (%s, %s, %s)", ("Lynx", 20, 60)
        )
        cursor.execute("SELECT name FROM animals")
        self.assertEqual([row[0] for row in cursor.fetchall()], ["Lynx"])
        connection.commit()
        for statement in ("UPDATE animals SET weight = 1", "DROP TABLE animals"):
            with self.subTest(statement=statement):
                with self.assertRaises(pg8000.DatabaseError) as caught:
                    cursor.execute(statement)
                connection.rollback()
                self.assertEqual(db.sqlstate(caught.exception), INSUFFICIENT_PRIVILEGE)
        cursor.execute("DELETE FROM animals WHERE name = %s", ("Lynx",))
        self.assertEqual(cursor.rowcount, 1)
        connection.commit()
        self.assertEqual(self.grants(role), API_GRANTS)


class DefaultRoleTest(ApiRoleTestCase):
    def test_default_role_comes_from_002_with_exactly_the_api_privileges(self):
        result = self.run_migrations()
        self.assertEqual(result["applied"], SHIPPED)
        self.assertEqual(
            result["api_role"],
            {
                "name": DEFAULT_ROLE,
                "created": False,
                "default_role_removed": False,
                "default_role_kept": False,
            },
        )
        self.assertEqual(self.secrets.stored()["username"], DEFAULT_ROLE)
        self.assertApiPrivileges(DEFAULT_ROLE, self.secrets.stored()["password"])

    def test_missing_default_role_is_created_again(self):
        # The state after switching back from a custom name: 002 is recorded,
        # so only this step can bring the role back.
        self.run_migrations(IAM_USERNAME=CUSTOM_ROLE)
        self.assertNotIn(DEFAULT_ROLE, self.roles())
        # The secret still names the custom role, so it is replaced (a warning).
        with self.assertLogs("migrate", logging.WARNING):
            result = self.run_migrations(IAM_USERNAME=None)
        self.assertEqual(result["applied"], [])
        self.assertTrue(result["api_role"]["created"])
        self.assertEqual(self.secrets.stored()["username"], DEFAULT_ROLE)
        self.assertApiPrivileges(DEFAULT_ROLE, self.secrets.stored()["password"])

    def test_empty_name_means_the_default(self):
        result = self.run_migrations(IAM_USERNAME="  ", IAM_USER_SECRET_ARN=None)
        self.assertEqual(result["api_role"]["name"], DEFAULT_ROLE)
        self.assertEqual(result["iam_user_password"], "not managed")


class CustomRoleTest(ApiRoleTestCase):
    def test_custom_role_replaces_the_default_role(self):
        with self.assertLogs("migrate", logging.INFO) as logs:
            result = self.run_migrations(IAM_USERNAME=CUSTOM_ROLE)
        self.assertEqual(
            result,
            {
                "applied": SHIPPED,
                "skipped": [],
                "api_role": {
                    "name": CUSTOM_ROLE,
                    "created": True,
                    "default_role_removed": True,
                    "default_role_kept": False,
                },
                "iam_user_password": "created",
            },
        )
        stored = self.secrets.stored()
        self.assertEqual(stored["username"], CUSTOM_ROLE)
        self.assertApiPrivileges(CUSTOM_ROLE, stored["password"])
        with self.assertRaises(pg8000.Error):
            SERVER.connect(user=CUSTOM_ROLE, password="not-the-password", database=self.database)
        self.assertNotIn(DEFAULT_ROLE, self.roles())
        self.assertNotIn(stored["password"], json.dumps(result))
        self.assertNotIn(stored["password"], support.formatted_records(logs.records))

    def test_second_run_changes_nothing(self):
        self.run_migrations(IAM_USERNAME=CUSTOM_ROLE)
        password = self.secrets.stored()["password"]
        acl = "SELECT relacl::text FROM pg_class WHERE relname = 'animals'"
        before = (self.query(acl), self.roles())

        result = self.run_migrations(IAM_USERNAME=CUSTOM_ROLE)
        self.assertEqual(
            result,
            {
                "applied": [],
                "skipped": SHIPPED,
                "api_role": {
                    "name": CUSTOM_ROLE,
                    "created": False,
                    "default_role_removed": False,
                    "default_role_kept": False,
                },
                "iam_user_password": "synced",
            },
        )
        self.assertEqual((self.query(acl), self.roles()), before)
        self.assertEqual(len(self.secrets.puts), 1)
        self.assertApiPrivileges(CUSTOM_ROLE, password)

    def test_name_is_quoted_not_folded(self):
        # Unquoted, PostgreSQL would fold the name to api_user.
        result = self.run_migrations(IAM_USERNAME="Api_User")
        self.assertTrue(result["api_role"]["created"])
        self.assertIn("Api_User", self.roles())
        self.assertNotIn(CUSTOM_ROLE, self.roles())
        self.assertApiPrivileges("Api_User", self.secrets.stored()["password"])

    def test_existing_custom_role_is_granted_and_leaves_rds_iam(self):
        self.admin_execute(self.database, "CREATE ROLE rds_iam")
        self.admin_execute(self.database, f"CREATE ROLE {CUSTOM_ROLE} LOGIN")
        self.admin_execute(self.database, f"GRANT rds_iam TO {CUSTOM_ROLE}")
        result = self.run_migrations(IAM_USERNAME=CUSTOM_ROLE)
        self.assertFalse(result["api_role"]["created"])
        self.assertEqual(
            self.query("SELECT pg_has_role(%s, 'rds_iam', 'MEMBER')", (CUSTOM_ROLE,)),
            [(False,)],
        )
        self.assertApiPrivileges(CUSTOM_ROLE, self.secrets.stored()["password"])

    def test_default_role_owning_an_object_is_kept_without_api_privileges(self):
        support.migrate_database(SERVER, database=self.database)
        self.admin_execute(self.database, "CREATE TABLE notes (body TEXT)")
        self.admin_execute(self.database, f"ALTER TABLE notes OWNER TO {DEFAULT_ROLE}")

        with self.assertLogs("migrate", logging.WARNING) as logs:
            result = self.run_migrations(IAM_USERNAME=CUSTOM_ROLE)
        self.assertEqual(
            result["api_role"],
            {
                "name": CUSTOM_ROLE,
                "created": True,
                "default_role_removed": False,
                "default_role_kept": True,
            },
        )
        warnings = [r.getMessage() for r in logs.records if r.levelno == logging.WARNING]
        self.assertTrue(any(DEFAULT_ROLE in message for message in warnings), warnings)
        self.assertIn(DEFAULT_ROLE, self.roles())
        self.assertEqual(
            self.query("SELECT tableowner FROM pg_tables WHERE tablename = 'notes'"),
            [(DEFAULT_ROLE,)],
        )
        self.assertEqual(self.grants(DEFAULT_ROLE), set())
        self.assertApiPrivileges(CUSTOM_ROLE, self.secrets.stored()["password"])

        # Later runs keep going the same way.
        with self.assertLogs("migrate", logging.WARNING):
            again = self.run_migrations(IAM_USERNAME=CUSTOM_ROLE)
        self.assertTrue(again["api_role"]["default_role_kept"])


class RefusedNameTest(ApiRoleTestCase):
    MALFORMED = ["bad-name;drop", "1abc", "_abc", "api user", "a" * 64, "caf\u00e9", "api_user;"]

    def test_malformed_name_fails_before_connecting(self):
        for name in self.MALFORMED:
            with self.subTest(name=name):
                connections = []
                with self.assertRaises(db.ConfigurationError) as caught:
                    migrate.run(
                        self.environment(IAM_USERNAME=name),
                        secrets_client=self.secrets,
                        open_connection=lambda: connections.append(1),
                    )
                self.assertIn("IAM_USERNAME", str(caught.exception))
                self.assertEqual(connections, [])

    def test_malformed_name_changes_nothing(self):
        roles = self.roles()
        with self.assertRaisesRegex(db.ConfigurationError, "IAM_USERNAME"):
            self.run_migrations(IAM_USERNAME="bad-name;drop")
        self.assertEqual(self.query("SELECT to_regclass('schema_migrations') IS NULL"), [(True,)])
        self.assertEqual(self.roles(), roles)
        self.assertEqual(self.secrets.puts, [])

    def test_longest_name_is_accepted(self):
        name = "a" * 63
        self.assertEqual(migrate.iam_username_from_env({"IAM_USERNAME": name}), name)

    def test_migration_login_role_is_refused(self):
        with self.assertRaisesRegex(migrate.MigrationError, "IAM_USERNAME") as caught:
            self.run_migrations(IAM_USERNAME=pg_server.SUPERUSER)
        self.assertIn(pg_server.SUPERUSER, str(caught.exception))
        self.assertEqual(self.secrets.puts, [])
        # Nothing of the role step was committed: the default role keeps its grants.
        self.assertEqual(self.grants(DEFAULT_ROLE), API_GRANTS)


if __name__ == "__main__":
    unittest.main()
