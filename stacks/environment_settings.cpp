#include "environment_settings.hpp"

#include <fmt/format.h>

#include <regex>

#include "infra/error.hpp"

namespace infra::stacks {

void EnvironmentSettings::describe(SettingsSchema& schema) {
    schema.bind("project", project, "project name, the first part of every resource name");
    schema.bind("environment", environment, "environment name, the second part of every resource name");
    schema.bind("region", region, "AWS region");
    schema.bind("vpc_cidr", vpc_cidr, "IPv4 CIDR block of the VPC");
    schema.bind("availability_zones", availability_zones, "availability zones to spread subnets over");
    schema.bind("github_repository", github_repository, "owner/name of the GitHub repository allowed to deploy");
    schema.bind("ci_tester_principals", ci_tester_principals, "ARNs allowed to assume the ci-tester role");
    schema.bind("backend", backend, "state backend: local or s3");
    schema.bind("state_bucket", state_bucket, "S3 bucket for Terraform state when backend = s3");
}

void EnvironmentSettings::load(const SettingsSource& source) {
    SettingsSchema schema;
    describe(schema);
    source.apply(schema);
    static const std::regex cidr(R"(^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2})$)");
    std::smatch m;
    bool ok = std::regex_match(vpc_cidr, m, cidr);
    for (int i = 1; ok && i <= 4; ++i) ok = std::stoi(m[i].str()) <= 255;
    if (ok) ok = std::stoi(m[5].str()) >= 16 && std::stoi(m[5].str()) <= 28;
    if (!ok)
        throw UsageError(fmt::format("setting \"vpc_cidr\": \"{}\" is not an IPv4 CIDR with a prefix between /16 "
                                     "and /28",
                                     vpc_cidr));
    if (availability_zones.empty()) throw UsageError("setting \"availability_zones\": at least one zone is needed");
    if (backend != "local" && backend != "s3")
        throw UsageError(fmt::format("setting \"backend\": \"{}\" is not one of local, s3", backend));
    if (backend == "s3" && state_bucket.empty())
        throw UsageError("setting \"state_bucket\": required when backend = s3");
    if (project.empty() || environment.empty())
        throw UsageError("settings \"project\" and \"environment\" must not be empty");
}

EnvironmentSettings dev_settings() { return EnvironmentSettings{}; }

}  // namespace infra::stacks
