// The output writer and the manifest: what lands on disk, what is left alone,
// and that a failure leaves the previous output as it was.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <algorithm>
#include <map>
#include <thread>

#include "infra/app.hpp"
#include "manifest.hpp"
#include "output_writer.hpp"
#include "infra/resource.hpp"
#include "infra/version.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using nlohmann::json;
using sdk_test::message_has;
using sdk_test::read_file;
using sdk_test::TempDir;
using sdk_test::write_file;
namespace fs = std::filesystem;

namespace {

// A small program: stacks named `names`, each with a bucket named `bucket`.
SynthesisResult synth_program(const std::vector<std::string>& names, const std::string& bucket = "logs") {
    App app;
    for (const auto& n : names) app.add<Stack>(n).add<Resource>("bucket", "aws_s3_bucket").set("bucket", bucket);
    return synthesize(app);
}

// Every regular file below `dir`, by relative path, with its bytes; the
// writer's lock file is not part of the output.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().filename() != kOutputLockFile)
            out[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
    return out;
}

// Every folder below `dir`, relative.
std::vector<std::string> folders(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_directory()) out.push_back(fs::relative(entry.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// Holds the output folder's lock as another run would (an older version of
// infra wrote its pid into the file: `pid`).
class HeldLock {
public:
    HeldLock(const fs::path& out, const std::string& pid) {
        fs::create_directories(out);
        fd_ = ::open((out / kOutputLockFile).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        REQUIRE(fd_ >= 0);
        REQUIRE(::flock(fd_, LOCK_EX | LOCK_NB) == 0);
        REQUIRE(::ftruncate(fd_, 0) == 0);
        REQUIRE(::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size()));
    }
    ~HeldLock() { release(); }
    void release() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    HeldLock(const HeldLock&) = delete;
    HeldLock& operator=(const HeldLock&) = delete;

private:
    int fd_ = -1;
};

// Sets the umask for the scope.
struct Umask {
    explicit Umask(mode_t mask) : old(::umask(mask)) {}
    ~Umask() { ::umask(old); }
    mode_t old;
};

std::vector<std::string> temporaries(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.path().filename().string().find(".tmp-") != std::string::npos) out.push_back(entry.path().string());
    return out;
}

}  // namespace

TEST_CASE("write_output writes each stack's main.tf.json and the manifest") {
    TempDir tmp;
    const fs::path out = tmp.path() / "infra.out";  // created on demand
    const auto result = synth_program({"dev", "prod"});
    const auto written = write_output(out, result);

    CHECK(written.files == std::vector<fs::path>{"stacks/dev/main.tf.json", "stacks/prod/main.tf.json", "manifest.json"});
    CHECK(read_file(out / "stacks/dev/main.tf.json") == result.stacks[0].json);
    CHECK(read_file(out / "stacks/prod/main.tf.json") == result.stacks[1].json);

    const json manifest = json::parse(read_file(out / "manifest.json"));
    CHECK(manifest["version"] == version());
    CHECK(manifest["stacks"]["dev"] == json{{"name", "dev"},
                                            {"directory", "stacks/dev"},
                                            {"synthesized_file", "stacks/dev/main.tf.json"},
                                            {"dependencies", json::array()},
                                            {"files", {"stacks/dev/main.tf.json"}}});
    CHECK(manifest["stacks"].size() == 2);
    CHECK(temporaries(tmp.path()).empty());
}

TEST_CASE("a streamed synthesis writes the same bytes, and only a changed stack is rewritten and reported") {
    TempDir tmp;
    const fs::path out = tmp.path();
    const auto program = [](const std::string& bucket, bool stream) {
        auto app = std::make_unique<App>();
        for (const std::string n : {"dev", "prod"})
            app->add<Stack>(n).add<Resource>("bucket", "aws_s3_bucket").set("bucket", n == "dev" ? bucket : "fixed");
        SynthesisRequest request;
        request.stream_json = stream;
        SynthesisResult result = synthesize(*app, request);
        return std::make_pair(std::move(app), std::move(result));
    };
    const auto in_memory = program("logs", false);
    const auto streamed = program("logs", true);
    REQUIRE(streamed.second.stacks.size() == 2);
    CHECK(streamed.second.stacks[0].json.empty());
    REQUIRE(streamed.second.stacks[0].json_producer);

    std::vector<std::string> changed;
    const StackChangeHook record = [&](const std::string& stack, const fs::path& previous, const fs::path& staged) {
        changed.push_back(stack + ": " + (fs::exists(previous) ? read_file(previous) : "(none)") + " -> " +
                          read_file(staged));
    };
    write_output(out, streamed.second, {}, kDefaultLockWait, record);
    CHECK(read_file(out / "stacks/dev/main.tf.json") == in_memory.second.stacks[0].json);
    CHECK(read_file(out / "stacks/prod/main.tf.json") == in_memory.second.stacks[1].json);
    CHECK(changed == std::vector<std::string>{"dev: (none) -> " + in_memory.second.stacks[0].json,
                                              "prod: (none) -> " + in_memory.second.stacks[1].json});

    // Again with nothing changed: no stack reported, no file touched.
    const auto before = snapshot(out);
    const auto mtime = fs::last_write_time(out / "stacks/dev/main.tf.json");
    changed.clear();
    write_output(out, program("logs", true).second, {}, kDefaultLockWait, record);
    CHECK(changed.empty());
    CHECK(snapshot(out) == before);
    CHECK(fs::last_write_time(out / "stacks/dev/main.tf.json") == mtime);

    // dev changes: only dev is reported, with both versions readable.
    const auto next = program("archive", true);
    const std::string next_dev = program("archive", false).second.stacks[0].json;
    write_output(out, next.second, {}, kDefaultLockWait, record);
    CHECK(changed == std::vector<std::string>{"dev: " + in_memory.second.stacks[0].json + " -> " + next_dev});
    CHECK(read_file(out / "stacks/dev/main.tf.json") == next_dev);
    CHECK(temporaries(out).empty());
}

TEST_CASE("a second write replaces our files and leaves everyone else's") {
    TempDir tmp;
    const fs::path out = tmp.path();
    write_output(out, synth_program({"dev"}, "first"));
    write_file(out / "stacks/dev/.terraform/providers/x", "provider cache");
    write_file(out / "stacks/dev/terraform.tfstate", "{\"state\": true}");
    write_file(out / "stacks/dev/plan.out", "plan");
    write_file(out / "notes.txt", "mine");

    const auto second = synth_program({"dev"}, "second");
    write_output(out, second);
    const std::string now = read_file(out / "stacks/dev/main.tf.json");
    CHECK(now == second.stacks[0].json);
    CHECK(json::parse(now)["resource"]["aws_s3_bucket"]["bucket"]["bucket"] == "second");

    CHECK(read_file(out / "stacks/dev/.terraform/providers/x") == "provider cache");
    CHECK(read_file(out / "stacks/dev/terraform.tfstate") == "{\"state\": true}");
    CHECK(read_file(out / "stacks/dev/plan.out") == "plan");
    CHECK(read_file(out / "notes.txt") == "mine");
    CHECK(temporaries(out).empty());
}

TEST_CASE("a re-run with nothing changed leaves every file as it was; a changed file is replaced") {
    TempDir tmp;
    const fs::path out = tmp.path();
    write_output(out, synth_program({"dev", "prod"}, "first"));
    auto identity = [&](const char* file) {
        struct stat st {};
        REQUIRE(::stat((out / file).c_str(), &st) == 0);
        return std::pair(st.st_ino, st.st_mtim.tv_nsec + st.st_mtim.tv_sec * 1000000000LL);
    };
    const auto dev = identity("stacks/dev/main.tf.json");
    const auto prod = identity("stacks/prod/main.tf.json");
    const auto manifest = identity("manifest.json");

    const auto written = write_output(out, synth_program({"dev", "prod"}, "first"));
    CHECK(written.files.size() == 3);  // still reported as the output
    CHECK(identity("stacks/dev/main.tf.json") == dev);
    CHECK(identity("stacks/prod/main.tf.json") == prod);
    CHECK(identity("manifest.json") == manifest);

    // Same bytes but a wider mode than 0644: written again, as 0644.
    fs::permissions(out / "stacks/prod/main.tf.json", fs::perms::all);
    // A file of the same size whose bytes differ: replaced.
    std::string changed = read_file(out / "stacks/dev/main.tf.json");
    changed[changed.find("first")] = 'F';
    write_file(out / "stacks/dev/main.tf.json", changed);
    write_output(out, synth_program({"dev", "prod"}, "first"));
    CHECK(read_file(out / "stacks/dev/main.tf.json").find("\"first\"") != std::string::npos);
    CHECK(mode_of(out / "stacks/prod/main.tf.json") == 0644);
    CHECK(identity("stacks/prod/main.tf.json") != prod);
    CHECK(identity("manifest.json") == manifest);
    CHECK(temporaries(out).empty());

    // A link to a file with the right bytes is replaced by the file itself.
    write_file(tmp.path() / "elsewhere.json", read_file(out / "stacks/dev/main.tf.json"));
    fs::remove(out / "stacks/dev/main.tf.json");
    fs::create_symlink(tmp.path() / "elsewhere.json", out / "stacks/dev/main.tf.json");
    write_output(out, synth_program({"dev", "prod"}, "first"));
    CHECK(fs::is_regular_file(fs::symlink_status(out / "stacks/dev/main.tf.json")));
    CHECK(read_file(out / "stacks/dev/main.tf.json") == read_file(tmp.path() / "elsewhere.json"));
}

TEST_CASE("writing one stack keeps the other stacks' output and manifest entries") {
    TempDir tmp;
    const fs::path out = tmp.path();
    write_output(out, synth_program({"dev", "prod"}));
    const std::string prod_before = read_file(out / "stacks/prod/main.tf.json");

    write_output(out, synth_program({"dev"}, "changed"));
    CHECK(read_file(out / "stacks/prod/main.tf.json") == prod_before);
    auto manifest = read_manifest(out / "manifest.json");
    REQUIRE(manifest.has_value());
    CHECK(manifest->stacks.count("prod") == 1);

    // Once a stack's folder is gone, its entry goes too.
    fs::remove_all(out / "stacks/prod");
    write_output(out, synth_program({"dev"}));
    manifest = read_manifest(out / "manifest.json");
    REQUIRE(manifest.has_value());
    CHECK(manifest->stacks.count("prod") == 0);
    CHECK(manifest->stacks.count("dev") == 1);
}

TEST_CASE("an output path that is a regular file is an error and changes nothing") {
    TempDir tmp;
    const fs::path out = tmp.path() / "infra.out";
    write_file(out, "not a folder");
    REQUIRE_THROWS_MATCHES(write_output(out, synth_program({"dev"})), Error,
                           message_has({out.string(), "not a directory"}));
    CHECK(fs::is_regular_file(out));
    CHECK(read_file(out) == "not a folder");
    CHECK(snapshot(tmp.path()).size() == 1);
}

TEST_CASE("a write that fails part-way leaves the previous output byte-identical") {
    TempDir tmp;
    const fs::path out = tmp.path();
    write_output(out, synth_program({"dev"}, "before"));
    write_file(out / "stacks/prod", "a file where the prod folder must go");
    const auto before = snapshot(out);

    const auto folders_before = folders(out);
    REQUIRE_THROWS_MATCHES(write_output(out, synth_program({"dev", "staging", "prod"}, "after")), Error,
                           message_has({"cannot create output folder", (out / "stacks/prod").string()}));
    CHECK(snapshot(out) == before);
    CHECK(temporaries(out).empty());
    // The folder made for staging on the way is gone again.
    CHECK(folders(out) == folders_before);
}

// A disk that fills while the output is written: RLIMIT_FSIZE makes every
// write past the limit fail (EFBIG) as a full disk does (ENOSPC), for root
// too, without mounting anything. SIGXFSZ is ignored so the write fails
// instead of the process being killed.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved_) == 0);
        previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = saved_;
        limit.rlim_cur = bytes;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_handler_);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit saved_{};
    void (*previous_handler_)(int) = SIG_DFL;
};

