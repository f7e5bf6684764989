#!/usr/bin/env bash
# `make test` after the configure step: builds and runs the whole suite.
#
#   scripts/run-tests.sh BUILD_DIR JOBS
#
# The end-to-end apply against moto server (ctest -L e2e, several minutes)
# needs only the seed app's program, and spends most of its time waiting on
# the aws provider's fixed waiters (under half a core). So it is started as
# soon as that program is built, in the background, and runs while the rest
# of the suite builds and runs; its output is shown at the end. It runs
# through its own ctest in BUILD_DIR/tests (its own Testing/ folder, so the
# two ctest runs do not overwrite each other's logs). The exit code is
# non-zero when either part failed.
set -euo pipefail
build=$1
jobs=$2

cmake --build "$build" --target crud_api -j "$jobs"

e2e_log="$build/e2e-test.log"
# A process group of its own, so that an early exit (a build error) takes
# the whole e2e run down with it: ctest, the test, terraform and moto.
setsid ctest --test-dir "$build/tests" -L e2e --output-on-failure > "$e2e_log" 2>&1 &
e2e_pid=$!
stop_e2e() { kill -KILL -- "-$e2e_pid" 2> /dev/null || true; }
trap stop_e2e EXIT
echo "end-to-end apply test started in the background (log: $e2e_log)"

suite=0
cmake --build "$build" -j "$jobs" || suite=$?
if [ "$suite" = 0 ]; then
    ctest --test-dir "$build" -LE e2e --output-on-failure -j "$jobs" || suite=$?
fi
if [ "$suite" != 0 ]; then
    echo "FAILED: the build or the suite (exit $suite); stopping the end-to-end test" >&2
    exit "$suite"
fi

echo "waiting for the end-to-end apply test"
e2e=0
wait "$e2e_pid" || e2e=$?
trap - EXIT
cat "$e2e_log"
if [ "$e2e" != 0 ]; then
    echo "FAILED: the end-to-end apply test (ctest -L e2e, exit $e2e)" >&2
    exit "$e2e"
fi
echo "the whole suite passed (end-to-end apply test included)"
