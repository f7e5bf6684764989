// The output writer and the manifest: what lands on disk, what is left alone,
// and that a failure leaves the previous output as it was.
#include <map>

#include "infra/app.hpp"
#include "infra/manifest.hpp"
#include "infra/output_writer.hpp"
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

// Every regular file below `dir`, by relative path, with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) out[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
    return out;
}

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
    CHECK(read_previous_stack(out, "dev") == result.stacks[0].json);
    CHECK(read_previous_stack(out, "staging").empty());
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

    REQUIRE_THROWS_AS(write_output(out, synth_program({"dev", "prod"}, "after")), Error);
    CHECK(snapshot(out) == before);
    CHECK(temporaries(out).empty());
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
