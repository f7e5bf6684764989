// Each kind of schema error, on raw resources, on typed bindings and through
// overrides, against the real aws schema tables.
#include "infra/aws/data/region.hpp"
#include "infra/aws/lambda_function.hpp"
#include "infra/aws/rds_cluster.hpp"
#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"
#include "infra/data_source.hpp"
#include "infra/functions.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "validation_test_support.hpp"

using infra::Resource;
using infra::Value;
using validation_test::AwsStack;
using validation_test::Lines;

TEST_CASE("schema errors: the message names the construct path, the address and the argument") {
    AwsStack t;
    auto& fn = t.stack.add<infra::Construct>("api").add<Resource>("get_fn", "aws_lambda_function");
    fn.override_logical_id("api_get");
    fn.set("function_name", "get");
    fn.set("role", "arn:aws:iam::123456789012:role/r");
    fn.set("runtimee", "python3.12");
    const auto report = t.report();
    REQUIRE(report.errors.size() == 1);
    CHECK(infra::format_diagnostic(report.errors[0]) ==
          "error: dev/api/get_fn (aws_lambda_function.api_get): unknown argument \"runtimee\"; did you mean "
          "\"runtime\"?");
}

TEST_CASE("schema errors: unknown argument, on raw and typed resources and through overrides") {
    AwsStack t;
    auto& raw = t.stack.add<Resource>("raw", "aws_vpc");
    raw.set("cidr_blok", "10.0.0.0/16");
    auto& typed = t.stack.add<infra::aws::Vpc>("typed", infra::aws::VpcArgs{.cidr_block = "10.1.0.0/16"});
    typed.set("enable_dns_suport", true);
    auto& overridden = t.stack.add<infra::aws::Vpc>("overridden");
    overridden.add_override("zzzzzz", 1);
    CHECK(t.errors() == Lines{
                            "dev/raw (aws_vpc.raw): unknown argument \"cidr_blok\"; did you mean \"cidr_block\"?",
                            "dev/typed (aws_vpc.typed): unknown argument \"enable_dns_suport\"; did you mean "
                            "\"enable_dns_support\"?",
                            "dev/overridden (aws_vpc.overridden): unknown argument \"zzzzzz\"",
                        });
}

TEST_CASE("schema errors: missing required argument") {
    AwsStack t;
    auto& vpc = t.stack.add<infra::aws::Vpc>("vpc");
    t.stack.add<Resource>("raw", "aws_subnet").set("cidr_block", "10.0.1.0/24");
    auto& removed = t.stack.add<infra::aws::Subnet>("removed", infra::aws::SubnetArgs{.vpc_id = vpc.id()});
    removed.remove_override("vpc_id");
    auto& nulled = t.stack.add<Resource>("nulled", "aws_subnet");
    nulled.set("vpc_id", nullptr);  // null is the same as absent
    CHECK(t.errors() == Lines{
                            "dev/raw (aws_subnet.raw): missing required argument \"vpc_id\"",
                            "dev/removed (aws_subnet.removed): missing required argument \"vpc_id\"",
                            "dev/nulled (aws_subnet.nulled): missing required argument \"vpc_id\"",
                        });
}

TEST_CASE("schema errors: wrong type of a literal") {
    AwsStack t;
    auto& raw = t.stack.add<Resource>("raw", "aws_vpc");
    raw.set("enable_dns_support", "yes");
    raw.set("cidr_block", Value::list({"10.0.0.0/16"}));
    raw.set("tags", Value::map({{"Name", Value::list({"x"})}}));
    auto& typed = t.stack.add<infra::aws::Vpc>("typed", infra::aws::VpcArgs{.enable_dns_support = true});
    typed.add_override("enable_dns_support", "sure");
    auto& group = t.stack.add<Resource>("group", "aws_db_subnet_group");
    group.set("subnet_ids", Value::list({"subnet-1", Value::map({})}));
    CHECK(t.errors() ==
          Lines{
              "dev/raw (aws_vpc.raw): wrong type for argument \"cidr_block\": expected string, got list",
              "dev/raw (aws_vpc.raw): wrong type for argument \"enable_dns_support\": expected bool, got string \"yes\"",
              "dev/raw (aws_vpc.raw): wrong type for argument \"tags[\"Name\"]\": expected string, got list",
              "dev/typed (aws_vpc.typed): wrong type for argument \"enable_dns_support\": expected bool, got string "
              "\"sure\"",
              "dev/group (aws_db_subnet_group.group): wrong type for argument \"subnet_ids[1]\": expected string, got "
              "object",
          });
}

