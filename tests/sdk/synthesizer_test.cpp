// The synthesizer: the layout of a stack's Terraform JSON document, stack
// selection and ordering, and byte-for-byte determinism.
#include <set>

#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "infra/functions.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

namespace {

// A stack with one of everything.
Stack& build_sample(App& app, const std::string& name = "dev") {
    auto& stack = app.add<Stack>(name);
    stack.set_backend(S3Backend{.bucket = "state-bucket", .key = name + "/terraform.tfstate", .region = "eu-west-1"});
    stack.add<Provider>("aws", ProviderConfig{.name = "aws",
                                              .source = "hashicorp/aws",
                                              .version = "~> 5.100",
                                              .arguments = Value::map({{"region", "eu-west-1"}}).as_map()});
    stack.add<Provider>("west", ProviderConfig{.name = "aws", .source = "hashicorp/aws", .version = "~> 5.100",
                                               .alias = "west", .arguments = Value::map({{"region", "us-west-2"}}).as_map()});
    stack.add<Provider>("random", ProviderConfig{.name = "random", .source = "hashicorp/random"});
    auto& cidr = stack.add<Variable>("cidr", VariableConfig{.type = "string",
                                                            .default_value = Value("10.0.0.0/16"),
                                                            .description = "VPC range"});
    stack.add<Variable>("db_password", VariableConfig{.type = "string", .sensitive = true, .nullable = false});
    auto& prefix = stack.add<Local>("prefix", Value("app-" + name));
    auto& region = stack.add<DataSource>("current", "aws_region");
    auto& network = stack.add<Construct>("network");
    auto& vpc = network.add<Resource>("vpc", "aws_vpc");
    vpc.set("cidr_block", cidr.as_str());
    vpc.set("tags", Value::map({{"Name", prefix.as_str() + Str("-vpc")}, {"Region", region.str_attr("name")}}));
    for (int i = 0; i < 2; ++i) {
        auto& subnet = network.add<Resource>(sdk_test::numbered("private_subnet_", i), "aws_subnet");
        subnet.set("vpc_id", vpc.attr("id"));
        subnet.set("cidr_block", fn::cidrsubnet(vpc.str_attr("cidr_block"), 8, i));
    }
    stack.add<Output>("vpc_id", OutputConfig{.value = vpc.attr("id"), .description = "ID of the VPC"});
    stack.add<Output>("secret", OutputConfig{.value = Value("s"), .sensitive = true});
    return stack;
}

}  // namespace

TEST_CASE("the document has every section in Terraform's JSON layout") {
    App app;
    auto& dev = build_sample(app);
    const json doc = synth(dev);

    CHECK(doc["//"]["metadata"] == json{{"generator", "infra"}, {"stack", "dev"}});

    const json& tf = doc["terraform"];
    // An S3 backend with lock files needs terraform 1.10.
    CHECK(tf["required_version"] == ">= 1.10");
    CHECK(tf["required_providers"] == json{{"aws", {{"source", "hashicorp/aws"}, {"version", "~> 5.100"}}},
                                           {"random", {{"source", "hashicorp/random"}}}});
    CHECK(tf["backend"] == json{{"s3",
                                 {{"bucket", "state-bucket"},
                                  {"key", "dev/terraform.tfstate"},
                                  {"region", "eu-west-1"},
                                  {"encrypt", true},
                                  {"use_lockfile", true}}}});

    REQUIRE(doc["provider"]["aws"].is_array());
    CHECK(doc["provider"]["aws"] == json::array({{{"region", "eu-west-1"}}, {{"alias", "west"}, {"region", "us-west-2"}}}));
    CHECK(doc["provider"]["random"] == json::array({json::object()}));

    CHECK(doc["variable"]["cidr"] == json{{"type", "string"}, {"default", "10.0.0.0/16"}, {"description", "VPC range"}});
    CHECK(doc["variable"]["db_password"] == json{{"type", "string"}, {"sensitive", true}, {"nullable", false}});
    CHECK(doc["locals"] == json{{"prefix", "app-dev"}});
    CHECK(doc["data"]["aws_region"]["current"]["//"]["metadata"]["path"] == "dev/current");

    const json& vpc = resource(doc, "aws_vpc", "network_vpc");
    CHECK(vpc["cidr_block"] == "${var.cidr}");
    CHECK(vpc["tags"] == json{{"Name", "${local.prefix}-vpc"}, {"Region", "${data.aws_region.current.name}"}});
    CHECK(vpc["//"]["metadata"]["path"] == "dev/network/vpc");
    CHECK(resource(doc, "aws_subnet", "network_private_subnet_1")["cidr_block"] ==
          "${cidrsubnet(aws_vpc.network_vpc.cidr_block, 8, 1)}");

    CHECK(doc["output"]["vpc_id"] == json{{"value", "${aws_vpc.network_vpc.id}"}, {"description", "ID of the VPC"}});
    CHECK(doc["output"]["secret"] == json{{"value", "s"}, {"sensitive", true}});

    CHECK_FALSE(doc.contains("moved"));
    CHECK_FALSE(doc.contains("import"));
    std::set<std::string> top;
    for (const auto& [key, value] : doc.items()) top.insert(key);
    CHECK(top == std::set<std::string>{"//", "terraform", "provider", "variable", "locals", "data", "resource", "output"});
}

