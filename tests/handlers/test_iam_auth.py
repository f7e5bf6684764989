"""IAM token generation and connection settings, offline."""

import logging
import os
import ssl
import unittest
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import support  # noqa: F401  (puts the Lambda sources on sys.path)

import pg8000

import db

PROXY_HOST = "app-proxy.proxy-abcdefghijkl.us-east-1.rds.amazonaws.com"
FAKE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"


def offline_aws(**extra):
    """Fake credentials in the environment; boto3 presigns without any network."""
    values = {
        "AWS_ACCESS_KEY_ID": FAKE_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    values.update(extra)
    return mock.patch.dict(os.environ, values)


class IamTokenTest(unittest.TestCase):
    def setUp(self):
        patcher = offline_aws()
        patcher.start()
        self.addCleanup(patcher.stop)
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
            os.environ.pop(name, None)

    def test_token_is_a_presigned_connect_request_for_the_proxy(self):
        token = db.iam_auth_token(PROXY_HOST, 5432, "iam_token_user", "us-east-1")
        self.assertTrue(token.startswith(f"{PROXY_HOST}:5432/?"), token)
        self.assertNotIn("://", token)
        query = parse_qs(urlsplit("https://" + token).query)
        self.assertEqual(query["Action"], ["connect"])
        self.assertEqual(query["DBUser"], ["iam_token_user"])
        self.assertEqual(query["X-Amz-Algorithm"], ["AWS4-HMAC-SHA256"])
        self.assertTrue(
            query["X-Amz-Credential"][0].startswith(f"{FAKE_KEY_ID}/"), query["X-Amz-Credential"]
        )
        self.assertTrue(query["X-Amz-Credential"][0].endswith("/us-east-1/rds-db/aws4_request"))
        self.assertEqual(query["X-Amz-Expires"], ["900"])
        self.assertRegex(query["X-Amz-Signature"][0], "^[0-9a-f]{64}$")

    def test_iam_settings_use_a_token_and_tls(self):
        environ = {
            "DB_HOST": PROXY_HOST,
            "DB_PORT": "5432",
            "DB_NAME": "app",
            "DB_USER": "iam_token_user",
            "DB_AUTH": "iam",
            "AWS_REGION": "us-east-1",
        }
        settings = db.settings_from_env(environ)
        self.assertEqual(
            (settings.host, settings.port, settings.user), (PROXY_HOST, 5432, "iam_token_user")
        )
        self.assertTrue(settings.password.startswith(f"{PROXY_HOST}:5432/?"))
        self.assertIn("Action=connect", settings.password)
        self.assertIn("DBUser=iam_token_user", settings.password)
        self.assertTrue(settings.tls)
        self.assertNotIn(settings.password, repr(settings))

    def test_iam_is_the_default_and_cannot_drop_tls(self):
        environ = {
            "DB_HOST": PROXY_HOST,
            "DB_NAME": "app",
            "DB_USER": "iam_token_user",
            "DB_TLS": "false",
            "AWS_REGION": "eu-west-1",
        }
        settings = db.settings_from_env(environ)
        self.assertTrue(settings.tls)
        self.assertEqual(settings.port, 5432)
        self.assertIn("eu-west-1", settings.password)

    def test_iam_without_region_is_a_configuration_error(self):
        environ = {"DB_HOST": PROXY_HOST, "DB_NAME": "app", "DB_USER": "iam_token_user"}
        with self.assertRaisesRegex(db.ConfigurationError, "AWS_REGION"):
            db.settings_from_env(environ)


class PasswordSettingsTest(unittest.TestCase):
    BASE = {"DB_HOST": "localhost", "DB_NAME": "app", "DB_USER": "u", "DB_AUTH": "password"}

    def test_password_settings(self):
        environ = {**self.BASE, "DB_PASSWORD": "hunter2-secret", "DB_PORT": "6543"}
        settings = db.settings_from_env(environ)
        self.assertEqual(
            (settings.port, settings.password, settings.tls), (6543, "hunter2-secret", False)
        )
        self.assertNotIn("hunter2-secret", repr(settings))

    def test_password_settings_may_ask_for_tls(self):
        settings = db.settings_from_env({**self.BASE, "DB_PASSWORD": "pw", "DB_TLS": "true"})
        self.assertTrue(settings.tls)

    def test_missing_password(self):
        with self.assertRaisesRegex(db.ConfigurationError, "DB_PASSWORD"):
            db.settings_from_env(self.BASE)

    def test_missing_host(self):
        environ = {key: value for key, value in self.BASE.items() if key != "DB_HOST"}
        with self.assertRaisesRegex(db.ConfigurationError, "DB_HOST"):
            db.settings_from_env({**environ, "DB_PASSWORD": "pw"})

    def test_unknown_auth_mode(self):
        with self.assertRaisesRegex(db.ConfigurationError, "DB_AUTH"):
            db.settings_from_env({**self.BASE, "DB_AUTH": "kerberos", "DB_PASSWORD": "pw"})

    def test_bad_port(self):
        for port in ("abc", "0", "70000"):
            with self.subTest(port=port), self.assertRaisesRegex(db.ConfigurationError, "DB_PORT"):
                db.settings_from_env({**self.BASE, "DB_PASSWORD": "pw", "DB_PORT": port})


class TlsArgumentsTest(unittest.TestCase):
    def test_current_pg8000_gets_a_verifying_context(self):
        def current_connect(user, host="localhost", database=None, port=5432,
                            password=None, ssl_context=None, timeout=None):
            """Signature of pg8000 1.31's connect."""

        arguments = db.tls_arguments(current_connect)
        self.assertEqual(set(arguments), {"ssl_context"})
        context = arguments["ssl_context"]
        self.assertIsInstance(context, ssl.SSLContext)
        self.assertEqual(context.verify_mode, ssl.CERT_REQUIRED)
        self.assertTrue(context.check_hostname)

    def test_custom_ca_bundle_is_loaded(self):
        def current_connect(user, ssl_context=None):
            """Takes ssl_context like current pg8000."""

        with self.assertRaises(FileNotFoundError):
            db.tls_arguments(current_connect, ca_file="/nonexistent/rds-ca.pem")

    def test_installed_pg8000_is_handled(self):
        if "ssl_context" in db.inspect.signature(pg8000.connect).parameters:
            self.assertIn("ssl_context", db.tls_arguments(pg8000.connect))
            return
        with self.assertLogs("db", logging.WARNING) as logs:
            arguments = db.tls_arguments(pg8000.connect)
        self.assertEqual(arguments, {"ssl": True})
        self.assertIn("cannot verify", "\n".join(logs.output))

    def test_driver_without_tls_support_is_refused(self):
        def bare_connect(user, host, port):
            """No TLS keyword at all."""

        with self.assertRaises(db.ConfigurationError):
            db.tls_arguments(bare_connect)


if __name__ == "__main__":
    unittest.main()
