// A CLI with stacks that fail in each way synthesis can fail, so the tests
// can check the exit code and message of each through the real command line.
#include "infra/app.hpp"
#include "infra/cli.hpp"
#include "infra/resource.hpp"

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

Stack& collision_stack(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("collision");
    stack.add<infra::Construct>("a").add<Resource>("b_c", "aws_vpc");
    stack.add<infra::Construct>("a_b").add<Resource>("c", "aws_vpc");
    return stack;
}

Stack& good_stack(App& app, const SettingsSource&) {
    auto& stack = app.add<Stack>("good");
    stack.add<Resource>("vpc", "aws_vpc").set("cidr_block", "10.0.0.0/16");
    return stack;
}

}  // namespace

int main(int argc, char** argv) {
    infra::StackCatalog catalog;
    catalog.add({"good", "a stack that synthesizes", good_stack, {}});
    catalog.add({"cycle", "two security groups referring to each other", cycle_stack, {}});
    catalog.add({"annotated", "an error annotation", annotated_stack, {}});
    catalog.add({"duplicate", "two constructs with the same id", duplicate_stack, {}});
    catalog.add({"collision", "two paths with the same logical ID", collision_stack, {}});
    return infra::run_cli(argc, argv, catalog);
}
