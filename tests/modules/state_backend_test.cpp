#include <string>

#include "infra/error.hpp"
#include "module_test_support.hpp"
#include "state_backend/state_backend.hpp"

namespace {

using crud_api::modules::StateBackend;
using crud_api::modules::StateBackendProps;
using module_test::count_of_type;
using module_test::policy_document;
using module_test::reference;
using module_test::resource;
using nlohmann::json;

}  // namespace

TEST_CASE("state backend: a private, versioned, encrypted bucket protected from destroy") {
    module_test::TestStack t;
    auto& backend = t.stack.add<StateBackend>("state", StateBackendProps{.bucket_name = "app-tf-state"});
    const auto doc = t.synth();

    const auto& bucket = resource(doc, "aws_s3_bucket", "state_bucket");
    CHECK(bucket.at("bucket") == "app-tf-state");
    CHECK(bucket.at("force_destroy") == false);
    CHECK(bucket.at("lifecycle").at("prevent_destroy") == true);
    CHECK(bucket.at("tags").at("Name") == "app-tf-state");
    const std::string bucket_id = reference("aws_s3_bucket", "state_bucket", "id");

    const auto& block = resource(doc, "aws_s3_bucket_public_access_block", "state_public_access_block");
    CHECK(block.at("bucket") == bucket_id);
    for (const char* flag : {"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"})
        CHECK(block.at(flag) == true);

    const auto& versioning = resource(doc, "aws_s3_bucket_versioning", "state_versioning");
    CHECK(versioning.at("bucket") == bucket_id);
    CHECK(versioning.at("versioning_configuration").at("status") == "Enabled");

    const auto& encryption = resource(doc, "aws_s3_bucket_server_side_encryption_configuration", "state_encryption");
    CHECK(encryption.at("bucket") == bucket_id);
    REQUIRE(encryption.at("rule").size() == 1);
    CHECK(encryption.at("rule")[0].at("apply_server_side_encryption_by_default").at("sse_algorithm") == "AES256");

    CHECK(count_of_type(doc, "aws_dynamodb_table") == 0);
    CHECK_FALSE(backend.uses_dynamodb_lock());
    CHECK(backend.bucket_name_literal() == "app-tf-state");
    CHECK(backend.lock_table_name_literal().empty());
    CHECK(backend.bucket_arn().value().as_expr().node().text == "arn");
    CHECK(backend.bucket_name().value().as_expr().node().text == "bucket");
}

TEST_CASE("state backend: the bucket policy denies every request not made over TLS") {
    module_test::TestStack t;
    t.stack.add<StateBackend>("state", StateBackendProps{.bucket_name = "app-tf-state"});
    const auto doc = t.synth();

    const auto& policy = resource(doc, "aws_s3_bucket_policy", "state_bucket_policy");
    CHECK(policy.at("bucket") == reference("aws_s3_bucket", "state_bucket", "id"));
    CHECK(policy.at("policy") == "${data.aws_iam_policy_document.state_tls_only_policy_document.json}");
    // Applied after the public access block: S3 rejects the two at once.
    CHECK(policy.at("depends_on") == json::array({"aws_s3_bucket_public_access_block.state_public_access_block"}));

    const auto& statements = policy_document(doc, "state_tls_only_policy_document").at("statement");
    REQUIRE(statements.size() == 1);
    const auto& deny = statements[0];
    CHECK(deny.at("effect") == "Deny");
    CHECK(deny.at("actions") == json::array({"s3:*"}));
    const std::string arn = reference("aws_s3_bucket", "state_bucket", "arn");
    CHECK(deny.at("resources") == json::array({arn, arn + "/*"}));
    CHECK(deny.at("principals")[0].at("identifiers") == json::array({"*"}));
    REQUIRE(deny.at("condition").size() == 1);
    CHECK(deny.at("condition")[0].at("test") == "Bool");
    CHECK(deny.at("condition")[0].at("variable") == "aws:SecureTransport");
    CHECK(deny.at("condition")[0].at("values") == json::array({"false"}));
}

TEST_CASE("state backend: force_destroy lets terraform delete the bucket") {
    module_test::TestStack t;
    t.stack.add<StateBackend>("state", StateBackendProps{.bucket_name = "app-tf-state", .force_destroy = true});
    const auto doc = t.synth();
    const auto& bucket = resource(doc, "aws_s3_bucket", "state_bucket");
    CHECK(bucket.at("force_destroy") == true);
    CHECK_FALSE(bucket.contains("lifecycle"));
}

