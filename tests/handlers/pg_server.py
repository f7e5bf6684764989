"""A throwaway PostgreSQL server for the handler tests.

The server lives in a fresh temporary folder, listens only on 127.0.0.1 on a
free port, and is stopped and deleted by ``stop()``. initdb refuses to run as
root, so as root the server programs run as the ``postgres`` OS user.

Authentication: ``trust`` for the superuser and anyone else on loopback,
except ``iam_token_user``, which must send its password (md5), so tests log
in as the API role the way the handlers do.
"""

import atexit
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

SUPERUSER = "postgres"
DATABASE = "app"
API_ROLE = "iam_token_user"

_SERVER_PACKAGE = "postgresql (apt-get install -y postgresql)"


class MissingPrerequisite(AssertionError):
    """Something the handler tests need is not installed. Never a skip."""


def _bindir_from_pg_config():
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return []
    try:
        result = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [result.stdout.strip()]


def _versioned_bindirs():
    def major(path):
        match = re.search(r"/postgresql/(\d+)/", path)
        return int(match.group(1)) if match else 0

    return sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=major, reverse=True)


def find_server_binaries(search_dirs=None, path=None):
    """Return ``{"initdb": ..., "pg_ctl": ...}`` or raise MissingPrerequisite."""
    if search_dirs is None:
        search_dirs = _bindir_from_pg_config() + _versioned_bindirs()
    for directory in search_dirs:
        found = {name: os.path.join(directory, name) for name in ("initdb", "pg_ctl")}
        if all(os.access(program, os.X_OK) for program in found.values()):
            return found
    found = {name: shutil.which(name, path=path) for name in ("initdb", "pg_ctl")}
    if all(found.values()):
        return found
    raise MissingPrerequisite(
        "PostgreSQL server programs initdb and pg_ctl were not found "
        "(looked in `pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH). "
        f"The handler tests need a real server: install the Debian package {_SERVER_PACKAGE}."
    )


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_live_servers = set()
_live_lock = threading.Lock()


def _stop_leftovers():
    with _live_lock:
        servers = list(_live_servers)
    for server in servers:
        try:
            server.stop()
        except Exception as error:  # keep going: the other servers still need stopping
            print(f"could not stop the server in {server.root}: {error}", file=sys.stderr)


def _stop_and_exit(signum, frame):
    # Raising KeyboardInterrupt instead would not be enough: code unwinding
    # through a `finally` (closing a connection, say) can replace it with
    # another exception, and the run would carry on with servers still up.
    _stop_leftovers()
    sys.stdout.flush()
    sys.stderr.write(f"\nhandler tests stopped by signal {signum}; test servers removed\n")
    sys.stderr.flush()
    os._exit(128 + signum)


def _stop_servers_on_signals():
    """Stop the servers when the run is interrupted (Ctrl-C, a ctest timeout)."""
    if threading.current_thread() is not threading.main_thread():
        return
    defaults = {
        signal.SIGTERM: signal.SIG_DFL,
        signal.SIGHUP: signal.SIG_DFL,
        signal.SIGINT: signal.default_int_handler,
    }
    for signum, default in defaults.items():
        if signal.getsignal(signum) is default:
            signal.signal(signum, _stop_and_exit)


atexit.register(_stop_leftovers)


