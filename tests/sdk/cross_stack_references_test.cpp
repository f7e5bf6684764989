// Cross-stack references: an output in the referenced stack, a remote state
// read in the referring one, the stack dependency, and the errors.
#include "infra/app.hpp"
#include "cross_stack_references.hpp"
#include "infra/output.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using nlohmann::json;
using sdk_test::message_has;

namespace {

struct TwoStacks {
    App app;
    Stack& shared = app.add<Stack>("shared");
    Stack& dev = app.add<Stack>("dev");
    Resource& role = shared.add<Resource>("role", "aws_iam_role");
    Resource& attachment = dev.add<Resource>("attachment", "aws_iam_role_policy_attachment");
};

json stack_json(const SynthesisResult& result, const std::string& name) {
    for (const auto& s : result.stacks)
        if (s.name == name) return json::parse(s.json);
    FAIL("stack " << name << " was not synthesized");
    return {};
}

}  // namespace

TEST_CASE("a reference to another stack becomes an output there and a remote state read here") {
    TwoStacks t;
    t.role.set("name", "ci-tester");
    t.attachment.set("role", t.role.attr("name"));

    const SynthesisResult result = synthesize(t.app, {"dev"});
    // Synthesizing dev alone also writes what dev reads, first.
    REQUIRE(result.stacks.size() == 2);
    CHECK(result.stacks[0].name == "shared");
    CHECK(result.stacks[1].name == "dev");
    CHECK(result.stacks[1].dependencies == std::vector<std::string>{"shared"});

    const json shared = stack_json(result, "shared");
    const json& output = shared.at("output").at("cross_stack_aws_iam_role_role_name");
    CHECK(output.at("value") == "${aws_iam_role.role.name}");

    const json dev = stack_json(result, "dev");
    CHECK(dev.at("resource").at("aws_iam_role_policy_attachment").at("attachment").at("role") ==
          "${data.terraform_remote_state.shared.outputs.cross_stack_aws_iam_role_role_name}");
    const json& remote = dev.at("data").at("terraform_remote_state").at("shared");
    CHECK(remote.at("backend") == "local");
    CHECK(remote.at("config").at("path") == "../shared/terraform.tfstate");
}

TEST_CASE("the remote state read follows the referenced stack's backend") {
    TwoStacks t;
    t.attachment.set("role", t.role.attr("name"));
    SECTION("s3: only what locates the state") {
        t.shared.set_backend(S3Backend{.bucket = "state", .key = "shared/terraform.tfstate", .region = "eu-west-1"});
        const json remote = stack_json(synthesize(t.app), "dev").at("data").at("terraform_remote_state").at("shared");
        CHECK(remote.at("backend") == "s3");
        CHECK(remote.at("config") == json{{"bucket", "state"}, {"key", "shared/terraform.tfstate"}, {"region", "eu-west-1"}});
    }
    SECTION("local with a relative path, seen from the sibling stack folder") {
        t.shared.set_backend(LocalBackend{.path = "state/shared.tfstate"});
        const json remote = stack_json(synthesize(t.app), "dev").at("data").at("terraform_remote_state").at("shared");
        CHECK(remote.at("config").at("path") == "../shared/state/shared.tfstate");
    }
    SECTION("local with an absolute path") {
        t.shared.set_backend(LocalBackend{.path = "/var/state/shared.tfstate"});
        const json remote = stack_json(synthesize(t.app), "dev").at("data").at("terraform_remote_state").at("shared");
        CHECK(remote.at("config").at("path") == "/var/state/shared.tfstate");
    }
}

TEST_CASE("cross-stack references inside templates, functions and indexes are rewritten in place") {
    TwoStacks t;
    auto& subnets = t.shared.add<Resource>("subnets", "aws_subnet");
    t.attachment.set("policy_arn", Str("arn:") + t.role.str_attr("arn") + Str("/x"));
    t.attachment.set("first", Value(expr::index(subnets.attr("ids"), 0)));
    const json dev = stack_json(synthesize(t.app), "dev");
    const json& body = dev.at("resource").at("aws_iam_role_policy_attachment").at("attachment");
    CHECK(body.at("policy_arn") == "arn:${data.terraform_remote_state.shared.outputs.cross_stack_aws_iam_role_role_arn}/x");
    CHECK(body.at("first") == "${data.terraform_remote_state.shared.outputs.cross_stack_aws_subnet_subnets_ids[0]}");
}

TEST_CASE("one output per referenced attribute and one remote state per stack read") {
    TwoStacks t;
    auto& prod = t.app.add<Stack>("prod");
    auto& other = prod.add<Resource>("attachment", "aws_iam_role_policy_attachment");
    t.attachment.set("a", t.role.attr("name"));
    t.attachment.set("b", t.role.attr("name"));
    t.attachment.set("c", t.role.attr("arn"));
    other.set("a", t.role.attr("name"));

    const SynthesisResult result = synthesize(t.app);
    const json shared = stack_json(result, "shared");
    CHECK(shared.at("output").size() == 2);
    CHECK(shared.at("output").contains("cross_stack_aws_iam_role_role_name"));
    CHECK(shared.at("output").contains("cross_stack_aws_iam_role_role_arn"));
    CHECK(stack_json(result, "dev").at("data").at("terraform_remote_state").size() == 1);
    CHECK(stack_json(result, "prod").at("data").at("terraform_remote_state").contains("shared"));
}

TEST_CASE("synthesizing twice gives the same bytes") {
    TwoStacks t;
    t.attachment.set("role", t.role.attr("name"));
    const SynthesisResult first = synthesize(t.app);
    const SynthesisResult second = synthesize(t.app);
    REQUIRE(first.stacks.size() == second.stacks.size());
    for (std::size_t i = 0; i < first.stacks.size(); ++i) CHECK(first.stacks[i].json == second.stacks[i].json);
}

TEST_CASE("an output carrying a sensitive variable is sensitive") {
    TwoStacks t;
    auto& token = t.shared.add<Variable>("token", VariableConfig{.type = "string", .sensitive = true});
    t.attachment.set("token", token.value());
    const json shared = stack_json(synthesize(t.app), "shared");
    CHECK(shared.at("output").at("cross_stack_var_token").at("sensitive") == true);
}

TEST_CASE("two stacks reading each other is an error naming both") {
    TwoStacks t;
    auto& back = t.shared.add<Resource>("back", "aws_iam_policy");
    t.attachment.set("role", t.role.attr("name"));
    back.set("x", t.attachment.attr("id"));
    CHECK_THROWS_MATCHES(synthesize(t.app), Error, message_has({"cannot read each other", "shared", "dev"}));
}

TEST_CASE("one stack synthesized on its own links its references across stacks as the whole app does") {
    TwoStacks t;
    t.attachment.set("role", t.role.attr("name"));
    const std::string alone = synthesize_stack(t.dev);
    CHECK(alone.find("terraform_remote_state") != std::string::npos);
    TwoStacks again;
    again.attachment.set("role", again.role.attr("name"));
    CHECK(stack_json(synthesize(again.app), "dev") == json::parse(alone));
}

TEST_CASE("depends_on across stacks is an error on outputs as on resources") {
    TwoStacks t;
    auto& out = t.dev.add<Output>("out", OutputConfig{.value = "x"});
    out.add_dependency(t.role);
    CHECK_THROWS_MATCHES(synthesize(t.app), Error, message_has({"dev/out", "crosses stacks"}));
}
