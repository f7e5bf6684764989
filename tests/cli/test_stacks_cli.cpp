// A CLI with test stacks: one that uses every feature of the construct model
// (so real terraform can validate each JSON form we write), and stacks that
// fail in each way synthesis can fail (so the tests can check the exit code
// and message of each through the real command line).
#include "infra/app.hpp"
#include "infra/aws/provider_schema.hpp"
#include "infra/cli.hpp"
#include "infra/data_source.hpp"
#include "infra/functions.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"

#include <functional>

namespace {

using infra::App;
using infra::Resource;
using infra::SettingsSource;
using infra::Stack;

Stack& cycle_stack(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("cycle");
    auto& a = stack.add<Resource>("a", "aws_security_group");
    auto& b = stack.add<Resource>("b", "aws_security_group");
    a.set("description", b.attr("id"));
    b.set("description", a.attr("id"));
    return stack;
}

Stack& annotated_stack(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("annotated");
    auto& bucket = stack.add<Resource>("bucket", "aws_s3_bucket");
    bucket.annotations().add_error("bucket has no encryption");
    return stack;
}

Stack& duplicate_stack(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("duplicate");
    stack.add<Resource>("vpc", "aws_vpc");
    stack.add<Resource>("vpc", "aws_vpc");
    return stack;
}

Stack& bad_id_stack(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("bad_id");
    stack.add<Resource>("network/vpc", "aws_vpc");
    return stack;
}

Stack& bad_stack_name_stack(App& app, const SettingsSource&) {
    return app.add<Stack>("9 lives");
}

// A security group in each stack whose description is the id of the other's:
// each stack reads the other's outputs.
Stack& mutual_stacks(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("mutual");
    auto& peer = app.add<Stack>("mutual_peer");
    auto& a = stack.add<Resource>("a", "aws_security_group");
    auto& b = peer.add<Resource>("b", "aws_security_group");
    a.set("description", b.attr("id"));
    b.set("description", a.attr("id"));
    return stack;
}

// Three stacks that read each other around a ring: no two read each other,
// yet none can be deployed first.
Stack& ring_stacks(App& app, const SettingsSource&) {
    auto& ring = app.add<Stack>("ring");
    auto& second = app.add<Stack>("ring_b");
    auto& third = app.add<Stack>("ring_c");
    auto& a = ring.add<Resource>("a", "aws_security_group");
    auto& b = second.add<Resource>("b", "aws_security_group");
    auto& c = third.add<Resource>("c", "aws_security_group");
    a.set("description", b.attr("id"));
    b.set("description", c.attr("id"));
    c.set("description", a.attr("id"));
    return ring;
}

Stack& collision_stack(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("collision");
    stack.add<infra::Construct>("a").add<Resource>("b_c", "aws_vpc");
    stack.add<infra::Construct>("a_b").add<Resource>("c", "aws_vpc");
    return stack;
}

Stack& features_stack(App& app, const SettingsSource&) {
    using namespace infra;
    auto& stack = app.add<Stack>("features");
    stack.set_backend(S3Backend{.bucket = "state-bucket", .key = "features.tfstate", .region = "us-east-1"});
    auto aws_provider = [](std::optional<std::string> alias, const char* region) {
        return ProviderConfig{.name = "aws",
                              .source = "hashicorp/aws",
                              .version = "~> 5.100",
                              .alias = std::move(alias),
                              .arguments = {{"region", region}}};
    };
    stack.add<Provider>("aws", aws_provider(std::nullopt, "us-east-1"));
    auto& west = stack.add<Provider>("aws_west", aws_provider("west", "us-west-2"));

    auto& env = stack.add<Variable>("environment", VariableConfig{
        .type = "string",
        .default_value = Value("dev"),
        .description = "environment name",
    });
    env.add_validation(expr::binary("!=", env.value(), ""), "environment must not be empty");
    auto& password = stack.add<Variable>("db_password", VariableConfig{.type = "string", .description = "a secret", .sensitive = true,
                                                      .nullable = false});
    auto& zones = stack.add<Variable>("zones", VariableConfig{.type = "list(string)",
                                                              .default_value = Value::list({"us-east-1a", "us-east-1b"})});
    auto& name = stack.add<Local>("name_prefix", Value(Str("app-") + env.as_str()));

    auto& region = stack.add<DataSource>("current", "aws_region");
    auto& policy = stack.add<DataSource>("assume", "aws_iam_policy_document");
    policy.set("statement", Value::list({Value::map({
                                {"actions", Value::list({"sts:AssumeRole"})},
                                {"principals", Value::list({Value::map({{"type", "Service"},
                                                                        {"identifiers", Value::list({"lambda.amazonaws.com"})}})})},
                            })}));

    auto& vpc = stack.add<Construct>("net").add<Resource>("vpc", "aws_vpc");
    vpc.set("cidr_block", "10.0.0.0/16");
    vpc.set("tags", Value::map({{"Name", name.as_str() + "-vpc"},
                                {"Literal", "costs ${not_interpolated} and %{not_a_directive}"},
                                {"Region", region.str_attr("name")}}));
    vpc.set_lifecycle(Lifecycle{.prevent_destroy = false, .ignore_changes = {"tags"}});
    vpc.add_override("tags_all", Value::map({}));
    vpc.remove_override("tags_all");

    auto& subnets = stack.add<Resource>("subnets", "aws_subnet");
    subnets.set_count(fn::length(zones.value()));
    subnets.set("vpc_id", vpc.attr("id"));
    subnets.set("availability_zone", fn::element(zones.value(), expr::count_index()));
    subnets.set("cidr_block", fn::cidrsubnet(vpc.str_attr("cidr_block"), 8, expr::count_index()));

    auto& sg = stack.add<Resource>("sg", "aws_security_group");
    sg.set("vpc_id", vpc.attr("id"));
    sg.set("description", fn::format("%s security group", {name.ref()}));
    sg.set("ingress", Value::list({Value::map({{"from_port", 5432},
                                               {"to_port", 5432},
                                               {"protocol", "tcp"},
                                               {"cidr_blocks", Value::list({"10.0.0.0/16"})},
                                               {"description", "postgres"},
                                               {"ipv6_cidr_blocks", Value::List{}},
                                               {"prefix_list_ids", Value::List{}},
                                               {"security_groups", Value::List{}},
                                               {"self", false}})}));
    sg.set_lifecycle(Lifecycle{.create_before_destroy = true, .replace_triggered_by = {vpc.attr("id")}});
    sg.depends_on(subnets);

    auto& role = stack.add<Resource>("role", "aws_iam_role");
    role.set("name_prefix", "features-");
    role.set("assume_role_policy", policy.attr("json"));

    auto& logs = stack.add<Resource>("logs", "aws_cloudwatch_log_group");
    logs.set_for_each(fn::toset(Value::list({"get", "post"})));
    logs.set("name", Str("/aws/lambda/") + Str(expr::each_value()));
    logs.set("retention_in_days", expr::conditional(expr::binary("==", env.value(), "prod"), 365, 14));
    logs.set_provider(west);

    stack.add_moved("aws_vpc.old_vpc", vpc);
    stack.add_import(role, "features-role");

    stack.add<Output>("vpc_id", OutputConfig{.value = vpc.attr("id"), .description = "the VPC"});
    stack.add<Output>("secret", OutputConfig{.value = password.value(), .sensitive = true});
    stack.add<Output>("subnet_ids", OutputConfig{.value = expr::raw("aws_subnet.subnets[*].id")});
    return stack;
}

std::function<Stack&(App&, const SettingsSource&)> good_stack_named(std::string name) {
    return [name](App& app, const SettingsSource&) -> Stack& {
        auto& stack = app.add<Stack>(name);
        stack.add<Resource>("vpc", "aws_vpc").set("cidr_block", "10.0.0.0/16");
        return stack;
    };
}

}  // namespace

