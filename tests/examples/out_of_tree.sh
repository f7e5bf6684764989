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
# A test file of the user's own, as a user would add one (the template builds
# every tests/*_test.cpp): references to one, to all and to no instance of a
# for_each resource of the project's generated bindings, and a failing
# has_resource that explains itself.
cat > "$work/hello/tests/instances_test.cpp" <<'CPP'
#include <catch2/catch.hpp>

#include <hello/aws/cloudwatch_log_group.hpp>
#include <hello/aws/ssm_parameter.hpp>
#include <infra/app.hpp>
#include <infra/expression.hpp>
#include <infra/synthesizer.hpp>
#include <infra/testing.hpp>

#include "stacks.hpp"

namespace {

// Log groups api and jobs (for_each), and a parameter holding `value`.
template <class Value>
void build(infra::App& app, Value value_of) {
    auto& stack = app.add<infra::Stack>("dev");
    auto& logs = stack.add<hello::aws::CloudwatchLogGroup>(
        "logs", hello::aws::CloudwatchLogGroupArgs{.name = infra::Str(infra::expr::each_key())});
    logs.set_for_each(infra::Value::map({{"api", 7}, {"jobs", 30}}));
    stack.add<hello::aws::SsmParameter>("pointer", hello::aws::SsmParameterArgs{
                                                       .name = "/hello/pointer", .type = "String", .value = value_of(logs)});
}

std::string parameter_value(infra::App& app) {
    const auto dev = infra::testing::SynthesizedStack::of(app, "dev");
    const auto ids = dev.find("aws_ssm_parameter");
    REQUIRE(ids.size() == 1);
    return dev.resource("aws_ssm_parameter", ids[0]).at("value").get<std::string>();
}

}  // namespace

TEST_CASE("a for_each instance reference names one instance") {
    infra::App app;
    build(app, [](auto& logs) { return logs.at("api").arn(); });
    CHECK(parameter_value(app) == "${aws_cloudwatch_log_group.logs[\"api\"].arn}");
}

TEST_CASE("a splat names every instance") {
    infra::App app;
    build(app, [](auto& logs) { return infra::Str(infra::expr::call("join", {",", logs.splat().arn()})); });
    CHECK(parameter_value(app) == "${join(\",\", values(aws_cloudwatch_log_group.logs)[*].arn)}");
}

TEST_CASE("a reference with no instance key is a synth error that names the fix") {
    infra::App app;
    build(app, [](auto& logs) { return logs.arn(); });
    try {
        infra::testing::SynthesizedStack::of(app, "dev");
        FAIL("synthesized a reference to a for_each resource without an instance key");
    } catch (const infra::SynthesisError& e) {
        REQUIRE(e.errors().size() == 1);
        CHECK(e.errors()[0].message.find("name one instance (logs.at(key).arn()) or all of them (logs.splat().arn())") !=
              std::string::npos);
    }
}

TEST_CASE("a failing has_resource shows expected and actual") {
    infra::App app;
    hello::build_app_stack(app, "dev", "dev");
    const auto dev = infra::testing::SynthesizedStack::of(app, "dev");
    const auto match = dev.has_resource("aws_cloudwatch_log_group", {{"retention_in_days", 14}});
    CHECK_FALSE(match);
    CHECK(match.explanation().find("retention_in_days: expected 14, actual 30") != std::string::npos);
}
CPP
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
for name in "a for_each instance reference" "a splat names" "no instance key is a synth error" "a failing has_resource"; do
    grep -q "$name" "$work/init-test.log" || { cat "$work/init-test.log"; echo "FAILED: no test \"$name\" ran"; exit 1; }
done
echo "PASSED: the project's tests pass, instance references and has_resource explanations included"

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
