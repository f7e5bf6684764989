// The generic `infra` command (src/cli/launcher.cpp) as a user meets it:
// outside a project every project command says so in one line; a project
// file is read strictly; inside a project the app named by infra.json is
// configured, built and run with the same arguments, from any folder of the
// project, with its exit code; a failing build is one clear error. The
// projects here build a shell script as their "app" (CMake with no
// compiler), so what is tested is the command, not a C++ build; the
// installed SDK with a real app is tests/examples/out_of_tree.sh.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "run_infra.hpp"

using namespace infra_test;

namespace {

RunResult run_generic(const std::string& args, const std::filesystem::path& cwd) {
    return test_support::run_command(std::string("'") + INFRA_GENERIC_BINARY + "' " + args, cwd);
}

// A project whose app prints its arguments, its folder and the project root
// it was given, and exits with code 7.
void write_script_project(const std::filesystem::path& root) {
    write_file(root / "infra.json", R"({"app": "app", "program": "build/bin/app"})");
    write_file(root / "CMakeLists.txt", R"(cmake_minimum_required(VERSION 3.22)
project(script_app LANGUAGES NONE)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/bin/app
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/app.sh ${CMAKE_BINARY_DIR}/bin/app
  DEPENDS ${CMAKE_SOURCE_DIR}/app.sh)
add_custom_target(app ALL DEPENDS ${CMAKE_BINARY_DIR}/bin/app)
)");
    write_file(root / "app.sh", "#!/bin/sh\necho \"app: $*\"\necho \"in: $(pwd)\"\necho \"root: $INFRA_PROJECT_ROOT\"\nexit 7\n");
    std::filesystem::permissions(root / "app.sh", std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
}

int line_count(const std::string& text) {
    int lines = 0;
    for (char c : text) lines += c == '\n';
    return lines;
}

}  // namespace

TEST_CASE("generic infra: outside a project a project command is one line that says how to make one") {
    TempDir dir;
    for (const char* command : {"synth dev", "diff dev", "validate", "plan dev", "deploy dev", "list", "-q graph dev"}) {
        INFO(command);
        const auto r = run_generic(command, dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("error: no infra project here: no infra.json in ") == 0);
        CHECK(r.output.find("infra init NAME") != std::string::npos);
        CHECK(line_count(r.output) == 1);
    }
}

TEST_CASE("generic infra: version, completion and --help work without a project and never name a stack") {
    TempDir dir;
    const auto version = run_generic("version", dir.path());
    CHECK(version.exit_code == 0);
    CHECK(version.output.find("infra ") == 0);
    const auto completion = run_generic("completion bash", dir.path());
    CHECK(completion.exit_code == 0);
    CHECK(completion.output.find("synth") != std::string::npos);
    CHECK(completion.output.find("bootstrap") == std::string::npos);  // the demo's stacks are not ours
    const auto help = run_generic("--help", dir.path());
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("infra builds the project's app") != std::string::npos);
    const auto unknown = run_generic("synht dev", dir.path());
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output.find("error: unknown command \"synht\" (commands: synth, ") == 0);
}

