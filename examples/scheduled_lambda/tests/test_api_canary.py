"""The canary handler's check, against answers of a fake API (no network)."""

import io
import json
import os
import sys
import unittest

# No __pycache__ in the handler folder: it is the function's zip.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "canary"))
import api_canary  # noqa: E402


class Answer(io.BytesIO):
    def __init__(self, status, body):
        super().__init__(json.dumps(body).encode())
        self.status = status


def answering(status, body):
    def open_url(url, timeout):
        return Answer(status, body)
    return open_url


class CheckTest(unittest.TestCase):
    def test_a_list_of_animals_passes_and_is_counted(self):
        self.assertEqual(api_canary.check("https://api/animals", answering(200, [{"name": "Lion"}])), 1)

    def test_an_empty_list_passes(self):
        self.assertEqual(api_canary.check("https://api/animals", answering(200, [])), 0)

    def test_an_error_status_fails(self):
        with self.assertRaisesRegex(RuntimeError, "status 500"):
            api_canary.check("https://api/animals", answering(500, {"error": "internal"}))

    def test_an_answer_that_is_not_a_list_fails(self):
        with self.assertRaisesRegex(RuntimeError, "status 200"):
            api_canary.check("https://api/animals", answering(200, {"message": "Forbidden"}))


if __name__ == "__main__":
    unittest.main()
