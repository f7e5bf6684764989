// Interface VPC endpoints: the private subnets reach Secrets Manager, SSM
// (Session Manager needs ssm, ssmmessages and ec2messages) and CloudWatch
// Logs without going through a NAT gateway.
#include <array>

#include "infra/aws/security_group.hpp"
#include "infra/aws/vpc_endpoint.hpp"
#include "infra/aws/vpc_security_group_ingress_rule.hpp"
#include "network/network.hpp"

namespace crud_api::modules {
using namespace infra;

void Network::create_vpc_endpoints(aws::Vpc& vpc) {
    auto& sg = add<aws::SecurityGroup>("endpoint_security_group",
                                       aws::SecurityGroupArgs{
                                           .description = "Interface VPC endpoints: HTTPS from inside the VPC",
                                           .name = name("endpoints-sg"),
                                           .tags = Map<Str>{{"Name", name("endpoints-sg")}},
                                           .vpc_id = vpc.id(),
                                       });
    add<aws::VpcSecurityGroupIngressRule>("endpoint_ingress_https",
                                          aws::VpcSecurityGroupIngressRuleArgs{
                                              .cidr_ipv4 = vpc.cidr_block(),
                                              .description = "HTTPS from the VPC",
                                              .from_port = 443,
                                              .ip_protocol = "tcp",
                                              .security_group_id = sg.id(),
                                              .tags = Map<Str>{{"Name", name("endpoint-ingress-https")}},
                                              .to_port = 443,
                                          });

    static constexpr std::array<const char*, 5> kServices{"secretsmanager", "ssm", "ssmmessages", "ec2messages", "logs"};
    for (const std::string service : kServices) {
        add<aws::VpcEndpoint>("endpoint_" + service,
                              aws::VpcEndpointArgs{
                                  // Private DNS makes the service's public name resolve to
                                  // the endpoint, so SDKs and the SSM agent need no change.
                                  .private_dns_enabled = true,
                                  .security_group_ids = List<Str>{sg.id()},
                                  .service_name = "com.amazonaws." + props_.region + "." + service,
                                  .subnet_ids = private_subnet_ids(),
                                  .tags = Map<Str>{{"Name", name(service + "-endpoint")}},
                                  .vpc_endpoint_type = "Interface",
                                  .vpc_id = vpc.id(),
                              });
    }
}

}  // namespace crud_api::modules
