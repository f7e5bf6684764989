// The compute pack: Lambda functions (VPC placement of database clients,
// literal secrets, log retention, tracing, concurrency) and EC2 instances
// (IMDSv2, public IP, root volume encryption).
#include <string>
#include <vector>

#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_policy.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "infra/aws/instance.hpp"
#include "infra/aws/lambda_function.hpp"
#include "infra/variable.hpp"
#include "rules_test_support.hpp"

using infra::List;
using infra::Map;
using infra::Resource;
using infra::Str;
using infra::Value;
namespace aws = infra::aws;

namespace {

constexpr const char* kTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr const char* kConnectPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rds-db:connect","Resource":"arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-1/api"}]})";
constexpr const char* kLogsPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:PutLogEvents"],"Resource":"*"}]})";

aws::IamRole& role(rules_test::TestStack& t, const std::string& id = "role") {
    return t.stack.add<aws::IamRole>(id, aws::IamRoleArgs{.assume_role_policy = kTrust, .name = id});
}

aws::LambdaFunctionArgs::VpcConfig private_subnets() {
    return aws::LambdaFunctionArgs::VpcConfig{.security_group_ids = List<Str>{"sg-0123"},
                                              .subnet_ids = List<Str>{"subnet-a", "subnet-b"}};
}

// A function that passes every compute rule but the one a test breaks.
aws::LambdaFunctionArgs good_function(const aws::IamRole& r, const std::string& name = "api") {
    return aws::LambdaFunctionArgs{
        .environment = aws::LambdaFunctionArgs::Environment{.variables = Map<Str>{{"DB_HOST", "proxy.internal"}}},
        .function_name = name,
        .reserved_concurrent_executions = 10,
        .role = r.arn(),
        .tracing_config = aws::LambdaFunctionArgs::TracingConfig{.mode = "Active"},
        .vpc_config = private_subnets(),
    };
}

aws::CloudwatchLogGroup& log_group(rules_test::TestStack& t, const std::string& id, Str name,
                                   std::optional<infra::Num> retention = infra::Num(30)) {
    return t.stack.add<aws::CloudwatchLogGroup>(id,
                                                aws::CloudwatchLogGroupArgs{.name = name, .retention_in_days = retention});
}

aws::InstanceArgs good_instance() {
    return aws::InstanceArgs{
        .ami = "ami-0123456789abcdef0",
        .associate_public_ip_address = false,
        .instance_type = "t3.micro",
        .metadata_options = aws::InstanceArgs::MetadataOptions{.http_tokens = "required"},
        .root_block_device = aws::InstanceArgs::RootBlockDevice{.encrypted = true},
    };
}

}  // namespace

// ---- INFRA-LAMBDA-001 ---------------------------------------------------

TEST_CASE("INFRA-LAMBDA-001 fires on a function with DB_HOST outside a VPC") {
    rules_test::TestStack t;
    auto args = good_function(role(t));
    args.vpc_config.reset();
    t.stack.add<aws::LambdaFunction>("api", std::move(args));
    const auto findings = t.findings("INFRA-LAMBDA-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/api: vpc_config is not set, but environment.variables.DB_HOST is set"));
}

TEST_CASE("INFRA-LAMBDA-001 fires when the role's aws_iam_role_policy grants rds-db:connect") {
    rules_test::TestStack t;
    auto& r = role(t);
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    auto& document = t.stack.add<aws::data::IamPolicyDocument>(
        "connect", aws::data::IamPolicyDocumentArgs{.statement = {Statement{
                                                        .actions = List<Str>{"rds-db:connect"},
                                                        .effect = "Allow",
                                                        .resources = List<Str>{"*"},
                                                    }}});
    t.stack.add<aws::IamRolePolicy>("connect_policy",
                                    aws::IamRolePolicyArgs{.policy = document.json(), .role = r.id()});
    t.stack.add<aws::LambdaFunction>("worker", aws::LambdaFunctionArgs{.function_name = "worker", .role = r.arn()});
    CHECK(rules_test::any_contains(t.findings("INFRA-LAMBDA-001"),
                       "test/worker: vpc_config is not set, but its role aws_iam_role.role grants rds-db:connect"));
}

