// The settings of one environment of the serverless CRUD API. Built-in
// defaults per environment; every field can be overridden with --config or
// --set (see infra/settings.hpp).
#pragma once

#include <string>
#include <vector>

#include "infra/settings.hpp"

namespace infra::stacks {

struct EnvironmentSettings {
    std::string project = "cloud-serverless-rds";
    std::string environment = "dev";
    std::string region = "us-east-1";
    std::string vpc_cidr = "10.0.0.0/16";
    std::vector<std::string> availability_zones{"us-east-1a", "us-east-1b"};
    std::string github_repository = "example-org/cloud-serverless-rds";
    std::vector<std::string> ci_tester_principals;
    // "local" keeps state in the stack folder; "s3" uses state_bucket.
    std::string backend = "local";
    std::string state_bucket;

    // "<project>-<environment>": the prefix of every name.
    std::string prefix() const { return project + "-" + environment; }

    void describe(SettingsSchema& schema);
    // Applies `source` and checks the values that the type alone cannot
    // (CIDR shape, backend name); throws infra::UsageError naming the key.
    void load(const SettingsSource& source);
};

EnvironmentSettings dev_settings();

}  // namespace infra::stacks
