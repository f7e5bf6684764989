// AWS managed policies more than one module attaches.
#pragma once

namespace infra::modules {

// ENI management for functions in a VPC, plus CloudWatch Logs.
inline constexpr const char* kLambdaVpcAccessPolicyArn =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

}  // namespace infra::modules
