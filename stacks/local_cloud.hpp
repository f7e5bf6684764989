// Local cloud mode (the `aws_endpoint` setting): every stack talks to an AWS
// API emulator (moto server, LocalStack) on one URL instead of AWS, so the
// whole app can be deployed, planned again and destroyed on a laptop with no
// AWS account. Nothing here is used when the setting is empty.
#pragma once

#include <string>

#include "infra/value.hpp"

namespace crud_api::stacks {
using namespace infra;

// The aws provider arguments that point every service the stacks use at
// `endpoint`: the endpoints block, path-style S3 addressing (an emulator
// serves no per-bucket host names) and test credentials (so no real key is
// ever sent to it).
Value::Map local_cloud_provider_settings(const std::string& endpoint);

// The same for terraform's s3 backend and the terraform_remote_state reads
// of it: endpoints of S3, STS and DynamoDB (the lock table), path style, test
// credentials, and no checks that need a real account.
Value::Map local_cloud_backend_settings(const std::string& endpoint);

}  // namespace crud_api::stacks
