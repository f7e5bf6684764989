// The read of AWS's public SSM parameters (/aws/service/...), where the
// bastion's AMI id is published: every role that plans or deploys an
// environment stack resolves it, none needs the account's own parameters.
#pragma once

#include "infra/aws/data/iam_policy_document.hpp"

namespace crud_api::modules {
using namespace infra;

aws::data::IamPolicyDocumentArgs::Statement read_public_ami_parameters();

}  // namespace crud_api::modules
