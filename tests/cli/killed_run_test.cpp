// `kill -9` at random moments of `infra synth`: whatever instant a run dies,
// its output folder holds the whole previous output or the whole new one
// (or, when the run died while renaming its files into place, a record of
// that commit, which the next run finishes before anything else), and no
// temporary outlives the next run.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::TempDir;
namespace fs = std::filesystem;

namespace {

using Output = std::map<std::string, std::string>;

constexpr const char* kCommitRecord = ".infra-commit.json";

bool is_temporary(const std::string& relative) { return relative.find(".tmp-") != std::string::npos; }

// Every file of the output folder but its lock file, by relative path.
Output snapshot(const fs::path& out) {
    Output files;
    for (const auto& entry : fs::recursive_directory_iterator(out))
        if (!entry.is_directory() && entry.path().filename() != ".infra.lock")
            files[fs::relative(entry.path(), out).string()] = read_file(entry.path());
    return files;
}

Output without_temporaries(Output files) {
    std::erase_if(files, [](const auto& file) { return is_temporary(file.first); });
    return files;
}

// Starts `infra -q synth --set project=<project>` in `cwd`, its output
// thrown away.
pid_t start_synth(const fs::path& cwd, const std::string& project) {
    const std::string setting = "project=" + project;
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        if (null < 0 || ::dup2(null, 1) < 0 || ::dup2(null, 2) < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
        ::execl(INFRA_BINARY, INFRA_BINARY, "-q", "synth", "--set", setting.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

// Reports files renamed into the stack folders: a run's commit has begun.
class RenameWatch {
public:
    explicit RenameWatch(const fs::path& out) : fd_(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
        REQUIRE(fd_ >= 0);
        for (const std::string stack : {"bootstrap", "dev", "prod"})
            REQUIRE(::inotify_add_watch(fd_, (out / "stacks" / stack).c_str(), IN_MOVED_TO) >= 0);
    }
    ~RenameWatch() { ::close(fd_); }
    RenameWatch(const RenameWatch&) = delete;
    RenameWatch& operator=(const RenameWatch&) = delete;

    // Waits up to `timeout` for a main.tf.json to be renamed into place.
    bool wait_for_commit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        alignas(inotify_event) char buffer[4096];
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0) continue;
            const ssize_t n = ::read(fd_, buffer, sizeof buffer);
            for (ssize_t at = 0; at < n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
                if (event->len > 0 && std::string(event->name) == "main.tf.json") return true;
                at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            }
        }
        return false;
    }
    // Forgets events of earlier runs.
    void drain() {
        alignas(inotify_event) char buffer[4096];
        while (::read(fd_, buffer, sizeof buffer) > 0) {
        }
    }

private:
    int fd_;
};

infra_test::RunResult synth(const fs::path& cwd, const std::string& args) {
    return infra_test::run_infra_with_env("NO_COLOR=1 timeout 60 ", "-q synth " + args, cwd);
}

}  // namespace

TEST_CASE("runs killed at random moments leave a whole old or new output, and the next run finishes the rest") {
    TempDir work;
    const fs::path out = work.path() / "infra.out";
    // The two outputs the runs switch between, and how long a whole run takes.
    std::map<std::string, Output> whole;
    std::chrono::steady_clock::duration longest{};
    for (const std::string project : {"alpha", "beta", "alpha", "beta"}) {
        const auto start = std::chrono::steady_clock::now();
        const int status = wait_for(start_synth(work.path(), project));
        REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
        longest = std::max(longest, std::chrono::steady_clock::now() - start);
        const Output files = snapshot(out);
        if (whole.count(project)) REQUIRE(whole[project] == files);  // byte-stable, or nothing can be compared
        whole[project] = files;
    }
    REQUIRE(whole["alpha"] != whole["beta"]);
    REQUIRE(whole["alpha"].count("stacks/prod/main.tf.json") == 1);
    const auto longest_us = std::chrono::duration_cast<std::chrono::microseconds>(longest).count();

    std::mt19937 random(20261203);
    RenameWatch watch(out);
    std::string holds = "beta";
    int old_output = 0, new_output = 0, finished_by_next = 0;
    for (int run = 0; run < 200; ++run) {
        const std::string next = holds == "alpha" ? "beta" : "alpha";
        INFO("run " << run << ": " << holds << " -> " << next);
        // Even runs die at a random moment, odd ones as soon as their first
        // file is renamed into place (the moment a writer without a commit
        // record leaves a mix of old and new stacks).
        watch.drain();
        const pid_t pid = start_synth(work.path(), next);
        if (run % 2 == 0)
            std::this_thread::sleep_for(std::chrono::microseconds(random() % (longest_us + longest_us / 5 + 1)));
        else
            watch.wait_for_commit(std::chrono::milliseconds(10000));
        ::kill(pid, SIGKILL);
        wait_for(pid);

        const Output left = snapshot(out);
        if (left.count(kCommitRecord) == 0) {
            // Killed before its commit (temporaries may be left: the next
            // run removes them) or after it: one output, whole.
            const Output files = without_temporaries(left);
            const bool is_old = files == whole[holds], is_new = files == whole[next];
            CHECK((is_old || is_new));
            if (is_new) holds = next;
            ++(is_new ? new_output : old_output);
            continue;
        }
        // Killed while renaming. The next run, of dev (and bootstrap, which
        // it depends on) with the old settings, first finishes the killed
        // run's commit: prod, which it does not write, is the killed run's.
        ++finished_by_next;
        const auto result = synth(work.path(), "dev --set project=" + holds);
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        const Output after = snapshot(out);
        CHECK(after.at("stacks/prod/main.tf.json") == whole[next].at("stacks/prod/main.tf.json"));
        for (const std::string stack : {"bootstrap", "dev"}) {
            const std::string file = "stacks/" + stack + "/main.tf.json";
            CHECK(after.at(file) == whole[holds].at(file));
        }
        for (const auto& [file, bytes] : after) {
            INFO(file);
            CHECK_FALSE(is_temporary(file));
            CHECK(file != kCommitRecord);
        }
        // Back to one whole output for the next round.
        REQUIRE(synth(work.path(), "--set project=" + next).exit_code == 0);
        REQUIRE(snapshot(out) == whole[next]);
        holds = next;
    }
    // The last run removes what killed runs left half written.
    REQUIRE(synth(work.path(), "--set project=" + holds).exit_code == 0);
    CHECK(snapshot(out) == whole[holds]);
    INFO("runs that left the old output: " << old_output << ", the new one: " << new_output
                                            << ", a commit the next run finished: " << finished_by_next);
    // The random kills land before the commit and after it; most of those
    // at the first rename land in the middle of it.
    CHECK(old_output > 0);
    CHECK(new_output > 0);
    CHECK(finished_by_next >= 50);
}
