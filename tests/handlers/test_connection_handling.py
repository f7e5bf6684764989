"""Connection reuse, recovery and failure behaviour of the handlers."""

import json
import os
import threading
import time
import unittest
from unittest import mock

import support
from support import api_event

import db  # noqa: E402  (importable once support has set sys.path)
import get_animals
import post_animals

SERVER = None
PASSWORD = None


def setUpModule():
    global SERVER, PASSWORD
    SERVER = support.start_server()
    support.migrate_database(SERVER)
    PASSWORD = support.new_password()
    support.set_role_password(SERVER, "iam_token_user", PASSWORD)
    support.use_api_role(SERVER, PASSWORD)


def backend_pid():
    """The server process behind this thread's cached handler connection."""

    def query(cursor):
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]

    return db.run_in_transaction(query)


def admin_execute(sql, parameters=()):
    admin = SERVER.admin()
    try:
        cursor = admin.cursor()
        cursor.execute(sql, parameters)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else None
    finally:
        admin.close()


class ConnectionHandlingTest(support.HandlerTestCase):
    def setUp(self):
        admin_execute("TRUNCATE animals")

    def test_connection_is_reused_between_invocations(self):
        first = backend_pid()
        self.assertResponse(get_animals.handler(api_event("GET"), None), 200)
        self.assertEqual(backend_pid(), first)

    def test_terminated_backend_is_replaced_transparently(self):
        event = api_event("POST", body={"name": "Lion", "weight": 1, "height": 2})
        self.assertResponse(post_animals.handler(event, None), 201)
        old_pid = backend_pid()
        [(terminated,)] = admin_execute("SELECT pg_terminate_backend(%s)", (old_pid,))
        self.assertTrue(terminated)
        deadline = time.monotonic() + 10
        while admin_execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (old_pid,)):
            self.assertLess(time.monotonic(), deadline, "backend did not exit")
            time.sleep(0.05)

        with self.assertLogs("db", "WARNING") as logs:
            result = get_animals.handler(api_event("GET", query={"name": "Lion"}), None)
        self.assertEqual(self.assertResponse(result, 200)["name"], "Lion")
        self.assertIn("reconnecting", "\n".join(logs.output))
        self.assertNotEqual(backend_pid(), old_pid)

    def test_failed_statement_is_rolled_back_and_connection_kept(self):
        pid = backend_pid()
        admin_execute("REVOKE SELECT ON animals FROM iam_token_user")
        try:
            with self.assertLogs("api_gateway", "ERROR") as logs:
                result = get_animals.handler(api_event("GET"), None)
            self.assertError(result, 500)
            self.assertEqual(json.loads(result["body"]), {"error": "internal error"})
            self.assertIn("permission denied", support.formatted_records(logs.records))
        finally:
            admin_execute("GRANT SELECT ON animals TO iam_token_user")
        # Without a rollback this would fail with "current transaction is aborted".
        self.assertResponse(get_animals.handler(api_event("GET"), None), 200)
        self.assertEqual(backend_pid(), pid)

    def test_database_error_is_generic_500_without_credentials(self):
        wrong_password = support.new_password()
        db.close()
        try:
            with mock.patch.dict(os.environ, {"DB_PASSWORD": wrong_password}):
                with self.assertLogs(level="DEBUG") as logs:
                    result = get_animals.handler(api_event("GET"), None)
        finally:
            db.close()
        self.assertEqual(self.assertResponse(result, 500), {"error": "internal error"})
        logged = support.formatted_records(logs.records)
        self.assertIn("authentication failed", logged)
        for secret in (wrong_password, PASSWORD):
            self.assertNotIn(secret, result["body"])
            self.assertNotIn(secret, logged)
        # The right password works again once the environment is restored.
        self.assertResponse(get_animals.handler(api_event("GET"), None), 200)

    def test_database_unreachable_is_generic_500(self):
        db.close()
        try:
            with mock.patch.dict(os.environ, {"DB_PORT": str(support.pg_server.free_port())}):
                with self.assertLogs("api_gateway", "ERROR"):
                    result = get_animals.handler(api_event("GET"), None)
        finally:
            db.close()
        self.assertEqual(self.assertResponse(result, 500), {"error": "internal error"})

    def test_concurrent_creates_of_one_name_give_one_201(self):
        threads_count = 8
        barrier = threading.Barrier(threads_count)
        statuses = []
        failures = []
        lock = threading.Lock()

        def create(index):
            try:
                event = api_event("POST", body={"name": "Gnu", "weight": index + 1, "height": 1})
                barrier.wait(timeout=30)
                result = post_animals.handler(event, None)
                with lock:
                    statuses.append(result["statusCode"])
            except Exception as error:  # surfaced by the assertion below
                with lock:
                    failures.append(error)
            finally:
                db.close()  # each thread opened its own connection

        threads = [threading.Thread(target=create, args=(i,)) for i in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(failures, [])
        self.assertEqual(sorted(statuses), [201] + [409] * (threads_count - 1))
        rows = admin_execute("SELECT count(*) FROM animals WHERE name = 'Gnu'")
        self.assertEqual(rows, [(1,)])

    def test_threads_do_not_share_a_connection(self):
        pids = {}
        # All threads hold their connection at the same time, so a shared
        # connection would show up as one pid.
        barrier = threading.Barrier(3)

        def record(key):
            try:
                pids[key] = backend_pid()
                barrier.wait(timeout=30)
            finally:
                db.close()

        threads = [threading.Thread(target=record, args=(i,)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(len(set(pids.values())), 3)


if __name__ == "__main__":
    unittest.main()
