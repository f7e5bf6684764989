#include "iam/public_ami_parameters.hpp"

namespace crud_api::modules {
using namespace infra;

aws::data::IamPolicyDocumentArgs::Statement read_public_ami_parameters() {
    return {
        .actions = List<Str>{"ssm:GetParameter", "ssm:GetParameters"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:ssm:*::parameter/aws/service/*"},
        .sid = "ReadPublicAmiParameters",
    };
}

}  // namespace crud_api::modules
