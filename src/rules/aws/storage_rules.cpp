// Storage rules, on every aws_s3_bucket: the separate resources that
// configure it (public access block, versioning, encryption, policy) are
// found by their `bucket` argument referring to the bucket.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "infra/resource_base.hpp"
#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

namespace {

const Value* field(const Value::Map& body, std::string_view path) {
    const std::size_t dot = path.find('.');
    auto it = body.find(path.substr(0, dot));
    if (it == body.end()) return nullptr;
    const Value* v = &it->second;
    if (v->kind() == Value::Kind::List) {
        if (v->as_list().empty()) return nullptr;
        v = &v->as_list().front();
    }
    if (dot == std::string_view::npos) return v;
    return v->kind() == Value::Kind::Map ? field(v->as_map(), path.substr(dot + 1)) : nullptr;
}

std::vector<const ResourceBase*> configurations(const RuleContext& c, std::string_view type) {
    return c.referrers(type, "bucket");
}

std::string addresses(const std::vector<const ResourceBase*>& resources) {
    std::string out;
    for (const auto* r : resources) out += (out.empty() ? "" : ", ") + r->address();
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool denies_insecure_transport(const std::vector<PolicyStatement>& statements) {
    return std::any_of(statements.begin(), statements.end(), [](const PolicyStatement& s) {
        if (s.effect != "Deny") return false;
        return std::any_of(s.conditions.begin(), s.conditions.end(), [](const PolicyCondition& cond) {
            return iequals(cond.variable, "aws:SecureTransport") &&
                   std::any_of(cond.values.begin(), cond.values.end(),
                               [](const std::string& v) { return iequals(v, "false"); });
        });
    });
}

}  // namespace

void add_storage_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-S3-001",
            .pack = "storage",
            .severity = Severity::Error,
            .description = "The bucket does not block public access, so one ACL or policy change can publish its "
                           "objects to the internet",
            .fix = "Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, "
                   "block_public_policy, ignore_public_acls and restrict_public_buckets all true",
            .equivalents = {"checkov:CKV2_AWS_6", "trivy:AVD-AWS-0094", "cdk-nag:AwsSolutions-S2"},
        },
        {"aws_s3_bucket"},
        [](RuleContext& c) {
            const auto blocks = configurations(c, "aws_s3_bucket_public_access_block");
            if (blocks.empty()) {
                c.report("no aws_s3_bucket_public_access_block has bucket referring to this bucket");
                return;
            }
            std::vector<std::string> problems;
            for (const ResourceBase* block : blocks) {
                const Value::Map body = block->rendered_body();
                std::string missing;
                for (const char* flag :
                     {"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}) {
                    const Value* v = field(body, flag);
                    std::string problem;
                    if (v == nullptr || v->is_null()) problem = fmt::format("{} is not set", flag);
                    else if (v->kind() == Value::Kind::Bool && !v->as_bool()) problem = fmt::format("{} is false", flag);
                    if (!problem.empty()) missing += (missing.empty() ? "" : ", ") + problem;
                }
                if (missing.empty()) return;  // one complete block is enough
                problems.push_back(fmt::format("{}: {}", block->address(), missing));
            }
            for (const auto& p : problems) c.report(p);
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-S3-002",
            .pack = "storage",
            .severity = Severity::Warning,
            .description = "The bucket is not versioned, so an overwritten or deleted object cannot be recovered",
            .fix = "Add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "
                   "\"Enabled\" }",
            .equivalents = {"checkov:CKV_AWS_21", "trivy:AVD-AWS-0090"},
        },
        {"aws_s3_bucket"},
        [](RuleContext& c) {
            // The provider's deprecated inline block still works.
            if (c.literal_bool("versioning.enabled") == true) return;
            if (const Value* v = c.get("versioning.enabled"); v != nullptr && v->is_expr()) return;
            const auto versionings = configurations(c, "aws_s3_bucket_versioning");
            if (versionings.empty()) {
                c.report("no aws_s3_bucket_versioning has bucket referring to this bucket");
                return;
            }
            std::vector<std::string> problems;
            for (const ResourceBase* versioning : versionings) {
                const Value::Map body = versioning->rendered_body();
                const Value* status = field(body, "versioning_configuration.status");
                if (status != nullptr && (status->is_expr() || (status->kind() == Value::Kind::String &&
                                                                status->as_string() == "Enabled")))
                    return;
                problems.push_back(
                    status == nullptr || status->is_null()
                        ? fmt::format("{}: versioning_configuration.status is not set", versioning->address())
                        : fmt::format("{}: versioning_configuration.status is \"{}\", not \"Enabled\"",
                                      versioning->address(), RuleContext::text(*status)));
            }
            for (const auto& p : problems) c.report(p);
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-S3-003",
            .pack = "storage",
            .severity = Severity::Error,
            .description = "The bucket has no server-side encryption configuration under Terraform, so the "
                           "encryption of its objects (algorithm, key) is not stated or reviewed",
            .fix = "Add an aws_s3_bucket_server_side_encryption_configuration for the bucket (rule with "
                   "apply_server_side_encryption_by_default, sse_algorithm \"aws:kms\" or \"AES256\")",
            .equivalents = {"checkov:CKV_AWS_19", "trivy:AVD-AWS-0088"},
        },
        {"aws_s3_bucket"},
        [](RuleContext& c) {
            if (c.get("server_side_encryption_configuration") != nullptr) return;  // deprecated inline form
            if (configurations(c, "aws_s3_bucket_server_side_encryption_configuration").empty())
                c.report("no aws_s3_bucket_server_side_encryption_configuration has bucket referring to this bucket");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-S3-004",
            .pack = "storage",
            .severity = Severity::Error,
            .description = "The bucket accepts requests over plain HTTP, so its objects and credentials can be read "
                           "or altered in transit",
            .fix = "Add an aws_s3_bucket_policy whose policy has a Deny statement for s3:* with condition Bool "
                   "aws:SecureTransport = \"false\"",
            .equivalents = {"cdk-nag:AwsSolutions-S10"},
        },
        {"aws_s3_bucket"},
        [](RuleContext& c) {
            // A policy that cannot be read (from a variable, a file...) may
            // well deny plain HTTP: say nothing about what is unknown.
            bool unknown = false;
            auto check = [&](const Value* policy) {
                if (policy == nullptr || policy->is_null()) return false;
                const auto statements = c.policy(*policy);
                if (statements.empty() && policy->kind() != Value::Kind::String) unknown = true;
                return denies_insecure_transport(statements);
            };
            if (check(c.get("policy"))) return;  // deprecated inline form
            const auto policies = configurations(c, "aws_s3_bucket_policy");
            for (const ResourceBase* p : policies) {
                const Value::Map body = p->rendered_body();
                if (check(field(body, "policy"))) return;
            }
            if (unknown) return;
            if (policies.empty())
                c.report("no aws_s3_bucket_policy has bucket referring to this bucket (nothing denies "
                         "aws:SecureTransport = false)");
            else
                c.report(fmt::format("the policy of {} has no Deny statement with condition aws:SecureTransport = "
                                     "\"false\"",
                                     addresses(policies)));
        }));
}

}  // namespace infra::rules
