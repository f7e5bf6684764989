#!/usr/bin/env bash
# Synthesizes a stack and runs the real `terraform init -backend=false` (offline,
# from the local provider mirror) and `terraform validate` on it.
# Usage: validate_stack.sh INFRA_BINARY STACK
set -euo pipefail
infra=$1
stack=$2
source "$(dirname "$0")/find_terraform.sh"

work="$TF_TEST_HOME/work"
mkdir -p "$work"
(cd "$work" && "$infra" -q synth "$stack")
cd "$work/infra.out/stacks/$stack"
echo "terraform: $("$TERRAFORM" version | head -1), provider mirror: $PLUGIN_DIR"
"$TERRAFORM" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" > init.log 2>&1 || {
    cat init.log
    echo "FAILED: terraform init on stack $stack" >&2
    exit 1
}
if ! "$TERRAFORM" validate -no-color > validate.log 2>&1; then
    cat validate.log
    echo "FAILED: terraform validate rejected stack $stack" >&2
    exit 1
fi
cat validate.log
if grep -q "Warning" validate.log; then
    echo "FAILED: terraform validate printed warnings for stack $stack" >&2
    exit 1
fi
echo "PASSED: terraform validate accepts stack $stack without warnings"
