#include "api_gateway/account_logging.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "errors/props_error.hpp"
#include "iam/service_trust_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"

namespace infra::modules {

namespace {

constexpr const char* kPushToCloudWatchLogsPolicyArn =
    "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

bool is_role_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
}

}  // namespace

ApiGatewayAccountLogging::ApiGatewayAccountLogging(Scope scope, ApiGatewayAccountLoggingProps props)
    : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    auto& trust = service_trust_policy(*this, "trust_policy", "apigateway.amazonaws.com");
    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = "Lets API Gateway write logs to CloudWatch Logs",
                                           .name = props_.role_name,
                                           .tags = Map<Str>{{"Name", props_.role_name}},
                                       });
    auto& attachment = add<aws::IamRolePolicyAttachment>(
        "policy", aws::IamRolePolicyAttachmentArgs{.policy_arn = kPushToCloudWatchLogsPolicyArn, .role = role_->name()});
    account_ = &add<aws::ApiGatewayAccount>("account", aws::ApiGatewayAccountArgs{.cloudwatch_role_arn = role_->arn()});
    // API Gateway checks that the role can write logs when it is set.
    account_->depends_on(attachment);
}

void ApiGatewayAccountLogging::validate(const infra::SourceLocation& where) const {
    const std::string& name = props_.role_name;
    if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), is_role_name_char))
        throw_props_error(*this, where,
                          fmt::format("role_name \"{}\" must be 1 to 64 letters, digits or \"+=,.@_-\" (IAM role names)",
                                      name));
}

Str ApiGatewayAccountLogging::role_arn() const { return role_->arn(); }

}  // namespace infra::modules
