// The trust policy of a role that an AWS service assumes (Lambda, EC2, RDS,
// API Gateway): the one policy document every module with a role needs.
#pragma once

#include <string>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/construct.hpp"

namespace crud_api::modules {
using namespace infra;

// An aws_iam_policy_document `id` under `scope` allowing sts:AssumeRole to
// `service`, e.g. "lambda.amazonaws.com". Its json() is what
// aws_iam_role.assume_role_policy takes.
aws::data::IamPolicyDocument& service_trust_policy(Construct& scope, std::string id, const std::string& service);

}  // namespace crud_api::modules
