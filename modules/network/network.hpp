// The network of the serverless API: a VPC with a public and a private subnet
// per availability zone, an internet gateway, NAT gateways for the private
// subnets' outbound traffic, and the security groups that decide who may
// reach the database (Lambda and the bastion through the proxy, the bastion
// directly). Optional: interface VPC endpoints so SSM, Secrets Manager and
// CloudWatch Logs are reached without the NAT, and VPC flow logs.
#pragma once

#include <cstddef>
#include "infra/source_location.hpp"
#include <string>
#include <vector>

#include "infra/aws/security_group.hpp"
#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct NetworkProps {
    // Prefix of every resource name, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // An IPv4 CIDR from /16 to /20: subnets are 8 bits longer, and AWS's
    // smallest subnet is a /28.
    std::string vpc_cidr{"10.0.0.0/16"};
    // One public and one private subnet per zone, e.g. {"us-east-1a", "us-east-1b"}.
    std::vector<std::string> availability_zones{};
    // Explicit subnet blocks, one per zone in the zones' order, inside the
    // VPC and not overlapping (e.g. to match an address plan). Empty: derived
    // from the VPC's, public netnums 0..N-1 and private 100.., 8 bits longer.
    std::vector<std::string> public_subnet_cidrs{};
    std::vector<std::string> private_subnet_cidrs{};
    // Only used to name the VPC endpoint services (com.amazonaws.<region>.<svc>).
    std::string region{"us-east-1"};
    // One NAT gateway for all zones (cheaper; the private subnets lose their
    // outbound path if that zone fails) instead of one per zone.
    bool single_nat_gateway{false};
    // Interface endpoints for secretsmanager, ssm, ssmmessages, ec2messages
    // and logs in the private subnets.
    bool vpc_endpoints{false};
    // VPC flow logs of all traffic to a CloudWatch log group.
    bool flow_logs{false};
    // One of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, ...).
    int flow_log_retention_days{30};
};

class Network : public Construct {
public:
    Network(Scope scope, NetworkProps props);

    Str vpc_id() const;
    Str vpc_cidr_block() const;
    // In the order of NetworkProps::availability_zones.
    List<Str> public_subnet_ids() const;
    List<Str> private_subnet_ids() const;
    // The subnets of the i-th zone (e.g. where the bastion goes); past the
    // last zone, a UsageError naming the caller's line.
    Str public_subnet_id(std::size_t zone_index,
                         const infra::SourceLocation& where = infra::SourceLocation::current()) const;
    Str private_subnet_id(std::size_t zone_index,
                          const infra::SourceLocation& where = infra::SourceLocation::current()) const;

    // Lambda functions: no ingress, all egress.
    Str lambda_security_group_id() const;
    // RDS Proxy: 5432 from the lambda and bastion groups only.
    Str proxy_security_group_id() const;
    // Aurora: 5432 from the proxy and bastion groups only.
    Str database_security_group_id() const;
    // SSM bastion: no ingress; egress 443 anywhere (SSM) and 5432 to the
    // proxy and database groups.
    Str bastion_security_group_id() const;

    // What a function in the private subnets needs before it can reach the
    // proxy and AWS APIs, beyond the subnets and groups its arguments name:
    // the NAT gateways, routes and route table associations, every security
    // group rule, the VPC endpoints. For depends_on.
    std::vector<const TerraformElement*> private_connectivity() const;

    std::size_t nat_gateway_count() const { return nat_gateway_count_; }
    std::size_t availability_zone_count() const { return public_subnets_.size(); }
    const NetworkProps& props() const { return props_; }

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;
    void create_subnets_and_routes(aws::Vpc& vpc);
    void create_security_groups(aws::Vpc& vpc);
    void create_vpc_endpoints(aws::Vpc& vpc);
    void create_flow_logs(aws::Vpc& vpc);
    std::string name(const std::string& thing) const { return props_.name_prefix + "-" + thing; }

    NetworkProps props_;
    aws::Vpc* vpc_ = nullptr;
    std::vector<aws::Subnet*> public_subnets_;
    std::vector<aws::Subnet*> private_subnets_;
    aws::SecurityGroup* lambda_sg_ = nullptr;
    aws::SecurityGroup* proxy_sg_ = nullptr;
    aws::SecurityGroup* database_sg_ = nullptr;
    aws::SecurityGroup* bastion_sg_ = nullptr;
    std::size_t nat_gateway_count_ = 0;
};

}  // namespace crud_api::modules
