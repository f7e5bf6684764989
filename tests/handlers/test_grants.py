"""iam_token_user gets exactly SELECT, INSERT and DELETE on animals."""

import unittest

import support  # first: it fails loudly when a prerequisite is missing

import pg8000

SERVER = None
PASSWORD = None

INSUFFICIENT_PRIVILEGE = "42501"


def setUpModule():
    global SERVER, PASSWORD
    SERVER = support.start_server()
    support.migrate_database(SERVER)
    PASSWORD = support.new_password()
    support.set_role_password(SERVER, "iam_token_user", PASSWORD)


class GrantsTest(unittest.TestCase):
    def setUp(self):
        admin = SERVER.admin()
        try:
            admin.cursor().execute("TRUNCATE animals")
        finally:
            admin.close()
        self.connection = SERVER.connect(user="iam_token_user", password=PASSWORD)
        self.addCleanup(self.connection.close)
        self.cursor = self.connection.cursor()

    def assertRefused(self, sql):
        import db

        with self.assertRaises(pg8000.DatabaseError) as caught:
            self.cursor.execute(sql)
        self.connection.rollback()
        self.assertEqual(db.sqlstate(caught.exception), INSUFFICIENT_PRIVILEGE, caught.exception)
        self.assertRegex(str(caught.exception), "permission denied|must be owner")

    def test_logs_in_as_itself_without_superuser(self):
        self.cursor.execute(
            "SELECT current_user, usesuper FROM pg_user WHERE usename = current_user"
        )
        self.assertEqual(tuple(self.cursor.fetchone()), ("iam_token_user", False))

    def test_wrong_password_is_refused(self):
        with self.assertRaises(pg8000.Error):
            SERVER.connect(user="iam_token_user", password="not-the-password").close()

    def test_select_insert_delete_are_allowed(self):
        self.cursor.execute(
            "INSERT INTO animals (name, weight, height) VALUES (%s, %s, %s)", ("Lynx", 20, 60)
        )
        self.cursor.execute("SELECT name FROM animals")
        self.assertEqual([row[0] for row in self.cursor.fetchall()], ["Lynx"])
        self.cursor.execute("DELETE FROM animals WHERE name = %s", ("Lynx",))
        self.assertEqual(self.cursor.rowcount, 1)
        self.connection.commit()

    def test_drop_table_is_refused(self):
        self.assertRefused("DROP TABLE animals")

    def test_update_is_refused(self):
        self.assertRefused("UPDATE animals SET weight = 1")

    def test_create_table_is_refused(self):
        self.assertRefused("CREATE TABLE x (id integer)")

    def test_truncate_is_refused(self):
        self.assertRefused("TRUNCATE animals")

    def test_schema_migrations_is_not_readable(self):
        self.assertRefused("SELECT * FROM schema_migrations")

    def test_table_survives_refused_drop(self):
        self.assertRefused("DROP TABLE animals")
        self.cursor.execute("SELECT count(*) FROM animals")
        self.assertEqual(self.cursor.fetchone()[0], 0)


if __name__ == "__main__":
    unittest.main()