TEST_CASE("a disk that fills in the middle of the write leaves the previous output byte-identical") {
    TempDir tmp;
    const fs::path out = tmp.path();
    write_output(out, synth_program({"dev", "prod"}, "before"));
    const auto before = snapshot(out);
    const auto folders_before = folders(out);

    // A stack whose main.tf.json is larger than the limit, written after a
    // small one: the failure comes part-way through the output.
    App app;
    app.add<Stack>("dev").add<Resource>("bucket", "aws_s3_bucket").set("bucket", "after");
    auto& prod = app.add<Stack>("prod");
    for (int i = 0; i < 400; ++i)
        prod.add<Resource>("bucket_" + std::to_string(i), "aws_s3_bucket").set("bucket", "after-" + std::to_string(i));
    const SynthesisResult result = synthesize(app);
    REQUIRE(result.stacks[1].json.size() > 16 * 1024);
    {
        FileSizeLimit limit(16 * 1024);
        CHECK_THROWS_MATCHES(write_output(out, result), Error, message_has({"stacks/prod/main.tf.json", "File too large"}));
    }
    CHECK(snapshot(out) == before);
    CHECK(temporaries(out).empty());
    CHECK(folders(out) == folders_before);

    // With room again, the same write succeeds.
    write_output(out, result);
    CHECK(read_file(out / "stacks/prod/main.tf.json") == result.stacks[1].json);
}