TEST_CASE("required_version is derived from the backend unless set") {
    App app;
    auto& local = app.add<Stack>("local");
    CHECK(local.required_version() == ">= 1.6");
    local.set_backend(LocalBackend{});
    CHECK(local.required_version() == ">= 1.6");
    auto& locked = app.add<Stack>("locked");
    locked.set_backend(S3Backend{.bucket = "b", .key = "k", .region = "us-east-1"});
    CHECK(locked.required_version() == ">= 1.10");
    auto& dynamodb = app.add<Stack>("dynamodb");
    dynamodb.set_backend(
        S3Backend{.bucket = "b", .key = "k", .region = "us-east-1", .use_lockfile = false, .dynamodb_table = "t"});
    CHECK(dynamodb.required_version() == ">= 1.6");
    locked.set_required_version(">= 1.11");
    CHECK(locked.required_version() == ">= 1.11");
    CHECK(json::parse(synthesize_stack(locked))["terraform"]["required_version"] == ">= 1.11");
}

TEST_CASE("an S3 backend's extra settings reach its block and the remote state reads of it") {
    App app;
    auto& shared = app.add<Stack>("shared");
    S3Backend backend{.bucket = "b", .key = "shared.tfstate", .region = "us-east-1"};
    backend.extra_settings = Value::map({{"use_path_style", true}, {"endpoints", Value::map({{"s3", "http://127.0.0.1:1"}})}})
                                 .as_map();
    shared.set_backend(backend);
    auto& bucket = shared.add<Resource>("bucket", "aws_s3_bucket");
    auto& reader = app.add<Stack>("reader");
    reader.add<Resource>("copy", "aws_s3_bucket").set("bucket", bucket.attr("id"));
    const SynthesisResult result = synthesize(app);
    const auto document = [&](const std::string& name) {
        for (const auto& stack : result.stacks)
            if (stack.name == name) return json::parse(stack.json);
        FAIL("no stack " << name);
        return json();
    };
    const json written = document("shared")["terraform"]["backend"]["s3"];
    CHECK(written["use_path_style"] == true);
    CHECK(written["endpoints"]["s3"] == "http://127.0.0.1:1");
    const json read = document("reader")["data"]["terraform_remote_state"]["shared"]["config"];
    CHECK(read["bucket"] == "b");
    CHECK(read["use_path_style"] == true);
    CHECK(read["endpoints"]["s3"] == "http://127.0.0.1:1");
    CHECK_FALSE(read.contains("use_lockfile"));
}

TEST_CASE("a stack with nothing in it still has its terraform block") {
    App app;
    auto& empty = app.add<Stack>("empty");
    empty.set_required_version("");
    CHECK(synthesize_stack(empty) ==
          "{\n"
          "  \"//\": {\n"
          "    \"metadata\": {\n"
          "      \"generator\": \"infra\",\n"
          "      \"stack\": \"empty\"\n"
          "    }\n"
          "  },\n"
          "  \"terraform\": {}\n"
          "}\n");
}

TEST_CASE("local, s3 and custom backends") {
    App app;
    auto& a = app.add<Stack>("a");
    a.set_backend(LocalBackend{});
    CHECK(synth(a)["terraform"]["backend"] == json{{"local", {{"path", "terraform.tfstate"}}}});

    auto& b = app.add<Stack>("b");
    b.set_backend(S3Backend{.bucket = "bk",
                            .key = "k",
                            .region = "r",
                            .encrypt = false,
                            .use_lockfile = false,
                            .dynamodb_table = "locks",
                            .kms_key_id = "kms",
                            .profile = "p"});
    CHECK(synth(b)["terraform"]["backend"]["s3"] == json{{"bucket", "bk"},
                                                         {"key", "k"},
                                                         {"region", "r"},
                                                         {"encrypt", false},
                                                         {"dynamodb_table", "locks"},
                                                         {"kms_key_id", "kms"},
                                                         {"profile", "p"}});

    auto& c = app.add<Stack>("c");
    c.set_backend(CustomBackend{.name = "http", .settings = Value::map({{"address", "https://x"}}).as_map()});
    CHECK(synth(c)["terraform"]["backend"] == json{{"http", {{"address", "https://x"}}}});
}

TEST_CASE("a backend holding an expression is rejected") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& bucket = dev.add<Variable>("bucket", VariableConfig{.type = "string"});
    dev.set_backend(CustomBackend{.name = "s3", .settings = Value::map({{"bucket", bucket.value()}}).as_map()});
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"stack dev", "backend \"s3\"", "expressions"}));
    dev.set_backend(CustomBackend{.name = "s3",
                                  .settings = Value::map({{"nested", Value::list({expr::raw("path.module")})}}).as_map()});
    REQUIRE_THROWS_AS(synthesize(app), Error);
}

