#!/usr/bin/env bash
# `infra synth --hcl`: the HCL copy is formatted as `terraform fmt` wants,
# passes `terraform validate`, and (with PLAN=1) plans the same resource
# addresses as the JSON configuration, offline.
# Usage: hcl_equivalence.sh INFRA_BINARY STACK [PLAN]
set -euo pipefail
infra=$1
stack=$2
plan=${3:-0}
source "$(dirname "$0")/find_terraform.sh"

work="$TF_TEST_HOME/work"
mkdir -p "$work"
cd "$work"
"$infra" -q synth "$stack" --hcl
src="$work/infra.out/stacks/$stack"
test -f "$src/hcl/main.tf" || { echo "FAILED: no hcl/main.tf written" >&2; exit 1; }

"$TERRAFORM" fmt -check -diff "$src/hcl/main.tf" || { echo "FAILED: terraform fmt would change hcl/main.tf" >&2; exit 1; }
echo "PASSED: hcl/main.tf is terraform-fmt clean"

offline_override='{
  "terraform": {"backend": {"local": {}}},
  "provider": {"aws": {"access_key": "AKIAFAKEFAKEFAKEFAKE", "secret_key": "fake",
    "skip_credentials_validation": true, "skip_requesting_account_id": true, "skip_metadata_api_check": true}}
}'
addresses() {  # folder -> sorted planned resource addresses
    (cd "$1" && "$TERRAFORM" init -input=false -no-color -plugin-dir="$PLUGIN_DIR" > init.log 2>&1 || { cat init.log >&2; exit 1; }
     "$TERRAFORM" validate -no-color > validate.log 2>&1 || { cat validate.log >&2; echo "FAILED: validate in $1" >&2; exit 1; }
     if [ "$plan" = 1 ]; then
         "$TERRAFORM" plan -input=false -no-color -out=p.tfplan > plan.log 2>&1 || { cat plan.log >&2; exit 1; }
         "$TERRAFORM" show -json p.tfplan | /usr/bin/python3 -c \
             'import json,sys; print("\n".join(sorted(c["address"] for c in json.load(sys.stdin).get("resource_changes",[]))))'
     fi)
}
mkdir -p "$work/json" "$work/hcl"
cp "$src/main.tf.json" "$work/json/"
cp "$src/hcl/main.tf" "$work/hcl/"
echo "$offline_override" > "$work/json/offline_override.tf.json"
echo "$offline_override" > "$work/hcl/offline_override.tf.json"
json_plan=$(addresses "$work/json")
hcl_plan=$(addresses "$work/hcl")
echo "PASSED: terraform validate accepts the HCL copy of $stack"
if [ "$plan" = 1 ]; then
    if [ "$json_plan" != "$hcl_plan" ] || [ -z "$json_plan" ]; then
        echo "FAILED: the plans differ or are empty" >&2
        diff <(echo "$json_plan") <(echo "$hcl_plan") >&2 || true
        exit 1
    fi
    echo "PASSED: JSON and HCL plan the same $(echo "$json_plan" | wc -l) resources"
fi