class PostgresServer:
    def __init__(self, tls=False):
        self.binaries = find_server_binaries()
        self.tls = tls
        if tls and shutil.which("openssl") is None:
            raise MissingPrerequisite(
                "the TLS tests need the openssl program to make a server certificate; "
                "install the Debian package openssl (apt-get install -y openssl)"
            )
        self.root = None
        self.port = None
        self.host = "127.0.0.1"
        self.database = DATABASE
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            try:
                self._owner = pwd.getpwnam("postgres")
            except KeyError:
                raise MissingPrerequisite(
                    "running as root needs the 'postgres' OS user to run the server; "
                    "it is created by the Debian package postgresql-common "
                    f"(install {_SERVER_PACKAGE})"
                ) from None

    @property
    def data_dir(self):
        return os.path.join(self.root, "data")

    @property
    def log_file(self):
        return os.path.join(self.root, "server.log")

    def _command(self, *arguments):
        if self._as_postgres:
            return ["runuser", "-u", "postgres", "--", *arguments]
        return list(arguments)

    def _run(self, *arguments):
        result = subprocess.run(
            self._command(*arguments),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{os.path.basename(arguments[0])} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}{self._log_tail()}"
            )
        return result

    def _log_tail(self):
        try:
            with open(self.log_file, encoding="utf-8", errors="replace") as handle:
                return "\n--- server log ---\n" + handle.read()[-4000:]
        except OSError:
            return ""

    def _owned(self, path):
        if self._as_postgres:
            os.chown(path, self._owner.pw_uid, self._owner.pw_gid)

    def start(self):
        _stop_servers_on_signals()
        with _live_lock:
            _live_servers.add(self)
        self.root = tempfile.mkdtemp(prefix="infra-handler-pg-")
        self._owned(self.root)
        socket_dir = os.path.join(self.root, "sock")
        os.mkdir(socket_dir)
        self._owned(socket_dir)

        self._run(
            self.binaries["initdb"],
            "--pgdata", self.data_dir,
            "--username", SUPERUSER,
            "--encoding", "UTF8",
            "--locale", "C",
            "--auth", "trust",
            "--no-sync",
        )
        hba = os.path.join(self.data_dir, "pg_hba.conf")
        with open(hba, "w", encoding="utf-8") as handle:
            handle.write(
                "local all all trust\n"
                f"host all {API_ROLE} 127.0.0.1/32 md5\n"
                "host all all 127.0.0.1/32 trust\n"
            )
        self._owned(hba)
        if self.tls:
            self._make_certificate()

        # A port picked by bind(0) can be taken before the server binds it;
        # retry with another one rather than fail the run.
        for attempt in range(3):
            self.port = free_port()
            options = " ".join(
                f"-c {setting}"
                for setting in (
                    "listen_addresses=127.0.0.1",
                    f"port={self.port}",
                    f"unix_socket_directories={shlex.quote(socket_dir)}",
                    # Debian's pg8000 1.10.6 speaks md5 but not SCRAM.
                    "password_encryption=md5",
                    "fsync=off",
                    "synchronous_commit=off",
                    "full_page_writes=off",
                    f"ssl={'on' if self.tls else 'off'}",
                )
            )
            try:
                self._run(
                    self.binaries["pg_ctl"], "start", "--wait", "--timeout", "60",
                    "--pgdata", self.data_dir, "--log", self.log_file, "-o", options,
                )
                break
            except RuntimeError:
                if attempt == 2 or "could not bind" not in self._log_tail():
                    raise
        self._create_database()
        return self

    def _make_certificate(self):
        """A self-signed certificate where the server looks by default (server.crt/.key)."""
        self._run(
            "openssl", "req", "-x509", "-nodes", "-days", "1",
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-subj", "/CN=127.0.0.1",
            "-keyout", os.path.join(self.data_dir, "server.key"),
            "-out", os.path.join(self.data_dir, "server.crt"),
        )

    def _create_database(self):
        connection = self.connect(database="postgres")
        try:
            connection.autocommit = True
            connection.cursor().execute(f'CREATE DATABASE "{self.database}"')
        finally:
            connection.close()

    def connect(self, user=SUPERUSER, password=None, database=None):
        import pg8000

        return pg8000.connect(
            user=user,
            host=self.host,
            port=self.port,
            database=database or self.database,
            password=password,
            timeout=30,
        )

    def admin(self, database=None):
        """A superuser connection in autocommit mode."""
        connection = self.connect(database=database)
        connection.autocommit = True
        return connection

    def _postmaster_running(self):
        return self.root is not None and os.path.exists(
            os.path.join(self.data_dir, "postmaster.pid")
        )

    def stop(self):
        """Stop the server and delete its folder. Safe to call more than once."""
        try:
            if self._postmaster_running():
                try:
                    self._run(
                        self.binaries["pg_ctl"], "stop", "--wait", "--timeout", "30",
                        "--pgdata", self.data_dir, "--mode", "fast",
                    )
                except (RuntimeError, subprocess.SubprocessError):
                    self._run(
                        self.binaries["pg_ctl"], "stop", "--wait",
                        "--pgdata", self.data_dir, "--mode", "immediate",
                    )
        finally:
            if self.root is not None:
                shutil.rmtree(self.root, ignore_errors=True)
                self.root = None
            with _live_lock:
                _live_servers.discard(self)
