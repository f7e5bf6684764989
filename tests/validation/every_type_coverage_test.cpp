// The every_type stack (which the terraform cross-check hands to `terraform
// validate`) must hold every type the aws bindings have: a type added to
// schemas/aws.types without a line in every_type_stack.cpp fails here.
#include <set>

#include "infra/resource_base.hpp"
#include "validation_stacks.hpp"
#include "validation_test_support.hpp"

TEST_CASE("every_type: one of every resource and data source type of the aws bindings, all valid") {
    validation_test::AwsStack t;
    auto& stack = validation_stacks::every_type_stack(t.app, infra::SettingsSource{});
    std::set<std::string> built, known;
    infra::walk(stack, [&](infra::Construct& c) {
        if (auto* r = dynamic_cast<infra::ResourceBase*>(&c))
            built.insert((r->element_kind() == infra::ElementKind::DataSource ? "data." : "") + r->terraform_type());
    });
    const auto& aws = infra::aws::provider_schema();
    for (const auto& type : aws.resources) known.insert(std::string(type.name));
    for (const auto& type : aws.data_sources) known.insert("data." + std::string(type.name));
    CHECK(built == known);
    CHECK(known.size() == 55);

    const auto report = infra::validate_against_schemas(stack, t.schemas);
    for (const auto& e : report.errors) UNSCOPED_INFO(e.path << ": " << e.message);
    CHECK(report.errors.empty());
}
