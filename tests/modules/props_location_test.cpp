// A module that rejects its props names the line of the program that created
// it: the message ends with " (at <file>:<line>)", here this file and the
// line of each row (the call that creates the module, captured by
// Construct::add or by a module function's defaulted `where`). One row per
// kind of bad props a user meets: CIDR and zone counts, Aurora capacity out
// of range, Lambda memory and timeout, log retention, and names AWS refuses
// for IAM roles, S3 buckets and Lambda functions.
#include "infra/source_location.hpp"
#include <string>
#include <utility>
#include <vector>

#include "api_gateway/rest_api.hpp"
#include "ci_tester/ci_tester.hpp"
#include "ci_tester/rds_connect_policy.hpp"
#include "database/database.hpp"
#include "database/schema_migration.hpp"
#include "ec2/bastion.hpp"
#include "github_oidc/github_oidc.hpp"
#include "lambda/api_functions.hpp"
#include "module_test_support.hpp"
#include "network/network.hpp"
#include "state_backend/state_backend.hpp"

using namespace crud_api::modules;

namespace {

// The full message (location included) of the UsageError that creating
// `Module` with `props` throws, as if created at `where`: the caller's line.
template <class Module, class Props>
std::string error_at_call(Props props, const infra::SourceLocation& where = infra::SourceLocation::current()) {
    module_test::TestStack t;
    try {
        t.stack.add<Module>(infra::ChildId("module", where), std::move(props));
    } catch (const infra::UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

// `props` after `change`: a row states only what it breaks.
template <class Props, class Change>
Props with(Props props, Change change) {
    change(props);
    return props;
}

NetworkProps network() { return {.name_prefix = "app-dev", .availability_zones = {"us-east-1a", "us-east-1b"}}; }

DatabaseProps database() {
    return {.name_prefix = "app-dev",
            .subnet_ids = infra::List<infra::Str>{"subnet-a", "subnet-b"},
            .database_security_group_id = "sg-db",
            .proxy_security_group_id = "sg-proxy"};
}

ApiFunctionsProps functions() {
    return {.name_prefix = "app-dev",
            .subnet_ids = infra::List<infra::Str>{"subnet-a"},
            .security_group_id = "sg-lambda",
            .proxy_endpoint = "proxy.example",
            .db_connect_arn = "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123/iam_token_user"};
}

RestApiProps rest_api() {
    return {.name_prefix = "app-dev",
            .routes = {ApiRoute{.http_method = "GET",
                                .function_name = "app-dev-get",
                                .invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/fn"}}};
}

BastionProps bastion() { return {.name_prefix = "app-dev", .subnet_id = "subnet-a", .security_group_id = "sg-b"}; }

GithubOidcProps github() {
    return {.project = "app",
            .repository = "octo/app",
            .environments = {{.name = "dev", .state_key = "dev/terraform.tfstate"}},
            .regions = {"us-east-1"},
            .permissions_boundary_arn = "arn:aws:iam::123456789012:policy/app-permissions-boundary"};
}

CiTesterProps ci_tester() { return {.name_prefix = "app-dev", .principals = {"123456789012"}}; }

// Long enough that "<prefix>-delete-animals" and "<prefix>-github-actions"
// (15 characters more) pass the 64 AWS allows for function and role names.
const std::string kPrefix50(50, 'a');

std::vector<std::string> zones(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back("us-east-1-zone" + std::to_string(i));
    return out;
}

// The message of the infra::Error `f` throws.
template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const infra::Error& e) {
        return e.what();
    }
    return "(no error)";
}

struct Row {
    long line;             // the line that created the module
    std::string message;   // what it threw
    std::string expected;  // the start of the message: module path and what is wrong
};

// The message must start with `row.expected` and end with this file and
// `row.line`.
void check(const Row& row) {
    INFO(row.message);
    CHECK_THAT(row.message, Catch::StartsWith(row.expected));
    CHECK_THAT(row.message, Catch::EndsWith("props_location_test.cpp:" + std::to_string(row.line) + ")"));
}

}  // namespace

TEST_CASE("module props errors name the line that created the module") {
    // Each row on one line with its __LINE__: the call creating the module is
    // the offending statement the message must point at.
    const std::vector<Row> rows = {
        // Network: CIDR out of range, more zones than the subnet layout holds.
        {__LINE__, error_at_call<Network>(with(network(), [](auto& p) { p.vpc_cidr = "10.0.0.0/8"; })),
         "test/module: vpc_cidr \"10.0.0.0/8\" must be a /16 to /20"},
        {__LINE__, error_at_call<Network>(with(network(), [](auto& p) { p.vpc_cidr = "10.0.0.300/16"; })),
         "test/module: vpc_cidr \"10.0.0.300/16\" is not an IPv4 CIDR"},
        {__LINE__, error_at_call<Network>(with(network(), [](auto& p) { p.availability_zones = zones(101); })),
         "test/module: availability_zones has 101 zones; at most 100"},
        {__LINE__, error_at_call<Network>(with(network(), [](auto& p) { p.availability_zones.clear(); })),
         "test/module: availability_zones is empty"},
        // Aurora Serverless v2 capacity: min above max, above 256, below 0.
        {__LINE__, error_at_call<Database>(with(database(), [](auto& p) { p.min_capacity = 8; p.max_capacity = 4; })),
         "test/module: min_capacity 8 is above max_capacity 4"},
        {__LINE__, error_at_call<Database>(with(database(), [](auto& p) { p.max_capacity = 300; })),
         "test/module: max_capacity 300 must be 0.5 to 256 in steps of 0.5"},
        {__LINE__, error_at_call<Database>(with(database(), [](auto& p) { p.min_capacity = -1; })),
         "test/module: min_capacity -1 must be 0.5 to 256 in steps of 0.5"},
        // Database names: the proxy's IAM role name is past 64 characters.
        {__LINE__, error_at_call<Database>(with(database(), [](auto& p) { p.name_prefix = kPrefix50 + "x"; })),
         "test/module: name_prefix \"" + kPrefix50 + "x\" is too long"},
        // Lambda: memory, timeout, log retention, function name length.
        {__LINE__, error_at_call<ApiFunctions>(with(functions(), [](auto& p) { p.memory_mb = 64; })),
         "test/module: memory_mb 64 must be 128 to 10240"},
        {__LINE__, error_at_call<ApiFunctions>(with(functions(), [](auto& p) { p.memory_mb = 20480; })),
         "test/module: memory_mb 20480 must be 128 to 10240"},
        {__LINE__, error_at_call<ApiFunctions>(with(functions(), [](auto& p) { p.timeout_seconds = 0; })),
         "test/module: timeout_seconds 0 must be 1 to 900"},
        {__LINE__, error_at_call<ApiFunctions>(with(functions(), [](auto& p) { p.timeout_seconds = 901; })),
         "test/module: timeout_seconds 901 must be 1 to 900"},
        {__LINE__, error_at_call<ApiFunctions>(with(functions(), [](auto& p) { p.log_retention_days = 15; })),
         "test/module: log_retention_days 15 is not one CloudWatch Logs accepts"},
        {__LINE__, error_at_call<ApiFunctions>(with(functions(), [](auto& p) { p.name_prefix = kPrefix50; })),
         "test/module: name_prefix \"" + kPrefix50 + "\" is too long: the function name \"" + kPrefix50 +
             "-delete-animals\" exceeds 64"},
        // API Gateway: log retention, throttling.
        {__LINE__, error_at_call<RestApi>(with(rest_api(), [](auto& p) { p.log_retention_days = 0; })),
         "test/module: log_retention_days 0 is not one CloudWatch Logs accepts"},
        {__LINE__, error_at_call<RestApi>(with(rest_api(), [](auto& p) { p.throttling_burst_limit = 0; })),
         "test/module: throttling_burst_limit 0 must be at least 1"},
        // S3 bucket names.
        {__LINE__, error_at_call<StateBackend>(StateBackendProps{.bucket_name = "My_Bucket"}),
         "test/module: bucket_name \"My_Bucket\" may hold only lowercase letters"},
        {__LINE__, error_at_call<StateBackend>(StateBackendProps{.bucket_name = "ab"}),
         "test/module: bucket_name \"ab\" must be 3 to 63 characters long"},
        {__LINE__, error_at_call<StateBackend>(StateBackendProps{.bucket_name = "10.0.0.1"}),
         "test/module: bucket_name \"10.0.0.1\" is formatted as an IP address"},
        // IAM role names: characters and length.
        {__LINE__, error_at_call<GithubOidc>(with(github(), [](auto& p) { p.project = "app dev"; })),
         "test/module: project \"app dev\" may hold only letters, digits and '-'"},
        {__LINE__, error_at_call<GithubOidc>(with(github(), [](auto& p) { p.project = kPrefix50; })),
         "test/module: the role name \"" + kPrefix50 + "-dev-github-actions\" exceeds 64 characters; shorten the "
         "project or environment name"},
        {__LINE__, error_at_call<CiTester>(with(ci_tester(), [](auto& p) { p.name_prefix = kPrefix50 + "abcdef"; })),
         "test/module: name_prefix \"" + kPrefix50 + "abcdef\" is too long: the role name"},
        {__LINE__, error_at_call<Bastion>(with(bastion(), [](auto& p) { p.name_prefix = kPrefix50 + "abc"; })),
         "test/module: name_prefix \"" + kPrefix50 + "abc\" is too long: the instance profile name"},
        // Trust and sizes.
        {__LINE__, error_at_call<CiTester>(with(ci_tester(), [](auto& p) { p.principals = {"*"}; })),
         "test/module: principals holds \"*\"; a wildcard would let anyone assume the role"},
        {__LINE__, error_at_call<Bastion>(with(bastion(), [](auto& p) { p.root_volume_size_gb = 0; })),
         "test/module: root_volume_size_gb 0 is outside 1..16384"},
    };
    for (const auto& row : rows) check(row);
}

TEST_CASE("a module that needs another names the line that created it too") {
    module_test::TestStack t;
    const auto& db = t.stack.add<Database>("database", database());
    const SchemaMigrationProps slow{.name_prefix = "app-dev", .database = &db, .timeout_seconds = 1000};
    check({__LINE__, error_at_call<SchemaMigration>(slow), "test/module: timeout_seconds 1000 is outside Lambda's 1 to 900"});
}

TEST_CASE("module functions called directly name their caller's line") {
    module_test::TestStack t;
    auto& net = t.stack.add<Network>("network", network());

    const long subnet_line = __LINE__ + 1;
    const std::string subnet = error_of([&] { (void)net.private_subnet_id(2); });
    check({subnet_line, subnet, "test/network: no private subnet 2: the network has 2 zones"});

    const long policy_line = __LINE__ + 1;
    const std::string policy = error_of([&] { rds_connect_policy(t.stack, "connect", "", "arn:aws:rds-db:x"); });
    check({policy_line, policy, "test/connect: rds_connect_policy name is empty"});

    // The constructs such a function adds are the caller's too: a taken id
    // names the caller's line, not a line of the module.
    rds_connect_policy(t.stack, "taken", "n", "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-1/u");
    const long taken_line = __LINE__ + 1;
    const std::string taken = error_of([&] { rds_connect_policy(t.stack, "taken", "n", "arn:aws:rds-db:x"); });
    check({taken_line, taken, "duplicate construct id \"taken_document\": test/taken_document already exists"});
}
