// AWS region names ("us-east-1", "ap-southeast-2", "us-gov-west-1"): one
// rule for the settings and the modules that build names from a region
// (VPC endpoint services, ARNs).
#pragma once

#include <string_view>

namespace crud_api::modules {

// Two lowercase letters, one or more "-letters" parts, then "-digits".
bool is_region_name(std::string_view region);

}  // namespace crud_api::modules
