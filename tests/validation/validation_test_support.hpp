// A stack with the aws schema registered, and its validation results as the
// lines a user would read ("dev/vpc (aws_vpc.vpc): unknown argument ...").
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "infra/app.hpp"
#include "infra/aws/provider_schema.hpp"
#include "infra/schema_registry.hpp"
#include "schema_validator.hpp"

namespace validation_test {

struct AwsStack {
    infra::App app;
    infra::Stack& stack = app.add<infra::Stack>("dev");
    infra::SchemaRegistry schemas;

    AwsStack() { infra::aws::register_schemas(schemas); }

    infra::SchemaValidationReport report() { return infra::validate_against_schemas(stack, schemas); }

    std::vector<std::string> errors() { return lines(report().errors); }
    std::vector<std::string> warnings() { return lines(report().warnings); }

    static std::vector<std::string> lines(const std::vector<infra::Diagnostic>& diagnostics) {
        std::vector<std::string> out;
        for (const auto& d : diagnostics) out.push_back(d.path + ": " + d.message);
        return out;
    }
};

using Lines = std::vector<std::string>;

}  // namespace validation_test
