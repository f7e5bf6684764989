// The commit of a run's files into the output folder: a writer killed while
// renaming is finished by the next one, whole, and a record of such a commit
// that names files the writer does not own is refused.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "infra/error.hpp"
#include "output_commit.hpp"
#include "output_writer.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using sdk_test::read_file;
using sdk_test::TempDir;
using sdk_test::write_file;
namespace fs = std::filesystem;

namespace {

// Three stacks of `assets` files each, every byte naming `tag`: the two
// outputs a run switches between. Each also has assets of its own (named
// after the tag), which the other's commit removes as stale.
SynthesisResult output_tagged(const std::string& tag, int assets) {
    SynthesisResult result;
    for (const std::string stack : {"bootstrap", "dev", "prod"}) {
        StackArtifact artifact{stack, "{\"stack\": \"" + stack + "\", \"tag\": \"" + tag + "\"}\n", {}, {}};
        for (int i = 0; i < assets; ++i)
            artifact.files.push_back({"assets/shared-" + std::to_string(i) + ".txt", tag + " " + std::to_string(i)});
        for (int i = 0; i < 3; ++i)
            artifact.files.push_back({"assets/" + tag + "-" + std::to_string(i) + ".txt", tag});
        result.stacks.push_back(std::move(artifact));
    }
    return result;
}

// Every file below `dir` but the lock file, by relative path, with its bytes:
// temporaries and the commit record included, so that equal snapshots mean
// none was left.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (!entry.is_directory() && entry.path().filename() != kOutputLockFile)
            out[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
    return out;
}

// The files a whole output of `result` consists of, written alone.
std::map<std::string, std::string> whole_output(const SynthesisResult& result) {
    TempDir dir;
    write_output(dir.path() / "out", result);
    return snapshot(dir.path() / "out");
}

bool is_there(const fs::path& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0;
}

}  // namespace

TEST_CASE("a writer killed while renaming its files into place is finished by the next, whole") {
    // 3 x 100 files: the renames take long enough (tens of milliseconds on
    // this machine's disks) to be killed in the middle of, most times.
    const SynthesisResult a = output_tagged("alpha", 100);
    const SynthesisResult b = output_tagged("beta", 100);
    const auto whole_a = whole_output(a);
    const auto whole_b = whole_output(b);
    TempDir work;
    const fs::path out = work.path() / "out";
    write_output(out, a);
    bool holds_a = true;
    std::mt19937 random(20261203);
    int finished = 0;
    for (int run = 0; run < 10; ++run) {
        INFO("run " << run);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            try {
                write_output(out, holds_a ? b : a);
                ::_exit(0);
            } catch (...) {
                ::_exit(1);
            }
        }
        // Kill it once its commit record is down (the renames begin right
        // after), some way into the renames.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!is_there(out / kCommitRecordFile) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 5000));
        ::kill(child, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        if (is_there(out / kCommitRecordFile)) {
            ++finished;
            finish_interrupted_commit(out);
            // The killed run's output, whole, and nothing of the commit left.
            CHECK(snapshot(out) == (holds_a ? whole_b : whole_a));
            holds_a = !holds_a;
        } else {
            // It was done with its commit before the kill.
            CHECK((WIFSIGNALED(status) || WEXITSTATUS(status) == 0));
            CHECK(snapshot(out) == (holds_a ? whole_b : whole_a));
            holds_a = !holds_a;
        }
    }
    // The renames are a large part of the run: most kills land in them.
    CHECK(finished >= 5);
}

TEST_CASE("a commit killed while putting back the previous output is put back by the next run") {
    TempDir work;
    const fs::path out = work.path() / "out";
    const SynthesisResult a = output_tagged("alpha", 2);
    write_output(out, a);
    const auto before = snapshot(out);
    // A run had renamed dev's new main.tf.json into place, failed on the
    // next file, and was killed while putting the old one back: the old
    // content is under the backup name, the new one at the target, and the
    // next file's temporary is still there.
    const std::string dev = "stacks/dev/main.tf.json";
    const std::string prod = "stacks/prod/main.tf.json";
    REQUIRE(::link((out / dev).c_str(), (out / (dev + ".tmp-77-1")).c_str()) == 0);
    write_file(out / (dev + ".tmp-77-0"), "new dev");
    fs::rename(out / (dev + ".tmp-77-0"), out / dev);
    write_file(out / (prod + ".tmp-77-2"), "new prod");
    write_file(out / "stacks/dev/assets/new.txt", "new asset");
    write_file(out / kCommitRecordFile, R"({"direction": "back", "files": [
        {"target": "stacks/dev/main.tf.json", "temporary": "stacks/dev/main.tf.json.tmp-77-0",
         "backup": "stacks/dev/main.tf.json.tmp-77-1", "existed": true},
        {"target": "stacks/dev/assets/new.txt", "temporary": "stacks/dev/assets/new.txt.tmp-77-3",
         "backup": "", "existed": false},
        {"target": "stacks/prod/main.tf.json", "temporary": "stacks/prod/main.tf.json.tmp-77-2",
         "backup": "", "existed": true}], "removals": ["stacks/dev/assets/alpha-0.txt"]})");
    finish_interrupted_commit(out);
    CHECK(snapshot(out) == before);
}

