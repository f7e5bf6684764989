#!/usr/bin/env bash
# A short libFuzzer run of one target, as a test: fuzzes a COPY of the seed
# corpus and the regression inputs (the checked-in folders are never
# written to) for SECONDS, and fails on any crash, sanitizer report, broken
# invariant, timeout or out-of-memory. A failing input is kept in
# CRASH_DIR, to be fixed and then added to tests/fuzz/regressions/<target>/.
# Usage: smoke_run.sh FUZZER SECONDS DICTIONARY CRASH_DIR FOLDER...
set -euo pipefail
fuzzer=$1
seconds=$2
dictionary=$3
crash_dir=$4
shift 4

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
for folder in "$@"; do
    cp "$folder"/* "$work/corpus/"
done

# -error_exitcode=1: libFuzzer's default, 77, means "skipped" to ctest elsewhere
# in this suite; a crash must never read as a skip.
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -dict="$dictionary" -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" > "$work/log" 2>&1 || status=$?

if [ $status -ne 0 ] || compgen -G "$work/artifacts/*" > /dev/null; then
    tail -n 80 "$work/log"
    mkdir -p "$crash_dir"
    cp "$work"/artifacts/* "$crash_dir"/ 2> /dev/null || true
    echo "FAILED: $(basename "$fuzzer") found a failing input (exit $status); kept in $crash_dir:"
    ls -l "$crash_dir"
    exit 1
fi

# A run that executed nothing would pass without testing anything.
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
if [ -z "$runs" ] || [ "$runs" -eq 0 ]; then
    tail -n 40 "$work/log"
    echo "FAILED: $(basename "$fuzzer") executed no inputs"
    exit 1
fi
coverage=$(grep -E '^#[0-9]+.*(DONE|INITED)' "$work/log" | tail -n 1)
echo "PASSED: $(basename "$fuzzer"): $runs inputs in ${seconds}s, no failure ($coverage)"
