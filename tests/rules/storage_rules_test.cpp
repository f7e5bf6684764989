// The storage pack: every aws_s3_bucket needs a complete public access
// block, versioning, an encryption configuration and a policy that denies
// plain HTTP, each found through the separate resource whose `bucket`
// refers to the bucket.
#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/s3_bucket_policy.hpp"
#include "infra/aws/s3_bucket_public_access_block.hpp"
#include "infra/aws/s3_bucket_server_side_encryption_configuration.hpp"
#include "infra/aws/s3_bucket_versioning.hpp"
#include "infra/variable.hpp"
#include "rules_test_support.hpp"

using infra::List;
using infra::Resource;
using infra::Str;
using infra::Value;
namespace aws = infra::aws;

namespace {

constexpr const char* kDenyHttpJson = R"({"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport",
  "Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],
  "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})";
constexpr const char* kAllowReadJson = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
  "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]})";

struct Parts {
    bool public_access_block = true;
    bool versioning = true;
    bool encryption = true;
    bool policy = true;
};

// A bucket with the configuration resources `parts` asks for, each as the
// state_backend module writes it.
// The bucket itself is raw: S3BucketArgs carries deprecated members that
// warn wherever the struct is copied.
struct Bucket {
    Resource& resource;
    Str id() const { return resource.str_attr("id"); }
    Str bucket() const { return resource.str_attr("bucket"); }
    Str arn() const { return resource.str_attr("arn"); }
};

Bucket raw_bucket(infra::Construct& scope, const std::string& id) {
    auto& r = scope.add<Resource>(id, "aws_s3_bucket");
    r.set("bucket", id + "-bucket");
    return Bucket{r};
}

Bucket bucket(rules_test::TestStack& t, const std::string& id, Parts parts = {}) {
    Bucket b = raw_bucket(t.stack, id);
    if (parts.public_access_block)
        t.stack.add<aws::S3BucketPublicAccessBlock>(id + "_public_access", aws::S3BucketPublicAccessBlockArgs{
                                                                               .block_public_acls = true,
                                                                               .block_public_policy = true,
                                                                               .bucket = b.id(),
                                                                               .ignore_public_acls = true,
                                                                               .restrict_public_buckets = true,
                                                                           });
    if (parts.versioning)
        t.stack.add<aws::S3BucketVersioning>(
            id + "_versioning",
            aws::S3BucketVersioningArgs{
                .bucket = b.id(),
                .versioning_configuration = aws::S3BucketVersioningArgs::VersioningConfiguration{.status = "Enabled"}});
    if (parts.encryption) {
        using Rule = aws::S3BucketServerSideEncryptionConfigurationArgs::Rule;
        t.stack.add<aws::S3BucketServerSideEncryptionConfiguration>(
            id + "_encryption",
            aws::S3BucketServerSideEncryptionConfigurationArgs{
                .bucket = b.id(),
                .rule = {Rule{.apply_server_side_encryption_by_default =
                                  Rule::ApplyServerSideEncryptionByDefault{.sse_algorithm = "aws:kms"}}}});
    }
    if (parts.policy) {
        using Statement = aws::data::IamPolicyDocumentArgs::Statement;
        auto& document = t.stack.add<aws::data::IamPolicyDocument>(
            id + "_tls_only", aws::data::IamPolicyDocumentArgs{.statement = {Statement{
                                  .actions = List<Str>{"s3:*"},
                                  .condition = {Statement::Condition{.test = "Bool",
                                                                     .values = List<Str>{"false"},
                                                                     .variable = "aws:SecureTransport"}},
                                  .effect = "Deny",
                                  .principals = {Statement::Principals{.identifiers = List<Str>{"*"}, .type = "*"}},
                                  .resources = List<Str>{b.arn(), b.arn() + "/*"},
                              }}});
        t.stack.add<aws::S3BucketPolicy>(id + "_policy",
                                         aws::S3BucketPolicyArgs{.bucket = b.id(), .policy = document.json()});
    }
    return b;
}

}  // namespace

