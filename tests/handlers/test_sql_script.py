"""Splitting migration files into statements."""

import unittest

import support  # noqa: F401  (puts the Lambda sources on sys.path)

from sql_script import ScriptError, split_statements


class SplitStatementsTest(unittest.TestCase):
    def test_plain_statements(self):
        self.assertEqual(
            split_statements("CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);"),
            ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)"],
        )

    def test_last_statement_without_semicolon(self):
        self.assertEqual(split_statements("SELECT 1; SELECT 2"), ["SELECT 1", "SELECT 2"])

    def test_empty_pieces_and_comment_only_pieces_are_dropped(self):
        self.assertEqual(
            split_statements(";;\n-- just a comment;\n/* and; another */ ;SELECT 1;\n-- tail"),
            ["SELECT 1"],
        )

    def test_semicolons_in_string_literals(self):
        self.assertEqual(
            split_statements("INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT 2"),
            ["INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT 2"],
        )

    def test_escape_string_with_backslash_quote(self):
        self.assertEqual(
            split_statements(r"SELECT E'a\';b'; SELECT 2"), [r"SELECT E'a\';b'", "SELECT 2"]
        )

    def test_identifier_ending_in_e_is_not_an_escape_string(self):
        self.assertEqual(
            split_statements(r"SELECT type'\'; SELECT 2"), [r"SELECT type'\'", "SELECT 2"]
        )

    def test_semicolons_in_quoted_identifiers(self):
        self.assertEqual(
            split_statements('CREATE TABLE "a;b" ("c""d;" int); SELECT 1'),
            ['CREATE TABLE "a;b" ("c""d;" int)', "SELECT 1"],
        )

    def test_dollar_quoted_do_block(self):
        block = "DO $$\nBEGIN\n  PERFORM 1; PERFORM 'x;';\nEND\n$$"
        self.assertEqual(split_statements(block + ";\nSELECT 1;"), [block, "SELECT 1"])

    def test_tagged_dollar_quotes_may_contain_plain_ones(self):
        body = "CREATE FUNCTION f() RETURNS text AS $fn$ SELECT $$a;b$$ $fn$ LANGUAGE sql"
        self.assertEqual(split_statements(body + "; SELECT 1"), [body, "SELECT 1"])

    def test_positional_parameters_are_not_dollar_quotes(self):
        sql = "PREPARE p(int) AS SELECT $1; EXECUTE p(1)"
        self.assertEqual(split_statements(sql), ["PREPARE p(int) AS SELECT $1", "EXECUTE p(1)"])

    def test_dollar_inside_identifier_is_not_a_quote(self):
        self.assertEqual(
            split_statements("SELECT a$b$ FROM t; SELECT 2"), ["SELECT a$b$ FROM t", "SELECT 2"]
        )

    def test_comments_hide_semicolons_and_quotes(self):
        sql = "SELECT 1 -- it's; not code\n, 2 /* nested /* ; */ ' */ ; SELECT 3"
        self.assertEqual(
            split_statements(sql),
            ["SELECT 1 -- it's; not code\n, 2 /* nested /* ; */ ' */", "SELECT 3"],
        )

    def test_unterminated_string_is_reported_with_its_line(self):
        with self.assertRaisesRegex(ScriptError, "string literal.*line 2"):
            split_statements("SELECT 1;\nSELECT 'oops;")

    def test_unterminated_dollar_quote(self):
        with self.assertRaisesRegex(ScriptError, r"dollar-quoted string \$\$"):
            split_statements("DO $$ BEGIN END;")

    def test_unterminated_comment(self):
        with self.assertRaisesRegex(ScriptError, "comment"):
            split_statements("SELECT 1; /* never closed")


if __name__ == "__main__":
    unittest.main()
