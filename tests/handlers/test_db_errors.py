"""Which driver errors mean "the connection is gone", for both pg8000 generations."""

import unittest

import support  # noqa: F401  (puts the Lambda sources on sys.path)

import pg8000

import db


def legacy_error(*fields):
    """An error as pg8000 before 1.11 raises it: ErrorResponse fields positionally."""
    return pg8000.ProgrammingError(*fields)


def current_error(**fields):
    """An error as current pg8000 raises it: one dict keyed by field code."""
    return pg8000.ProgrammingError(fields)


class SqlstateTest(unittest.TestCase):
    def test_current_dict_form(self):
        self.assertEqual(db.sqlstate(current_error(S="ERROR", C="23505", M="duplicate")), "23505")

    def test_legacy_form_with_both_severities(self):
        error = legacy_error("ERROR", "ERROR", "42P01", 'relation "x" does not exist')
        self.assertEqual(db.sqlstate(error), "42P01")

    def test_legacy_form_from_servers_before_9_6(self):
        self.assertEqual(db.sqlstate(legacy_error("FATAL", "57P01", "terminating")), "57P01")

    def test_no_code(self):
        self.assertIsNone(db.sqlstate(pg8000.InterfaceError("connection is closed")))
        self.assertIsNone(db.sqlstate(pg8000.ProgrammingError()))


class ConnectionLostTest(unittest.TestCase):
    def test_lost(self):
        cases = [
            pg8000.InterfaceError("network error"),
            pg8000.OperationalError("[Errno 32] Broken pipe"),
            BrokenPipeError(32, "Broken pipe"),
            ConnectionResetError(104, "Connection reset by peer"),
            EOFError(),
            legacy_error("FATAL", "FATAL", "57P01", "terminating connection"),
            current_error(S="FATAL", V="FATAL", C="57P01", M="terminating connection"),
            current_error(S="ERROR", V="ERROR", C="08006", M="connection failure"),
            current_error(S="FATAL", V="FATAL", C="XX000", M="unexpected"),
            legacy_error("ERROR", "ERROR", "57P03", "the database system is starting up"),
        ]
        for error in cases:
            with self.subTest(error=error):
                self.assertTrue(db.is_connection_lost(error))

    def test_not_lost(self):
        cases = [
            legacy_error("ERROR", "ERROR", "42P01", 'relation "animals" does not exist'),
            current_error(S="ERROR", V="ERROR", C="23505", M="duplicate key"),
            current_error(S="ERROR", V="ERROR", C="42501", M="permission denied"),
            legacy_error("ERROR", "ERROR", "57014", "canceling statement due to statement timeout"),
            ValueError("not a database error"),
        ]
        for error in cases:
            with self.subTest(error=error):
                self.assertFalse(db.is_connection_lost(error))


if __name__ == "__main__":
    unittest.main()
