#include "api_gateway/account_logging.hpp"

#include "errors/props_error.hpp"
#include "iam/service_trust_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "naming/iam_role_name.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

constexpr const char* kPushToCloudWatchLogsPolicyArn =
    "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

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
    if (const auto problem = iam_role_name_problem("role_name", props_.role_name); !problem.empty())
        throw_props_error(*this, where, problem);
}

Str ApiGatewayAccountLogging::role_arn() const { return role_->arn(); }

}  // namespace crud_api::modules
