#!/usr/bin/env bash
# The offline part of the infrastructure workflow's checks job, run for real:
# synth --hcl of every stack, terraform fmt -check of the HCL copies (when
# terraform is installed), and infra validate --format sarif giving SARIF.
# Usage: run_workflow_checks.sh INFRA_BINARY
set -euo pipefail
infra=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$infra" -q synth --hcl
for stack in bootstrap dev prod; do
    test -f "infra.out/stacks/$stack/hcl/main.tf" || { echo "FAILED: no HCL copy of $stack" >&2; exit 1; }
done
terraform=${INFRA_TERRAFORM:-$(command -v terraform || true)}
if [ -n "$terraform" ]; then
    TF_CLI_CONFIG_FILE=/dev/null "$terraform" fmt -check -recursive infra.out/stacks \
        || { echo "FAILED: terraform fmt -check" >&2; exit 1; }
    echo "PASSED: terraform fmt -check of every stack's HCL copy"
else
    echo "!!! terraform is not installed: the fmt check of the workflow was not run" >&2
fi
"$infra" -q validate --format sarif > infra.sarif
/usr/bin/python3 - infra.sarif <<'PY'
import json, sys
sarif = json.load(open(sys.argv[1]))
assert sarif["version"] == "2.1.0", sarif.get("version")
driver = sarif["runs"][0]["tool"]["driver"]
assert driver["name"] == "infra" and driver["rules"], "no rules in the SARIF driver"
errors = [r for r in sarif["runs"][0]["results"] if r["level"] == "error" and not r.get("suppressions")]
assert not errors, errors
print(f"PASSED: infra validate --format sarif: {len(driver['rules'])} rules, "
      f"{len(sarif['runs'][0]['results'])} results, no unsuppressed errors")
PY
