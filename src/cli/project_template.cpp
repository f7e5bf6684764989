#include "project_template.hpp"

#include "project_file.hpp"

namespace infra::cli {

namespace {

constexpr const char* kCMakeLists = R"(# @NAME@: infrastructure as typed C++ constructs, synthesized by infra.
#   infra synth dev           builds this project (configuring build/ the first
#                             time) and synthesizes the dev stack
#   ctest --test-dir build    runs the tests after a build
cmake_minimum_required(VERSION 3.22)
project(@NAME@ LANGUAGES CXX)

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)

find_package(infra 0.1 REQUIRED)

# Typed bindings of the AWS types bindings/aws.types lists, generated at
# build time into build/ from the AWS provider schema the SDK ships (or
# any `terraform providers schema -json` output): add a type to the list
# and rebuild.
infra_add_bindings(TARGET @NAME@_aws NAMESPACE @NAME@::aws PROVIDER aws
  SCHEMA ${INFRA_AWS_SCHEMA} TYPES ${CMAKE_CURRENT_SOURCE_DIR}/bindings/aws.types)

# The stacks, shared by the program and its tests.
add_library(@NAME@_stacks STATIC src/stacks.cpp)
target_include_directories(@NAME@_stacks PUBLIC src)
target_link_libraries(@NAME@_stacks PUBLIC infra::infra infra::aws_rules @NAME@_aws)

# The app: infra.json names this target, so `infra <command>` runs it.
add_executable(@NAME@ src/main.cpp)
target_link_libraries(@NAME@ PRIVATE @NAME@_stacks infra::cli)

find_package(Catch2 2 REQUIRED)
include(CTest)
include(Catch)
# Catch2's main in a file of its own: editing a test recompiles only that test.
add_library(@NAME@_test_main OBJECT tests/main.cpp)
target_link_libraries(@NAME@_test_main PRIVATE Catch2::Catch2)
# Every tests/*_test.cpp: a new test file is picked up by the next build.
file(GLOB @NAME@_test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*_test.cpp)
add_executable(@NAME@_tests ${@NAME@_test_sources} $<TARGET_OBJECTS:@NAME@_test_main>)
target_link_libraries(@NAME@_tests PRIVATE @NAME@_stacks Catch2::Catch2)
catch_discover_tests(@NAME@_tests)
)";

constexpr const char* kStacksHpp = R"(// The stacks of @NAME@ and the catalog the command line knows them by.
#pragma once

#include <infra/app.hpp>
#include <infra/stack_catalog.hpp>

namespace @NAME@ {

// A log group with a retention, and a parameter that publishes its name.
infra::Stack& build_app_stack(infra::App& app, const std::string& name, const std::string& environment);

// The stacks `@NAME@ synth` can write, with schema checks and security rules.
const infra::StackCatalog& catalog();

}  // namespace @NAME@
)";

constexpr const char* kStacksCpp = R"(#include "stacks.hpp"

#include <@NAME@/aws/cloudwatch_log_group.hpp>
#include <@NAME@/aws/provider_schema.hpp>
#include <@NAME@/aws/ssm_parameter.hpp>
#include <infra/output.hpp>
#include <infra/provider.hpp>
#include <infra/rules/aws_rules.hpp>
#include <infra/rules/suppression.hpp>

namespace @NAME@ {

infra::Stack& build_app_stack(infra::App& app, const std::string& name, const std::string& environment) {
    auto& stack = app.add<infra::Stack>(name);
    infra::rules::mark_environment(stack, environment);
    stack.set_backend(infra::LocalBackend{});
    stack.add<infra::Provider>("aws", infra::ProviderConfig{
                                          .name = "aws",
                                          .source = "hashicorp/aws",
                                          .version = "~> 5.100",
                                          .arguments = infra::Value::map({{"region", "us-east-1"}}).as_map(),
                                      });
    auto& logs = stack.add<aws::CloudwatchLogGroup>(
        "logs", aws::CloudwatchLogGroupArgs{.name = "/@NAME@/" + environment, .retention_in_days = 30});
    stack.add<aws::SsmParameter>("log_group_parameter", aws::SsmParameterArgs{
                                                                   .name = "/@NAME@/" + environment + "/log-group",
                                                                   .type = "String",
                                                                   .value = logs.name(),
                                                               });
    stack.add<infra::Output>("log_group_arn", infra::OutputConfig{.value = logs.arn(), .description = "the log group"});
    return stack;
}

const infra::StackCatalog& catalog() {
    static const infra::StackCatalog catalog = [] {
        infra::StackCatalog c;
        aws::register_schemas(c.schemas());
        infra::rules::add_aws_rules(c.rules());
        c.add({.name = "dev",
               .description = "the development environment",
               .build = [](infra::App& app, const infra::SettingsSource&) -> infra::Stack& {
                   return build_app_stack(app, "dev", "dev");
               }});
        return c;
    }();
    return catalog;
}

}  // namespace @NAME@
)";

constexpr const char* kMainCpp = R"(#include <infra/cli.hpp>

#include "stacks.hpp"

int main(int argc, char** argv) { return infra::run_cli(argc, argv, @NAME@::catalog()); }
)";

constexpr const char* kTestMainCpp = R"(// Catch2's main, compiled once.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
)";

constexpr const char* kTestCpp = R"(#include <catch2/catch.hpp>

#include <infra/testing.hpp>

#include "stacks.hpp"

TEST_CASE("the dev stack publishes its log group's name and passes the schema and the rules") {
    infra::App app;
    auto& stack = @NAME@::build_app_stack(app, "dev", "dev");
    const auto& catalog = @NAME@::catalog();
    const auto dev = infra::testing::SynthesizedStack::of(app, "dev", &catalog.schemas());
    CHECK(dev.has_resource("aws_cloudwatch_log_group", {{"retention_in_days", 30}}));
    const auto& logs = *stack.find_child("logs")->as_element();
    CHECK(dev.has_resource("aws_ssm_parameter", {{"value", infra::testing::reference_to(logs)}}));
    CHECK(infra::testing::validation_errors(app, "dev", &catalog.schemas(), &catalog.rules()).empty());
}
)";

constexpr const char* kAwsTypes = R"(# The AWS types @NAME@::aws binds, one a line (data sources as data.NAME).
aws_cloudwatch_log_group
aws_ssm_parameter
)";

// The build folder holds the generated bindings too: nothing generated is
// ever in the source tree.
constexpr const char* kGitignore = "build/\ninfra.out/\n";

std::string substitute(std::string text, const std::string& name) {
    const std::string token = "@NAME@";
    for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + name.size()))
        text.replace(at, token.size(), name);
    return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> project_template(const std::string& name) {
    return {
        {"CMakeLists.txt", substitute(kCMakeLists, name)},
        {"src/stacks.hpp", substitute(kStacksHpp, name)},
        {"src/stacks.cpp", substitute(kStacksCpp, name)},
        {"src/main.cpp", substitute(kMainCpp, name)},
        {"tests/main.cpp", kTestMainCpp},
        {"tests/stacks_test.cpp", substitute(kTestCpp, name)},
        {"bindings/aws.types", substitute(kAwsTypes, name)},
        {kProjectFileName, project_file_text(name)},
        {".gitignore", kGitignore},
    };
}

}  // namespace infra::cli
