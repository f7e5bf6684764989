#include <algorithm>
#include <set>
#include <string>

#include "infra/aws/provider_schema.hpp"
#include "infra/error.hpp"
#include "infra/schema_registry.hpp"
#include "module_test_support.hpp"
#include "network/network.hpp"

namespace {

using crud_api::modules::Network;
using crud_api::modules::NetworkProps;
using module_test::count_of_type;
using module_test::reference;
using module_test::resource;
using module_test::resources_of_type;
using nlohmann::json;

NetworkProps two_zones() {
    return NetworkProps{.name_prefix = "app-dev", .availability_zones = {"us-east-1a", "us-east-1b"}};
}

// Every resource whose type takes `tags` (per the aws schema) has a Name tag.
std::vector<std::string> resources_without_name_tag(const json& doc) {
    static const infra::SchemaRegistry registry = [] {
        infra::SchemaRegistry r;
        infra::aws::register_schemas(r);
        return r;
    }();
    std::vector<std::string> missing;
    for (const auto& [type, bodies] : doc.at("resource").items()) {
        const auto* block = registry.find(infra::ElementKind::Resource, type);
        REQUIRE(block != nullptr);
        const bool taggable = std::any_of(block->attributes.begin(), block->attributes.end(),
                                          [](const auto& a) { return a.name == "tags"; });
        if (!taggable) continue;
        for (const auto& [id, body] : bodies.items())
            if (!body.contains("tags") || !body["tags"].contains("Name")) missing.push_back(type + "." + id);
    }
    return missing;
}

// The ingress rules whose security_group_id is `group`'s id.
std::vector<json> ingress_rules_of(const json& doc, const std::string& group) {
    std::vector<json> out;
    for (const auto& rule : resources_of_type(doc, "aws_vpc_security_group_ingress_rule"))
        if (rule.at("security_group_id") == reference("aws_security_group", group, "id")) out.push_back(rule);
    return out;
}

std::vector<json> egress_rules_of(const json& doc, const std::string& group) {
    std::vector<json> out;
    for (const auto& rule : resources_of_type(doc, "aws_vpc_security_group_egress_rule"))
        if (rule.at("security_group_id") == reference("aws_security_group", group, "id")) out.push_back(rule);
    return out;
}

std::set<std::string> referenced_groups(const std::vector<json>& rules) {
    std::set<std::string> out;
    for (const auto& rule : rules)
        if (rule.contains("referenced_security_group_id")) out.insert(rule["referenced_security_group_id"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("network: a VPC with DNS, and a public and a private subnet per zone") {
    module_test::TestStack t;
    auto& network = t.stack.add<Network>("network", two_zones());
    const auto doc = t.synth();

    const auto& vpc = resource(doc, "aws_vpc", "network_vpc");
    CHECK(vpc.at("cidr_block") == "10.0.0.0/16");
    CHECK(vpc.at("enable_dns_support") == true);
    CHECK(vpc.at("enable_dns_hostnames") == true);
    CHECK(vpc.at("tags").at("Name") == "app-dev-vpc");

    REQUIRE(count_of_type(doc, "aws_subnet") == 4);
    std::set<std::string> cidrs;
    const std::vector<std::string> zones{"us-east-1a", "us-east-1b"};
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const auto& pub = resource(doc, "aws_subnet", "network_public_subnet_" + std::to_string(i));
        const auto& priv = resource(doc, "aws_subnet", "network_private_subnet_" + std::to_string(i));
        CHECK(pub.at("availability_zone") == zones[i]);
        CHECK(priv.at("availability_zone") == zones[i]);
        CHECK(pub.at("map_public_ip_on_launch") == false);
        CHECK(priv.at("map_public_ip_on_launch") == false);
        CHECK(pub.at("vpc_id") == reference("aws_vpc", "network_vpc", "id"));
        CHECK(priv.at("vpc_id") == reference("aws_vpc", "network_vpc", "id"));
        CHECK(pub.at("tags").at("Name") == "app-dev-public-" + zones[i]);
        CHECK(priv.at("tags").at("Name") == "app-dev-private-" + zones[i]);
        cidrs.insert(pub.at("cidr_block").get<std::string>());
        cidrs.insert(priv.at("cidr_block").get<std::string>());
    }
    // Four distinct netnums of the VPC's CIDR: no two subnets overlap.
    CHECK(cidrs == std::set<std::string>{"${cidrsubnet(aws_vpc.network_vpc.cidr_block, 8, 0)}",
                                         "${cidrsubnet(aws_vpc.network_vpc.cidr_block, 8, 1)}",
                                         "${cidrsubnet(aws_vpc.network_vpc.cidr_block, 8, 100)}",
                                         "${cidrsubnet(aws_vpc.network_vpc.cidr_block, 8, 101)}"});

    CHECK(network.availability_zone_count() == 2);
    CHECK(infra::Value(network.private_subnet_ids()).as_list().size() == 2);
    CHECK(resources_without_name_tag(doc).empty());
}

TEST_CASE("network: one NAT gateway per zone, each private route table routes through its own zone's NAT") {
    module_test::TestStack t;
    auto& network = t.stack.add<Network>("network", two_zones());
    const auto doc = t.synth();

    CHECK(network.nat_gateway_count() == 2);
    REQUIRE(count_of_type(doc, "aws_nat_gateway") == 2);
    REQUIRE(count_of_type(doc, "aws_eip") == 2);
    CHECK(count_of_type(doc, "aws_internet_gateway") == 1);
    CHECK(resource(doc, "aws_internet_gateway", "network_internet_gateway").at("vpc_id") ==
          reference("aws_vpc", "network_vpc", "id"));

    const auto& public_route = resource(doc, "aws_route", "network_public_internet_route");
    CHECK(public_route.at("destination_cidr_block") == "0.0.0.0/0");
    CHECK(public_route.at("gateway_id") == reference("aws_internet_gateway", "network_internet_gateway", "id"));
    CHECK(public_route.at("route_table_id") == reference("aws_route_table", "network_public_route_table", "id"));

    for (int i = 0; i < 2; ++i) {
        const std::string n = std::to_string(i);
        const auto& nat = resource(doc, "aws_nat_gateway", "network_nat_gateway_" + n);
        CHECK(nat.at("subnet_id") == reference("aws_subnet", "network_public_subnet_" + n, "id"));
        CHECK(nat.at("allocation_id") == reference("aws_eip", "network_nat_eip_" + n, "allocation_id"));
        CHECK(resource(doc, "aws_eip", "network_nat_eip_" + n).at("domain") == "vpc");

        const auto& route = resource(doc, "aws_route", "network_private_nat_route_" + n);
        CHECK(route.at("destination_cidr_block") == "0.0.0.0/0");
        CHECK(route.at("nat_gateway_id") == reference("aws_nat_gateway", "network_nat_gateway_" + n, "id"));
        CHECK(route.at("route_table_id") == reference("aws_route_table", "network_private_route_table_" + n, "id"));
        CHECK_FALSE(route.contains("gateway_id"));

        const auto& private_assoc = resource(doc, "aws_route_table_association", "network_private_route_table_association_" + n);
        CHECK(private_assoc.at("subnet_id") == reference("aws_subnet", "network_private_subnet_" + n, "id"));
        CHECK(private_assoc.at("route_table_id") == reference("aws_route_table", "network_private_route_table_" + n, "id"));
        const auto& public_assoc = resource(doc, "aws_route_table_association", "network_public_route_table_association_" + n);
        CHECK(public_assoc.at("subnet_id") == reference("aws_subnet", "network_public_subnet_" + n, "id"));
        CHECK(public_assoc.at("route_table_id") == reference("aws_route_table", "network_public_route_table", "id"));
    }
    CHECK(count_of_type(doc, "aws_route_table") == 3);
    CHECK(count_of_type(doc, "aws_route_table_association") == 4);
}

TEST_CASE("network: single_nat_gateway makes one NAT and one EIP that every private route uses") {
    module_test::TestStack t;
    auto props = two_zones();
    props.availability_zones.push_back("us-east-1c");
    props.single_nat_gateway = true;
    auto& network = t.stack.add<Network>("network", props);
    const auto doc = t.synth();

    CHECK(network.nat_gateway_count() == 1);
    REQUIRE(count_of_type(doc, "aws_nat_gateway") == 1);
    CHECK(count_of_type(doc, "aws_eip") == 1);
    CHECK(resource(doc, "aws_nat_gateway", "network_nat_gateway_0").at("subnet_id") ==
          reference("aws_subnet", "network_public_subnet_0", "id"));
    CHECK(resource(doc, "aws_nat_gateway", "network_nat_gateway_0").at("tags").at("Name") == "app-dev-nat");
    // Still one private route table per zone, all through the one NAT.
    REQUIRE(count_of_type(doc, "aws_route_table") == 4);
    for (int i = 0; i < 3; ++i)
        CHECK(resource(doc, "aws_route", "network_private_nat_route_" + std::to_string(i)).at("nat_gateway_id") ==
              reference("aws_nat_gateway", "network_nat_gateway_0", "id"));
}

TEST_CASE("network: the database and proxy admit PostgreSQL only from the groups that need it") {
    module_test::TestStack t;
    t.stack.add<Network>("network", two_zones());
    const auto doc = t.synth();

    const std::string lambda = reference("aws_security_group", "network_lambda_security_group", "id");
    const std::string proxy = reference("aws_security_group", "network_proxy_security_group", "id");
    const std::string database = reference("aws_security_group", "network_database_security_group", "id");
    const std::string bastion = reference("aws_security_group", "network_bastion_security_group", "id");

    CHECK(count_of_type(doc, "aws_security_group") == 4);
    for (const auto& group : resources_of_type(doc, "aws_security_group")) {
        CHECK_FALSE(group.at("description").get<std::string>().empty());
        CHECK(group.at("vpc_id") == reference("aws_vpc", "network_vpc", "id"));
        // Rules are separate resources, never inline blocks.
        CHECK_FALSE(group.contains("ingress"));
        CHECK_FALSE(group.contains("egress"));
    }

    const auto database_ingress = ingress_rules_of(doc, "network_database_security_group");
    CHECK(referenced_groups(database_ingress) == std::set<std::string>{proxy, bastion});
    const auto proxy_ingress = ingress_rules_of(doc, "network_proxy_security_group");
    CHECK(referenced_groups(proxy_ingress) == std::set<std::string>{lambda, bastion});
    for (const auto& rules : {database_ingress, proxy_ingress}) {
        REQUIRE(rules.size() == 2);
        for (const auto& rule : rules) {
            CHECK(rule.at("from_port") == 5432);
            CHECK(rule.at("to_port") == 5432);
            CHECK(rule.at("ip_protocol") == "tcp");
            CHECK_FALSE(rule.contains("cidr_ipv4"));
        }
    }
    CHECK(ingress_rules_of(doc, "network_lambda_security_group").empty());
    CHECK(ingress_rules_of(doc, "network_bastion_security_group").empty());

    // Lambda may go anywhere; the bastion only to HTTPS and PostgreSQL on the
    // proxy and database groups; the proxy to the database and HTTPS.
    const auto lambda_egress = egress_rules_of(doc, "network_lambda_security_group");
    REQUIRE(lambda_egress.size() == 1);
    CHECK(lambda_egress[0].at("ip_protocol") == "-1");
    CHECK(lambda_egress[0].at("cidr_ipv4") == "0.0.0.0/0");
    const auto bastion_egress = egress_rules_of(doc, "network_bastion_security_group");
    REQUIRE(bastion_egress.size() == 3);
    CHECK(referenced_groups(bastion_egress) == std::set<std::string>{proxy, database});
    for (const auto& rule : bastion_egress) {
        CHECK(rule.at("ip_protocol") == "tcp");
        if (rule.contains("cidr_ipv4")) CHECK(rule.at("from_port") == 443);
    }
    CHECK(referenced_groups(egress_rules_of(doc, "network_proxy_security_group")) == std::set<std::string>{database});
    CHECK(egress_rules_of(doc, "network_database_security_group").empty());

    for (const auto& type : {"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"})
        for (const auto& rule : resources_of_type(doc, type)) CHECK_FALSE(rule.at("description").get<std::string>().empty());
}

TEST_CASE("network: no ingress rule in any configuration is open to the internet") {
    module_test::TestStack t;
    auto props = two_zones();
    props.vpc_endpoints = true;
    props.flow_logs = true;
    t.stack.add<Network>("network", props);
    const auto doc = t.synth();
    const auto rules = resources_of_type(doc, "aws_vpc_security_group_ingress_rule");
    REQUIRE(rules.size() == 5);
    for (const auto& rule : rules) {
        CHECK(rule.value("cidr_ipv4", "") != "0.0.0.0/0");
        CHECK(rule.value("cidr_ipv6", "") != "::/0");
        // Each rule names its source: a group or the VPC's own CIDR.
        CHECK((rule.contains("referenced_security_group_id") ||
               rule.value("cidr_ipv4", "") == reference("aws_vpc", "network_vpc", "cidr_block")));
    }
    CHECK(resources_without_name_tag(doc).empty());
}

TEST_CASE("network: vpc_endpoints adds five private-DNS interface endpoints in the private subnets") {
    module_test::TestStack t;
    auto props = two_zones();
    props.region = "eu-west-1";
    props.availability_zones = {"eu-west-1a", "eu-west-1b"};
    props.vpc_endpoints = true;
    t.stack.add<Network>("network", props);
    const auto doc = t.synth();

    const auto endpoints = resources_of_type(doc, "aws_vpc_endpoint");
    REQUIRE(endpoints.size() == 5);
    std::set<std::string> services;
    const std::string endpoint_sg = reference("aws_security_group", "network_endpoint_security_group", "id");
    for (const auto& endpoint : endpoints) {
        services.insert(endpoint.at("service_name").get<std::string>());
        CHECK(endpoint.at("vpc_endpoint_type") == "Interface");
        CHECK(endpoint.at("private_dns_enabled") == true);
        CHECK(endpoint.at("vpc_id") == reference("aws_vpc", "network_vpc", "id"));
        CHECK(endpoint.at("subnet_ids") == json::array({reference("aws_subnet", "network_private_subnet_0", "id"),
                                                        reference("aws_subnet", "network_private_subnet_1", "id")}));
        CHECK(endpoint.at("security_group_ids") == json::array({endpoint_sg}));
    }
    CHECK(services == std::set<std::string>{"com.amazonaws.eu-west-1.secretsmanager", "com.amazonaws.eu-west-1.ssm",
                                            "com.amazonaws.eu-west-1.ssmmessages", "com.amazonaws.eu-west-1.ec2messages",
                                            "com.amazonaws.eu-west-1.logs"});

    const auto endpoint_ingress = ingress_rules_of(doc, "network_endpoint_security_group");
    REQUIRE(endpoint_ingress.size() == 1);
    CHECK(endpoint_ingress[0].at("cidr_ipv4") == reference("aws_vpc", "network_vpc", "cidr_block"));
    CHECK(endpoint_ingress[0].at("from_port") == 443);
    CHECK(endpoint_ingress[0].at("to_port") == 443);
    CHECK(count_of_type(doc, "aws_security_group") == 5);
}

TEST_CASE("network: without options there are no endpoints and no flow logs") {
    module_test::TestStack t;
    t.stack.add<Network>("network", two_zones());
    const auto doc = t.synth();
    CHECK(count_of_type(doc, "aws_vpc_endpoint") == 0);
    CHECK(count_of_type(doc, "aws_flow_log") == 0);
    CHECK(count_of_type(doc, "aws_cloudwatch_log_group") == 0);
    CHECK(count_of_type(doc, "aws_iam_role") == 0);
}

TEST_CASE("network: flow_logs sends all traffic to a log group through a role limited to that group") {
    module_test::TestStack t;
    auto props = two_zones();
    props.flow_logs = true;
    props.flow_log_retention_days = 90;
    t.stack.add<Network>("network", props);
    const auto doc = t.synth();

    const auto& group = resource(doc, "aws_cloudwatch_log_group", "network_flow_log_group");
    CHECK(group.at("retention_in_days") == 90);
    const std::string group_arn = reference("aws_cloudwatch_log_group", "network_flow_log_group", "arn");

    const auto& flow_log = resource(doc, "aws_flow_log", "network_flow_log");
    CHECK(flow_log.at("traffic_type") == "ALL");
    CHECK(flow_log.at("vpc_id") == reference("aws_vpc", "network_vpc", "id"));
    CHECK(flow_log.at("log_destination") == group_arn);
    CHECK(flow_log.at("log_destination_type") == "cloud-watch-logs");
    CHECK(flow_log.at("iam_role_arn") == reference("aws_iam_role", "network_flow_log_role", "arn"));

    const auto& role = resource(doc, "aws_iam_role", "network_flow_log_role");
    CHECK(role.at("name") == "app-dev-vpc-flow-logs");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.network_flow_log_trust_policy.json}");
    const auto& trust = doc.at("data").at("aws_iam_policy_document").at("network_flow_log_trust_policy");
    CHECK(trust.at("statement")[0].at("principals")[0].at("identifiers") == json::array({"vpc-flow-logs.amazonaws.com"}));

    const auto& policy = resource(doc, "aws_iam_role_policy", "network_flow_log_role_policy");
    CHECK(policy.at("role") == reference("aws_iam_role", "network_flow_log_role", "name"));
    CHECK(policy.at("policy") == "${data.aws_iam_policy_document.network_flow_log_policy_document.json}");
    const auto& statements = doc.at("data").at("aws_iam_policy_document").at("network_flow_log_policy_document").at("statement");
    REQUIRE(statements.size() == 1);
    CHECK(statements[0].at("actions") ==
          json::array({"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"}));
    CHECK(statements[0].at("resources") == json::array({group_arn, group_arn + ":*"}));
}

TEST_CASE("network: the typed accessors reference the resources") {
    module_test::TestStack t;
    auto& network = t.stack.add<Network>("network", two_zones());
    CHECK(network.vpc_id().value().as_expr().node().text == "id");
    CHECK(network.vpc_id().value().as_expr().node().target == network.find_child("vpc")->as_element());
    CHECK(network.vpc_cidr_block().value().as_expr().node().text == "cidr_block");
    CHECK(network.database_security_group_id().value().as_expr().node().target ==
          network.find_child("database_security_group")->as_element());
    CHECK(network.private_subnet_id(1).value().as_expr().node().target ==
          network.find_child("private_subnet_1")->as_element());
    CHECK(network.public_subnet_id(0).value().as_expr().node().target == network.find_child("public_subnet_0")->as_element());
    CHECK_THROWS_WITH(network.private_subnet_id(2),
                      module_test::props_error("test/network: no private subnet 2: the network has 2 zones"));
    const infra::Value public_list = network.public_subnet_ids();
    const auto& public_ids = public_list.as_list();
    REQUIRE(public_ids.size() == 2);
    CHECK(public_ids[1].as_expr().node().target == network.find_child("public_subnet_1")->as_element());
}

TEST_CASE("network: bad props are usage errors naming the module and the prop") {
    module_test::TestStack t;
    auto make = [&](NetworkProps props) { t.stack.add<Network>("network", std::move(props)); };
    auto props = two_zones();

    props.name_prefix = "";
    CHECK_THROWS_MATCHES(make(props), infra::UsageError,
                         module_test::props_error_message("test/network: name_prefix is empty; give e.g. "
                                                          "\"cloud-serverless-rds-dev\""));
    props = two_zones();
    props.name_prefix = "app dev";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/network: name_prefix \"app dev\" may hold only letters, digits "
                                               "and '-'"));
    props = two_zones();
    props.availability_zones.clear();
    CHECK_THROWS_MATCHES(make(props), infra::UsageError,
                         module_test::props_error_message("test/network: availability_zones is empty; give at least "
                                                          "one zone"));
    props = two_zones();
    props.availability_zones = {"us-east-1a", "us-east-1a"};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/network: availability_zones names \"us-east-1a\" twice"));
    props = two_zones();
    props.vpc_cidr = "10.0.0.0";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/network: vpc_cidr \"10.0.0.0\" is not an IPv4 CIDR such as "
                                               "\"10.0.0.0/16\""));
    props.vpc_cidr = "10.0.0.1/16";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/network: vpc_cidr \"10.0.0.1/16\" is not an IPv4 CIDR such as "
                                               "\"10.0.0.0/16\""));
    props.vpc_cidr = "10.0.0.0/24";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/network: vpc_cidr \"10.0.0.0/24\" must be a /16 to /20: subnets "
                                               "are /32 and AWS's smallest is a /28"));
    props = two_zones();
    props.vpc_endpoints = true;
    props.region = "";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/network: region \"\" is not a region name such as \"us-east-1\" "
                                               "(needed by vpc_endpoints)"));
    // The settings' rule (modules/naming/region_name): not just any name text.
    props.region = "Not-A-Region";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/network: region \"Not-A-Region\" is not a region name such as "
                                               "\"us-east-1\" (needed by vpc_endpoints)"));
    props = two_zones();
    props.flow_logs = true;
    props.flow_log_retention_days = 10;
    CHECK_THROWS_AS(make(props), infra::UsageError);
    CHECK_THROWS_WITH(make(props), Catch::StartsWith("test/network: flow_log_retention_days 10 is not one CloudWatch Logs accepts"));
    // The retention is only checked when flow logs are on.
    props.flow_logs = false;
    CHECK_NOTHROW(make(props));
}

TEST_CASE("network: a /20 VPC CIDR is accepted and passed through") {
    module_test::TestStack t;
    auto props = two_zones();
    props.vpc_cidr = "172.16.16.0/20";
    t.stack.add<Network>("network", props);
    const auto doc = t.synth();
    CHECK(resource(doc, "aws_vpc", "network_vpc").at("cidr_block") == "172.16.16.0/20");
}
