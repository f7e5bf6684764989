#!/usr/bin/env bash
# Installs the SDK into a temporary prefix, builds examples/minimal against it
# with find_package(infra) as a separate CMake project, and runs it.
# Usage: out_of_tree.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
cmake -S "$src/examples/minimal" -B "$work/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCMAKE_BUILD_TYPE=Release > "$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

mkdir -p "$work/run"
cd "$work/run"
"$work/build/minimal" synth website
"$work/build/minimal" validate website  # the installed infra::aws schema tables
test -f infra.out/stacks/website/main.tf.json
grep -q '"aws_s3_bucket"' infra.out/stacks/website/main.tf.json
grep -q '"bucket_name"' infra.out/stacks/website/main.tf.json
echo "PASSED: examples/minimal builds against the installed SDK and synthesizes"
