#!/usr/bin/env bash
# examples/other_provider as its README walks through it, in a copy of the
# folder, against the SDK installed into a temporary prefix: the real
# terraform prints the schema of its builtin provider (the same types as the
# committed copy), `infra get` generates typed bindings from it by hand, the
# installed generic `infra` builds the project (find_package(infra),
# infra_add_bindings at build time) and runs its app, which synthesizes and
# validates its two stacks, terraform validates them,
# and `deploy` applies them for real (terraform_data needs no cloud), twice:
# a new release replaces the announcement (triggers_replace) and keeps the
# release; the changelog stack reads it across stacks. Then `destroy`.
# Usage: other_provider.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
source "$(dirname "$0")/require_terraform.sh"
echo "terraform: $("$TERRAFORM" version | head -1)"

step() { echo "--- $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
logged() {  # logged LOG COMMAND...: runs COMMAND, shows LOG and fails when it fails
    local log=$1
    shift
    "$@" > "$log" 2>&1 || { cat "$log"; fail "$*"; }
}

step "the SDK, installed"
logged "$WORK/install.log" cmake --install "$build" --prefix "$WORK/prefix"
infra="$WORK/prefix/bin/infra"
cp -r "$src/examples/other_provider" "$WORK/project"
cd "$WORK/project"
rm -rf gen build infra.out schema/.terraform schema/.terraform.lock.hcl
committed_types=$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["provider_schemas"]["terraform.io/builtin/terraform"]; print(sorted(s["resource_schemas"]), sorted(s["data_source_schemas"]))' builtin-schema.json)

step "1. the schema, from terraform"
(cd schema && logged "$WORK/schema-init.log" "$TERRAFORM" init -input=false -no-color)
(cd schema && "$TERRAFORM" providers schema -json) > builtin-schema.json
/usr/bin/python3 - builtin-schema.json <<'PY'
import json, sys
providers = json.load(open(sys.argv[1]))["provider_schemas"]
builtin = providers["terraform.io/builtin/terraform"]
assert set(builtin["resource_schemas"]) == {"terraform_data"}, builtin["resource_schemas"].keys()
assert "terraform_remote_state" in builtin["data_source_schemas"]
print("terraform printed the schema of terraform.io/builtin/terraform")
PY
printed_types=$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["provider_schemas"]["terraform.io/builtin/terraform"]; print(sorted(s["resource_schemas"]), sorted(s["data_source_schemas"]))' builtin-schema.json)
[ "$printed_types" = "$committed_types" ] || fail "the committed builtin-schema.json has $committed_types, terraform prints $printed_types"

step "2. infra get"
logged "$WORK/get.log" "$infra" get --schema builtin-schema.json --out gen --namespace other_provider::terraform
test -f gen/include/other_provider/terraform/data.hpp || fail "infra get wrote no binding of terraform_data"
test -f gen/include/other_provider/terraform/data/remote_state.hpp || fail "infra get wrote no binding of terraform_remote_state"

step "3. infra builds the project and runs its app"
# The SDK installs static libraries: the project builds with the compiler and
# flags they were built with (clang and the sanitizers in the asan preset);
# CMake's first configure takes them from the environment.
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
export CXX="$(cache_value CMAKE_CXX_COMPILER)" CXXFLAGS="$(cache_value CMAKE_CXX_FLAGS)"
logged "$WORK/build.log" "$infra" list
test -f build/generated/include/other_provider/terraform/data.hpp || fail "infra_add_bindings generated no binding of terraform_data"
# Every later command goes through the generic command too (a no-op build).
app="$infra"

step "4. synth, validate, graph"
"$app" list
"$app" -q synth
"$app" validate
"$app" graph changelog --format mermaid
/usr/bin/python3 - infra.out/stacks <<'PY'
import json, sys, os
folder = sys.argv[1]
release = json.load(open(os.path.join(folder, "release", "main.tf.json")))
data = release["resource"]["terraform_data"]
assert data["release"]["input"] == {"channel": "stable", "version": "1.4.2"}, data["release"]
assert data["announcement"]["triggers_replace"] == "${terraform_data.release.output}", data["announcement"]
changelog = json.load(open(os.path.join(folder, "changelog", "main.tf.json")))
entry = changelog["resource"]["terraform_data"]["latest_entry"]["input"]
assert entry.startswith("${data.terraform_remote_state.release.outputs."), entry
print("the typed terraform_data bindings wrote input, triggers_replace and the cross-stack read")
PY

step "5. terraform validate"
for stack in release changelog; do
    (cd "infra.out/stacks/$stack" &&
        logged "$WORK/init-$stack.log" "$TERRAFORM" init -backend=false -input=false -no-color &&
        logged "$WORK/validate-$stack.log" "$TERRAFORM" validate -no-color)
    grep -q Warning "$WORK/validate-$stack.log" && { cat "$WORK/validate-$stack.log"; fail "terraform validate warned on $stack"; }
    echo "terraform validate accepts $stack"
done

output() {  # output STACK NAME: the value of a deployed stack's output
    "$app" -q output "$1" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]]["value"])' "$2"
}

step "6. deploy, offline"
logged "$WORK/deploy-1.log" "$app" deploy --auto-approve
[ "$(output changelog latest)" = "released 1.4.2 on stable" ] || fail "changelog after the first deploy: $(output changelog latest)"
release_id=$(output release release_id)
announcement_id=$(output release announcement_id)

step "7. a new release"
logged "$WORK/deploy-2.log" "$app" deploy --auto-approve --set release_version=1.5.0
# terraform colours its plan unless given -no-color: drop the colour codes.
sed 's/\x1b\[[0-9;]*m//g' "$WORK/deploy-2.log" | grep -q "terraform_data.announcement must be replaced" ||
    { cat "$WORK/deploy-2.log"; fail "the new release did not replace the announcement"; }
[ "$(output changelog latest)" = "released 1.5.0 on stable" ] || fail "changelog after the second deploy: $(output changelog latest)"
[ "$(output release release_id)" = "$release_id" ] || fail "the release was replaced; only its input should have changed"
[ "$(output release announcement_id)" != "$announcement_id" ] || fail "the announcement kept its id; triggers_replace should replace it"

step "8. destroy"
logged "$WORK/destroy.log" "$app" destroy --auto-approve
for stack in release changelog; do
    left=$(cd "infra.out/stacks/$stack" && "$TERRAFORM" state list)
    [ -z "$left" ] || fail "destroy left $left in $stack"
done
echo "PASSED: examples/other_provider: terraform's schema -> infra get, infra_add_bindings -> build -> synth -> terraform validate -> deploy, redeploy, destroy"
