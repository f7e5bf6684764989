// The SSM bastion: a private EC2 instance with no inbound port and no public
// address, reached through Session Manager (port forwarding to the proxy or
// the Aurora cluster) by the role it carries.
#pragma once

#include "infra/source_location.hpp"
#include <string>

#include "infra/aws/iam_instance_profile.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/instance.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct BastionProps {
    // Prefix of every resource name, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // A private subnet (Network::private_subnet_ids()).
    Str subnet_id{};
    // Network::bastion_security_group_id().
    Str security_group_id{};
    std::string instance_type{"t3.micro"};
    // An AMI id, or "ssm:<parameter>" / "resolve:ssm:<parameter>": the AMI
    // id a public SSM parameter holds, read at plan time with a
    // data.aws_ssm_parameter (EC2's own resolve:ssm: cannot be used: with a
    // root_block_device the provider looks the raw string up as an image id
    // and the apply fails). The instance keeps the AMI it was created with
    // when the parameter later moves to a newer one (ignore_changes), so a
    // new Amazon Linux release never replaces the bastion; an explicit id
    // replaces it when changed.
    std::string ami{"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"};
    int root_volume_size_gb{8};
};

class Bastion : public Construct {
public:
    Bastion(Scope scope, BastionProps props);

    Str instance_id() const;
    Str role_name() const;
    Str role_arn() const;
    Str instance_profile_name() const;

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;

    BastionProps props_;
    aws::IamRole* role_ = nullptr;
    aws::IamInstanceProfile* profile_ = nullptr;
    aws::Instance* instance_ = nullptr;
};

}  // namespace crud_api::modules
