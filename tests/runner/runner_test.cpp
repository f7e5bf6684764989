// The terraform runner with a fake terraform that records its calls: the
// exact argument sequences, init only when needed, exit codes passed on,
// dependency order, and Ctrl-C forwarded to terraform.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>
#include <vector>

#include "../cli/run_infra.hpp"

using infra_test::read_file;
using infra_test::TempDir;
namespace fs = std::filesystem;

namespace {

struct FakeTerraform {
    TempDir dir;
    fs::path log = dir.path() / "calls.log";
    std::string env(const std::string& extra = "") const {
        return "FAKE_TF_LOG='" + log.string() + "' INFRA_TERRAFORM='" FAKE_TERRAFORM "' " + extra + " ";
    }
    // The calls, minus the version checks.
    std::vector<std::string> calls() const {
        std::vector<std::string> out;
        if (!fs::exists(log)) return out;
        std::stringstream lines(read_file(log));
        std::string line;
        while (std::getline(lines, line))
            if (line.find("|version -json") == std::string::npos) out.push_back(line);
        return out;
    }
    void clear() const { fs::remove(log); }
};

// plan and deploy refuse the seed app while its function zip lacks the
// PostgreSQL driver: give them a stand-in package folder.
std::string with_driver(const std::string& args, const fs::path& cwd) {
    const bool deploys = args.rfind("plan ", 0) == 0 || args.rfind("deploy ", 0) == 0 ||
                         args.rfind("-q plan ", 0) == 0 || args.rfind("-q deploy ", 0) == 0;
    if (!deploys) return args;
    infra_test::write_file(cwd / "deps/pg8000/__init__.py", "# stand-in\n");
    const std::size_t redirect = args.find(" <");
    return args.substr(0, redirect) + " --set lambda_dependencies=deps" +
           (redirect == std::string::npos ? std::string() : args.substr(redirect));
}

infra_test::RunResult infra(const FakeTerraform& tf, const std::string& args, const fs::path& cwd,
                            const std::string& env = "") {
    return infra_test::run_infra_with_env(tf.env(env), with_driver(args, cwd), cwd);
}

infra_test::RunResult test_cli(const FakeTerraform& tf, const std::string& args, const fs::path& cwd,
                               const std::string& env = "") {
    return infra_test::run_test_stacks_cli_with_env(tf.env(env), args, cwd);
}

using Calls = std::vector<std::string>;

}  // namespace

