#include "network/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "errors/props_error.hpp"
#include "infra/aws/eip.hpp"
#include "infra/aws/internet_gateway.hpp"
#include "infra/aws/nat_gateway.hpp"
#include "infra/aws/route.hpp"
#include "infra/aws/route_table.hpp"
#include "infra/aws/route_table_association.hpp"
#include "infra/error.hpp"
#include "infra/functions.hpp"
#include "logs/log_retention.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"
#include "naming/name_text.hpp"
#include "naming/region_name.hpp"
#include "network/ipv4_cidr.hpp"
#include "network/subnet_cidrs.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

// Public subnets take netnums 0..N-1 of the VPC CIDR and private ones
// 100..100+N-1, so adding a zone never renumbers an existing subnet and the
// two ranges cannot meet.
constexpr int kPrivateNetnumOffset = 100;
constexpr int kSubnetNewbits = 8;

}  // namespace

Network::Network(Scope scope, NetworkProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    auto& vpc = add<aws::Vpc>("vpc", aws::VpcArgs{
                                         .cidr_block = props_.vpc_cidr,
                                         // Both on: interface endpoints with private DNS and
                                         // the RDS endpoints need the VPC resolver.
                                         .enable_dns_hostnames = true,
                                         .enable_dns_support = true,
                                         .tags = Map<Str>{{"Name", name("vpc")}},
                                     });
    vpc_ = &vpc;
    create_subnets_and_routes(vpc);
    create_security_groups(vpc);
    if (props_.vpc_endpoints) create_vpc_endpoints(vpc);
    if (props_.flow_logs) create_flow_logs(vpc);
}

void Network::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    // The flow-log role is the one IAM-limited name the prefix starts.
    NamePrefixRule prefix_rule;
    if (props_.flow_logs) prefix_rule.names.push_back({"role name", name("vpc-flow-logs"), kIamRoleNameLimit});
    if (const auto problem = name_prefix_problem(props_.name_prefix, prefix_rule); !problem.empty()) fail(problem);
    const auto cidr = parse_ipv4_cidr(props_.vpc_cidr);
    if (!cidr) fail(fmt::format("vpc_cidr \"{}\" is not an IPv4 CIDR such as \"10.0.0.0/16\"", props_.vpc_cidr));
    const int prefix_length = cidr->prefix_length;
    const bool derives_subnets = props_.public_subnet_cidrs.empty() || props_.private_subnet_cidrs.empty();
    if (derives_subnets && (prefix_length < 16 || prefix_length > 20))
        fail(fmt::format("vpc_cidr \"{}\" must be a /16 to /20: subnets are /{} and AWS's smallest is a /28",
                         props_.vpc_cidr, prefix_length + kSubnetNewbits));
    if (!derives_subnets && (prefix_length < 16 || prefix_length > 28))
        fail(fmt::format("vpc_cidr \"{}\" must be a /16 to /28 (what AWS allows for a VPC)", props_.vpc_cidr));
    if (props_.availability_zones.empty()) fail("availability_zones is empty; give at least one zone");
    if (props_.availability_zones.size() > static_cast<std::size_t>(kPrivateNetnumOffset))
        fail(fmt::format("availability_zones has {} zones; at most {}", props_.availability_zones.size(),
                         kPrivateNetnumOffset));
    std::set<std::string> seen;
    for (const auto& zone : props_.availability_zones) {
        if (zone.empty() || !is_name_text(zone))
            fail(fmt::format("availability_zones holds \"{}\", not a zone name such as \"us-east-1a\"", zone));
        if (!seen.insert(zone).second) fail(fmt::format("availability_zones names \"{}\" twice", zone));
    }
    if (const auto problem = subnet_cidrs_problem({.vpc_cidr = props_.vpc_cidr,
                                                   .zone_count = props_.availability_zones.size(),
                                                   .public_cidrs = props_.public_subnet_cidrs,
                                                   .private_cidrs = props_.private_subnet_cidrs}))
        fail(fmt::format("{}: {}", problem->list, problem->what));
    if (props_.vpc_endpoints && !is_region_name(props_.region))
        fail(fmt::format("region \"{}\" is not a region name such as \"us-east-1\" (needed by vpc_endpoints)",
                         props_.region));
    if (props_.flow_logs && !is_log_retention_days(props_.flow_log_retention_days))
        fail(fmt::format("flow_log_retention_days {} is not one CloudWatch Logs accepts ({})",
                         props_.flow_log_retention_days, log_retention_days_list()));
}

