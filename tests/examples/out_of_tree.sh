#!/usr/bin/env bash
# Installs the SDK into a temporary prefix, builds examples/minimal against it
# with find_package(infra) as a separate CMake project, and runs it; then
# does the same with a project `infra init` creates, running its test.
# Usage: out_of_tree.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
# The SDK installs static libraries: a project builds with the compiler and
# flags they were built with (clang and the sanitizers, in the asan preset).
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
toolchain=(-DCMAKE_CXX_COMPILER="$(cache_value CMAKE_CXX_COMPILER)" -DCMAKE_CXX_FLAGS="$(cache_value CMAKE_CXX_FLAGS)")
cmake -S "$src/examples/minimal" -B "$work/build" "${generator[@]}" "${toolchain[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" \
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

# A new project from `infra init`: it builds, its test passes, it synthesizes.
(cd "$work" && "$build/infra" -q init hello)
cmake -S "$work/hello" -B "$work/hello/build" "${generator[@]}" "${toolchain[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCMAKE_BUILD_TYPE=Release > "$work/init-configure.log" || { cat "$work/init-configure.log"; exit 1; }
cmake --build "$work/hello/build" > "$work/init-build.log" 2>&1 || { cat "$work/init-build.log"; exit 1; }
ctest --test-dir "$work/hello/build" --output-on-failure > "$work/init-test.log" 2>&1 || { cat "$work/init-test.log"; exit 1; }
(cd "$work/hello" && ./build/hello -q synth dev && ./build/hello -q validate dev > /dev/null)
grep -q '"aws_ssm_parameter"' "$work/hello/infra.out/stacks/dev/main.tf.json"
echo "PASSED: a project from infra init builds, passes its test and synthesizes"
