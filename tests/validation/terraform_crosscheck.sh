#!/usr/bin/env bash
# Our schema validation next to the real `terraform validate` (offline, from
# the local provider mirror), on the stacks of validation_stacks_cli:
#   every_type   one of every type in schemas/aws.types: both must accept it
#   reject_*     one schema mistake each: both must reject it
#   accept_*     looks wrong, is not: both must accept it
# Prints both verdicts, with the first message of each, for every case.
# Usage: terraform_crosscheck.sh VALIDATION_STACKS_CLI
set -uo pipefail
cli=$1
source "$(dirname "$0")/../terraform/find_terraform.sh"

work="$TF_TEST_HOME/work"
tf="$work/terraform"
mkdir -p "$tf"
cd "$work"
echo "terraform: $("$TERRAFORM" version | head -1), provider mirror: $PLUGIN_DIR"

# One terraform folder, initialised once; each case's JSON replaces the last.
"$cli" -q synth --no-validate every_type || { echo "FAILED: synth every_type"; exit 1; }
cp infra.out/stacks/every_type/main.tf.json "$tf/main.tf.json"
(cd "$tf" && "$TERRAFORM" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR") > init.log 2>&1 || {
    cat init.log
    echo "FAILED: terraform init"
    exit 1
}

failures=0
cases=0
check() {
    local name=$1 expected=$2 ours theirs ours_verdict theirs_verdict
    cases=$((cases + 1))
    "$cli" -q validate "$name" > ours.log 2>&1
    ours=$?
    "$cli" -q synth --no-validate "$name" > synth.log 2>&1 || { cat synth.log; echo "FAILED: synth $name"; failures=$((failures + 1)); return; }
    cp "infra.out/stacks/$name/main.tf.json" "$tf/main.tf.json"
    (cd "$tf" && "$TERRAFORM" validate -no-color) > theirs.log 2>&1
    theirs=$?
    ours_verdict=$([ $ours -eq 0 ] && echo accept || echo reject)
    theirs_verdict=$([ $theirs -eq 0 ] && echo accept || echo reject)
    if [ "$ours_verdict" = "$expected" ] && [ "$theirs_verdict" = "$expected" ]; then
        echo "ok    $name: both ${expected}"
    else
        echo "FAIL  $name: expected $expected, infra says $ours_verdict, terraform says $theirs_verdict"
        failures=$((failures + 1))
    fi
    if [ "$expected" = reject ] || [ "$ours_verdict" != "$theirs_verdict" ]; then
        echo "        infra:     $(grep -m1 -E '^(error|warning)' ours.log)"
        echo "        terraform: $(grep -m1 -A6 '^Error' theirs.log | grep -v '^\s*$' | grep -vE '^\s+(on|with|[0-9]+:)' | head -2 | tr '\n' ' ')"
    fi
    if [ $ours -ne 0 ] && [ $ours -ne 1 ]; then
        cat ours.log
        echo "FAIL  $name: infra validate exited $ours"
        failures=$((failures + 1))
    fi
}

check every_type accept
for name in $("$cli" list | awk '{print $1}'); do
    case $name in
        reject_*) check "$name" reject ;;
        accept_*) check "$name" accept ;;
    esac
done

if [ $failures -ne 0 ]; then
    echo "FAILED: $failures of $cases cases disagree"
    exit 1
fi
echo "PASSED: infra and terraform validate agree on all $cases cases"
