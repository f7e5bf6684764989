// What a function traced with X-Ray (tracing_config mode "Active") needs
// from its role to send its segments: the API functions and the schema
// migration grant it alike when xray_tracing is on.
#pragma once

#include "infra/aws/data/iam_policy_document.hpp"

namespace crud_api::modules {
using namespace infra;

// The "WriteTraces" statement: X-Ray's write actions on "*", the only
// resource they accept.
aws::data::IamPolicyDocumentArgs::Statement write_xray_traces();

}  // namespace crud_api::modules