TEST_CASE("INFRA-LAMBDA-001 follows a managed policy attached to the role") {
    rules_test::TestStack t;
    auto& r = role(t);
    auto& managed = t.stack.add<aws::IamPolicy>("connect", aws::IamPolicyArgs{.name = "connect", .policy = kConnectPolicy});
    t.stack.add<aws::IamRolePolicyAttachment>(
        "attach", aws::IamRolePolicyAttachmentArgs{.policy_arn = managed.arn(), .role = r.name()});
    t.stack.add<aws::LambdaFunction>("worker", aws::LambdaFunctionArgs{.function_name = "worker", .role = r.arn()});
    CHECK(rules_test::any_contains(t.findings("INFRA-LAMBDA-001"), "grants rds-db:connect"));
}

TEST_CASE("INFRA-LAMBDA-001 is quiet in a VPC, and for functions that reach no database") {
    rules_test::TestStack t;
    auto& r = role(t);
    t.stack.add<aws::LambdaFunction>("api", good_function(r));
    // Another role, with a policy that does not connect to RDS.
    auto& other = role(t, "other_role");
    t.stack.add<aws::IamRolePolicy>("logs", aws::IamRolePolicyArgs{.policy = kLogsPolicy, .role = other.id()});
    t.stack.add<aws::LambdaFunction>("thumbnailer",
                                     aws::LambdaFunctionArgs{.function_name = "thumbnailer", .role = other.arn()});
    CHECK(t.findings("INFRA-LAMBDA-001").empty());
}

// ---- INFRA-LAMBDA-002 ---------------------------------------------------

TEST_CASE("INFRA-LAMBDA-002 fires on secret-looking variables holding literal strings, without showing them") {
    rules_test::TestStack t;
    auto args = good_function(role(t));
    args.environment = aws::LambdaFunctionArgs::Environment{.variables = Map<Str>{
                                                                {"DB_HOST", "proxy.internal"},
                                                                {"DB_PASSWORD", "hunter2hunter2"},
                                                                {"stripe_api_key", "sk_live_abc"},
                                                            }};
    t.stack.add<aws::LambdaFunction>("api", std::move(args));
    const auto findings = t.findings("INFRA-LAMBDA-002");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/api: environment.variables.DB_PASSWORD holds a literal string (14 characters)"));
    CHECK(rules_test::any_contains(findings, "environment.variables.stripe_api_key holds a literal string"));
    CHECK_FALSE(rules_test::any_contains(findings, "hunter2"));
}

TEST_CASE("INFRA-LAMBDA-002 is quiet on references, empty values and names of where a secret is") {
    rules_test::TestStack t;
    auto& secret = t.stack.add<infra::Variable>("db_password", infra::VariableConfig{.type = "string", .sensitive = true});
    auto args = good_function(role(t));
    args.environment = aws::LambdaFunctionArgs::Environment{.variables = Map<Str>{
                                                                {"API_TOKEN", ""},
                                                                {"DB_PASSWORD", secret.as_str()},
                                                                {"DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:x"},
                                                                {"PRIVATE_KEY_NAME", "/app/signing-key"},
                                                                {"TOKEN_ISSUER_ID", "issuer-1"},
                                                            }};
    t.stack.add<aws::LambdaFunction>("api", std::move(args));
    CHECK(t.findings("INFRA-LAMBDA-002").empty());
}

// ---- INFRA-LAMBDA-003 ---------------------------------------------------

TEST_CASE("INFRA-LAMBDA-003 fires without a log group, and on a log group without retention") {
    rules_test::TestStack t;
    auto& r = role(t);
    t.stack.add<aws::LambdaFunction>("api", good_function(r, "api"));
    t.stack.add<aws::LambdaFunction>("worker", good_function(r, "worker"));
    log_group(t, "worker_logs", "/aws/lambda/worker", std::nullopt);
    log_group(t, "unrelated_logs", "/aws/lambda/api-old");
    const auto findings = t.findings("INFRA-LAMBDA-003");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/api: no aws_cloudwatch_log_group named \"/aws/lambda/api\" for function_name \"api\""));
    CHECK(rules_test::any_contains(findings,
                       "test/worker: the log group aws_cloudwatch_log_group.worker_logs of function_name \"worker\" "
                       "has no retention_in_days"));
}

