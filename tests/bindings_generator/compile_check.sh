#!/usr/bin/env bash
# Compiles one file that uses the generated bindings and checks the outcome:
# "fail" expects a compile error whose message names MEMBER (an argument, or
# the type it wanted); "pass" expects a clean compile. This is how the test
# suite shows that a missing required argument, or a value of the wrong type,
# is a compile-time error, and that the same code done right compiles.
# Usage: compile_check.sh fail|pass SOURCE MEMBER COMPILER [ARGS...]
set -uo pipefail
expect=$1
source=$2
member=$3
shift 3
log=$(mktemp)
trap 'rm -f "$log"' EXIT

"$@" -fsyntax-only "$source" > "$log" 2>&1
status=$?
if [ "$expect" = pass ]; then
    if [ $status -ne 0 ]; then
        cat "$log"
        echo "FAILED: $source should compile"
        exit 1
    fi
    echo "PASSED: $source compiles"
    exit 0
fi
if [ $status -eq 0 ]; then
    echo "FAILED: $source compiled, but it should not (see its first comment; the error should name \"$member\")"
    exit 1
fi
if ! grep -q "$member" "$log"; then
    cat "$log"
    echo "FAILED: the compiler rejected $source but its message does not name \"$member\""
    exit 1
fi
echo "PASSED: $source does not compile, and the compiler names \"$member\":"
grep -m 3 "$member" "$log"
