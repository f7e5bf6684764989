// A security or best-practice rule checked at synth time, on the construct
// tree: it inspects one resource (or data source) at a time through a
// RuleContext, which reads the resource's arguments as synthesized, follows
// references to other elements, and reads IAM policies. What it reports
// becomes a finding with the construct path and Terraform address.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infra/annotations.hpp"
#include "infra/rules/policy_statement.hpp"
#include "infra/value.hpp"

namespace infra {
class ResourceBase;
class Stack;
class TerraformElement;
}  // namespace infra

namespace infra::rules {

struct RuleInfo {
    std::string id;           // "INFRA-RDS-001"
    std::string pack;         // "network", "database", "compute", "api", "iam", "storage", "logging"
    Severity severity = Severity::Error;
    std::string description;  // one line: what is wrong and why it matters
    std::string fix;          // one line: what to change
    // The same check in the tools teams already run, e.g. "checkov:CKV_AWS_16",
    // "trivy:AVD-AWS-0080", "cdk-nag:AwsSolutions-RDS2".
    std::vector<std::string> equivalents{};
};

class RuleContext {
public:
    RuleContext(const ResourceBase& resource, const std::vector<const ResourceBase*>& stack_resources);

    const ResourceBase& resource() const { return resource_; }
    const std::string& type() const;
    const Stack& stack() const;
    // The stack's environment as set by mark_environment (rules/suppression.hpp);
    // empty when unknown. Rules that only matter outside development ask
    // is_development(): true only when the environment is "dev" or "development".
    const std::string& environment() const;
    bool is_development() const;

    // An argument of the resource as synthesized (after overrides), by
    // dotted path: "serverlessv2_scaling_configuration.min_capacity". A list
    // on the way (a block written as a list) is entered at its first item.
    // Null when absent.
    const Value* get(std::string_view path) const;
    // Every value at `path`, entering every item of the lists on the way
    // (e.g. all "ingress.cidr_blocks").
    std::vector<const Value*> all(std::string_view path) const;
    // Literal values; nullopt when absent or an expression.
    std::optional<bool> literal_bool(std::string_view path) const;
    std::optional<double> literal_number(std::string_view path) const;
    std::optional<std::string> literal_string(std::string_view path) const;
    // A value as text: literals as they are, expressions as "${...}".
    static std::string text(const Value& value);
    // The strings of a list value (each through text()); a single string
    // gives one item.
    static std::vector<std::string> strings(const Value& value);

    // The element a value refers to, when it is a reference (directly, or
    // the only reference in a template or function call): e.g. the role of
    // "${aws_iam_role.x.arn}". Null otherwise.
    static const TerraformElement* referenced(const Value& value);
    // The resources of `type` in the same stack whose argument `path` refers
    // to this resource (e.g. the aws_s3_bucket_versioning of a bucket).
    std::vector<const ResourceBase*> referrers(std::string_view type, std::string_view path) const;
    // Every resource and data source of the stack of `type`.
    std::vector<const ResourceBase*> of_type(std::string_view type) const;

    // The statements of a policy argument: a reference to an
    // aws_iam_policy_document's json, or a literal JSON document. Empty when
    // neither (e.g. a policy from a variable).
    std::vector<PolicyStatement> policy(const Value& value) const;
    std::vector<PolicyStatement> policy_at(std::string_view path) const;

    // A finding on this resource for the rule being run.
    void report(std::string message);
    const std::vector<std::string>& reports() const { return reports_; }

private:
    const ResourceBase& resource_;
    const std::vector<const ResourceBase*>& stack_resources_;
    Value::Map body_;
    std::vector<std::string> reports_;
};

class Rule {
public:
    virtual ~Rule() = default;
    virtual const RuleInfo& info() const = 0;
    // The resource and data source types it inspects ("aws_db_proxy", or
    // "data.aws_iam_policy_document" for data sources).
    virtual const std::vector<std::string>& types() const = 0;
    virtual void check(RuleContext& context) const = 0;
};

// A rule from a function: the compact way to write most rules.
std::unique_ptr<Rule> make_rule(RuleInfo info, std::vector<std::string> types,
                                std::function<void(RuleContext&)> check);

}  // namespace infra::rules