TEST_CASE("a bucket with every configuration resource passes the storage pack") {
    rules_test::TestStack t;
    bucket(t, "data");
    for (const char* id : {"INFRA-S3-001", "INFRA-S3-002", "INFRA-S3-003", "INFRA-S3-004"})
        CHECK(t.findings(id).empty());
}

// ---- INFRA-S3-001 -------------------------------------------------------

TEST_CASE("INFRA-S3-001 fires on a bucket without a public access block") {
    rules_test::TestStack t;
    bucket(t, "data", Parts{.public_access_block = false});
    CHECK(t.findings("INFRA-S3-001") ==
          std::vector<std::string>{"test/data: no aws_s3_bucket_public_access_block has bucket referring to this bucket"});
}

TEST_CASE("INFRA-S3-001 fires on a public access block with a flag false or missing") {
    rules_test::TestStack t;
    auto b = bucket(t, "data", Parts{.public_access_block = false});
    t.stack.add<aws::S3BucketPublicAccessBlock>("partial", aws::S3BucketPublicAccessBlockArgs{
                                                               .block_public_acls = true,
                                                               .block_public_policy = false,
                                                               .bucket = b.bucket(),
                                                               .ignore_public_acls = true,
                                                           });
    const auto findings = t.findings("INFRA-S3-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "aws_s3_bucket_public_access_block.partial: block_public_policy is false, "
                                 "restrict_public_buckets is not set"));
}

TEST_CASE("INFRA-S3-001 is quiet with all four flags true, found through the bucket attribute too") {
    rules_test::TestStack t;
    auto b = bucket(t, "data", Parts{.public_access_block = false});
    t.stack.add<aws::S3BucketPublicAccessBlock>("block", aws::S3BucketPublicAccessBlockArgs{
                                                             .block_public_acls = true,
                                                             .block_public_policy = true,
                                                             .bucket = b.bucket(),
                                                             .ignore_public_acls = true,
                                                             .restrict_public_buckets = true,
                                                         });
    CHECK(t.findings("INFRA-S3-001").empty());
}

// ---- INFRA-S3-002 -------------------------------------------------------

TEST_CASE("INFRA-S3-002 fires without versioning and with versioning Suspended") {
    rules_test::TestStack t;
    bucket(t, "plain", Parts{.versioning = false});
    auto suspended = bucket(t, "suspended", Parts{.versioning = false});
    t.stack.add<aws::S3BucketVersioning>(
        "suspended_versioning",
        aws::S3BucketVersioningArgs{
            .bucket = suspended.id(),
            .versioning_configuration = aws::S3BucketVersioningArgs::VersioningConfiguration{.status = "Suspended"}});
    const auto findings = t.findings("INFRA-S3-002");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/plain: no aws_s3_bucket_versioning has bucket referring to this bucket"));
    CHECK(rules_test::any_contains(findings, "test/suspended: aws_s3_bucket_versioning.suspended_versioning: "
                                 "versioning_configuration.status is \"Suspended\", not \"Enabled\""));
}

TEST_CASE("INFRA-S3-002 is quiet with versioning Enabled, also on a raw bucket") {
    rules_test::TestStack t;
    bucket(t, "data");
    auto& raw = t.stack.add<Resource>("raw", "aws_s3_bucket");
    raw.set("bucket", "raw-bucket");
    auto& versioning = t.stack.add<Resource>("raw_versioning", "aws_s3_bucket_versioning");
    versioning.set("bucket", raw.attr("id"));
    versioning.set("versioning_configuration", Value::list({Value::map({{"status", "Enabled"}})}));
    CHECK(t.findings("INFRA-S3-002").empty());
}

// ---- INFRA-S3-003 -------------------------------------------------------

TEST_CASE("INFRA-S3-003 fires without a server-side encryption configuration") {
    rules_test::TestStack t;
    bucket(t, "data", Parts{.encryption = false});
    CHECK(t.findings("INFRA-S3-003") ==
          std::vector<std::string>{
              "test/data: no aws_s3_bucket_server_side_encryption_configuration has bucket referring to this bucket"});
}

