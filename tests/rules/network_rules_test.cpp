// The network pack: security groups open to the world, rules without
// descriptions, VPCs without flow logs. Each rule fires on a minimal
// construct and stays quiet on the corrected one.
#include <string>
#include <vector>

#include "infra/aws/flow_log.hpp"
#include "infra/aws/security_group.hpp"
#include "infra/aws/security_group_rule.hpp"
#include "infra/aws/vpc.hpp"
#include "infra/aws/vpc_security_group_egress_rule.hpp"
#include "infra/aws/vpc_security_group_ingress_rule.hpp"
#include "rules_test_support.hpp"

using infra::List;
using infra::Resource;
using infra::Str;
using infra::Value;
namespace aws = infra::aws;

namespace {

Value ingress_block(Value cidrs, std::string description = "HTTPS from the office") {
    return Value::map({{"cidr_blocks", std::move(cidrs)},
                       {"description", std::move(description)},
                       {"from_port", 443},
                       {"protocol", "tcp"},
                       {"to_port", 443}});
}

aws::SecurityGroup& group(rules_test::TestStack& t, const std::string& id, std::vector<Value> ingress = {}) {
    return t.stack.add<aws::SecurityGroup>(id, aws::SecurityGroupArgs{
                                                   .description = "Web servers",
                                                   .ingress = List<Value>(ingress),
                                                   .name = id,
                                               });
}

}  // namespace

// ---- INFRA-SG-001 -------------------------------------------------------

TEST_CASE("INFRA-SG-001 fires on an inline ingress block open to 0.0.0.0/0") {
    rules_test::TestStack t;
    group(t, "web", {ingress_block(Value::list({"10.0.0.0/8", "0.0.0.0/0"}))});
    const auto findings = t.findings("INFRA-SG-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/web: ingress[0].cidr_blocks contains \"0.0.0.0/0\""));
    CHECK(rules_test::any_contains(findings, "port 443"));
}

TEST_CASE("INFRA-SG-001 fires on an inline ingress block open to ::/0") {
    rules_test::TestStack t;
    auto block = Value::map({{"description", "all IPv6"},
                             {"from_port", 0},
                             {"ipv6_cidr_blocks", Value::list({"::/0"})},
                             {"protocol", "-1"},
                             {"to_port", 0}});
    group(t, "web", {block});
    CHECK(rules_test::any_contains(t.findings("INFRA-SG-001"), "ingress[0].ipv6_cidr_blocks contains \"::/0\""));
}

TEST_CASE("INFRA-SG-001 fires on an aws_security_group_rule of type ingress open to the world") {
    rules_test::TestStack t;
    auto& sg = group(t, "web");
    t.stack.add<aws::SecurityGroupRule>("ssh", aws::SecurityGroupRuleArgs{
                                                   .cidr_blocks = List<Str>{"0.0.0.0/0"},
                                                   .description = "SSH",
                                                   .from_port = 22,
                                                   .protocol = "tcp",
                                                   .security_group_id = sg.id(),
                                                   .to_port = 22,
                                                   .type = "ingress",
                                               });
    const auto findings = t.findings("INFRA-SG-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/ssh: type = \"ingress\" with cidr_blocks contains \"0.0.0.0/0\": port 22"));
}

TEST_CASE("INFRA-SG-001 fires on an aws_vpc_security_group_ingress_rule with cidr_ipv4 0.0.0.0/0 or cidr_ipv6 ::/0") {
    rules_test::TestStack t;
    auto& sg = group(t, "web");
    t.stack.add<aws::VpcSecurityGroupIngressRule>("https_v4", aws::VpcSecurityGroupIngressRuleArgs{
                                                                  .cidr_ipv4 = "0.0.0.0/0",
                                                                  .description = "HTTPS",
                                                                  .from_port = 443,
                                                                  .ip_protocol = "tcp",
                                                                  .security_group_id = sg.id(),
                                                                  .to_port = 443,
                                                              });
    t.stack.add<aws::VpcSecurityGroupIngressRule>("https_v6", aws::VpcSecurityGroupIngressRuleArgs{
                                                                  .cidr_ipv6 = "::/0",
                                                                  .description = "HTTPS",
                                                                  .from_port = 443,
                                                                  .ip_protocol = "tcp",
                                                                  .security_group_id = sg.id(),
                                                                  .to_port = 443,
                                                              });
    const auto findings = t.findings("INFRA-SG-001");
    CHECK(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/https_v4: cidr_ipv4 contains \"0.0.0.0/0\""));
    CHECK(rules_test::any_contains(findings, "test/https_v6: cidr_ipv6 contains \"::/0\""));
}

