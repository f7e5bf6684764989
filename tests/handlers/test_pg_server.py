"""The throwaway server fixture cleans up after itself and fails loudly."""

import os
import socket
import unittest

import support  # noqa: F401  (checks the prerequisites first)

import pg_server


def accepts_connections(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class FixtureTest(unittest.TestCase):
    def test_missing_binaries_fail_with_the_package_name(self):
        with self.assertRaises(pg_server.MissingPrerequisite) as caught:
            pg_server.find_server_binaries(search_dirs=[], path=os.devnull)
        message = str(caught.exception)
        self.assertIn("initdb", message)
        self.assertIn("apt-get install -y postgresql", message)
        # An AssertionError is reported as a failure, never as a skip.
        self.assertIsInstance(caught.exception, AssertionError)

    def test_server_listens_on_loopback_and_stop_removes_everything(self):
        server = pg_server.PostgresServer()
        self.addCleanup(server.stop)
        server.start()
        root, port = server.root, server.port
        self.assertTrue(os.path.isdir(os.path.join(root, "data")))
        self.assertTrue(accepts_connections(port))
        admin = server.admin()
        try:
            cursor = admin.cursor()
            cursor.execute("SHOW listen_addresses")
            self.assertEqual(cursor.fetchone()[0], "127.0.0.1")
            cursor.execute("SHOW unix_socket_directories")
            self.assertTrue(cursor.fetchone()[0].startswith(root))
        finally:
            admin.close()
        server.stop()
        self.assertFalse(os.path.exists(root))
        self.assertFalse(accepts_connections(port))
        server.stop()  # a second stop is harmless

    def test_failed_start_still_removes_the_folder(self):
        server = pg_server.PostgresServer()
        self.addCleanup(server.stop)
        server.binaries = {**server.binaries, "initdb": "/bin/false"}
        with self.assertRaises(RuntimeError):
            server.start()
        root = server.root
        self.assertTrue(os.path.isdir(root))
        server.stop()
        self.assertFalse(os.path.exists(root))


if __name__ == "__main__":
    unittest.main()
