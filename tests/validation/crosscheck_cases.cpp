// Each reject_* stack holds one configuration that is wrong in one way the
// schema shows; each accept_* stack one that looks wrong but is not. The
// cross-check runs our validator and `terraform validate` on each and
// expects the same verdict. Otherwise valid on purpose: whatever else
// terraform checks (provider rules on values) passes.
#include "infra/aws/rds_cluster.hpp"
#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"
#include "infra/data_source.hpp"
#include "infra/functions.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "validation_stacks.hpp"

namespace validation_stacks {

namespace {

using infra::Resource;
using infra::Value;

// A catalog entry for a stack named `name` whose contents `fill` adds.
template <class Fill>
infra::StackDefinition stack_of(const char* name, const char* description, Fill fill) {
    return {.name = name,
            .description = description,
            .build = [name, fill](infra::App& app, const infra::SettingsSource&) -> infra::Stack& {
                auto& stack = app.add<infra::Stack>(name);
                add_aws_provider(stack);
                fill(stack);
                return stack;
            },
            .with_settings = {}};
}

Value all_null_rule_except(std::initializer_list<std::pair<const std::string, Value>> set) {
    Value::Map rule;
    for (const char* key : {"cidr_blocks", "description", "from_port", "ipv6_cidr_blocks", "prefix_list_ids",
                            "protocol", "security_groups", "self", "to_port"})
        rule.emplace(key, nullptr);
    for (const auto& [key, value] : set) rule[key] = value;
    return Value(std::move(rule));
}

}  // namespace

void add_aws_provider(infra::Stack& stack) {
    stack.add<infra::Provider>("aws", infra::ProviderConfig{.name = "aws",
                                                            .source = "hashicorp/aws",
                                                            .version = "5.100.0",
                                                            .arguments = {{"region", "us-east-1"}}});
}

void add_crosscheck_cases(infra::StackCatalog& c) {
    using namespace infra::aws;
    c.add(stack_of("reject_unknown_argument", "a misspelled argument", [](infra::Stack& s) {
        s.add<Resource>("vpc", "aws_vpc").set("cidr_blockk", "10.0.0.0/16");
    }));
    c.add(stack_of("reject_missing_required", "a required argument left out (here by an override)", [](infra::Stack& s) {
        auto& vpc = s.add<Vpc>("vpc", VpcArgs{.cidr_block = "10.0.0.0/16"});
        auto& subnet = s.add<Subnet>("subnet", SubnetArgs{.cidr_block = "10.0.1.0/24", .vpc_id = vpc.id()});
        subnet.remove_override("vpc_id");
    }));
    c.add(stack_of("reject_wrong_type", "a string that is no bool, set by an override", [](infra::Stack& s) {
        s.add<Vpc>("vpc", VpcArgs{.cidr_block = "10.0.0.0/16"}).add_override("enable_dns_support", "yes");
    }));
    c.add(stack_of("reject_wrong_collection", "a list where a map belongs", [](infra::Stack& s) {
        auto& vpc = s.add<Resource>("vpc", "aws_vpc");
        vpc.set("cidr_block", "10.0.0.0/16");
        vpc.set("tags", Value::list({"Name"}));
    }));
    c.add(stack_of("reject_read_only", "an attribute only the provider sets", [](infra::Stack& s) {
        auto& vpc = s.add<Resource>("vpc", "aws_vpc");
        vpc.set("cidr_block", "10.0.0.0/16");
        vpc.set("owner_id", "123456789012");
    }));
    c.add(stack_of("reject_unknown_block", "a misspelled block", [](infra::Stack& s) {
        auto& vpc = s.add<Vpc>("vpc", VpcArgs{.cidr_block = "10.0.0.0/16"});
        auto& subnet = s.add<Subnet>("subnet", SubnetArgs{.cidr_block = "10.0.1.0/24", .vpc_id = vpc.id()});
        subnet.add_override("timeoutz", Value::map({{"create", "5m"}}));
    }));
    c.add(stack_of("reject_too_many_blocks", "two blocks where one is allowed", [](infra::Stack& s) {
        auto& cluster = s.add<Resource>("cluster", "aws_rds_cluster");
        cluster.set("engine", "aurora-postgresql");
        const Value scaling = Value::map({{"max_capacity", 2}, {"min_capacity", 0.5}});
        cluster.set("serverlessv2_scaling_configuration", Value::list({scaling, scaling}));
    }));
    c.add(stack_of("reject_too_few_blocks", "a required block left out", [](infra::Stack& s) {
        s.add<Resource>("versioning", "aws_s3_bucket_versioning").set("bucket", "every-type-bucket");
    }));
    c.add(stack_of("reject_nested_unknown_argument", "a misspelled argument inside a block", [](infra::Stack& s) {
        using Scaling = RdsClusterArgs::Serverlessv2ScalingConfiguration;
        auto& cluster = s.add<RdsCluster>(
            "cluster", RdsClusterArgs{.engine = "aurora-postgresql",
                                      .serverlessv2_scaling_configuration = Scaling{.max_capacity = 2, .min_capacity = 0.5}});
        cluster.add_override("serverlessv2_scaling_configuration.max_capacityy", 4);
    }));
    c.add(stack_of("reject_nested_missing_required", "a required argument of a block left out", [](infra::Stack& s) {
        auto& versioning = s.add<Resource>("versioning", "aws_s3_bucket_versioning");
        versioning.set("bucket", "every-type-bucket");
        versioning.set("versioning_configuration", Value::map({{"mfa_delete", "Disabled"}}));
    }));
    c.add(stack_of("reject_object_missing_attribute", "an object of a list attribute without all its attributes",
                   [](infra::Stack& s) {
                       s.add<Resource>("sg", "aws_security_group")
                           .set("ingress", Value::list({Value::map({{"from_port", 443},
                                                                    {"to_port", 443},
                                                                    {"protocol", "tcp"},
                                                                    {"cidr_blocks", Value::list({"10.0.0.0/8"})}})}));
                   }));
    c.add(stack_of("reject_bad_reference", "a reference to an attribute the type does not have", [](infra::Stack& s) {
        auto& vpc = s.add<Vpc>("vpc", VpcArgs{.cidr_block = "10.0.0.0/16"});
        s.add<Subnet>("subnet", SubnetArgs{.cidr_block = "10.0.1.0/24", .vpc_id = vpc.str_attr("idd")});
    }));
    c.add(stack_of("reject_unknown_type", "a misspelled resource type", [](infra::Stack& s) {
        s.add<Resource>("vpc", "aws_vpcc").set("cidr_block", "10.0.0.0/16");
    }));
    c.add(stack_of("reject_data_source_argument", "a misspelled data source argument", [](infra::Stack& s) {
        s.add<infra::DataSource>("region", "aws_region").set("nam", "us-east-1");
    }));

    c.add(stack_of("accept_conversions", "strings Terraform converts to numbers and bools, numbers to strings",
                   [](infra::Stack& s) {
                       auto& vpc = s.add<Resource>("vpc", "aws_vpc");
                       vpc.set("cidr_block", "10.0.0.0/16");
                       vpc.set("enable_dns_support", "true");
                       vpc.set("tags", Value::map({{"Count", 3}, {"Enabled", true}}));
                       auto& subnet = s.add<Resource>("subnet", "aws_subnet");
                       subnet.set("vpc_id", vpc.attr("id"));
                       subnet.set("map_public_ip_on_launch", "1");
                       auto& rule = s.add<Resource>("rule", "aws_security_group_rule");
                       rule.set("type", "ingress");
                       rule.set("from_port", "443");
                       rule.set("to_port", 443);
                       rule.set("protocol", "tcp");
                       rule.set("cidr_blocks", Value::list({"10.0.0.0/8"}));
                       rule.set("security_group_id", "sg-0123456789abcdef0");
                   }));
    c.add(stack_of("accept_object_attributes", "objects with every attribute, null where unused, and one extra",
                   [](infra::Stack& s) {
                       s.add<Resource>("sg", "aws_security_group")
                           .set("ingress", Value::list({all_null_rule_except({{"from_port", 443},
                                                                             {"to_port", 443},
                                                                             {"protocol", "tcp"},
                                                                             {"cidr_blocks", Value::list({"10.0.0.0/8"})},
                                                                             {"comment", "ignored"}})}));
                   }));
    c.add(stack_of("accept_deprecated_argument", "a deprecated argument: a warning, not an error", [](infra::Stack& s) {
        s.add<Resource>("eip", "aws_eip").set("vpc", true);
    }));
    c.add(stack_of("accept_expressions", "expressions are not type-checked: their value is unknown until apply",
                   [](infra::Stack& s) {
                       auto& flag = s.add<infra::Variable>("flag", infra::VariableConfig{.type = "bool",
                                                                                         .default_value = true});
                       auto& vpc = s.add<Resource>("vpc", "aws_vpc");
                       vpc.set("cidr_block", infra::fn::cidrsubnet("10.0.0.0/8", 8, 1));
                       vpc.set("enable_dns_support", infra::expr::ref(flag, ""));
                       vpc.set("tags", infra::fn::merge({Value::map({{"A", "a"}}), Value::map({{"B", "b"}})}));
                   }));

    c.add({.name = "other_provider",
           .description = "a type of a provider with no registered schema: not validated",
           .build = [](infra::App& app, const infra::SettingsSource&) -> infra::Stack& {
               auto& stack = app.add<infra::Stack>("other_provider");
               stack.add<Resource>("network", "google_compute_network").set("anything", "goes");
               return stack;
           },
           .with_settings = {}});
}

}  // namespace validation_stacks