TEST_CASE("a commit record naming files the writer does not own is refused, and nothing is touched") {
    TempDir work;
    const fs::path out = work.path() / "out";
    write_output(out, output_tagged("alpha", 1));
    write_file(out / "stacks/dev/terraform.tfstate", "state");
    write_file(out / "stacks/dev/terraform.tfstate.tmp-1-1", "planted");
    write_file(work.path() / "outside.tmp-1-1", "planted");
    const auto before = snapshot(out);
    const std::string file_entry = R"({"target": "stacks/dev/main.tf.json", "temporary": "stacks/dev/main.tf.json.tmp-1-2", "backup": "", "existed": true})";
    const auto record = [&](const std::string& files, const std::string& removals) {
        return R"({"direction": "forward", "files": [)" + files + R"(], "removals": [)" + removals + "]}";
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {record(R"({"target": "stacks/dev/terraform.tfstate", "temporary": "stacks/dev/terraform.tfstate.tmp-1-1", "backup": "", "existed": true})", ""),
         "it names a file infra does not write"},
        {record(R"({"target": "stacks/dev/main.tf.json", "temporary": "../outside.tmp-1-1", "backup": "", "existed": true})", ""),
         "it names a file that is not a temporary of infra's"},
        {record(R"({"target": "stacks/dev/main.tf.json", "temporary": "stacks/dev/main.tf.json.tmp-1-2/../../../../outside.tmp-1-1", "backup": "", "existed": true})", ""),
         "it names a file that is not a temporary of infra's"},
        {record(R"({"target": "stacks/../main.tf.json", "temporary": "stacks/../main.tf.json.tmp-1-2", "backup": "", "existed": true})", ""),
         "it names a file infra does not write"},
        {record(file_entry, R"("stacks/dev/terraform.tfstate")"), "it removes a file that is not an asset"},
        {record(file_entry, R"("stacks/dev/assets/../terraform.tfstate")"), "it removes a file that is not an asset"},
        {"{\"direction\": \"sideways\", \"files\": [], \"removals\": []}", "unknown direction"},
        {"{\"direction\": \"forward\"", "parse error"},
    };
    for (const auto& [text, reason] : cases) {
        INFO(text);
        write_file(out / kCommitRecordFile, text);
        try {
            finish_interrupted_commit(out);
            FAIL("the record was carried out");
        } catch (const Error& e) {
            const std::string message = e.what();
            CHECK(message.find(".infra-commit.json: record of an interrupted output commit refused: ") !=
                  std::string::npos);
            CHECK(message.find(reason) != std::string::npos);
            CHECK(message.find('\n') == std::string::npos);
        }
        fs::remove(out / kCommitRecordFile);
        CHECK(snapshot(out) == before);
    }
    CHECK(read_file(work.path() / "outside.tmp-1-1") == "planted");

    // A FIFO in the record's place is not waited on.
    REQUIRE(::mkfifo((out / kCommitRecordFile).c_str(), 0644) == 0);
    CHECK_THROWS_WITH(finish_interrupted_commit(out),
                      Catch::Contains(".infra-commit.json: record of an interrupted output commit cannot be read: ") &&
                          Catch::Contains("; remove it and synthesize again"));
    fs::remove(out / kCommitRecordFile);
    CHECK(snapshot(out) == before);
}

TEST_CASE("the next write finishes an interrupted commit before it writes its own") {
    TempDir work;
    const fs::path out = work.path() / "out";
    const SynthesisResult a = output_tagged("alpha", 2);
    const SynthesisResult b = output_tagged("beta", 2);
    write_output(out, a);
    // A run of b killed after its first rename: dev's file is b's, the rest
    // still waits under temporary names.
    const std::string dev = "stacks/dev/main.tf.json";
    const std::string prod = "stacks/prod/main.tf.json";
    write_file(out / (dev + ".tmp-88-0"), b.stacks[1].json);
    write_file(out / (prod + ".tmp-88-1"), b.stacks[2].json);
    REQUIRE(::link((out / dev).c_str(), (out / (dev + ".tmp-88-2")).c_str()) == 0);
    fs::rename(out / (dev + ".tmp-88-0"), out / dev);
    write_file(out / kCommitRecordFile, R"({"direction": "forward", "files": [
        {"target": "stacks/dev/main.tf.json", "temporary": "stacks/dev/main.tf.json.tmp-88-0",
         "backup": "stacks/dev/main.tf.json.tmp-88-2", "existed": true},
        {"target": "stacks/prod/main.tf.json", "temporary": "stacks/prod/main.tf.json.tmp-88-1",
         "backup": "", "existed": true}], "removals": []})");
    // The next run writes only bootstrap: dev and prod end as b's.
    SynthesisResult bootstrap_only;
    bootstrap_only.stacks.push_back(a.stacks[0]);
    write_output(out, bootstrap_only);
    CHECK(read_file(out / dev) == b.stacks[1].json);
    CHECK(read_file(out / prod) == b.stacks[2].json);
    CHECK_FALSE(fs::exists(out / kCommitRecordFile));
    CHECK_FALSE(fs::exists(out / (dev + ".tmp-88-2")));
}
