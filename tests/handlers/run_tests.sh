#!/usr/bin/env bash
# Runs the Lambda handler and migration tests against a throwaway PostgreSQL.
# Needs Debian's python3 with python3-pg8000 and python3-boto3, and the
# postgresql server package; the tests fail (not skip) when any is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3

if [[ ! -x "$python" ]]; then
    echo "run_tests.sh: $python not found; install the Debian package python3" >&2
    exit 1
fi

# Keep bytecode out of the source tree.
export PYTHONDONTWRITEBYTECODE=1

cd "$here"
exec "$python" -m unittest discover -s "$here" -t "$here" -v