TEST_CASE("state backend: dynamodb locking adds an encrypted, on-demand LockID table") {
    module_test::TestStack t;
    auto& backend = t.stack.add<StateBackend>("state", StateBackendProps{.bucket_name = "app-tf-state", .locking = "dynamodb"});
    const auto doc = t.synth();

    REQUIRE(count_of_type(doc, "aws_dynamodb_table") == 1);
    const auto& table = resource(doc, "aws_dynamodb_table", "state_lock_table");
    CHECK(table.at("name") == "app-tf-state-locks");
    CHECK(table.at("hash_key") == "LockID");
    CHECK(table.at("attribute") == json::array({json{{"name", "LockID"}, {"type", "S"}}}));
    CHECK(table.at("billing_mode") == "PAY_PER_REQUEST");
    CHECK(table.at("point_in_time_recovery").at("enabled") == true);
    CHECK(table.at("server_side_encryption").at("enabled") == true);
    CHECK(table.at("tags").at("Name") == "app-tf-state-locks");
    CHECK(table.at("lifecycle").at("prevent_destroy") == true);

    CHECK(backend.uses_dynamodb_lock());
    CHECK(backend.lock_table_name_literal() == "app-tf-state-locks");
    CHECK(backend.lock_table_name().value().as_expr().node().target == backend.find_child("lock_table")->as_element());
}

TEST_CASE("state backend: lock_table_name names the table") {
    module_test::TestStack t;
    t.stack.add<StateBackend>("state", StateBackendProps{.bucket_name = "app-tf-state", .locking = "dynamodb",
                                                         .lock_table_name = "terraform-locks"});
    const auto doc = t.synth();
    CHECK(resource(doc, "aws_dynamodb_table", "state_lock_table").at("name") == "terraform-locks");
}

TEST_CASE("state backend: bad bucket names and locking values are usage errors") {
    module_test::TestStack t;
    auto make = [&](StateBackendProps props) { t.stack.add<StateBackend>("state", std::move(props)); };

    CHECK_THROWS_MATCHES(make({.bucket_name = ""}), infra::UsageError,
                         module_test::props_error_message("test/state: bucket_name \"\" must be 3 to 63 characters "
                                                          "long, not 0"));
    CHECK_THROWS_WITH(make({.bucket_name = std::string(64, 'a')}),
                      Catch::Contains("must be 3 to 63 characters long, not 64 (at "));
    CHECK_THROWS_WITH(make({.bucket_name = "App-State"}),
                      module_test::props_error("test/state: bucket_name \"App-State\" may hold only lowercase "
                                               "letters, digits, '-' and '.'"));
    CHECK_THROWS_WITH(make({.bucket_name = "my_state"}), Catch::Contains("may hold only lowercase letters"));
    CHECK_THROWS_WITH(make({.bucket_name = "-state"}),
                      module_test::props_error("test/state: bucket_name \"-state\" must start and end with a "
                                               "lowercase letter or digit"));
    CHECK_THROWS_WITH(make({.bucket_name = "my..state"}),
                      module_test::props_error("test/state: bucket_name \"my..state\" has two adjacent periods"));
    CHECK_THROWS_WITH(make({.bucket_name = "192.168.5.4"}),
                      module_test::props_error("test/state: bucket_name \"192.168.5.4\" is formatted as an IP "
                                               "address"));
    CHECK_THROWS_WITH(make({.bucket_name = "app-tf-state", .locking = "consul"}),
                      module_test::props_error("test/state: locking \"consul\" is neither \"s3\" nor \"dynamodb\""));
    CHECK_THROWS_WITH(make({.bucket_name = "app-tf-state", .locking = "dynamodb", .lock_table_name = "x"}),
                      module_test::props_error("test/state: lock_table_name \"x\" must be 3 to 255 letters, digits, "
                                               "'_', '-' or '.'"));
    // 3 and 63 characters, dots and digits: all valid.
    CHECK_NOTHROW(make({.bucket_name = "a.1"}));
    module_test::TestStack t2;
    CHECK_NOTHROW(t2.stack.add<StateBackend>("state", StateBackendProps{.bucket_name = std::string(63, 'b')}));
}
