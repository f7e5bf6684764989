#!/usr/bin/env bash
# A stand-in for terraform that records how it was called. Each call appends
# "<folder name>|<arguments>" to $FAKE_TF_LOG. Knobs:
#   FAKE_TF_VERSION         what `version -json` reports (default 1.11.4)
#   FAKE_TF_EXIT_<command>  exit code of that command (default 0)
#   FAKE_TF_FAIL_STACK      the stack folder where FAKE_TF_EXIT_* applies (default: all)
#   FAKE_TF_WAIT_ON_PLAN    if set, `plan` waits for SIGINT and exits 130 when it arrives
#   FAKE_TF_CRASH_ON        a command (version, init, plan, ...) on which it dies of SIGSEGV, as a
#                           crashing terraform would
# `output -json` prints two outputs: api_url (plain) and db_password (sensitive).
echo "$(basename "$PWD")|$*" >> "$FAKE_TF_LOG"
if [ -n "${FAKE_TF_CRASH_ON:-}" ] && [ "$1" = "$FAKE_TF_CRASH_ON" ]; then
    ulimit -c 0  # no core file in the folder it runs in
    kill -SEGV $$
fi
case "$1" in
    version)
        echo "{\"terraform_version\": \"${FAKE_TF_VERSION:-1.11.4}\"}"
        exit 0
        ;;
    init) mkdir -p .terraform ;;
    plan)
        if [ -n "${FAKE_TF_WAIT_ON_PLAN:-}" ]; then
            trap 'echo "plan|got SIGINT" >> "$FAKE_TF_LOG"; exit 130' INT
            echo "plan|waiting" >> "$FAKE_TF_LOG"
            for _ in $(seq 1 100); do sleep 0.1; done
            exit 0
        fi
        touch plan.tfplan
        ;;
    output)
        if [ "${2:-}" = "-json" ]; then
            cat <<'JSON'
{
  "api_url": {"sensitive": false, "type": "string", "value": "https://api.example.test/dev"},
  "db_password": {"sensitive": true, "type": "string", "value": "s3cr3t-hunter2"}
}
JSON
        fi
        ;;
esac
if [ -n "${FAKE_TF_FAIL_STACK:-}" ] && [ "$(basename "$PWD")" != "$FAKE_TF_FAIL_STACK" ]; then
    exit 0
fi
code_var="FAKE_TF_EXIT_$1"
exit "${!code_var:-0}"
