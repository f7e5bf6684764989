#!/usr/bin/env bash
# Schema validation of the dev stack by infra, next to `terraform validate` on
# the same synthesized output:
#   bench/validation_vs_terraform.sh [BUILD_DIR] [RUNS]   (defaults: build, 10)
#
# Rows, each the median (min, max) of RUNS runs after a warm-up run:
#   infra validate dev             the whole process: build the stack, check
#                                  every resource against the embedded schema
#   infra synth dev                synth with validation (the default)
#   infra synth dev --no-validate  synth without it: the difference is what
#                                  validation costs a synth
#   terraform validate             on the synthesized dev stack, after one
#                                  `terraform init`; includes starting terraform
#                                  and the aws provider plugin, which is most of it
# and the validation step alone as `infra -v validate dev` reports it.
# Prints numbers; asserts nothing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
runs="${2:-10}"
# The seed app's own program: what `infra synth dev` runs after its (no-op) build.
infra="$build/crud_api"
timer="$build/bench/process_timer"
for b in "$infra" "$timer"; do
    [[ -x "$b" ]] || { echo "missing $b: build first (cmake --build $build)" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/infra-validation-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$infra" -q synth dev

row() {  # label, then the command
    local label=$1
    shift
    read -r median min max _rss < <("$timer" "$runs" -- "$@")
    printf "%-34s %10.2f ms   (min %.2f, max %.2f)\n" "$label" "$median" "$min" "$max"
}

echo "dev stack: $(grep -c '"path":' infra.out/stacks/dev/main.tf.json) resources and data sources; $runs runs each; $(nproc) cores"
row "infra validate dev" "$infra" -q validate dev
row "infra synth dev" "$infra" -q synth dev
row "infra synth dev --no-validate" "$infra" -q synth dev --no-validate

steps=()
for _ in $(seq "$runs"); do
    steps+=("$("$infra" -v validate dev 2>&1 | sed -n 's/.*\[validate\] took \([0-9.]*\) ms.*/\1/p')")
done
printf "%-34s %10.2f ms   (in-process: build the stack and check it)\n" "  of which the validate step" \
    "$(printf '%s\n' "${steps[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')"

# terraform, if it and the provider mirror are here (find_terraform.sh exits 77 otherwise).
if ! (source "$root/tests/terraform/find_terraform.sh" > /dev/null 2>&1); then
    echo "terraform validate                 (not measured: terraform or the aws provider mirror is missing)"
    exit 0
fi
source "$root/tests/terraform/find_terraform.sh"
trap 'rm -rf "$work" "$TF_TEST_HOME"' EXIT  # find_terraform.sh set its own
cd infra.out/stacks/dev
"$TERRAFORM" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" > /dev/null
row "terraform validate" "$TERRAFORM" validate -no-color
