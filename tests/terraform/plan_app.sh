#!/usr/bin/env bash
# The whole app with the real terraform, offline, as a user would run it in
# local-backend mode: `infra plan` of the bootstrap stack, then of each
# environment, whose cross-stack reads (terraform_remote_state of bootstrap)
# are served by a bootstrap state this test seeds with the outputs the
# bootstrap stack declares (terraform cannot plan a remote state read of a
# stack that was never applied). Each plan must succeed without warnings and
# create exactly the resources the stack's JSON declares, and as many as
# expected. Then `terraform test` applies the environment against a mock aws
# provider and checks the seed's outputs are set.
# Usage: plan_app.sh INFRA_BINARY STACK=COUNT...   (bootstrap first)
set -euo pipefail
infra=$1
shift
source "$(dirname "$0")/find_terraform.sh"

work="$TF_TEST_HOME/work"
mkdir -p "$work"
cd "$work"
# Offline: a fixed bastion AMI (the default reads an SSM parameter at plan
# time, which needs AWS; tests/e2e plans it against an emulator), and a
# function zip that holds its driver (plan refuses one that does not).
mkdir -p "$work/deps/pg8000" && echo '# stand-in' > "$work/deps/pg8000/__init__.py"
settings=(--set backend=local --set bastion_ami=ami-0123456789abcdef0 --set lambda_dependencies="$work/deps")
"$infra" -q synth "${settings[@]}"
offline_override='{
  "provider": {"aws": {"access_key": "AKIAFAKEFAKEFAKEFAKE", "secret_key": "fake-secret-key-for-offline-plans",
    "skip_credentials_validation": true, "skip_requesting_account_id": true, "skip_metadata_api_check": true}}
}'

declared_resources() {  # stack -> number of resource blocks in its main.tf.json
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(v) for v in d.get("resource",{}).values()))' \
        "$work/infra.out/stacks/$1/main.tf.json"
}

seed_state() {  # stack -> a state file holding a fake value for every output it declares
    /usr/bin/python3 - "$work/infra.out/stacks/$1" <<'PY'
import json, sys, os
folder = sys.argv[1]
doc = json.load(open(os.path.join(folder, "main.tf.json")))
outputs = {name: {"value": "arn:aws:iam::123456789012:role/seeded-" + name, "type": "string"}
           for name in doc.get("output", {})}
state = {"version": 4, "terraform_version": "1.6.0", "serial": 1, "lineage": "seeded-by-plan-app-test",
         "outputs": outputs, "resources": [], "check_results": None}
json.dump(state, open(os.path.join(folder, "terraform.tfstate"), "w"), indent=2)
print(f"seeded {len(outputs)} outputs of {os.path.basename(folder)}")
PY
}

for spec in "$@"; do
    stack=${spec%%=*}
    expected=${spec#*=}
    dir="$work/infra.out/stacks/$stack"
    echo "$offline_override" > "$dir/offline_override.tf.json"
    "$infra" plan "$stack" --plugin-dir "$PLUGIN_DIR" "${settings[@]}" > "plan-$stack.log" 2>&1 || {
        cat "plan-$stack.log"
        echo "FAILED: infra plan $stack" >&2
        exit 1
    }
    if sed -n "/\[$stack plan\]/,\$p" "plan-$stack.log" | grep -q "Warning"; then
        cat "plan-$stack.log"
        echo "FAILED: terraform plan of $stack printed warnings" >&2
        exit 1
    fi
    count=$(cd "$dir" && "$TERRAFORM" show -json plan.tfplan | /usr/bin/python3 -c \
        'import json,sys; p=json.load(sys.stdin); print(sum(1 for c in p.get("resource_changes",[]) if "create" in c["change"]["actions"]))')
    declared=$(declared_resources "$stack")
    if [ "$count" != "$declared" ] || [ "$count" != "$expected" ]; then
        echo "FAILED: plan of $stack creates $count resources; its JSON declares $declared, expected $expected" >&2
        exit 1
    fi
    echo "PASSED: infra plan $stack creates $count resources, no warnings"
    if [ "$stack" = bootstrap ]; then seed_state bootstrap; fi
done

# The last environment, applied against mocks (the remote state read of
# bootstrap is real: terraform's builtin provider reads the seeded state).
last=${*: -1}
stack=${last%%=*}
dir="$work/infra.out/stacks/$stack"
mkdir -p "$dir/tests"
asserts=""
for output in api_gateway_invoke_url ec2_instance_id database_endpoint database_proxy_endpoint \
              database_master_username database_iam_token_username database_credentials_secret_arn \
              github_actions_role_arn lambda_function_names api_gateway_execution_arn api_gateway_stage_name \
              database_reader_endpoint ec2_iam_role_arn db_tester_role_arn; do
    asserts+="
  assert {
    condition     = output.$output != null
    error_message = \"output $output is not set\"
  }"
done
cat > "$dir/tests/mock_apply.tftest.hcl" <<HCL
mock_provider "aws" {
  # The provider still validates arguments: policies must be JSON objects.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}"
    }
  }
  # ... and ARNs must look like ARNs.
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::123456789012:policy/mock" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mock" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_db_proxy" {
    defaults = { arn = "arn:aws:rds:us-east-1:123456789012:db-proxy:prx-mock" }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:mock"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:mock/invocations"
    }
  }
  mock_resource "aws_api_gateway_rest_api" {
    defaults = { execution_arn = "arn:aws:execute-api:us-east-1:123456789012:mockapi" }
  }
  mock_resource "aws_db_proxy_default_target_group" {
    defaults = { name = "default" }
  }
  mock_resource "aws_rds_cluster" {
    defaults = {
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:master", kms_key_id = "k", secret_status = "active" }]
    }
  }
}

run "apply_against_mocks" {
  command = apply
$asserts
  assert {
    condition     = startswith(output.github_actions_role_arn, "arn:aws:iam::123456789012:role/seeded-")
    error_message = "github_actions_role_arn does not come from the bootstrap stack's state"
  }
}
HCL
(cd "$dir" && "$TERRAFORM" test -no-color) > test.log 2>&1 || {
    cat test.log
    echo "FAILED: terraform test with a mock aws provider" >&2
    exit 1
}
rm -rf "$dir/tests"
echo "PASSED: terraform test applies $stack against a mock provider; the seed's outputs are set"