TEST_CASE("schema errors: values Terraform converts, and expressions, are not type errors") {
    AwsStack t;
    auto& region = t.stack.add<infra::Variable>("flag", infra::VariableConfig{});
    auto& vpc = t.stack.add<Resource>("vpc", "aws_vpc");
    vpc.set("enable_dns_support", "true");
    vpc.set("enable_dns_hostnames", infra::expr::ref(region, ""));
    vpc.set("ipv4_netmask_length", "16");
    vpc.set("instance_tenancy", infra::fn::lower("DEFAULT"));
    vpc.set("tags", Value::map({{"Count", 3}, {"Enabled", true}}));
    CHECK(t.errors().empty());
}

TEST_CASE("schema errors: an argument the provider computes is read-only") {
    AwsStack t;
    t.stack.add<Resource>("raw", "aws_vpc").set("arn", "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1");
    auto& typed = t.stack.add<infra::aws::Vpc>("typed");
    typed.add_override("owner_id", "123456789012");
    CHECK(t.errors() == Lines{
                            "dev/raw (aws_vpc.raw): argument \"arn\" is read-only: the provider computes it",
                            "dev/typed (aws_vpc.typed): argument \"owner_id\" is read-only: the provider computes it",
                        });
}

TEST_CASE("schema errors: nested blocks: unknown block, unknown, missing and read-only arguments inside") {
    AwsStack t;
    auto& fn = t.stack.add<Resource>("fn", "aws_lambda_function");
    fn.set("function_name", "f");
    fn.set("role", "r");
    fn.set("vpc_configg", Value::map({{"subnet_ids", Value::list({"s"})}}));
    fn.set("tracing_config", Value::map({{"modee", "Active"}}));
    fn.set("vpc_config", Value::map({{"subnet_ids", Value::list({"s"})}, {"vpc_id", "vpc-1"}}));
    fn.set("zzzzzz", Value::map({{"a", 1}}));
    CHECK(t.errors() ==
          Lines{
              "dev/fn (aws_lambda_function.fn): unknown argument \"tracing_config.modee\"; did you mean "
              "\"tracing_config.mode\"?",
              "dev/fn (aws_lambda_function.fn): missing required argument \"tracing_config.mode\"",
              "dev/fn (aws_lambda_function.fn): argument \"vpc_config.vpc_id\" is read-only: the provider computes it",
              "dev/fn (aws_lambda_function.fn): missing required argument \"vpc_config.security_group_ids\"",
              "dev/fn (aws_lambda_function.fn): unknown block \"vpc_configg\"; did you mean \"vpc_config\"?",
              "dev/fn (aws_lambda_function.fn): unknown block \"zzzzzz\"",
          });
}

TEST_CASE("schema errors: too many and too few blocks") {
    AwsStack t;
    auto& cluster = t.stack.add<Resource>("cluster", "aws_rds_cluster");
    cluster.set("engine", "aurora-postgresql");
    const Value scaling = Value::map({{"max_capacity", 2}, {"min_capacity", 0.5}});
    cluster.set("serverlessv2_scaling_configuration", Value::list({scaling, scaling}));
    auto& settings = t.stack.add<Resource>("settings", "aws_api_gateway_method_settings");
    settings.set("method_path", "*/*");
    settings.set("rest_api_id", "abc");
    settings.set("stage_name", "dev");
    auto& encryption = t.stack.add<Resource>("encryption", "aws_s3_bucket_server_side_encryption_configuration");
    encryption.set("bucket", "b");
    encryption.set("rule", Value::list({}));
    auto& shape = t.stack.add<Resource>("shape", "aws_s3_bucket_versioning");
    shape.set("bucket", "b");
    shape.set("versioning_configuration", "Enabled");
    CHECK(t.errors() ==
          Lines{
              "dev/cluster (aws_rds_cluster.cluster): too many \"serverlessv2_scaling_configuration\" blocks: at most 1 "
              "allowed, got 2",
              "dev/settings (aws_api_gateway_method_settings.settings): too few \"settings\" blocks: at least 1 "
              "required, got 0",
              "dev/encryption (aws_s3_bucket_server_side_encryption_configuration.encryption): too few \"rule\" "
              "blocks: at least 1 required, got 0",
              "dev/shape (aws_s3_bucket_versioning.shape): block \"versioning_configuration\" must be an object or a "
              "list of objects, got string",
          });
}

