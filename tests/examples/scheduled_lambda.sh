#!/usr/bin/env bash
# examples/scheduled_lambda as its README walks through it, from step 4 on:
# the example program synthesizes dev (the seed's dev stack with the API
# canary), validates it, draws it, and the real terraform validates the
# output, offline, with the provider from the local mirror.
# Usage: scheduled_lambda.sh SCHEDULED_LAMBDA_BINARY
set -euo pipefail
app=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
source "$(dirname "$0")/require_terraform.sh"
require_aws_provider_mirror

cd "$WORK"
"$app" -q synth dev
stack=infra.out/stacks/dev
# The canary's resources, with the references the module wires.
/usr/bin/python3 - "$stack/main.tf.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
res = doc["resource"]
rule = res["aws_cloudwatch_event_rule"]["api_canary_schedule"]
assert rule["schedule_expression"] == "rate(5 minutes)", rule
target = res["aws_cloudwatch_event_target"]["api_canary_target"]
assert target["arn"] == "${aws_lambda_function.api_canary_function.arn}", target
assert target["rule"] == "${aws_cloudwatch_event_rule.api_canary_schedule.name}", target
permission = res["aws_lambda_permission"]["api_canary_invoke_permission"]
assert permission["principal"] == "events.amazonaws.com", permission
assert permission["source_arn"] == "${aws_cloudwatch_event_rule.api_canary_schedule.arn}", permission
function = res["aws_lambda_function"]["api_canary_function"]
assert "aws_api_gateway_stage.api_stage" in function["environment"]["variables"]["API_URL"], function
assert res["aws_cloudwatch_log_group"]["api_canary_logs"]["retention_in_days"] == 14
print("the canary's rule, target, permission, function and log group are wired as the module says")
PY
test -f "$stack/$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resource"]["aws_lambda_function"]["api_canary_function"]["filename"])' "$stack/main.tf.json")"

"$app" validate dev > validate.log || { cat validate.log; echo "FAILED: validate dev" >&2; exit 1; }
"$app" graph dev --level constructs --format mermaid > dev.mmd
grep -q 'construct_api_canary --> construct_api$' dev.mmd || {
    cat dev.mmd
    echo "FAILED: the constructs graph has no edge from the canary to the API it checks" >&2
    exit 1
}

cd "$stack"
echo "terraform: $("$TERRAFORM" version | head -1), provider mirror: $PLUGIN_DIR"
"$TERRAFORM" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" > init.log 2>&1 || {
    cat init.log
    echo "FAILED: terraform init of dev with the canary" >&2
    exit 1
}
if ! "$TERRAFORM" validate -no-color > validate.log 2>&1 || grep -q Warning validate.log; then
    cat validate.log
    echo "FAILED: terraform validate of dev with the canary (errors or warnings above)" >&2
    exit 1
fi
cat validate.log
echo "PASSED: examples/scheduled_lambda synthesizes dev with the canary, and terraform validate accepts it"
