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

# A new project from `infra init`, used as a user would: the installed
# generic `infra` command, a git repository, a fresh clone of it.
infra=$work/prefix/bin/infra
# The installed SDK's static libraries want the compiler and flags they were
# built with; the generic command's first configure of a project takes them
# from the environment, as CMake does.
export CXX="$(cache_value CMAKE_CXX_COMPILER)" CXXFLAGS="$(cache_value CMAKE_CXX_FLAGS)"
(cd "$work" && "$infra" -q init hello)
test -f "$work/hello/infra.json"
(cd "$work/hello" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm "infra init hello")
git clone -q "$work/hello" "$work/clone"
cd "$work/clone"

# The installed `infra synth dev` configures, generates the bindings of
# bindings/aws.types (infra_add_bindings), builds and runs the project's
# app: no manual `infra get`, no -DCMAKE_PREFIX_PATH.
"$infra" synth dev > "$work/first-synth.log" 2>&1 || { cat "$work/first-synth.log"; exit 1; }
grep -q '"aws_ssm_parameter"' infra.out/stacks/dev/main.tf.json
grep -q '"app": "hello"' infra.out/manifest.json
if grep -q 'aws_api_gateway\|"bootstrap"' infra.out/manifest.json infra.out/stacks/dev/main.tf.json; then
    echo "FAILED: the installed infra synthesized the demo app, not the project"; exit 1
fi
test -f build/generated/include/hello/aws/ssm_parameter.hpp
test -z "$(git status --porcelain)" || { git status --porcelain; echo "FAILED: the build wrote into the source tree"; exit 1; }
echo "PASSED: the installed infra synth dev builds a fresh clone of an infra init project and synthesizes it"

# From a subfolder: the same app, the same output folder at the root.
rm -rf infra.out
(cd src && "$infra" -q synth dev)
test -f infra.out/stacks/dev/main.tf.json && test ! -e src/infra.out
"$infra" -q validate dev > /dev/null
"$infra" synth --help > "$work/help.txt"
grep -q 'hello synth' "$work/help.txt"
echo "PASSED: commands from a subfolder run the project's app into the root's infra.out; its --help names it"

# Its tests (Catch2's main compiled once, in its own file).
cmake --build build > "$work/test-build.log" 2>&1 || { cat "$work/test-build.log"; exit 1; }
ctest --test-dir build --output-on-failure > "$work/init-test.log" 2>&1 || { cat "$work/init-test.log"; exit 1; }
echo "PASSED: the project's tests pass"

# A compile error: one error line after the compiler's, exit 1, the previous
# output untouched.
before=$(cat infra.out/stacks/dev/main.tf.json)
echo 'this is not C++' >> src/stacks.cpp
set +e
"$infra" -q synth dev > "$work/broken.log" 2>&1
status=$?
set -e
git checkout -q src/stacks.cpp
test $status -eq 1 || { cat "$work/broken.log"; echo "FAILED: a build failure exited $status, not 1"; exit 1; }
grep -q '^error: building app "hello" failed: `cmake --build ' "$work/broken.log"
test "$before" = "$(cat infra.out/stacks/dev/main.tf.json)"
echo "PASSED: a build failure is an error naming the build, and nothing is synthesized"

# Outside any project: one line, exit 2.
mkdir "$work/elsewhere"
set +e
(cd "$work/elsewhere" && "$infra" synth dev) > "$work/no-project.log" 2>&1
status=$?
set -e
test $status -eq 2 && grep -q '^error: no infra project here' "$work/no-project.log" && test "$(wc -l < "$work/no-project.log")" -eq 1
echo "PASSED: outside a project, infra synth says there is none in one line"
