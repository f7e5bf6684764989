// Network rules: security groups open to the world or without descriptions,
// and VPCs without flow logs.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

namespace {

constexpr const char* kAnyIpv4 = "0.0.0.0/0";
constexpr const char* kAnyIpv6 = "::/0";

// The literal strings of `value` that are exactly `cidr` (expressions are
// never a match: what they hold is unknown until plan).
bool holds_literal(const Value& value, const char* cidr) {
    if (value.kind() == Value::Kind::String) return value.as_string() == cidr;
    if (value.kind() == Value::Kind::List)
        for (const auto& item : value.as_list())
            if (item.kind() == Value::Kind::String && item.as_string() == cidr) return true;
    return false;
}

const Value* field(const Value& block, const char* key) {
    if (block.kind() != Value::Kind::Map) return nullptr;
    auto it = block.as_map().find(key);
    return it == block.as_map().end() ? nullptr : &it->second;
}

// What is open to the world in a rule's CIDR arguments, as "<arg> = <cidr>"
// prefixed with `where` ("ingress[0]." or "").
std::vector<std::string> open_to_world(const Value& block, const std::string& where, const char* v4_arg,
                                       const char* v6_arg) {
    std::vector<std::string> out;
    if (const Value* v = field(block, v4_arg); v != nullptr && holds_literal(*v, kAnyIpv4))
        out.push_back(fmt::format("{}{} contains \"{}\"", where, v4_arg, kAnyIpv4));
    if (const Value* v = field(block, v6_arg); v != nullptr && holds_literal(*v, kAnyIpv6))
        out.push_back(fmt::format("{}{} contains \"{}\"", where, v6_arg, kAnyIpv6));
    return out;
}

std::string port_range(const Value& block) {
    const Value* from = field(block, "from_port");
    const Value* to = field(block, "to_port");
    if (from == nullptr && to == nullptr) return "all ports";
    const std::string f = from ? RuleContext::text(*from) : "?";
    const std::string t = to ? RuleContext::text(*to) : "?";
    return f == t ? "port " + f : "ports " + f + "-" + t;
}

// The blocks of an argument written inline: a list of maps, or one map.
std::vector<const Value*> blocks(const RuleContext& c, const char* name) {
    std::vector<const Value*> out;
    for (const Value* item : c.all(name))
        if (item->kind() == Value::Kind::Map) out.push_back(item);
    return out;
}

// Absent, null or an empty literal: no description a reviewer could read.
bool lacks_description(const Value* description) {
    return description == nullptr || description->is_null() ||
           (description->kind() == Value::Kind::String && description->as_string().empty());
}

}  // namespace

void add_network_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-SG-001",
            .pack = "network",
            .severity = Severity::Error,
            .description = "A security group admits ingress from the whole internet (0.0.0.0/0 or ::/0), exposing "
                           "whatever listens on those ports to scanning and attack",
            .fix = "Narrow cidr_blocks / ipv6_cidr_blocks (cidr_ipv4 / cidr_ipv6) to known ranges, or use "
                   "referenced_security_group_id / source_security_group_id instead",
            .equivalents = {"trivy:AVD-AWS-0107", "cdk-nag:AwsSolutions-EC23"},
        },
        {"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"},
        [](RuleContext& c) {
            if (c.type() == "aws_security_group") {
                const auto ingress = blocks(c, "ingress");
                for (std::size_t i = 0; i < ingress.size(); ++i)
                    for (const auto& what :
                         open_to_world(*ingress[i], fmt::format("ingress[{}].", i), "cidr_blocks", "ipv6_cidr_blocks"))
                        c.report(fmt::format("{}: {} open to the internet", what, port_range(*ingress[i])));
                return;
            }
            Value::Map body;
            for (const char* key : {"cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6", "from_port",
                                    "to_port"})
                if (const Value* v = c.get(key)) body.emplace(key, *v);
            const Value block(std::move(body));
            if (c.type() == "aws_security_group_rule") {
                const auto type = c.literal_string("type");
                if (!type || *type != "ingress") return;
                for (const auto& what : open_to_world(block, "", "cidr_blocks", "ipv6_cidr_blocks"))
                    c.report(fmt::format("type = \"ingress\" with {}: {} open to the internet", what,
                                         port_range(block)));
                return;
            }
            for (const auto& what : open_to_world(block, "", "cidr_ipv4", "cidr_ipv6"))
                c.report(fmt::format("{}: {} open to the internet", what, port_range(block)));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-SG-002",
            .pack = "network",
            .severity = Severity::Warning,
            .description = "A security group or one of its rules has no description, so reviewers and responders "
                           "cannot tell why the access exists",
            .fix = "Set description on the security group (not the default \"Managed by Terraform\") and on every "
                   "ingress/egress rule",
            .equivalents = {"checkov:CKV_AWS_23", "trivy:AVD-AWS-0099", "trivy:AVD-AWS-0124"},
        },
        {"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
         "aws_vpc_security_group_egress_rule"},
        [](RuleContext& c) {
            if (c.type() != "aws_security_group") {
                if (lacks_description(c.get("description"))) c.report("description is not set on the rule");
                return;
            }
            const Value* description = c.get("description");
            if (lacks_description(description))
                c.report("description is not set: the group gets \"Managed by Terraform\"");
            else if (description->kind() == Value::Kind::String && description->as_string() == "Managed by Terraform")
                c.report("description is the default \"Managed by Terraform\"");
            for (const char* direction : {"ingress", "egress"}) {
                const auto list = blocks(c, direction);
                for (std::size_t i = 0; i < list.size(); ++i)
                    if (lacks_description(field(*list[i], "description")))
                        c.report(fmt::format("{}[{}].description is not set", direction, i));
            }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-VPC-001",
            .pack = "network",
            .severity = Severity::Info,
            .description = "The VPC has no flow log, so there is no record of its traffic for investigating an "
                           "incident",
            .fix = "Add an aws_flow_log with vpc_id referring to this VPC (traffic_type \"ALL\")",
            .equivalents = {"checkov:CKV2_AWS_11", "trivy:AVD-AWS-0178", "cdk-nag:AwsSolutions-VPC7"},
        },
        {"aws_vpc"},
        [](RuleContext& c) {
            if (c.referrers("aws_flow_log", "vpc_id").empty())
                c.report("no aws_flow_log in the stack has vpc_id referring to this VPC");
        }));
}

}  // namespace infra::rules
