// The public REST API of the service: a regional API Gateway with one
// resource (/animals by default) whose methods proxy to Lambda functions,
// deployed to one stage with JSON access logs and throttling. The account's
// API Gateway logging role must be set (ApiGatewayAccountLogging, once per
// account and region) before the stage can log.
#pragma once

#include "infra/source_location.hpp"
#include <string>
#include <vector>

#include "infra/aws/api_gateway_deployment.hpp"
#include "infra/aws/api_gateway_integration.hpp"
#include "infra/aws/api_gateway_method.hpp"
#include "infra/aws/api_gateway_resource.hpp"
#include "infra/aws/api_gateway_rest_api.hpp"
#include "infra/aws/api_gateway_stage.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/lambda_permission.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

// A method of the resource and the function behind it.
struct ApiRoute {
    // GET, POST, PUT, PATCH or DELETE.
    std::string http_method{};
    // What aws_lambda_permission.function_name takes (name or ARN).
    Str function_name{};
    // aws_lambda_function.invoke_arn.
    Str invoke_arn{};
};

struct RestApiProps {
    // Prefix of every resource name, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // The one path segment under the root: /<path_part>.
    std::string path_part{"animals"};
    std::vector<ApiRoute> routes{};
    std::string stage_name{"dev"};
    // Of the access log group.
    int log_retention_days{14};
    // Steady-state requests per second and burst, for every method of the stage.
    double throttling_rate_limit{50};
    int throttling_burst_limit{100};
};

class RestApi : public Construct {
public:
    RestApi(Scope scope, RestApiProps props);

    // https://<id>.execute-api.<region>.amazonaws.com/<stage>
    Str invoke_url() const;
    // invoke_url() + "/" + path_part: where the routes are served.
    Str resource_url() const;
    Str rest_api_id() const;
    Str execution_arn() const;
    Str stage_name() const;

    aws::ApiGatewayRestApi& api() const { return *api_; }
    aws::ApiGatewayResource& resource() const { return *resource_; }
    aws::ApiGatewayDeployment& deployment() const { return *deployment_; }
    aws::ApiGatewayStage& stage() const { return *stage_; }
    aws::CloudwatchLogGroup& access_log_group() const { return *access_log_group_; }
    // In the order of RestApiProps::routes.
    const std::vector<aws::ApiGatewayMethod*>& methods() const { return methods_; }
    const std::vector<aws::ApiGatewayIntegration*>& integrations() const { return integrations_; }
    const std::vector<aws::LambdaPermission*>& permissions() const { return permissions_; }
    const RestApiProps& props() const { return props_; }

    // The JSON format of the access log lines.
    static const std::string& access_log_format();

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;
    void create_route(const ApiRoute& route);
    void create_deployment_and_stage();
    std::string name(const std::string& thing) const { return props_.name_prefix + "-" + thing; }

    RestApiProps props_;
    aws::ApiGatewayRestApi* api_ = nullptr;
    aws::ApiGatewayResource* resource_ = nullptr;
    std::vector<aws::ApiGatewayMethod*> methods_;
    std::vector<aws::ApiGatewayIntegration*> integrations_;
    std::vector<aws::LambdaPermission*> permissions_;
    aws::ApiGatewayDeployment* deployment_ = nullptr;
    aws::CloudwatchLogGroup* access_log_group_ = nullptr;
    aws::ApiGatewayStage* stage_ = nullptr;
};

}  // namespace crud_api::modules
