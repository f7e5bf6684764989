#!/usr/bin/env bash
# A stand-in for terraform that records how it was called. Each call appends
# "<folder name>|<arguments>" to $FAKE_TF_LOG. Knobs:
#   FAKE_TF_VERSION         what `version -json` reports (default 1.11.4)
#   FAKE_TF_EXIT_<command>  exit code of that command (default 0)
#   FAKE_TF_FAIL_STACK      the stack folder where FAKE_TF_EXIT_* applies (default: all)
#   FAKE_TF_WAIT_ON_PLAN    if set, `plan` waits for SIGINT and exits 130 when it arrives
#   FAKE_TF_CRASH_ON        a command (version, init, plan, ...) on which it dies of SIGSEGV, as a
#                           crashing terraform would
#   FAKE_TF_LOCK_WARNING    if set, `init` prints what terraform's prints; plain or boxed: with its
#                           warning that the lock file has checksums for linux_amd64 only, as with
#                           -no-color or on a terminal (none: without it)
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
    init)
        mkdir -p .terraform
        if [ -n "${FAKE_TF_LOCK_WARNING:-}" ]; then
            echo "Initializing provider plugins..."
            echo "- Installed hashicorp/aws v5.100.0 (unauthenticated)"
            case "${FAKE_TF_LOCK_WARNING:-}" in
                plain) printf '\n\nWarning: Incomplete lock file information for providers\n\nDue to your customized provider installation methods, Terraform was forced to\ncalculate lock file checksums locally for the following providers:\n  - hashicorp/aws\n\nThe current .terraform.lock.hcl file only includes checksums for linux_amd64,\nso Terraform running on another platform will fail to install these\nproviders.\n\nTo calculate additional checksums for another platform, run:\n  terraform providers lock -platform=linux_amd64\n(where linux_amd64 is the platform to generate)\n' ;;
                boxed) printf '\n\e[33m╷\e[0m\e[0m\n\e[33m│\e[0m \e[0m\e[1m\e[33mWarning: \e[0m\e[0m\e[1mIncomplete lock file information for providers\e[0m\n\e[33m│\e[0m \e[0m\n\e[33m│\e[0m \e[0mDue to your customized provider installation methods, Terraform was forced to\n\e[33m│\e[0m \e[0m  terraform providers lock -platform=linux_amd64\n\e[33m│\e[0m \e[0m(where linux_amd64 is the platform to generate)\n\e[33m╵\e[0m\e[0m\n' ;;
            esac
            echo "Terraform has been successfully initialized!"
        fi
        ;;
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
