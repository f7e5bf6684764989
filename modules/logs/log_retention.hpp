// The retention periods CloudWatch Logs accepts. The provider schema only says
// "number", so a bad value would otherwise surface at `terraform apply`; the
// lambda, API Gateway and database modules check their log groups with it.
#pragma once

#include <string>

namespace crud_api::modules {

// True when `days` is a retention period the CloudWatch Logs API accepts.
// 0 (never expire) is not accepted here: these log groups are meant to expire.
bool is_log_retention_days(int days);

// "1, 3, 5, 7, 14, 30, ..., 3653", for error messages.
const std::string& log_retention_days_list();

}  // namespace crud_api::modules
