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

namespace infra::modules {

struct BastionProps {
    // Prefix of every resource name, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // A private subnet (Network::private_subnet_ids()).
    Str subnet_id{};
    // Network::bastion_security_group_id().
    Str security_group_id{};
    std::string instance_type{"t3.micro"};
    // An AMI id, or "resolve:ssm:<parameter>", which EC2 resolves at launch:
    // the latest Amazon Linux 2023 in whatever region, with no AWS call at plan.
    std::string ami{"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"};
    // Read the parameter of a "resolve:ssm:" ami with a data.aws_ssm_parameter
    // at plan time instead (needs AWS credentials to plan; the instance is
    // replaced when the parameter moves to a newer AMI).
    bool ami_from_ssm_data_source{false};
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

}  // namespace infra::modules