TEST_CASE("a failing synthesis after a good one leaves the folder as it was") {
    TempDir tmp;
    const fs::path out = tmp.path() / "infra.out";
    {
        App app;
        auto& dev = app.add<Stack>("dev");
        auto& a = dev.add<Resource>("a", "aws_security_group");
        dev.add<Resource>("b", "aws_security_group").set("x", a.attr("id"));
        write_output(out, synthesize(app));
    }
    const auto before = snapshot(out);
    REQUIRE(before.size() == 2);
    CHECK(fs::exists(out / kOutputLockFile));
    {
        // The same program after an edit that closes a cycle. As the CLI
        // does: synthesize everything first, write only on success.
        App app;
        auto& dev = app.add<Stack>("dev");
        auto& a = dev.add<Resource>("a", "aws_security_group");
        auto& b = dev.add<Resource>("b", "aws_security_group");
        b.set("x", a.attr("id"));
        a.set("x", b.attr("id"));
        dev.add<Resource>("c", "aws_s3_bucket");
        bool wrote = false;
        try {
            const auto result = synthesize(app);
            write_output(out, result);
            wrote = true;
        } catch (const Error& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains("cycle"));
        }
        CHECK_FALSE(wrote);
    }
    CHECK(snapshot(out) == before);
    CHECK(temporaries(tmp.path()).empty());
}