TEST_CASE("INFRA-SG-001 is quiet on private ranges, egress to the world and CIDRs from expressions") {
    rules_test::TestStack t;
    auto& vpc = t.stack.add<aws::Vpc>("vpc", aws::VpcArgs{.cidr_block = "10.0.0.0/16"});
    auto& sg = group(t, "web", {ingress_block(Value::list({"10.0.0.0/8"}))});
    // Egress to anywhere is not ingress.
    t.stack.add<aws::SecurityGroupRule>("out", aws::SecurityGroupRuleArgs{
                                                   .cidr_blocks = List<Str>{"0.0.0.0/0"},
                                                   .description = "All outbound",
                                                   .from_port = 0,
                                                   .protocol = "-1",
                                                   .security_group_id = sg.id(),
                                                   .to_port = 0,
                                                   .type = "egress",
                                               });
    t.stack.add<aws::VpcSecurityGroupEgressRule>("out_v4", aws::VpcSecurityGroupEgressRuleArgs{
                                                               .cidr_ipv4 = "0.0.0.0/0",
                                                               .description = "HTTPS out",
                                                               .ip_protocol = "-1",
                                                               .security_group_id = sg.id(),
                                                           });
    // What an expression holds is unknown until plan: not reported.
    t.stack.add<aws::VpcSecurityGroupIngressRule>("from_vpc", aws::VpcSecurityGroupIngressRuleArgs{
                                                                  .cidr_ipv4 = vpc.cidr_block(),
                                                                  .description = "HTTPS from the VPC",
                                                                  .from_port = 443,
                                                                  .ip_protocol = "tcp",
                                                                  .security_group_id = sg.id(),
                                                                  .to_port = 443,
                                                              });
    CHECK(t.findings("INFRA-SG-001").empty());
}

TEST_CASE("INFRA-SG-001 reads a raw resource and an override as synthesized") {
    rules_test::TestStack t;
    auto& raw = t.stack.add<Resource>("raw", "aws_security_group");
    raw.set("description", "raw group");
    raw.set("ingress", Value::list({ingress_block(Value::list({"192.168.0.0/16"}))}));
    CHECK(t.findings("INFRA-SG-001").empty());
    raw.add_override("ingress.0.cidr_blocks", Value::list({"0.0.0.0/0"}));
    CHECK(rules_test::any_contains(t.findings("INFRA-SG-001"), "test/raw: ingress[0].cidr_blocks contains \"0.0.0.0/0\""));
}

// ---- INFRA-SG-002 -------------------------------------------------------

TEST_CASE("INFRA-SG-002 fires on a security group without description and on its undescribed blocks") {
    rules_test::TestStack t;
    auto& raw = t.stack.add<Resource>("web", "aws_security_group");
    raw.set("name", "web");
    raw.set("ingress", Value::list({ingress_block(Value::list({"10.0.0.0/8"}), "")}));
    raw.set("egress", Value::list({Value::map(
                          {{"cidr_blocks", Value::list({"0.0.0.0/0"})}, {"from_port", 0}, {"protocol", "-1"}, {"to_port", 0}})}));
    const auto findings = t.findings("INFRA-SG-002");
    CHECK(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/web: description is not set: the group gets \"Managed by Terraform\""));
    CHECK(rules_test::any_contains(findings, "ingress[0].description is not set"));
    CHECK(rules_test::any_contains(findings, "egress[0].description is not set"));
}

TEST_CASE("INFRA-SG-002 fires on the literal default description") {
    rules_test::TestStack t;
    t.stack.add<aws::SecurityGroup>("web", aws::SecurityGroupArgs{.description = "Managed by Terraform", .name = "web"});
    CHECK(rules_test::any_contains(t.findings("INFRA-SG-002"), "description is the default \"Managed by Terraform\""));
}

