// The security groups of the network and their rules. Rules are separate
// aws_vpc_security_group_*_rule resources rather than inline blocks: each has
// its own description and id, and groups that reference each other (proxy
// <-> bastion) create no cycle. A group with no egress rule has none: the
// provider removes the allow-all rule AWS adds to a new group.
#include <fmt/format.h>

#include "infra/aws/vpc_security_group_egress_rule.hpp"
#include "infra/aws/vpc_security_group_ingress_rule.hpp"
#include "network/network.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

constexpr int kPostgresPort = 5432;
constexpr int kHttpsPort = 443;

// "proxy_ingress_from_lambda" -> "proxy-ingress-from-lambda", as AWS names go.
std::string hyphenated(std::string id) {
    for (char& c : id)
        if (c == '_') c = '-';
    return id;
}

}  // namespace

void Network::create_security_groups(aws::Vpc& vpc) {
    auto rule_name = [&](const std::string& id) { return name(hyphenated(id)); };
    auto group = [&](const std::string& id, const std::string& thing, const std::string& description) -> aws::SecurityGroup& {
        return add<aws::SecurityGroup>(id, aws::SecurityGroupArgs{
                                               .description = description,
                                               .name = name(thing + "-sg"),
                                               .tags = Map<Str>{{"Name", name(thing + "-sg")}},
                                               .vpc_id = vpc.id(),
                                           });
    };
    auto ingress_from_group = [&](const std::string& id, aws::SecurityGroup& to, aws::SecurityGroup& from,
                                  int port, const std::string& description) {
        add<aws::VpcSecurityGroupIngressRule>(id, aws::VpcSecurityGroupIngressRuleArgs{
                                                      .description = description,
                                                      .from_port = port,
                                                      .ip_protocol = "tcp",
                                                      .referenced_security_group_id = from.id(),
                                                      .security_group_id = to.id(),
                                                      .tags = Map<Str>{{"Name", rule_name(id)}},
                                                      .to_port = port,
                                                  });
    };
    auto egress_to_group = [&](const std::string& id, aws::SecurityGroup& from, aws::SecurityGroup& to, int port,
                               const std::string& description) {
        add<aws::VpcSecurityGroupEgressRule>(id, aws::VpcSecurityGroupEgressRuleArgs{
                                                     .description = description,
                                                     .from_port = port,
                                                     .ip_protocol = "tcp",
                                                     .referenced_security_group_id = to.id(),
                                                     .security_group_id = from.id(),
                                                     .tags = Map<Str>{{"Name", rule_name(id)}},
                                                     .to_port = port,
                                                 });
    };
    auto egress_https_anywhere = [&](const std::string& id, aws::SecurityGroup& from, const std::string& description) {
        add<aws::VpcSecurityGroupEgressRule>(id, aws::VpcSecurityGroupEgressRuleArgs{
                                                     .cidr_ipv4 = "0.0.0.0/0",
                                                     .description = description,
                                                     .from_port = kHttpsPort,
                                                     .ip_protocol = "tcp",
                                                     .security_group_id = from.id(),
                                                     .tags = Map<Str>{{"Name", rule_name(id)}},
                                                     .to_port = kHttpsPort,
                                                 });
    };

    auto& lambda = group("lambda_security_group", "lambda", "Lambda functions of the API: no ingress");
    auto& proxy = group("proxy_security_group", "proxy", "RDS Proxy: PostgreSQL from the Lambda and bastion groups");
    auto& database = group("database_security_group", "database",
                           "Aurora PostgreSQL: PostgreSQL from the proxy and bastion groups");
    auto& bastion = group("bastion_security_group", "bastion", "SSM bastion: no ingress, Session Manager only");
    lambda_sg_ = &lambda;
    proxy_sg_ = &proxy;
    database_sg_ = &database;
    bastion_sg_ = &bastion;

    // Lambda reaches the proxy, AWS APIs and whatever the handlers call; the
    // function code decides, so its egress is open.
    add<aws::VpcSecurityGroupEgressRule>("lambda_egress_all", aws::VpcSecurityGroupEgressRuleArgs{
                                                                  .cidr_ipv4 = "0.0.0.0/0",
                                                                  .description = "All outbound traffic",
                                                                  .ip_protocol = "-1",
                                                                  .security_group_id = lambda.id(),
                                                                  .tags = Map<Str>{{"Name", rule_name("lambda_egress_all")}},
                                                              });

    ingress_from_group("proxy_ingress_from_lambda", proxy, lambda, kPostgresPort, "PostgreSQL from the Lambda functions");
    ingress_from_group("proxy_ingress_from_bastion", proxy, bastion, kPostgresPort, "PostgreSQL from the SSM bastion");
    // The proxy opens the connections to Aurora and reads the database
    // credentials from Secrets Manager (through the NAT or the endpoint).
    egress_to_group("proxy_egress_to_database", proxy, database, kPostgresPort, "PostgreSQL to Aurora");
    egress_https_anywhere("proxy_egress_https", proxy, "HTTPS to Secrets Manager");

    ingress_from_group("database_ingress_from_proxy", database, proxy, kPostgresPort, "PostgreSQL from the RDS Proxy");
    ingress_from_group("database_ingress_from_bastion", database, bastion, kPostgresPort,
                       "PostgreSQL from the SSM bastion (administration)");

    // The bastion is reached through Session Manager, which the SSM agent
    // dials out to over HTTPS, so it needs no ingress at all; from there it
    // may only reach the proxy and the database.
    egress_https_anywhere("bastion_egress_https", bastion, "HTTPS to Systems Manager and package repositories");
    egress_to_group("bastion_egress_to_proxy", bastion, proxy, kPostgresPort, "PostgreSQL to the RDS Proxy");
    egress_to_group("bastion_egress_to_database", bastion, database, kPostgresPort, "PostgreSQL to Aurora");
}

}  // namespace crud_api::modules
