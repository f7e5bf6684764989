#include <string>

#include "ec2/bastion.hpp"
#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"
#include "infra/error.hpp"
#include "module_test_support.hpp"

namespace {

using crud_api::modules::Bastion;
using crud_api::modules::BastionProps;
using module_test::count_of_type;
using module_test::reference;
using module_test::resource;
using nlohmann::json;

// A subnet and a security group id to put the bastion in, as the network
// module would give them.
struct Placement {
    infra::Str subnet_id;
    infra::Str security_group_id;
};

Placement placement(module_test::TestStack& t) {
    auto& vpc = t.stack.add<infra::aws::Vpc>("vpc", infra::aws::VpcArgs{.cidr_block = "10.0.0.0/16"});
    auto& subnet = t.stack.add<infra::aws::Subnet>("subnet", infra::aws::SubnetArgs{.cidr_block = "10.0.1.0/24", .vpc_id = vpc.id()});
    return Placement{subnet.id(), vpc.default_security_group_id()};
}

BastionProps props_for(const Placement& p) {
    return BastionProps{.name_prefix = "app-dev", .subnet_id = p.subnet_id, .security_group_id = p.security_group_id};
}

}  // namespace

TEST_CASE("bastion: a private, IMDSv2-only instance with an encrypted gp3 root volume") {
    module_test::TestStack t;
    auto& bastion = t.stack.add<Bastion>("bastion", props_for(placement(t)));
    const auto doc = t.synth();

    REQUIRE(count_of_type(doc, "aws_instance") == 1);
    const auto& instance = resource(doc, "aws_instance", "bastion_instance");
    CHECK(instance.at("subnet_id") == reference("aws_subnet", "subnet", "id"));
    CHECK(instance.at("vpc_security_group_ids") == json::array({reference("aws_vpc", "vpc", "default_security_group_id")}));
    CHECK(instance.at("associate_public_ip_address") == false);
    CHECK(instance.at("instance_type") == "t3.micro");
    CHECK(instance.at("iam_instance_profile") == reference("aws_iam_instance_profile", "bastion_instance_profile", "name"));
    CHECK(instance.at("metadata_options").at("http_tokens") == "required");
    CHECK(instance.at("metadata_options").at("http_endpoint") == "enabled");
    CHECK(instance.at("root_block_device").at("encrypted") == true);
    CHECK(instance.at("root_block_device").at("volume_type") == "gp3");
    CHECK(instance.at("root_block_device").at("volume_size") == 8);
    CHECK(instance.at("tags").at("Name") == "app-dev-bastion");

    CHECK(bastion.instance_id().value().as_expr().node().text == "id");
}