TEST_CASE("INFRA-LAMBDA-003 is quiet with a literal name or a template referring to the function") {
    rules_test::TestStack t;
    auto& r = role(t);
    t.stack.add<aws::LambdaFunction>("api", good_function(r, "api"));
    log_group(t, "api_logs", "/aws/lambda/api");
    auto& worker = t.stack.add<aws::LambdaFunction>("worker", good_function(r, "worker"));
    log_group(t, "worker_logs", Str("/aws/lambda/") + worker.function_name(), infra::Num(14));
    // A name from a variable, with the log group built from the same variable.
    auto& name = t.stack.add<infra::Variable>("job_name", infra::VariableConfig{.type = "string"});
    t.stack.add<aws::LambdaFunction>("job", good_function(r, "placeholder"))
        .set("function_name", name.value());
    log_group(t, "job_logs", Str("/aws/lambda/") + name.as_str(), infra::Num(7));
    CHECK(t.findings("INFRA-LAMBDA-003").empty());
}

// ---- INFRA-LAMBDA-004 ---------------------------------------------------

TEST_CASE("INFRA-LAMBDA-004 fires without tracing_config and on PassThrough") {
    rules_test::TestStack t;
    auto& r = role(t);
    auto args = good_function(r, "api");
    args.tracing_config.reset();
    t.stack.add<aws::LambdaFunction>("api", std::move(args));
    auto pass = good_function(r, "worker");
    pass.tracing_config = aws::LambdaFunctionArgs::TracingConfig{.mode = "PassThrough"};
    t.stack.add<aws::LambdaFunction>("worker", std::move(pass));
    const auto findings = t.findings("INFRA-LAMBDA-004");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/api: tracing_config.mode is not set"));
    CHECK(rules_test::any_contains(findings, "test/worker: tracing_config.mode is \"PassThrough\", not \"Active\""));
}

TEST_CASE("INFRA-LAMBDA-004 is quiet with mode Active") {
    rules_test::TestStack t;
    t.stack.add<aws::LambdaFunction>("api", good_function(role(t)));
    CHECK(t.findings("INFRA-LAMBDA-004").empty());
}

// ---- INFRA-LAMBDA-005 ---------------------------------------------------

TEST_CASE("INFRA-LAMBDA-005 fires without reserved_concurrent_executions, and on -1") {
    rules_test::TestStack t;
    auto& r = role(t);
    auto args = good_function(r, "api");
    args.reserved_concurrent_executions.reset();
    t.stack.add<aws::LambdaFunction>("api", std::move(args));
    auto unlimited = good_function(r, "worker");
    unlimited.reserved_concurrent_executions = -1;
    t.stack.add<aws::LambdaFunction>("worker", std::move(unlimited));
    const auto findings = t.findings("INFRA-LAMBDA-005");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/api: reserved_concurrent_executions is not set"));
    CHECK(rules_test::any_contains(findings, "test/worker: reserved_concurrent_executions is -1"));
}

TEST_CASE("INFRA-LAMBDA-005 is quiet with a limit") {
    rules_test::TestStack t;
    t.stack.add<aws::LambdaFunction>("api", good_function(role(t)));
    CHECK(t.findings("INFRA-LAMBDA-005").empty());
}

// ---- INFRA-EC2-001..003 -------------------------------------------------

TEST_CASE("INFRA-EC2-001 fires without metadata_options and with http_tokens optional") {
    rules_test::TestStack t;
    auto args = good_instance();
    args.metadata_options.reset();
    t.stack.add<aws::Instance>("bare", std::move(args));
    auto optional = good_instance();
    optional.metadata_options = aws::InstanceArgs::MetadataOptions{.http_tokens = "optional"};
    t.stack.add<aws::Instance>("v1", std::move(optional));
    const auto findings = t.findings("INFRA-EC2-001");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/bare: metadata_options.http_tokens is not set"));
    CHECK(rules_test::any_contains(findings, "test/v1: metadata_options.http_tokens is \"optional\", not \"required\""));
}