int main(int argc, char** argv) {
    infra::StackCatalog catalog;
    // Some of these stacks are broken on purpose: each is built only when named.
    catalog.set_build_every_stack(false);
    infra::aws::register_schemas(catalog.schemas());
    // Two stacks where `app` must be deployed after `base`.
    catalog.add({.name = "base", .description = "deployed first", .build = good_stack_named("base")});
    catalog.add({.name = "app",
                 .description = "depends on base",
                 .build = [&catalog](App& app, const SettingsSource& settings) -> Stack& {
                     Stack& base = catalog.build(app, "base", settings);
                     Stack& stack = good_stack_named("app")(app, settings);
                     stack.add_stack_dependency(base);
                     return stack;
                 }});
    catalog.add({.name = "good", .description = "a stack that synthesizes", .build = good_stack_named("good")});
    catalog.add({.name = "features", .description = "every feature of the construct model, for terraform validate", .build = features_stack});
    catalog.add({.name = "cycle", .description = "two security groups referring to each other", .build = cycle_stack});
    catalog.add({.name = "annotated", .description = "an error annotation", .build = annotated_stack});
    catalog.add({.name = "duplicate", .description = "two constructs with the same id", .build = duplicate_stack});
    catalog.add({.name = "collision", .description = "two paths with the same logical ID", .build = collision_stack});
    catalog.add({.name = "bad_id", .description = "a construct id with a '/'", .build = bad_id_stack});
    catalog.add({.name = "bad_stack_name", .description = "a stack name Terraform would not take",
                 .build = bad_stack_name_stack});
    catalog.add({.name = "mutual", .description = "two stacks reading each other's outputs", .build = mutual_stacks});
    catalog.add({.name = "ring", .description = "three stacks reading each other in a ring", .build = ring_stacks});
    return infra::run_cli(argc, argv, catalog);
}
