#!/usr/bin/env bash
# examples/scheduled_lambda, step 1 of its README: aws_events.json is what
# the real terraform prints for the hashicorp/aws provider of the local mirror
# (the version the SDK's bindings are generated from), reduced to the types
# of aws_events.types. Fails when the committed file is stale or hand-edited.
# Usage: scheduled_lambda_schema.sh SOURCE_DIR INFRA_GEN_BINARY
set -euo pipefail
src=$1
infra_gen=$2
example="$src/examples/scheduled_lambda"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
source "$(dirname "$0")/require_terraform.sh"
require_aws_provider_mirror

# The version is the one of the SDK's own schema (schemas/aws-<version>.json).
version=$(ls "$src"/schemas/aws-*.json | sed -n 's|.*/aws-\(.*\)\.json$|\1|p' | head -1)
mkdir "$WORK/schema"
cd "$WORK/schema"
cat > main.tf.json <<JSON
{"terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": "$version"}}}}
JSON
"$TERRAFORM" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" > init.log 2>&1 || {
    cat init.log
    echo "FAILED: terraform init with hashicorp/aws $version from $PLUGIN_DIR" >&2
    exit 1
}
"$TERRAFORM" providers schema -json > providers-schema.json
"$infra_gen" filter --types "$example/aws_events.types" --schema providers-schema.json --out aws_events.json
if ! cmp -s aws_events.json "$example/aws_events.json"; then
    diff <(tr ',' '\n' < "$example/aws_events.json") <(tr ',' '\n' < aws_events.json) | head -20
    echo "FAILED: examples/scheduled_lambda/aws_events.json differs from hashicorp/aws $version's schema" \
         "filtered to aws_events.types; regenerate it (README.md there, step 1)" >&2
    exit 1
fi
echo "PASSED: aws_events.json is hashicorp/aws $version's schema of the types in aws_events.types"
