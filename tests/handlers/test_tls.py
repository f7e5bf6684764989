"""db.connect really negotiates TLS when the settings ask for it."""

import unittest

import support

import db  # noqa: E402  (importable once support has set sys.path)

SERVER = None


def setUpModule():
    global SERVER
    SERVER = support.start_server(tls=True)


class TlsConnectionTest(unittest.TestCase):
    def connection_uses_ssl(self, settings):
        connection = db.connect(settings)
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            return cursor.fetchone()[0]
        finally:
            connection.close()

    def settings(self, **extra):
        environ = {
            "DB_HOST": SERVER.host,
            "DB_PORT": str(SERVER.port),
            "DB_NAME": SERVER.database,
            "DB_USER": "postgres",
            "DB_AUTH": "password",
            "DB_PASSWORD": "",
        }
        environ.update(extra)
        return db.settings_from_env(environ)

    def test_tls_requested(self):
        settings = self.settings(DB_TLS="true")
        self.assertTrue(settings.tls)
        if "ssl_context" in db.inspect.signature(db.pg8000.connect).parameters:
            # A verifying context must refuse this self-signed certificate.
            with self.assertRaises(Exception):
                self.connection_uses_ssl(settings)
        else:
            with self.assertLogs("db", "WARNING") as logs:
                self.assertIs(self.connection_uses_ssl(settings), True)
            self.assertIn("cannot verify", "\n".join(logs.output))

    def test_plain_connection_by_default_for_password_auth(self):
        self.assertIs(self.connection_uses_ssl(self.settings()), False)


if __name__ == "__main__":
    unittest.main()