TEST_CASE("schema errors: typed nested blocks are well-formed by construction") {
    AwsStack t;
    using infra::aws::RdsClusterArgs;
    t.stack.add<infra::aws::RdsCluster>(
        "cluster", RdsClusterArgs{.engine = "aurora-postgresql",
                                  .serverlessv2_scaling_configuration =
                                      RdsClusterArgs::Serverlessv2ScalingConfiguration{.max_capacity = 2,
                                                                                       .min_capacity = 0.5}});
    using infra::aws::LambdaFunctionArgs;
    t.stack.add<infra::aws::LambdaFunction>(
        "fn", LambdaFunctionArgs{.function_name = "f",
                                 .role = "arn:aws:iam::123456789012:role/r",
                                 .vpc_config = LambdaFunctionArgs::VpcConfig{
                                     .security_group_ids = infra::List<infra::Str>{"sg-1"},
                                     .subnet_ids = infra::List<infra::Str>{"subnet-1"}}});
    CHECK(t.errors().empty());
}

TEST_CASE("schema errors: a list of objects attribute needs every attribute of its objects") {
    AwsStack t;
    auto& sg = t.stack.add<Resource>("sg", "aws_security_group");
    sg.set("ingress",
           Value::list({Value::map({{"from_port", 443}, {"to_port", 443}, {"protocol", "tcp"}, {"cidr_blocks", Value::list({"0.0.0.0/0"})}})}));
    CHECK(t.errors() == Lines{"dev/sg (aws_security_group.sg): wrong type for argument \"ingress[0]\": object is missing "
                              "attributes \"description\", \"ipv6_cidr_blocks\", \"prefix_list_ids\", "
                              "\"security_groups\", \"self\" (set them to null if unused)"});
}

TEST_CASE("schema errors: a reference to an attribute its target's type does not have") {
    AwsStack t;
    auto& vpc = t.stack.add<infra::aws::Vpc>("vpc");
    auto& region = t.stack.add<infra::aws::data::Region>("region");
    auto& subnet = t.stack.add<Resource>("subnet", "aws_subnet");
    subnet.set("vpc_id", vpc.attr("idd"));
    subnet.set("availability_zone", infra::Str(region.attr("namee")) + infra::Str("a"));
    subnet.set("cidr_block", vpc.attr("cidr_block"));              // an argument: fine
    subnet.set("tags", Value::map({{"Arn", vpc.attr("arn")}, {"T", vpc.attr("tags.Name")}}));  // computed; a path
    auto& out = t.stack.add<infra::Output>("out", infra::OutputConfig{.value = vpc.attr("ownerid")});
    (void)out;
    CHECK(t.errors() ==
          Lines{
              "dev/subnet (aws_subnet.subnet): reference to \"data.aws_region.region.namee\": aws_region has no "
              "attribute \"namee\"; did you mean \"name\"?",
              "dev/subnet (aws_subnet.subnet): reference to \"aws_vpc.vpc.idd\": aws_vpc has no attribute \"idd\"; did "
              "you mean \"id\"?",
              "dev/out (output.out): reference to \"aws_vpc.vpc.ownerid\": aws_vpc has no attribute \"ownerid\"; did "
              "you mean \"owner_id\"?",
          });
}

TEST_CASE("schema errors: references through instance keys and to blocks are checked by their first attribute") {
    AwsStack t;
    auto& vpc = t.stack.add<Resource>("vpc", "aws_vpc");
    vpc.set_count(2);
    auto& fn = t.stack.add<Resource>("fn", "aws_lambda_function");
    fn.set("function_name", "f");
    fn.set("role", "r");
    auto& subnet = t.stack.add<Resource>("subnet", "aws_subnet");
    subnet.set("vpc_id", vpc.attr("0.id"));
    subnet.set("cidr_block", vpc.attr("[1].cidr_block"));
    subnet.set("tags", Value::map({{"Vpc", fn.attr("vpc_config.0.vpc_id")}, {"Bad", vpc.attr("[0].nope")}}));
    CHECK(t.errors() == Lines{"dev/subnet (aws_subnet.subnet): reference to \"aws_vpc.vpc.[0].nope\": aws_vpc has no "
                              "attribute \"nope\""});
}