TEST_CASE("moved and import blocks") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& vpc = dev.add<Construct>("network").add<Resource>("vpc", "aws_vpc");
    auto& bucket = dev.add<Resource>("bucket", "aws_s3_bucket");
    dev.add_moved("aws_vpc.vpc", vpc);
    dev.add_import(bucket, "my-existing-bucket");

    const json doc = synth(dev);
    CHECK(doc["moved"] == json::array({{{"from", "aws_vpc.vpc"}, {"to", "aws_vpc.network_vpc"}}}));
    CHECK(doc["import"] == json::array({{{"to", "aws_s3_bucket.bucket"}, {"id", "my-existing-bucket"}}}));

    auto& other = app.add<Stack>("other");
    REQUIRE_THROWS_MATCHES(other.add_moved("aws_vpc.x", vpc), Error, message_has({"other", "dev/network/vpc"}));
    REQUIRE_THROWS_AS(other.add_import(bucket, "x"), Error);
}

TEST_CASE("two separate builds of the same program give identical bytes") {
    App first, second;
    build_sample(first, "dev");
    build_sample(first, "prod");
    build_sample(second, "dev");
    build_sample(second, "prod");
    const auto a = synthesize(first);
    const auto b = synthesize(second);
    REQUIRE(a.stacks.size() == 2);
    REQUIRE(b.stacks.size() == 2);
    for (std::size_t i = 0; i < a.stacks.size(); ++i) {
        CHECK(a.stacks[i].name == b.stacks[i].name);
        CHECK(a.stacks[i].json == b.stacks[i].json);
    }
    // And synthesizing again changes nothing.
    CHECK(synthesize(first).stacks[0].json == a.stacks[0].json);

    // The bytes are the writer's canonical form: sorted keys, two spaces.
    const json parsed = json::parse(a.stacks[0].json);
    CHECK(a.stacks[0].json == parsed.dump(2) + "\n");
    // No absolute paths or machine details.
    CHECK(a.stacks[0].json.find("/tmp") == std::string::npos);
    CHECK(a.stacks[0].json.find("/home") == std::string::npos);
}

TEST_CASE("provider order does not depend on where in the tree they were added") {
    App first, second;
    auto& a = first.add<Stack>("dev");
    a.add<Provider>("west", ProviderConfig{.name = "aws", .alias = "west"});
    a.add<Provider>("aws", ProviderConfig{.name = "aws"});
    a.add<Provider>("east", ProviderConfig{.name = "aws", .alias = "east"});
    auto& b = second.add<Stack>("dev");
    b.add<Provider>("east", ProviderConfig{.name = "aws", .alias = "east"});
    b.add<Provider>("west", ProviderConfig{.name = "aws", .alias = "west"});
    b.add<Provider>("aws", ProviderConfig{.name = "aws"});
    CHECK(synthesize_stack(a) == synthesize_stack(b));
    CHECK(synth(a)["provider"]["aws"][1]["alias"] == "east");
}

TEST_CASE("a provider declared with two different sources is rejected") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Provider>("aws", ProviderConfig{.name = "aws", .source = "hashicorp/aws", .version = "5.0"});
    dev.add<Provider>("west", ProviderConfig{.name = "aws", .source = "hashicorp/aws", .version = "6.0", .alias = "west"});
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"dev/west", "\"aws\""}));
}

TEST_CASE("an unknown stack name is a usage error listing the known stacks") {
    App app;
    app.add<Stack>("dev");
    app.add<Stack>("prod");
    REQUIRE_THROWS_MATCHES(synthesize(app, {"staging"}), UsageError,
                           message_has({"unknown stack \"staging\"", "dev, prod"}));
}

TEST_CASE("stacks are synthesized dependencies first, and only those asked for") {
    App app;
    auto& frontend = app.add<Stack>("frontend");
    auto& network = app.add<Stack>("network");
    auto& database = app.add<Stack>("database");
    auto& unrelated = app.add<Stack>("unrelated");
    frontend.add_stack_dependency(database);
    frontend.add_stack_dependency(network);
    database.add_stack_dependency(network);
    database.add_stack_dependency(network);  // once is enough
    (void)unrelated;

    const auto all = synthesize(app);
    std::vector<std::string> names;
    for (const auto& s : all.stacks) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"network", "database", "frontend", "unrelated"});
    CHECK(all.stacks[2].dependencies == std::vector<std::string>{"database", "network"});
    CHECK(all.stacks[1].dependencies == std::vector<std::string>{"network"});

    const auto some = synthesize(app, {"frontend"});
    names.clear();
    for (const auto& s : some.stacks) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"network", "database", "frontend"});

    REQUIRE_THROWS_MATCHES(network.add_stack_dependency(network), Error, message_has({"network", "itself"}));
    network.add_stack_dependency(frontend);
    // The message names the whole cycle, from the first stack of the app.
    REQUIRE_THROWS_MATCHES(synthesize(app), Error,
                           message_has({"stack dependency cycle: frontend -> database -> network -> frontend"}));
}
