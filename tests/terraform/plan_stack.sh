#!/usr/bin/env bash
# `infra plan` with the real terraform, offline: the stack is synthesized, a
# test-only override file gives the aws provider fake keys and the skip flags
# (only inside this test's copy), and the saved plan must exist and create
# the expected number of resources. Then `terraform test` applies the stack
# against a mock aws provider and checks an output is set.
# Usage: plan_stack.sh INFRA_BINARY STACK EXPECTED_RESOURCE_COUNT OUTPUT_NAME
set -euo pipefail
infra=$1
stack=$2
expected=$3
output_name=$4
source "$(dirname "$0")/find_terraform.sh"

work="$TF_TEST_HOME/work"
mkdir -p "$work"
cd "$work"
"$infra" -q synth "$stack"
dir="$work/infra.out/stacks/$stack"
cat > "$dir/offline_override.tf.json" <<'JSON'
{
  "provider": {
    "aws": {
      "access_key": "AKIAFAKEFAKEFAKEFAKE",
      "secret_key": "fake-secret-key-for-offline-plans",
      "skip_credentials_validation": true,
      "skip_requesting_account_id": true,
      "skip_metadata_api_check": true
    }
  }
}
JSON

"$infra" plan "$stack" --plugin-dir "$PLUGIN_DIR" --set backend=local > plan.log 2>&1 || {
    cat plan.log
    echo "FAILED: infra plan $stack" >&2
    exit 1
}
test -f "$dir/plan.tfplan" || { echo "FAILED: no saved plan file" >&2; exit 1; }
# The plugin-dir lock-file notice comes from init; the plan itself must be clean.
if sed -n "/\[$stack plan\]/,\$p" plan.log | grep -q "Warning"; then
    cat plan.log
    echo "FAILED: terraform plan printed warnings" >&2
    exit 1
fi
count=$(cd "$dir" && "$TERRAFORM" show -json plan.tfplan | /usr/bin/python3 -c \
    'import json,sys; p=json.load(sys.stdin); print(sum(1 for c in p.get("resource_changes",[]) if "create" in c["change"]["actions"]))')
if [ "$count" != "$expected" ]; then
    echo "FAILED: plan creates $count resources, expected $expected" >&2
    exit 1
fi
echo "PASSED: infra plan $stack creates $count resources"

mkdir -p "$dir/tests"
cat > "$dir/tests/mock_apply.tftest.hcl" <<HCL
mock_provider "aws" {}

run "apply_against_mocks" {
  command = apply
  assert {
    condition     = output.$output_name != null
    error_message = "output $output_name is not set"
  }
}
HCL
(cd "$dir" && "$TERRAFORM" test -no-color) > test.log 2>&1 || {
    cat test.log
    echo "FAILED: terraform test with a mock aws provider" >&2
    exit 1
}
rm -rf "$dir/tests"
echo "PASSED: terraform test applies $stack against a mock provider"