TEST_CASE("the manifest round-trips through read_manifest") {
    TempDir tmp;
    const fs::path out = tmp.path();
    App app;
    auto& network = app.add<Stack>("network");
    auto& dev = app.add<Stack>("dev");
    dev.add_stack_dependency(network);
    write_output(out, synthesize(app));

    const auto m = read_manifest(out / "manifest.json");
    REQUIRE(m.has_value());
    CHECK(m->version == version());
    REQUIRE(m->stacks.size() == 2);
    const ManifestStack& d = m->stacks.at("dev");
    CHECK(d.name == "dev");
    CHECK(d.directory == "stacks/dev");
    CHECK(d.synthesized_file == "stacks/dev/main.tf.json");
    CHECK(d.dependencies == std::vector<std::string>{"network"});
    CHECK(d.files == std::vector<std::string>{"stacks/dev/main.tf.json"});
    CHECK(manifest_json(*m) == read_file(out / "manifest.json"));

    CHECK_FALSE(read_manifest(out / "no-such-manifest.json").has_value());
}

TEST_CASE("a malformed manifest is an error, and the writer does not overwrite it") {
    TempDir tmp;
    const fs::path out = tmp.path();
    for (const std::string bad : {"{not json", "[]", "{\"version\": 1, \"stacks\": {}}", "{\"version\": \"1\"}",
                                  "{\"version\": \"1\", \"stacks\": {\"dev\": {\"name\": \"dev\"}}}"}) {
        INFO(bad);
        write_file(out / "manifest.json", bad);
        REQUIRE_THROWS_MATCHES(read_manifest(out / "manifest.json"), Error,
                               message_has({"manifest.json", "malformed manifest"}));
        REQUIRE_THROWS_AS(write_output(out, synth_program({"dev"})), Error);
        CHECK(read_file(out / "manifest.json") == bad);
        CHECK_FALSE(fs::exists(out / "stacks/dev/main.tf.json"));
    }
}

TEST_CASE("the writer never deletes files outside the output folder because a manifest says so") {
    TempDir tmp;
    const fs::path out = tmp.path() / "infra.out";
    write_output(out, synth_program({"dev"}));
    write_file(tmp.path() / "outside.txt", "precious");
    const fs::path absolute = tmp.path() / "absolute.txt";
    write_file(absolute, "precious too");

    json manifest = json::parse(read_file(out / "manifest.json"));
    manifest["stacks"]["dev"]["files"] = {"stacks/dev/main.tf.json", "../outside.txt", absolute.string()};
    write_file(out / "manifest.json", manifest.dump(2));

    write_output(out, synth_program({"dev"}, "again"));
    CHECK(fs::exists(tmp.path() / "outside.txt"));
    CHECK(fs::exists(absolute));
    CHECK(read_file(out / "stacks/dev/main.tf.json").find("again") != std::string::npos);
}