TEST_CASE("INFRA-S3-003 is quiet with an encryption configuration for this bucket, not for another") {
    rules_test::TestStack t;
    bucket(t, "data");
    bucket(t, "other", Parts{.encryption = false});
    const auto findings = t.findings("INFRA-S3-003");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/other:"));
}

// ---- INFRA-S3-004 -------------------------------------------------------

TEST_CASE("INFRA-S3-004 fires without a bucket policy") {
    rules_test::TestStack t;
    bucket(t, "data", Parts{.policy = false});
    CHECK(rules_test::any_contains(t.findings("INFRA-S3-004"), "test/data: no aws_s3_bucket_policy has bucket referring to this "
                                                   "bucket (nothing denies aws:SecureTransport = false)"));
}

TEST_CASE("INFRA-S3-004 fires on a policy without the Deny on aws:SecureTransport") {
    rules_test::TestStack t;
    auto b = bucket(t, "data", Parts{.policy = false});
    t.stack.add<aws::S3BucketPolicy>("read", aws::S3BucketPolicyArgs{.bucket = b.id(), .policy = kAllowReadJson});
    CHECK(rules_test::any_contains(t.findings("INFRA-S3-004"),
                       "test/data: the policy of aws_s3_bucket_policy.read has no Deny statement with condition "
                       "aws:SecureTransport = \"false\""));
}

TEST_CASE("INFRA-S3-004 is quiet on a literal JSON deny, and on a policy it cannot read") {
    rules_test::TestStack t;
    auto b = bucket(t, "data", Parts{.policy = false});
    t.stack.add<aws::S3BucketPolicy>("tls", aws::S3BucketPolicyArgs{.bucket = b.id(), .policy = kDenyHttpJson});
    auto other = bucket(t, "other", Parts{.policy = false});
    auto& from_outside = t.stack.add<infra::Variable>("bucket_policy", infra::VariableConfig{.type = "string"});
    t.stack.add<aws::S3BucketPolicy>("given",
                                     aws::S3BucketPolicyArgs{.bucket = other.id(), .policy = from_outside.as_str()});
    CHECK(t.findings("INFRA-S3-004").empty());
}

// ---- suppression --------------------------------------------------------

TEST_CASE("storage findings are suppressed on the bucket or a parent construct, with the reason") {
    rules_test::TestStack t;
    auto& site = t.stack.add<infra::Construct>("site");
    Bucket b = raw_bucket(site, "assets");
    using Rule = aws::S3BucketServerSideEncryptionConfigurationArgs::Rule;
    site.add<aws::S3BucketServerSideEncryptionConfiguration>(
        "encryption", aws::S3BucketServerSideEncryptionConfigurationArgs{
                          .bucket = b.id(),
                          .rule = {Rule{.apply_server_side_encryption_by_default =
                                            Rule::ApplyServerSideEncryptionByDefault{.sse_algorithm = "AES256"}}}});
    site.add<aws::S3BucketPolicy>("policy", aws::S3BucketPolicyArgs{.bucket = b.id(), .policy = kDenyHttpJson});
    site.add<aws::S3BucketVersioning>(
        "versioning",
        aws::S3BucketVersioningArgs{
            .bucket = b.id(),
            .versioning_configuration = aws::S3BucketVersioningArgs::VersioningConfiguration{.status = "Enabled"}});
    infra::rules::suppress(site, "INFRA-S3-001", "the static site's assets are public on purpose, behind CloudFront");

    CHECK(t.findings("INFRA-S3-001").empty());
    const auto report = t.run();
    const auto public_access = rules_test::findings_of(report, "INFRA-S3-001");
    CHECK(public_access.size() == 1);
    for (const auto& f : public_access) {
        CHECK(f.suppressed);
        CHECK(f.path == "test/site/assets");
        CHECK(f.suppressed_at == "test/site");
        CHECK(f.suppression_reason == "the static site's assets are public on purpose, behind CloudFront");
    }
    CHECK(report.unused_suppressions.empty());
}

TEST_CASE("a bucket without versioning is a warning, not an error") {
    CHECK(rules_test::aws_rules().find("INFRA-S3-002")->info().severity == infra::Severity::Warning);
}