TEST_CASE("INFRA-SG-002 fires on rule resources without description") {
    rules_test::TestStack t;
    auto& sg = group(t, "web");
    t.stack.add<aws::SecurityGroupRule>("legacy", aws::SecurityGroupRuleArgs{
                                                      .cidr_blocks = List<Str>{"10.0.0.0/8"},
                                                      .from_port = 443,
                                                      .protocol = "tcp",
                                                      .security_group_id = sg.id(),
                                                      .to_port = 443,
                                                      .type = "ingress",
                                                  });
    t.stack.add<aws::VpcSecurityGroupIngressRule>("in", aws::VpcSecurityGroupIngressRuleArgs{
                                                            .cidr_ipv4 = "10.0.0.0/8",
                                                            .from_port = 443,
                                                            .ip_protocol = "tcp",
                                                            .security_group_id = sg.id(),
                                                            .to_port = 443,
                                                        });
    t.stack.add<aws::VpcSecurityGroupEgressRule>("out", aws::VpcSecurityGroupEgressRuleArgs{
                                                            .cidr_ipv4 = "10.0.0.0/8",
                                                            .ip_protocol = "-1",
                                                            .security_group_id = sg.id(),
                                                        });
    const auto findings = t.findings("INFRA-SG-002");
    CHECK(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/legacy: description is not set on the rule"));
    CHECK(rules_test::any_contains(findings, "test/in: description is not set on the rule"));
    CHECK(rules_test::any_contains(findings, "test/out: description is not set on the rule"));
}

TEST_CASE("INFRA-SG-002 is quiet when the group and every rule are described") {
    rules_test::TestStack t;
    auto& sg = group(t, "web", {ingress_block(Value::list({"10.0.0.0/8"}))});
    t.stack.add<aws::VpcSecurityGroupEgressRule>("out", aws::VpcSecurityGroupEgressRuleArgs{
                                                            .cidr_ipv4 = "10.0.0.0/8",
                                                            .description = "To the VPC",
                                                            .ip_protocol = "-1",
                                                            .security_group_id = sg.id(),
                                                        });
    CHECK(t.findings("INFRA-SG-002").empty());
}

// ---- INFRA-VPC-001 ------------------------------------------------------

TEST_CASE("INFRA-VPC-001 fires on a VPC without a flow log") {
    rules_test::TestStack t;
    t.stack.add<aws::Vpc>("vpc", aws::VpcArgs{.cidr_block = "10.0.0.0/16"});
    const auto findings = t.findings("INFRA-VPC-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/vpc: no aws_flow_log in the stack has vpc_id referring to this VPC"));
}

TEST_CASE("INFRA-VPC-001 is quiet when an aws_flow_log refers to the VPC, and still fires for another VPC") {
    rules_test::TestStack t;
    auto& vpc = t.stack.add<aws::Vpc>("vpc", aws::VpcArgs{.cidr_block = "10.0.0.0/16"});
    t.stack.add<aws::Vpc>("other", aws::VpcArgs{.cidr_block = "10.1.0.0/16"});
    t.stack.add<aws::FlowLog>("flow_log", aws::FlowLogArgs{
                                              .log_destination = "arn:aws:s3:::flow-logs",
                                              .log_destination_type = "s3",
                                              .traffic_type = "ALL",
                                              .vpc_id = vpc.id(),
                                          });
    const auto findings = t.findings("INFRA-VPC-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/other:"));
}

// ---- suppression --------------------------------------------------------

TEST_CASE("network findings are suppressed on the resource or a parent construct, with the reason") {
    rules_test::TestStack t;
    auto& edge = t.stack.add<infra::Construct>("edge");
    auto& lb = edge.add<aws::SecurityGroup>(
        "load_balancer", aws::SecurityGroupArgs{.description = "Public load balancer",
                                                .ingress = List<Value>{ingress_block(Value::list({"0.0.0.0/0"}))},
                                                .name = "lb"});
    auto& vpc = t.stack.add<aws::Vpc>("vpc", aws::VpcArgs{.cidr_block = "10.0.0.0/16"});
    infra::rules::suppress(edge, "INFRA-SG-001", "the public load balancer serves HTTPS to the internet by design");
    infra::rules::suppress(vpc, "INFRA-VPC-001", "a sandbox VPC with no workloads: nothing to record");
    (void)lb;

    CHECK(t.findings("INFRA-SG-001").empty());
    CHECK(t.findings("INFRA-VPC-001").empty());
    const auto report = t.run();
    const auto open_ingress = rules_test::findings_of(report, "INFRA-SG-001");
    CHECK(open_ingress.size() == 1);
    for (const auto& f : open_ingress) {
        CHECK(f.suppressed);
        CHECK(f.suppressed_at == "test/edge");
        CHECK(f.suppression_reason == "the public load balancer serves HTTPS to the internet by design");
    }
    const auto flow_logs = rules_test::findings_of(report, "INFRA-VPC-001");
    CHECK(flow_logs.size() == 1);
    for (const auto& f : flow_logs) {
        CHECK(f.suppressed);
        CHECK(f.suppressed_at == "test/vpc");
        CHECK(f.suppression_reason == "a sandbox VPC with no workloads: nothing to record");
    }
    CHECK(report.unused_suppressions.empty());
}

TEST_CASE("the network rules have the severities their ids promise") {
    CHECK(rules_test::aws_rules().find("INFRA-SG-001")->info().severity == infra::Severity::Error);
    CHECK(rules_test::aws_rules().find("INFRA-SG-002")->info().severity == infra::Severity::Warning);
    CHECK(rules_test::aws_rules().find("INFRA-VPC-001")->info().severity == infra::Severity::Info);
}