TEST_CASE("two writers of one output folder at once take turns and leave a whole output") {
    TempDir tmp;
    const fs::path out = tmp.path() / "infra.out";
    // Large enough that the writes take a while and would overlap.
    auto program = [](const std::string& bucket) {
        App app;
        auto& dev = app.add<Stack>("dev");
        for (int i = 0; i < 2000; ++i)
            dev.add<Resource>(sdk_test::numbered("bucket_", i), "aws_s3_bucket").set("bucket", bucket);
        return synthesize(app);
    };
    const auto first = program("first");
    const auto second = program("second");
    for (int round = 0; round < 10; ++round) {
        std::string errors[2];
        auto writer = [&](int i) {
            try {
                write_output(out, i == 0 ? first : second);
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        };
        std::thread a(writer, 0), b(writer, 1);
        a.join();
        b.join();
        INFO("round " << round);
        CHECK(errors[0].empty());
        CHECK(errors[1].empty());
        const std::string now = read_file(out / "stacks/dev/main.tf.json");
        CHECK((now == first.stacks[0].json || now == second.stacks[0].json));
        CHECK(read_manifest(out / "manifest.json").has_value());
        CHECK(temporaries(out).empty());
    }
}

TEST_CASE("a writer waits for the output folder's lock and fails clearly when it is not released") {
    TempDir tmp;
    const fs::path out = tmp.path() / "infra.out";
    HeldLock held(out, "4242\n");

    const auto start = std::chrono::steady_clock::now();
    REQUIRE_THROWS_MATCHES(write_output(out, synth_program({"dev"}), {}, std::chrono::milliseconds(300)), Error,
                           message_has({"another infra run holds " + (out / ".infra.lock").string() + "; wait for it to end"}));
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
    // Nothing written, and the lock file is still there for its holder.
    CHECK(snapshot(out).empty());
    CHECK(folders(out).empty());
    CHECK(read_file(out / kOutputLockFile) == "4242\n");

    // Released while waiting: the write goes ahead.
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        held.release();
    });
    const auto result = synth_program({"dev"});
    write_output(out, result, {}, std::chrono::seconds(10));
    releaser.join();
    CHECK(read_file(out / "stacks/dev/main.tf.json") == result.stacks[0].json);
    // No byte of the run stays behind (the old holder's pid is gone too).
    CHECK(read_file(out / kOutputLockFile).empty());
}

TEST_CASE("output files are 0644 and folders 0755 even with umask 0") {
    TempDir tmp;
    const fs::path out = tmp.path() / "infra.out";
    Umask mask(0);
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Resource>("bucket", "aws_s3_bucket");
    app.add<Stack>("prod");
    SynthesisResult result = synthesize(app);
    result.stacks[0].files.push_back({"lambda/code.zip", "zip bytes"});
    write_output(out, result);
    // A file made world-writable since (or by an older version) is replaced by a 0644 one.
    fs::permissions(out / "stacks/prod/main.tf.json", fs::perms::all);
    REQUIRE(mode_of(out / "stacks/prod/main.tf.json") == 0777);
    write_output(out, result);
    for (const char* file : {"stacks/dev/main.tf.json", "stacks/dev/lambda/code.zip", "stacks/prod/main.tf.json",
                             "manifest.json", ".infra.lock"}) {
        INFO(file);
        CHECK(mode_of(out / file) == 0644);
    }
    for (const char* dir : {"", "stacks", "stacks/dev", "stacks/dev/lambda", "stacks/prod"}) {
        INFO(dir);
        CHECK(mode_of(out / dir) == 0755);
    }
}

TEST_CASE("an output folder that cannot be written is a one-line error naming it, with nothing written") {
    TempDir tmp;
    if (::geteuid() != 0) {
        const fs::path out = tmp.path() / "read-only";
        fs::create_directories(out);
        fs::permissions(out, fs::perms::owner_read | fs::perms::owner_exec);
        const std::string message = sdk_test::error_of([&] { write_output(out, synth_program({"dev"})); });
        fs::permissions(out, fs::perms::owner_all);
        CHECK_THAT(message, Catch::Contains(out.string() + ": output folder is not writable"));
        CHECK(message.find('\n') == std::string::npos);
        CHECK(fs::is_empty(out));
    }
    // Root may write anywhere it has permission bits for, but not into /proc.
    if (fs::is_directory("/proc/self")) {
        const std::string message = sdk_test::error_of([&] { write_output("/proc/self", synth_program({"dev"})); });
        CHECK_THAT(message, Catch::Contains("/proc/self: output folder is not writable"));
        CHECK(message.find('\n') == std::string::npos);
        CHECK_FALSE(fs::exists("/proc/self/stacks"));
    }
    // Below a file: the folder cannot be created.
    write_file(tmp.path() / "file", "x");
    const std::string message =
        sdk_test::error_of([&] { write_output(tmp.path() / "file/infra.out", synth_program({"dev"})); });
    CHECK_THAT(message, Catch::Contains((tmp.path() / "file/infra.out").string() + ": cannot create output folder"));
    CHECK(message.find('\n') == std::string::npos);
    CHECK(read_file(tmp.path() / "file") == "x");
}