TEST_CASE("schema errors: unknown types of a registered provider, and other providers are not validated") {
    AwsStack t;
    t.stack.add<Resource>("typo", "aws_vpcc");
    t.stack.add<infra::DataSource>("region", "aws_regio");
    t.stack.add<Resource>("absent", "aws_sqs_queue");
    auto& network = t.stack.add<Resource>("network", "google_compute_network");
    network.set("anything", Value::map({{"goes", true}}));
    const auto report = t.report();
    CHECK(AwsStack::lines(report.errors) ==
          Lines{
              "dev/typo (aws_vpcc.typo): unknown resource type \"aws_vpcc\" (not in the registered schema of provider "
              "aws); did you mean \"aws_vpc\"?",
              "dev/region (data.aws_regio.region): unknown data source type \"aws_regio\" (not in the registered "
              "schema of provider aws); did you mean \"aws_region\"?",
              "dev/absent (aws_sqs_queue.absent): unknown resource type \"aws_sqs_queue\" (not in the registered "
              "schema of provider aws)",
          });
    CHECK(report.unvalidated_types == std::vector<std::string>{"google_compute_network"});
}

TEST_CASE("schema errors: deprecated arguments and blocks are warnings, not errors") {
    AwsStack t;
    t.stack.add<Resource>("eip", "aws_eip").set("vpc", true);
    t.stack.add<Resource>("bucket", "aws_s3_bucket").set("versioning", Value::map({{"enabled", true}}));
    CHECK(t.errors().empty());
    CHECK(t.warnings() == Lines{
                              "dev/eip (aws_eip.eip): argument \"vpc\" is deprecated",
                              "dev/bucket (aws_s3_bucket.bucket): block \"versioning\" is deprecated",
                          });
}

TEST_CASE("schema errors: meta-arguments and metadata are Terraform's, not the provider's") {
    AwsStack t;
    auto& provider = t.stack.add<infra::Provider>(
        "west", infra::ProviderConfig{.name = "aws", .source = "hashicorp/aws", .alias = "west"});
    auto& vpc = t.stack.add<Resource>("vpc", "aws_vpc");
    auto& subnet = t.stack.add<Resource>("subnet", "aws_subnet");
    subnet.set("vpc_id", vpc.attr("id"));
    subnet.set_count(2);
    subnet.set_provider(provider);
    subnet.depends_on(vpc);
    subnet.set_lifecycle(infra::Lifecycle{.create_before_destroy = true, .ignore_changes = {"tags"}});
    subnet.add_override("dynamic", Value::map({{"timeouts", Value::map({{"content", Value::map({})}})}}));
    auto& region = t.stack.add<infra::DataSource>("region", "aws_region");
    region.depends_on(vpc);
    region.set_for_each(Value::map({{"a", "b"}}));
    CHECK(t.errors().empty());
}

TEST_CASE("schema errors: synthesize() with a registry throws every schema error of every stack at once") {
    AwsStack t;
    t.stack.add<Resource>("vpc", "aws_vpc").set("arn", "x");
    auto& prod = t.app.add<infra::Stack>("prod");
    prod.add<Resource>("subnet", "aws_subnet");
    prod.add<Resource>("eip", "aws_eip").set("vpc", true);
    try {
        infra::synthesize(t.app, {}, &t.schemas);
        FAIL("expected a SynthesisError");
    } catch (const infra::SynthesisError& e) {
        CHECK(AwsStack::lines(e.errors()) ==
              Lines{"dev/vpc (aws_vpc.vpc): argument \"arn\" is read-only: the provider computes it",
                    "prod/subnet (aws_subnet.subnet): missing required argument \"vpc_id\""});
    }
    // Without a registry nothing is checked against a schema.
    CHECK_NOTHROW(infra::synthesize(t.app));
}

TEST_CASE("schema errors: warnings and unvalidated types come back with a successful synthesis") {
    AwsStack t;
    t.stack.add<Resource>("eip", "aws_eip").set("vpc", true);
    t.stack.add<Resource>("net", "google_compute_network");
    const auto result = infra::synthesize(t.app, {}, &t.schemas);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].severity == infra::Severity::Warning);
    CHECK(result.diagnostics[0].message == "argument \"vpc\" is deprecated");
    CHECK(result.unvalidated_types == std::vector<std::string>{"google_compute_network"});
}