TEST_CASE("plan runs init then plan with a saved plan file, in the stack folder") {
    FakeTerraform tf;
    TempDir work;
    auto r = infra(tf, "plan dev", work.path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|init -no-color -input=false", "dev|plan -no-color -input=false -out=plan.tfplan"});
    CHECK(fs::exists(work.path() / "infra.out/stacks/dev/plan.tfplan"));
    CHECK(r.output.find("[dev plan] took") != std::string::npos);
}

TEST_CASE("init is skipped when providers and backend are unchanged and rerun when they change") {
    FakeTerraform tf;
    TempDir work;
    REQUIRE(infra(tf, "plan dev --set backend=local", work.path()).exit_code == 0);
    tf.clear();
    // With a local backend the region is in the provider block only: no init.
    REQUIRE(infra(tf, "plan dev --set backend=local --set region=eu-west-1 --set availability_zones=eu-west-1a,eu-west-1b",
                  work.path())
                .exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|plan -no-color -input=false -out=plan.tfplan"});
    tf.clear();
    REQUIRE(infra(tf, "plan dev --set backend=s3 --set state_bucket=my-state", work.path()).exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|init -no-color -input=false", "dev|plan -no-color -input=false -out=plan.tfplan"});
}

TEST_CASE("the plugin folder is passed to init") {
    FakeTerraform tf;
    TempDir work;
    REQUIRE(infra(tf, "plan dev --plugin-dir /opt/mirror", work.path()).exit_code == 0);
    CHECK(tf.calls().front() == "dev|init -no-color -input=false -plugin-dir=/opt/mirror");
}

TEST_CASE("a stack initialized with a plugin folder is not initialized again without it") {
    FakeTerraform tf;
    TempDir work;
    REQUIRE(infra(tf, "deploy dev --auto-approve --plugin-dir /opt/mirror", work.path()).exit_code == 0);
    const auto deploy = tf.calls();
    CHECK(std::count(deploy.begin(), deploy.end(), "dev|init -no-color -input=false -plugin-dir=/opt/mirror") == 1);
    tf.clear();
    // Offline, a re-init without the folder would fail: output and destroy
    // use the initialized stack as it is.
    REQUIRE(infra(tf, "output dev", work.path()).exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|output -json"});
    tf.clear();
    REQUIRE(infra(tf, "destroy dev --auto-approve", work.path()).exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|destroy -no-color -auto-approve"});
    tf.clear();
    // When init is needed again (the backend changed), the folder of the
    // last init is used.
    REQUIRE(infra(tf, "plan dev --set state_bucket=other-state", work.path()).exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|init -no-color -input=false -plugin-dir=/opt/mirror",
                              "dev|plan -no-color -input=false -out=plan.tfplan"});
}

TEST_CASE("terraform is told not to colour its output when it goes to a pipe or NO_COLOR is set") {
    FakeTerraform tf;
    TempDir work;
    // The test captures infra's output: stdout is a pipe.
    REQUIRE(infra(tf, "plan dev", work.path()).exit_code == 0);
    for (const auto& call : tf.calls()) CHECK(call.find(" -no-color") != std::string::npos);
    tf.clear();
    REQUIRE(infra(tf, "plan dev", work.path(), "NO_COLOR=1").exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|plan -no-color -input=false -out=plan.tfplan"});
    // Nor do infra's own messages carry escape sequences.
    CHECK(infra(tf, "plan dev", work.path(), "NO_COLOR=1").output.find('\x1b') == std::string::npos);
}

namespace {

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
    return count;
}

}  // namespace

TEST_CASE("terraform's warning that the lock file covers one platform becomes one line, said once") {
    const std::string form = GENERATE(as<std::string>{}, "plain", "boxed");
    FakeTerraform tf;
    TempDir work;
    // Two stacks, each initialized from the plugin folder for the first time.
    auto r = test_cli(tf, "deploy base app --auto-approve --plugin-dir /opt/mirror", work.path(),
                      "FAKE_TF_LOCK_WARNING=" + form);
    INFO(form << "\n" << r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("Incomplete lock file information") == std::string::npos);
    CHECK(r.output.find("Due to your customized provider installation") == std::string::npos);
    CHECK(r.output.find("(where linux_amd64 is the platform to generate)") == std::string::npos);
    CHECK(r.output.find("\xe2\x95\xb7") == std::string::npos);  // the box around it
    // The rest of init's output is shown, in order, once per stack.
    CHECK(occurrences(r.output, "Initializing provider plugins...") == 2);
    CHECK(occurrences(r.output, "Terraform has been successfully initialized!") == 2);
    CHECK(r.output.find("Initializing provider plugins...") < r.output.find("Terraform has been successfully"));
    // The one line names the platform and the command that completes the lock.
    CHECK(occurrences(r.output, "terraform providers lock") == 1);
    CHECK(occurrences(r.output, "checksums for linux_amd64 only") == 1);
    // Init's exit code still decides: a failing init after the warning fails.
    tf.clear();
    TempDir again;
    auto failed = test_cli(tf, "deploy base --auto-approve --plugin-dir /opt/mirror", again.path(),
                           "FAKE_TF_LOCK_WARNING=" + form + " FAKE_TF_EXIT_init=1");
    CHECK(failed.exit_code == 1);
}

TEST_CASE("without the lock-file warning, init's output passes through unchanged") {
    FakeTerraform tf;
    TempDir work;
    auto r = test_cli(tf, "deploy base --auto-approve", work.path(), "FAKE_TF_LOCK_WARNING=none");
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("Initializing provider plugins...\n- Installed hashicorp/aws v5.100.0 (unauthenticated)\n"
                        "Terraform has been successfully initialized!\n") != std::string::npos);
    CHECK(r.output.find("terraform providers lock") == std::string::npos);
}

TEST_CASE("terraform's exit code is passed on") {
    FakeTerraform tf;
    TempDir work;
    CHECK(infra(tf, "plan dev", work.path(), "FAKE_TF_EXIT_plan=7").exit_code == 7);
    CHECK(infra(tf, "output dev", work.path(), "FAKE_TF_EXIT_output=5").exit_code == 5);
}

TEST_CASE("deploy plans and applies that plan, dependencies first") {
    FakeTerraform tf;
    TempDir work;
    auto r = test_cli(tf, "deploy base app --auto-approve", work.path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(tf.calls() == Calls{"base|init -no-color -input=false", "base|plan -no-color -input=false -out=plan.tfplan",
                              "base|apply -no-color -input=false plan.tfplan", "app|init -no-color -input=false",
                              "app|plan -no-color -input=false -out=plan.tfplan", "app|apply -no-color -input=false plan.tfplan"});
}

TEST_CASE("a failing stack stops the deploy and is named") {
    FakeTerraform tf;
    TempDir work;
    auto r = test_cli(tf, "deploy base app --auto-approve", work.path(), "FAKE_TF_EXIT_apply=1 FAKE_TF_FAIL_STACK=base");
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("stack base failed") != std::string::npos);
    for (const auto& call : tf.calls()) CHECK(call.rfind("app|", 0) != 0);
}

TEST_CASE("destroy goes in reverse dependency order") {
    FakeTerraform tf;
    TempDir work;
    REQUIRE(test_cli(tf, "destroy base app --auto-approve", work.path()).exit_code == 0);
    CHECK(tf.calls() == Calls{"app|init -no-color -input=false", "app|destroy -no-color -auto-approve", "base|init -no-color -input=false",
                              "base|destroy -no-color -auto-approve"});
}

TEST_CASE("output asks terraform for JSON in both formats") {
    FakeTerraform tf;
    TempDir work;
    REQUIRE(infra(tf, "synth dev", work.path()).exit_code == 0);
    REQUIRE(infra(tf, "output dev --json", work.path()).exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|init -no-color -input=false", "dev|output -json"});
    tf.clear();
    REQUIRE(infra(tf, "output dev", work.path()).exit_code == 0);
    CHECK(tf.calls() == Calls{"dev|output -json"});
}

TEST_CASE("output masks sensitive values in text unless --show-sensitive") {
    FakeTerraform tf;
    TempDir work;
    REQUIRE(infra(tf, "synth dev", work.path()).exit_code == 0);
    auto masked = infra(tf, "output dev", work.path());
    INFO(masked.output);
    REQUIRE(masked.exit_code == 0);
    CHECK(masked.output.find("api_url = \"https://api.example.test/dev\"\n") != std::string::npos);
    CHECK(masked.output.find("db_password = <sensitive>\n") != std::string::npos);
    CHECK(masked.output.find("s3cr3t-hunter2") == std::string::npos);
    CHECK(masked.output.find("1 sensitive output is hidden: pass --show-sensitive") != std::string::npos);

    auto shown = infra(tf, "output dev --show-sensitive", work.path());
    INFO(shown.output);
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.output.find("db_password = \"s3cr3t-hunter2\"\n") != std::string::npos);
    CHECK(shown.output.find("api_url = \"https://api.example.test/dev\"\n") != std::string::npos);
    CHECK(shown.output.find("hidden") == std::string::npos);
}

TEST_CASE("output --json replaces sensitive values by (sensitive) unless --show-sensitive") {
    FakeTerraform tf;
    TempDir work;
    REQUIRE(infra(tf, "synth dev", work.path()).exit_code == 0);
    auto masked = infra(tf, "output dev --json", work.path());
    INFO(masked.output);
    REQUIRE(masked.exit_code == 0);
    CHECK(masked.output.find("\"value\": \"(sensitive)\"") != std::string::npos);
    CHECK(masked.output.find("\"value\": \"https://api.example.test/dev\"") != std::string::npos);
    CHECK(masked.output.find("s3cr3t-hunter2") == std::string::npos);
    CHECK(masked.output.find("\"sensitive\": true") != std::string::npos);

    auto shown = infra(tf, "output dev --json --show-sensitive", work.path());
    INFO(shown.output);
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.output.find("\"value\": \"s3cr3t-hunter2\"") != std::string::npos);
    CHECK(shown.output.find("(sensitive)") == std::string::npos);
}

TEST_CASE("two infra synth runs on one output folder at the same time both succeed and write it whole") {
    TempDir reference;
    REQUIRE(infra_test::run_infra("-q synth dev", reference.path()).exit_code == 0);
    const std::string expected = read_file(reference.path() / "infra.out/stacks/dev/main.tf.json");
    const std::string expected_manifest = read_file(reference.path() / "infra.out/manifest.json");

    TempDir work;
    auto start = [&](const char* log) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            if (::chdir(work.path().c_str()) != 0) ::_exit(126);
            if (std::freopen(log, "w", stdout) == nullptr || ::dup2(STDOUT_FILENO, STDERR_FILENO) < 0) ::_exit(126);
            ::execl(INFRA_BINARY, INFRA_BINARY, "synth", "dev", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        return pid;
    };
    const std::string log_a = (work.path() / "a.log").string(), log_b = (work.path() / "b.log").string();
    const pid_t a = start(log_a.c_str());
    const pid_t b = start(log_b.c_str());
    REQUIRE(a > 0);
    REQUIRE(b > 0);
    for (const pid_t pid : {a, b}) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        INFO(read_file(log_a) << "\n---\n" << read_file(log_b));
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    const fs::path out = work.path() / "infra.out";
    CHECK(read_file(out / "stacks/dev/main.tf.json") == expected);
    CHECK(read_file(out / "manifest.json") == expected_manifest);
    CHECK(fs::exists(out / ".infra.lock"));
    for (const auto& entry : fs::recursive_directory_iterator(out))
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("deploy without a terminal needs --auto-approve") {
    FakeTerraform tf;
    TempDir work;
    auto r = infra(tf, "deploy dev < /dev/null", work.path());
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("--auto-approve") != std::string::npos);
    CHECK(tf.calls().empty());
}

TEST_CASE("an old or missing terraform is a usage error") {
    FakeTerraform tf;
    TempDir work;
    auto old = infra(tf, "plan dev", work.path(), "FAKE_TF_VERSION=1.5.7");
    CHECK(old.exit_code == 2);
    CHECK(old.output.find("is version 1.5.7; infra needs terraform >= 1.6") != std::string::npos);
    auto missing = infra_test::run_infra("plan dev --terraform /nonexistent/terraform", work.path());
    CHECK(missing.exit_code == 2);
    CHECK(missing.output.find("/nonexistent/terraform") != std::string::npos);
}

TEST_CASE("Ctrl-C reaches terraform and its exit code comes back") {
    FakeTerraform tf;
    TempDir work;
    infra_test::write_file(work.path() / "deps/pg8000/__init__.py", "# stand-in\n");
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (::chdir(work.path().c_str()) != 0) ::_exit(126);
        ::setenv("FAKE_TF_LOG", tf.log.c_str(), 1);
        ::setenv("INFRA_TERRAFORM", FAKE_TERRAFORM, 1);
        ::setenv("FAKE_TF_WAIT_ON_PLAN", "1", 1);
        ::execl(INFRA_BINARY, INFRA_BINARY, "-q", "plan", "dev", "--set", "lambda_dependencies=deps",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    bool waiting = false;
    for (int i = 0; i < 200 && !waiting; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        waiting = fs::exists(tf.log) && read_file(tf.log).find("plan|waiting") != std::string::npos;
    }
    REQUIRE(waiting);
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(read_file(tf.log).find("plan|got SIGINT") != std::string::npos);
}
