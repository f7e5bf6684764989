"""The migration runner against a real server; each test gets its own database."""

import hashlib
import json
import os
import shutil
import tempfile
import unittest
from unittest import mock

import support  # first: it fails loudly when a prerequisite is missing

import boto3
from botocore.stub import Stubber

import db  # noqa: E402  (importable once support has set sys.path)
import migrate

SERVER = None
SHIPPED = ["001_animals.sql", "002_iam_token_user.sql"]
# The default role, created by 002 rather than by the runner's role step.
DEFAULT_API_ROLE = {
    "name": "iam_token_user",
    "created": False,
    "default_role_removed": False,
    "default_role_kept": False,
}


def setUpModule():
    global SERVER
    SERVER = support.start_server()


class MigrationTestCase(unittest.TestCase):
    _databases = 0

    def setUp(self):
        MigrationTestCase._databases += 1
        self.database = f"migrate_{MigrationTestCase._databases}"
        admin = SERVER.admin(database="postgres")
        try:
            admin.cursor().execute(f"CREATE DATABASE {self.database}")
        finally:
            admin.close()

    def migrate(self, directory=support.SQL_DIR):
        return support.migrate_database(SERVER, database=self.database, directory=directory)

    def query(self, sql, parameters=()):
        return support.query(SERVER, self.database, sql, parameters)

    def scratch_copy(self):
        """A writable copy of the shipped migrations."""
        folder = tempfile.mkdtemp(prefix="infra-migrations-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        for name in SHIPPED:
            shutil.copy(os.path.join(support.SQL_DIR, name), folder)
        return folder

    def write(self, folder, name, sql):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(sql)


class ApplyTest(MigrationTestCase):
    def test_shipped_folder_holds_the_expected_files(self):
        self.assertEqual([m.version for m in migrate.load_migrations(support.SQL_DIR)], SHIPPED)

    def test_first_run_applies_everything_in_order(self):
        self.assertEqual(self.migrate(), {"applied": SHIPPED, "skipped": []})
        rows = self.query("SELECT version FROM schema_migrations ORDER BY applied_at, version")
        self.assertEqual([row[0] for row in rows], SHIPPED)

    def test_second_run_applies_nothing(self):
        self.migrate()
        before = self.query("SELECT version, applied_at FROM schema_migrations ORDER BY version")
        self.assertEqual(self.migrate(), {"applied": [], "skipped": SHIPPED})
        after = self.query("SELECT version, applied_at FROM schema_migrations ORDER BY version")
        self.assertEqual(before, after)

    def test_recorded_checksums_are_sha256_of_the_files(self):
        self.migrate()
        recorded = dict(self.query("SELECT version, checksum FROM schema_migrations"))
        for name in SHIPPED:
            with open(os.path.join(support.SQL_DIR, name), "rb") as handle:
                self.assertEqual(recorded[name], hashlib.sha256(handle.read()).hexdigest())

    def test_schema_matches_the_seed(self):
        self.migrate()
        columns = self.query(
            "SELECT column_name, data_type, numeric_precision, numeric_scale, is_nullable "
            "FROM information_schema.columns WHERE table_name = 'animals' ORDER BY ordinal_position"
        )
        self.assertEqual(
            columns,
            [
                ("name", "text", None, None, "NO"),
                ("weight", "numeric", 6, 2, "NO"),
                ("height", "numeric", 6, 2, "NO"),
            ],
        )
        [(primary_key,)] = self.query(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = 'animals'::regclass AND i.indisprimary"
        )
        self.assertEqual(primary_key, "name")
        checks = self.query(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'animals'::regclass AND contype = 'c' ORDER BY 1"
        )
        self.assertEqual(
            checks,
            [("CHECK ((height > (0)::numeric))",), ("CHECK ((weight > (0)::numeric))",)],
        )

    def test_each_file_is_idempotent_on_its_own(self):
        self.migrate()
        connection = SERVER.admin(database=self.database)
        try:
            cursor = connection.cursor()
            for migration in migrate.load_migrations(support.SQL_DIR):
                for statement in migrate.sql_script.split_statements(migration.sql):
                    db.execute_literal(cursor, statement)
        finally:
            connection.close()

    def test_new_file_is_applied_alone(self):
        folder = self.scratch_copy()
        self.migrate(folder)
        self.write(folder, "003_habitat.sql", "ALTER TABLE animals ADD COLUMN habitat TEXT;")
        self.assertEqual(
            self.migrate(folder), {"applied": ["003_habitat.sql"], "skipped": SHIPPED}
        )
        self.assertEqual(
            self.query(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'habitat'"
            ),
            [(1,)],
        )

    def test_literal_percent_signs_and_semicolons_survive(self):
        folder = self.scratch_copy()
        self.write(
            folder,
            "003_notes.sql",
            "CREATE TABLE notes (body TEXT);\n"
            "INSERT INTO notes VALUES ('100% done; really'), ($q$50%; $$ not the end$q$);\n"
            "INSERT INTO notes SELECT format('%s%%', 7);\n",
        )
        self.migrate(folder)
        self.assertEqual(
            sorted(row[0] for row in self.query("SELECT body FROM notes")),
            ["100% done; really", "50%; $$ not the end", "7%"],
        )

    def test_non_sql_files_are_ignored(self):
        folder = self.scratch_copy()
        self.write(folder, "README.md", "not SQL")
        self.assertEqual(self.migrate(folder)["applied"], SHIPPED)


class FailureTest(MigrationTestCase):
    def test_modified_applied_file_is_an_error_naming_it(self):
        folder = self.scratch_copy()
        self.migrate(folder)
        with open(os.path.join(folder, "001_animals.sql"), "a", encoding="utf-8") as handle:
            handle.write("\n-- edited after release\n")
        self.write(folder, "003_later.sql", "CREATE TABLE later (id integer);")
        with self.assertRaises(migrate.MigrationError) as caught:
            self.migrate(folder)
        self.assertIn("001_animals.sql", str(caught.exception))
        # Nothing new runs while the history disagrees with the files.
        self.assertEqual(self.query("SELECT to_regclass('later') IS NULL"), [(True,)])

    def test_failing_file_is_rolled_back_and_not_recorded(self):
        folder = self.scratch_copy()
        self.write(
            folder,
            "003_broken.sql",
            "CREATE TABLE half_done (id integer);\nINSERT INTO no_such_table VALUES (1);\n",
        )
        with self.assertRaises(migrate.MigrationError) as caught:
            self.migrate(folder)
        self.assertIn("003_broken.sql", str(caught.exception))
        self.assertIn("no_such_table", str(caught.exception))
        self.assertEqual(self.query("SELECT to_regclass('half_done') IS NULL"), [(True,)])
        versions = self.query("SELECT version FROM schema_migrations ORDER BY 1")
        self.assertEqual([row[0] for row in versions], SHIPPED)

    def test_fixed_file_applies_after_a_failure(self):
        folder = self.scratch_copy()
        self.write(folder, "003_fix.sql", "CREATE TABLE fixed (id integer) oops;")
        with self.assertRaises(migrate.MigrationError):
            self.migrate(folder)
        self.write(folder, "003_fix.sql", "CREATE TABLE fixed (id integer);")
        self.assertEqual(self.migrate(folder)["applied"], ["003_fix.sql"])

    def test_unterminated_quote_is_an_error_naming_the_file(self):
        folder = self.scratch_copy()
        self.write(folder, "003_bad_quote.sql", "INSERT INTO animals VALUES ('oops, 1, 1);")
        with self.assertRaises(migrate.MigrationError) as caught:
            self.migrate(folder)
        self.assertIn("003_bad_quote.sql", str(caught.exception))
        self.assertIn("unterminated", str(caught.exception))

    def test_missing_folder_is_an_error(self):
        with self.assertRaises(migrate.MigrationError):
            self.migrate(os.path.join(support.SQL_DIR, "no-such-folder"))


class HandlerTest(MigrationTestCase):
    def environment(self, **extra):
        values = {
            "DB_HOST": SERVER.host,
            "DB_PORT": str(SERVER.port),
            "DB_NAME": self.database,
            "DB_USER": "postgres",
            "DB_PASSWORD": "",
            "DB_AUTH": "password",
            "DB_CONNECT_RETRY_SECONDS": "0",
            "MIGRATIONS_DIR": support.SQL_DIR,
        }
        values.update(extra)
        return mock.patch.dict(os.environ, values)

    def test_handler_applies_the_folder_from_the_environment(self):
        with self.environment():
            os.environ.pop("MASTER_SECRET_ARN", None)
            os.environ.pop("IAM_USER_SECRET_ARN", None)
            self.assertEqual(
                migrate.handler({}, None),
                {
                    "applied": SHIPPED,
                    "skipped": [],
                    "api_role": DEFAULT_API_ROLE,
                    "iam_user_password": "not managed",
                },
            )
            self.assertEqual(
                migrate.handler({}, None),
                {
                    "applied": [],
                    "skipped": SHIPPED,
                    "api_role": DEFAULT_API_ROLE,
                    "iam_user_password": "not managed",
                },
            )

    def test_default_folder_is_sql_next_to_the_handler(self):
        self.assertEqual(
            migrate.DEFAULT_MIGRATIONS_DIR, os.path.join(support.LAMBDA_SRC, "sql")
        )

    def test_local_run_without_password_is_a_configuration_error(self):
        with self.environment():
            os.environ.pop("DB_PASSWORD")
            os.environ.pop("MASTER_SECRET_ARN", None)
            with self.assertRaises(db.ConfigurationError):
                migrate.handler({}, None)


class MasterSecretTest(unittest.TestCase):
    ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:aurora-master-AbCdEf"

    def stubbed_client(self, secret_string):
        client = boto3.client(
            "secretsmanager",
            region_name="us-east-1",
            aws_access_key_id="AKIAFAKEFAKEFAKEFAKE",
            aws_secret_access_key="fake-secret-key",
        )
        stubber = Stubber(client)
        stubber.add_response(
            "get_secret_value",
            {"ARN": self.ARN, "Name": "aurora-master", "SecretString": secret_string},
            {"SecretId": self.ARN},
        )
        stubber.activate()
        self.addCleanup(stubber.deactivate)
        self.addCleanup(stubber.assert_no_pending_responses)
        return client

    def test_credentials_come_from_the_secret(self):
        client = self.stubbed_client(json.dumps({"username": "master", "password": "s3cr3t!"}))
        environ = {"MASTER_SECRET_ARN": self.ARN, "DB_HOST": "cluster.example", "DB_NAME": "app"}
        settings = migrate.master_settings_from_env(environ, secrets_client=client)
        self.assertEqual((settings.user, settings.password), ("master", "s3cr3t!"))
        self.assertEqual(
            (settings.host, settings.port, settings.database), ("cluster.example", 5432, "app")
        )
        self.assertTrue(settings.tls)
        self.assertNotIn("s3cr3t!", repr(settings))

    def test_malformed_secret_is_an_error_that_hides_its_content(self):
        client = self.stubbed_client(json.dumps({"user": "master", "pass": "hunter2"}))
        with self.assertRaises(migrate.MigrationError) as caught:
            migrate.read_master_secret(self.ARN, client)
        self.assertNotIn("hunter2", str(caught.exception))
        self.assertIn(self.ARN, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
