// API Gateway writes the access and execution logs of every REST API stage
// with one IAM role per account and region, set by the aws_api_gateway_account
// singleton. Two stacks that each set it overwrite each other's role on every
// apply, and destroying either breaks the other's logging, so it belongs to
// the account-level stack, once (the app's bootstrap stack). Stages with
// access logs fail to deploy until it is set.
#pragma once

#include "infra/source_location.hpp"
#include <string>

#include "infra/aws/api_gateway_account.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct ApiGatewayAccountLoggingProps {
    // The IAM role API Gateway assumes to write to CloudWatch Logs: at most
    // 64 letters, digits and "+=,.@_-".
    std::string role_name{};
};

class ApiGatewayAccountLogging : public Construct {
public:
    ApiGatewayAccountLogging(Scope scope, ApiGatewayAccountLoggingProps props);

    Str role_arn() const;
    aws::ApiGatewayAccount& account() const { return *account_; }

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;

    ApiGatewayAccountLoggingProps props_;
    aws::IamRole* role_ = nullptr;
    aws::ApiGatewayAccount* account_ = nullptr;
};

}  // namespace crud_api::modules