TEST_CASE("INFRA-EC2-001 is quiet with http_tokens required") {
    rules_test::TestStack t;
    t.stack.add<aws::Instance>("server", good_instance());
    CHECK(t.findings("INFRA-EC2-001").empty());
}

TEST_CASE("INFRA-EC2-002 fires on associate_public_ip_address true") {
    rules_test::TestStack t;
    auto args = good_instance();
    args.associate_public_ip_address = true;
    t.stack.add<aws::Instance>("server", std::move(args));
    CHECK(t.findings("INFRA-EC2-002") == std::vector<std::string>{"test/server: associate_public_ip_address is true"});
}

TEST_CASE("INFRA-EC2-002 is quiet on false or unset") {
    rules_test::TestStack t;
    t.stack.add<aws::Instance>("server", good_instance());
    auto unset = good_instance();
    unset.associate_public_ip_address.reset();
    t.stack.add<aws::Instance>("other", std::move(unset));
    CHECK(t.findings("INFRA-EC2-002").empty());
}

TEST_CASE("INFRA-EC2-003 fires on an unencrypted or unspecified root volume") {
    rules_test::TestStack t;
    auto args = good_instance();
    args.root_block_device = aws::InstanceArgs::RootBlockDevice{.encrypted = false};
    t.stack.add<aws::Instance>("plain", std::move(args));
    auto bare = good_instance();
    bare.root_block_device.reset();
    t.stack.add<aws::Instance>("bare", std::move(bare));
    const auto findings = t.findings("INFRA-EC2-003");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/plain: root_block_device.encrypted is false"));
    CHECK(rules_test::any_contains(findings, "test/bare: root_block_device.encrypted is not set"));
}

TEST_CASE("INFRA-EC2-003 is quiet with an encrypted root volume, also on a raw resource") {
    rules_test::TestStack t;
    t.stack.add<aws::Instance>("server", good_instance());
    auto& raw = t.stack.add<Resource>("raw", "aws_instance");
    raw.set("root_block_device", Value::list({Value::map({{"encrypted", true}})}));
    CHECK(t.findings("INFRA-EC2-003").empty());
}

// ---- suppression --------------------------------------------------------

TEST_CASE("compute findings are suppressed on the resource or a parent construct, with the reason") {
    rules_test::TestStack t;
    auto& jobs = t.stack.add<infra::Construct>("jobs");
    auto args = good_function(role(t), "nightly");
    args.reserved_concurrent_executions.reset();
    jobs.add<aws::LambdaFunction>("nightly", std::move(args));
    infra::rules::suppress(jobs, "INFRA-LAMBDA-005", "a scheduled job invoked once a night: it cannot burst");
    auto instance = good_instance();
    instance.associate_public_ip_address = true;
    auto& bastion = t.stack.add<aws::Instance>("bastion", std::move(instance));
    infra::rules::suppress(bastion, "INFRA-EC2-002", "the lab bastion is reached by SSH from the trainer's address");

    CHECK(t.findings("INFRA-LAMBDA-005").empty());
    CHECK(t.findings("INFRA-EC2-002").empty());
    const auto report = t.run();
    const auto concurrency = rules_test::findings_of(report, "INFRA-LAMBDA-005");
    CHECK(concurrency.size() == 1);
    for (const auto& f : concurrency) {
        CHECK(f.suppressed);
        CHECK(f.path == "test/jobs/nightly");
        CHECK(f.suppressed_at == "test/jobs");
        CHECK(f.suppression_reason == "a scheduled job invoked once a night: it cannot burst");
    }
    const auto public_ip = rules_test::findings_of(report, "INFRA-EC2-002");
    CHECK(public_ip.size() == 1);
    for (const auto& f : public_ip) {
        CHECK(f.suppressed);
        CHECK(f.suppressed_at == "test/bastion");
        CHECK(f.suppression_reason == "the lab bastion is reached by SSH from the trainer's address");
    }
    CHECK(report.unused_suppressions.empty());
}