TEST_CASE("generic infra: a malformed project file is one error naming the file and the key") {
    TempDir dir;
    const struct {
        const char* text;
        const char* message;
    } cases[] = {
        {"{", "infra.json: not valid JSON"},
        {"[]", "infra.json: must be a JSON object"},
        {R"({"ap": "x"})", "infra.json: unknown key \"ap\""},
        {R"({"build_folder": "b"})", "infra.json: \"app\" is missing"},
        {R"({"app": 5})", "infra.json: \"app\" must be a string"},
        {R"({"app": "a b"})", "infra.json: \"app\" must be a CMake target name"},
        {R"({"app": "a", "program": "../elsewhere/a"})", "\"program\" must be a relative path inside the project"},
        {R"({"app": "a", "build_folder": "/tmp"})", "\"build_folder\" must be a relative path inside the project"},
        {R"({"app": "a", "configure_options": "-G Ninja"})", "\"configure_options\" must be an array of strings"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        write_file(dir.path() / "infra.json", c.text);
        const auto r = run_generic("synth dev", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find(c.message) != std::string::npos);
        CHECK(line_count(r.output) == 1);
        CHECK_FALSE(std::filesystem::exists(dir.path() / "build"));
    }
}

TEST_CASE("generic infra: inside a project the app is built and run with the same arguments, from any folder") {
    TempDir dir;
    write_script_project(dir.path());
    std::filesystem::create_directories(dir.path() / "src" / "deeper");

    const auto first = run_generic("synth dev --set region=eu-west-1", dir.path() / "src" / "deeper");
    CHECK(first.exit_code == 7);  // the app's own exit code
    CHECK(first.output.find("app: synth dev --set region=eu-west-1\n") != std::string::npos);
    CHECK(first.output.find("in: " + (dir.path() / "src" / "deeper").string() + "\n") != std::string::npos);
    CHECK(first.output.find("root: " + dir.path().string() + "\n") != std::string::npos);
    CHECK(std::filesystem::exists(dir.path() / "build" / "CMakeCache.txt"));  // configured the first time

    // Up to date: nothing but the app's own output (no "no work to do").
    const auto second = run_generic("-q list", dir.path());
    CHECK(second.exit_code == 7);
    CHECK(second.output.rfind("app: -q list\n", 0) == 0);

    // An edit of the app is built before it runs.
    write_file(dir.path() / "app.sh", "#!/bin/sh\necho \"edited: $*\"\n");
    const auto edited = run_generic("-q validate", dir.path());
    CHECK(edited.exit_code == 0);
    CHECK(edited.output == "edited: -q validate\n");
}

TEST_CASE("generic infra: a failing build is one error with the build's own messages above it") {
    TempDir dir;
    write_script_project(dir.path());
    write_file(dir.path() / "CMakeLists.txt", "cmake_minimum_required(VERSION 3.22)\nproject(broken LANGUAGES NONE)\n"
                                              "message(FATAL_ERROR \"the build is broken here\")\n");
    const auto r = run_generic("synth dev", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("the build is broken here") != std::string::npos);
    CHECK(r.output.find("error: configuring the app's build failed: `cmake -S ") != std::string::npos);
    CHECK(r.output.find("app:") == std::string::npos);  // the app never ran

    // A target that makes no program at the named path.
    write_script_project(dir.path());
    write_file(dir.path() / "infra.json", R"({"app": "app", "program": "build/not-there"})");
    std::filesystem::remove_all(dir.path() / "build");
    const auto missing = run_generic("-q synth dev", dir.path());
    CHECK(missing.exit_code == 2);
    CHECK(missing.output.find("made no program ") != std::string::npos);
    CHECK(missing.output.find("\"program\"") != std::string::npos);
}

TEST_CASE("output folder ownership: another app's output folder is refused unless replaced") {
    TempDir dir;
    REQUIRE(run_test_stacks_cli("-q synth good", dir.path()).exit_code == 0);
    const std::string manifest = read_file(dir.path() / "infra.out" / "manifest.json");
    CHECK(manifest.find("\"app\": \"test_stacks_cli\"") != std::string::npos);

    const auto refused = run_infra("-q synth dev", dir.path());
    CHECK(refused.exit_code == 2);
    CHECK(refused.output.find("infra.out holds the output of app \"test_stacks_cli\", not of \"crud_api\"") !=
          std::string::npos);
    CHECK(refused.output.find("--replace-output") != std::string::npos);
    CHECK(read_file(dir.path() / "infra.out" / "manifest.json") == manifest);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "infra.out" / "stacks" / "dev"));

    const auto replaced = run_infra("-q synth dev --replace-output", dir.path());
    CHECK(replaced.exit_code == 0);
    const std::string now = read_file(dir.path() / "infra.out" / "manifest.json");
    CHECK(now.find("\"app\": \"crud_api\"") != std::string::npos);
    CHECK(now.find("\"good\"") == std::string::npos);  // the other app's stacks are forgotten
    CHECK(std::filesystem::exists(dir.path() / "infra.out" / "stacks" / "good"));  // but their folders stay

    // The same app synthesizes again without the option.
    CHECK(run_infra("-q synth dev", dir.path()).exit_code == 0);
}

TEST_CASE("an app's --help names the app, not infra's demo") {
    TempDir dir;
    const auto help = run_test_stacks_cli("--help", dir.path());
    CHECK(help.exit_code == 0);
    CHECK(help.output.rfind("test_stacks_cli: ", 0) == 0);
    const auto bad = run_test_stacks_cli("synth --no-such-option", dir.path());
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("see `test_stacks_cli --help`") != std::string::npos);
}
