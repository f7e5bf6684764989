#include "ec2/bastion.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "errors/props_error.hpp"
#include "iam/managed_policies.hpp"
#include "iam/service_trust_policy.hpp"
#include "infra/aws/data/ssm_parameter.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "infra/error.hpp"
#include "infra/quoted_value.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

constexpr const char* kResolveSsm = "resolve:ssm:";
constexpr const char* kSsm = "ssm:";

bool is_empty_literal(const Str& s) {
    const Value& v = s.value();
    return v.is_null() || (v.kind() == Value::Kind::String && v.as_string().empty());
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// The parameter name of an "ssm:" or "resolve:ssm:" AMI, or "" for an id.
std::string ssm_parameter_of(const std::string& ami) {
    if (starts_with(ami, kResolveSsm)) return ami.substr(std::string(kResolveSsm).size());
    if (starts_with(ami, kSsm)) return ami.substr(std::string(kSsm).size());
    return {};
}

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// "family.size" as EC2 names its types: "t3.micro", "m7i-flex.large",
// "u-6tb1.56xlarge". Nothing a policy or a template would read as syntax.
bool is_instance_type(const std::string& type) {
    const auto dot = type.find('.');
    if (type.size() > 32 || dot == std::string::npos || dot == 0 || dot + 1 == type.size()) return false;
    const auto family_char = [](char c) { return is_lower_or_digit(c) || c == '-'; };
    return std::all_of(type.begin(), type.begin() + static_cast<std::ptrdiff_t>(dot), family_char) &&
           std::all_of(type.begin() + static_cast<std::ptrdiff_t>(dot) + 1, type.end(), is_lower_or_digit);
}

// "ami-" and 8 or 17 hex digits.
bool is_ami_id(const std::string& ami) {
    const std::size_t digits = ami.size() - 4;
    return starts_with(ami, "ami-") && (digits == 8 || digits == 17) &&
           std::all_of(ami.begin() + 4, ami.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// What SSM allows in a parameter name (and a ":version" after it).
bool is_ssm_parameter_name(const std::string& name) {
    return name.size() <= 2048 && std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '.' || c == '-' || c == '/' || c == ':';
           });
}

}  // namespace

Bastion::Bastion(Scope scope, BastionProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    const std::string& prefix = props_.name_prefix;

    auto& trust = service_trust_policy(*this, "trust_policy", "ec2.amazonaws.com");
    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = "SSM bastion: Session Manager access to the private subnets",
                                           .name = prefix + "-ec2-role",
                                           .tags = Map<Str>{{"Name", prefix + "-ec2-role"}},
                                       });
    add<aws::IamRolePolicyAttachment>("ssm_managed_instance_core", aws::IamRolePolicyAttachmentArgs{
                                                                        .policy_arn = kSsmManagedInstanceCorePolicyArn,
                                                                        .role = role_->name(),
                                                                    });
    profile_ = &add<aws::IamInstanceProfile>("instance_profile", aws::IamInstanceProfileArgs{
                                                                     .name = prefix + "-ec2-profile",
                                                                     .role = role_->name(),
                                                                     .tags = Map<Str>{{"Name", prefix + "-ec2-profile"}},
                                                                 });

    Str ami = props_.ami;
    const std::string parameter_name = ssm_parameter_of(props_.ami);
    // insecure_value: the public AMI parameters are plain strings, and
    // `value` is marked sensitive, which would hide the AMI in every plan.
    if (!parameter_name.empty())
        ami = add<aws::data::SsmParameter>("ami_parameter", aws::data::SsmParameterArgs{.name = parameter_name}).insecure_value();

    instance_ = &add<aws::Instance>(
        "instance", aws::InstanceArgs{
                        .ami = ami,
                        // Private only: Session Manager needs no inbound path.
                        .associate_public_ip_address = false,
                        .iam_instance_profile = profile_->name(),
                        .instance_type = props_.instance_type,
                        // IMDSv2 only: a token is required, which blocks the SSRF-style
                        // credential theft IMDSv1 allows.
                        .metadata_options =
                            aws::InstanceArgs::MetadataOptions{.http_endpoint = "enabled", .http_tokens = "required"},
                        .root_block_device =
                            aws::InstanceArgs::RootBlockDevice{
                                .delete_on_termination = true,
                                .encrypted = true,
                                .tags = Map<Str>{{"Name", prefix + "-bastion-root"}},
                                .volume_size = props_.root_volume_size_gb,
                                .volume_type = "gp3",
                            },
                        .subnet_id = props_.subnet_id,
                        .tags = Map<Str>{{"Name", prefix + "-bastion"}},
                        .vpc_security_group_ids = List<Str>{props_.security_group_id},
                    });
    // The parameter moves to each new AMI release; replacing the bastion
    // then is not what a deploy of an unrelated change should do.
    if (!parameter_name.empty()) instance_->set_lifecycle(Lifecycle{.ignore_changes = {"ami"}});
}

void Bastion::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    // The instance profile's name is longer than the role's ("-ec2-role"),
    // under the same limit.
    if (const auto problem = name_prefix_problem(
            props_.name_prefix,
            {.names = {{"instance profile name", props_.name_prefix + "-ec2-profile", kIamRoleNameLimit}}});
        !problem.empty())
        fail(problem);
    if (is_empty_literal(props_.subnet_id)) fail("subnet_id is empty; give a private subnet of the network");
    if (is_empty_literal(props_.security_group_id))
        fail("security_group_id is empty; give the network's bastion security group");
    if (props_.instance_type.empty()) fail("instance_type is empty; give e.g. \"t3.micro\"");
    if (!is_instance_type(props_.instance_type))
        fail(fmt::format("instance_type {} is not an EC2 instance type such as \"t3.micro\" (family.size)",
                         quoted_value(props_.instance_type)));
    const bool from_ssm = starts_with(props_.ami, kResolveSsm) || starts_with(props_.ami, kSsm);
    if (props_.ami.empty() || (from_ssm && ssm_parameter_of(props_.ami).empty()))
        fail(fmt::format("ami {} names no AMI; give an AMI id (ami-...) or \"resolve:ssm:<parameter>\"", quoted_value(props_.ami)));
    if (!from_ssm && !is_ami_id(props_.ami))
        fail(fmt::format("ami {} is neither an AMI id (ami-...) nor \"resolve:ssm:<parameter>\"",
                         quoted_value(props_.ami)));
    if (from_ssm && !is_ssm_parameter_name(ssm_parameter_of(props_.ami)))
        fail(fmt::format("ami {} names an SSM parameter AWS would not accept (letters, digits and _.-/:, at most 2048)",
                         quoted_value(props_.ami)));
    // gp3 volumes are 1 GiB to 16 TiB.
    if (props_.root_volume_size_gb < 1 || props_.root_volume_size_gb > 16384)
        fail(fmt::format("root_volume_size_gb {} is outside 1..16384", props_.root_volume_size_gb));
}

Str Bastion::instance_id() const { return instance_->id(); }
Str Bastion::role_name() const { return role_->name(); }
Str Bastion::role_arn() const { return role_->arn(); }
Str Bastion::instance_profile_name() const { return profile_->name(); }

}  // namespace crud_api::modules