// EC2's own "resolve:ssm:" in the ami argument cannot be applied together
// with a root_block_device: the provider looks the raw string up as an image
// id (InvalidAMIID.Malformed). The parameter is read by a data source.
TEST_CASE("bastion: the default resolve:ssm AMI is read with a data source and later AMIs ignored") {
    module_test::TestStack t;
    t.stack.add<Bastion>("bastion", props_for(placement(t)));
    const auto doc = t.synth();
    const auto& parameter = doc.at("data").at("aws_ssm_parameter").at("bastion_ami_parameter");
    CHECK(parameter.at("name") == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    const auto& instance = resource(doc, "aws_instance", "bastion_instance");
    CHECK(instance.at("ami") == "${data.aws_ssm_parameter.bastion_ami_parameter.insecure_value}");
    CHECK(instance.at("ami").get<std::string>().find("resolve:ssm:") == std::string::npos);
    CHECK(instance.contains("root_block_device"));
    // A newer AMI behind the parameter does not replace the bastion.
    CHECK(instance.at("lifecycle").at("ignore_changes") == json::array({"ami"}));
}

TEST_CASE("bastion: ssm:<parameter> is the same as resolve:ssm:<parameter>") {
    module_test::TestStack t;
    auto props = props_for(placement(t));
    props.ami = "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
    t.stack.add<Bastion>("bastion", props);
    const auto doc = t.synth();
    const auto& parameter = doc.at("data").at("aws_ssm_parameter").at("bastion_ami_parameter");
    CHECK(parameter.at("name") == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    CHECK(resource(doc, "aws_instance", "bastion_instance").at("lifecycle").at("ignore_changes") ==
          json::array({"ami"}));
}

TEST_CASE("bastion: a fixed AMI id is used as it is, with no ignore_changes") {
    module_test::TestStack t;
    auto props = props_for(placement(t));
    props.ami = "ami-0123456789abcdef0";
    props.instance_type = "t3.small";
    props.root_volume_size_gb = 20;
    t.stack.add<Bastion>("bastion", props);
    const auto doc = t.synth();
    const auto& instance = resource(doc, "aws_instance", "bastion_instance");
    CHECK(instance.at("ami") == "ami-0123456789abcdef0");
    CHECK(instance.at("instance_type") == "t3.small");
    CHECK(instance.at("root_block_device").at("volume_size") == 20);
    CHECK_FALSE(instance.contains("lifecycle"));
}

TEST_CASE("bastion: an EC2 role with SSM core permissions, through an instance profile") {
    module_test::TestStack t;
    auto& bastion = t.stack.add<Bastion>("bastion", props_for(placement(t)));
    const auto doc = t.synth();

    const auto& role = resource(doc, "aws_iam_role", "bastion_role");
    CHECK(role.at("name") == "app-dev-ec2-role");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.bastion_trust_policy.json}");
    const auto& trust = doc.at("data").at("aws_iam_policy_document").at("bastion_trust_policy").at("statement");
    REQUIRE(trust.size() == 1);
    CHECK(trust[0].at("actions") == json::array({"sts:AssumeRole"}));
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({"ec2.amazonaws.com"}));

    REQUIRE(count_of_type(doc, "aws_iam_role_policy_attachment") == 1);
    const auto& attachment = resource(doc, "aws_iam_role_policy_attachment", "bastion_ssm_managed_instance_core");
    CHECK(attachment.at("policy_arn") == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    CHECK(attachment.at("role") == reference("aws_iam_role", "bastion_role", "name"));

    const auto& profile = resource(doc, "aws_iam_instance_profile", "bastion_instance_profile");
    CHECK(profile.at("name") == "app-dev-ec2-profile");
    CHECK(profile.at("role") == reference("aws_iam_role", "bastion_role", "name"));

    CHECK(bastion.role_name().value().as_expr().node().text == "name");
    CHECK(bastion.role_arn().value().as_expr().node().text == "arn");
    CHECK(bastion.role_arn().value().as_expr().node().target == bastion.find_child("role")->as_element());
}

TEST_CASE("bastion: bad props are usage errors naming the module and the prop") {
    module_test::TestStack t;
    const auto good = props_for(placement(t));
    auto make = [&](BastionProps props) { t.stack.add<Bastion>("bastion", std::move(props)); };

    auto props = good;
    props.name_prefix = "";
    CHECK_THROWS_MATCHES(make(props), infra::UsageError,
                         module_test::props_error_message("test/bastion: name_prefix is empty; give e.g. "
                                                          "\"cloud-serverless-rds-dev\""));
    props = good;
    props.subnet_id = "";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/bastion: subnet_id is empty; give a private subnet of the "
                                               "network"));
    props = good;
    props.security_group_id = infra::Str{};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/bastion: security_group_id is empty; give the network's bastion "
                                               "security group"));
    props = good;
    props.ami = "resolve:ssm:";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/bastion: ami \"resolve:ssm:\" names no AMI; give an AMI id "
                                               "(ami-...) or \"resolve:ssm:<parameter>\""));
    props = good;
    props.ami = "ubuntu-22.04";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/bastion: ami \"ubuntu-22.04\" is neither an AMI id (ami-...) nor "
                                               "\"resolve:ssm:<parameter>\""));
    props = good;
    props.root_volume_size_gb = 0;
    CHECK_THROWS_WITH(make(props), module_test::props_error("test/bastion: root_volume_size_gb 0 is outside 1..16384"));
    props = good;
    props.instance_type = "";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/bastion: instance_type is empty; give e.g. \"t3.micro\""));
}