void Network::create_subnets_and_routes(aws::Vpc& vpc) {
    const auto& zones = props_.availability_zones;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const int n = static_cast<int>(i);
        public_subnets_.push_back(&add<aws::Subnet>(
            fmt::format("public_subnet_{}", i),
            aws::SubnetArgs{
                .availability_zone = zones[i],
                .cidr_block = props_.public_subnet_cidrs.empty()
                                  ? fn::cidrsubnet(vpc.cidr_block(), kSubnetNewbits, n)
                                  : Str(props_.public_subnet_cidrs[i]),
                // The NAT gateways' subnets, routed through the internet
                // gateway. The gateways have Elastic IPs; nothing else gets a
                // public address by default (trivy AVD-AWS-0164).
                .map_public_ip_on_launch = false,
                .tags = Map<Str>{{"Name", name("public-" + zones[i])}, {"Tier", "public"}},
                .vpc_id = vpc.id(),
            }));
        private_subnets_.push_back(&add<aws::Subnet>(
            fmt::format("private_subnet_{}", i),
            aws::SubnetArgs{
                .availability_zone = zones[i],
                .cidr_block = props_.private_subnet_cidrs.empty()
                                  ? fn::cidrsubnet(vpc.cidr_block(), kSubnetNewbits, kPrivateNetnumOffset + n)
                                  : Str(props_.private_subnet_cidrs[i]),
                .map_public_ip_on_launch = false,
                .tags = Map<Str>{{"Name", name("private-" + zones[i])}, {"Tier", "private"}},
                .vpc_id = vpc.id(),
            }));
    }

    auto& igw = add<aws::InternetGateway>(
        "internet_gateway", aws::InternetGatewayArgs{.tags = Map<Str>{{"Name", name("igw")}}, .vpc_id = vpc.id()});

    auto& public_table = add<aws::RouteTable>(
        "public_route_table", aws::RouteTableArgs{.tags = Map<Str>{{"Name", name("public-rt")}}, .vpc_id = vpc.id()});
    add<aws::Route>("public_internet_route", aws::RouteArgs{
                                                 .destination_cidr_block = "0.0.0.0/0",
                                                 .gateway_id = igw.id(),
                                                 .route_table_id = public_table.id(),
                                             });
    for (std::size_t i = 0; i < zones.size(); ++i)
        add<aws::RouteTableAssociation>(fmt::format("public_route_table_association_{}", i),
                                        aws::RouteTableAssociationArgs{
                                            .route_table_id = public_table.id(),
                                            .subnet_id = public_subnets_[i]->id(),
                                        });

    // One NAT per zone keeps each zone's outbound path independent of the
    // others; single_nat_gateway trades that for the cost of one.
    nat_gateway_count_ = props_.single_nat_gateway ? 1 : zones.size();
    std::vector<aws::NatGateway*> nats;
    for (std::size_t i = 0; i < nat_gateway_count_; ++i) {
        const std::string label = props_.single_nat_gateway ? std::string("nat") : "nat-" + zones[i];
        auto& eip = add<aws::Eip>(fmt::format("nat_eip_{}", i), aws::EipArgs{
                                                                     .domain = "vpc",
                                                                     .tags = Map<Str>{{"Name", name(label + "-eip")}},
                                                                 });
        // An EIP in a VPC and a NAT gateway only work once the VPC has an
        // internet gateway; nothing in their arguments says so.
        eip.depends_on(igw);
        auto& nat = add<aws::NatGateway>(fmt::format("nat_gateway_{}", i),
                                         aws::NatGatewayArgs{
                                             .allocation_id = eip.allocation_id(),
                                             .subnet_id = public_subnets_[i]->id(),
                                             .tags = Map<Str>{{"Name", name(label)}},
                                         });
        nat.depends_on(igw);
        nats.push_back(&nat);
    }

    for (std::size_t i = 0; i < zones.size(); ++i) {
        auto& table = add<aws::RouteTable>(
            fmt::format("private_route_table_{}", i),
            aws::RouteTableArgs{.tags = Map<Str>{{"Name", name("private-rt-" + zones[i])}}, .vpc_id = vpc.id()});
        add<aws::Route>(fmt::format("private_nat_route_{}", i),
                        aws::RouteArgs{
                            .destination_cidr_block = "0.0.0.0/0",
                            .nat_gateway_id = nats[props_.single_nat_gateway ? 0 : i]->id(),
                            .route_table_id = table.id(),
                        });
        add<aws::RouteTableAssociation>(fmt::format("private_route_table_association_{}", i),
                                        aws::RouteTableAssociationArgs{
                                            .route_table_id = table.id(),
                                            .subnet_id = private_subnets_[i]->id(),
                                        });
    }
}

std::vector<const TerraformElement*> Network::private_connectivity() const {
    static const std::set<std::string, std::less<>> kTypes = {
        "aws_nat_gateway", "aws_route", "aws_route_table_association", "aws_vpc_endpoint",
        "aws_vpc_security_group_egress_rule", "aws_vpc_security_group_ingress_rule"};
    std::vector<const TerraformElement*> elements;
    for (const auto& child : children())
        if (const auto* resource = dynamic_cast<const Resource*>(child.get());
            resource != nullptr && kTypes.contains(resource->terraform_type()))
            elements.push_back(resource);
    return elements;
}

Str Network::vpc_id() const { return vpc_->id(); }
Str Network::vpc_cidr_block() const { return vpc_->cidr_block(); }

List<Str> Network::public_subnet_ids() const {
    std::vector<Str> ids;
    for (const auto* subnet : public_subnets_) ids.push_back(subnet->id());
    return List<Str>(ids);
}

List<Str> Network::private_subnet_ids() const {
    std::vector<Str> ids;
    for (const auto* subnet : private_subnets_) ids.push_back(subnet->id());
    return List<Str>(ids);
}

Str Network::public_subnet_id(std::size_t zone_index, const infra::SourceLocation& where) const {
    if (zone_index >= public_subnets_.size())
        throw_props_error(*this, where,
                          fmt::format("no public subnet {}: the network has {} zones", zone_index, public_subnets_.size()));
    return public_subnets_[zone_index]->id();
}

Str Network::private_subnet_id(std::size_t zone_index, const infra::SourceLocation& where) const {
    if (zone_index >= private_subnets_.size())
        throw_props_error(*this, where,
                          fmt::format("no private subnet {}: the network has {} zones", zone_index, private_subnets_.size()));
    return private_subnets_[zone_index]->id();
}

Str Network::lambda_security_group_id() const { return lambda_sg_->id(); }
Str Network::proxy_security_group_id() const { return proxy_sg_->id(); }
Str Network::database_security_group_id() const { return database_sg_->id(); }
Str Network::bastion_security_group_id() const { return bastion_sg_->id(); }

}  // namespace crud_api::modules
