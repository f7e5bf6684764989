// AWS managed policies more than one module names: the modules that attach
// them, and the deploy policy that lets the deploy roles attach them.
#pragma once

namespace crud_api::modules {
using namespace infra;

// ENI management for functions in a VPC, plus CloudWatch Logs.
inline constexpr const char* kLambdaVpcAccessPolicyArn =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

// What the SSM agent needs to register an instance and open sessions.
inline constexpr const char* kSsmManagedInstanceCorePolicyArn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

}  // namespace crud_api::modules
