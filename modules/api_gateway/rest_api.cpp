#include "api_gateway/rest_api.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <set>

#include "errors/props_error.hpp"
#include "infra/aws/api_gateway_method_settings.hpp"
#include "infra/error.hpp"
#include "infra/functions.hpp"
#include "logs/log_retention.hpp"
#include "naming/name_prefix.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

const std::set<std::string>& allowed_methods() {
    static const std::set<std::string> methods{"GET", "POST", "PUT", "PATCH", "DELETE"};
    return methods;
}

bool all_of_chars(const std::string& s, const char* extra) {
    if (s.empty()) return false;
    for (char c : s) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && std::string_view(extra).find(c) == std::string_view::npos) return false;
    }
    return true;
}

bool is_empty_literal(const Value& v) { return v.kind() == Value::Kind::String && v.as_string().empty(); }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

const std::string& RestApi::access_log_format() {
    // One JSON object per request; $context variables are API Gateway's, not
    // Terraform interpolations.
    static const std::string format =
        R"({"requestId":"$context.requestId","ip":"$context.identity.sourceIp",)"
        R"("requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",)"
        R"("resourcePath":"$context.resourcePath","status":"$context.status",)"
        R"("protocol":"$context.protocol","responseLength":"$context.responseLength"})";
    return format;
}

RestApi::RestApi(Scope scope, RestApiProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    api_ = &add<aws::ApiGatewayRestApi>(
        "api", aws::ApiGatewayRestApiArgs{
                   .description = fmt::format("/{} CRUD API", props_.path_part),
                   .endpoint_configuration =
                       aws::ApiGatewayRestApiArgs::EndpointConfiguration{.types = List<Str>{"REGIONAL"}},
                   .name = name("api"),
                   .tags = Map<Str>{{"Name", name("api")}},
               });
    resource_ = &add<aws::ApiGatewayResource>("resource", aws::ApiGatewayResourceArgs{
                                                              .parent_id = api_->root_resource_id(),
                                                              .path_part = props_.path_part,
                                                              .rest_api_id = api_->id(),
                                                          });
    for (const auto& route : props_.routes) create_route(route);
    create_deployment_and_stage();
}

void RestApi::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    const auto& p = props_;
    // No length limit: API and stage names take far more than a prefix needs.
    if (const auto problem = name_prefix_problem(p.name_prefix); !problem.empty()) fail(problem);
    if (!all_of_chars(p.path_part, "._-"))
        fail(fmt::format("path_part \"{}\" must be one path segment of letters, digits, '.', '_' or '-'", p.path_part));
    if (!all_of_chars(p.stage_name, "_-") || p.stage_name.size() > 128)
        fail(fmt::format("stage_name \"{}\" must be 1 to 128 letters, digits, '_' or '-'", p.stage_name));
    if (p.routes.empty()) fail("routes is empty; give at least one method and its function");
    std::set<std::string> seen;
    for (const auto& route : p.routes) {
        if (!allowed_methods().count(route.http_method))
            fail(fmt::format("routes has method \"{}\"; expected GET, POST, PUT, PATCH or DELETE", route.http_method));
        if (!seen.insert(route.http_method).second)
            fail(fmt::format("routes has method {} twice", route.http_method));
        if (is_empty_literal(route.function_name)) fail(fmt::format("route {} has no function_name", route.http_method));
        if (is_empty_literal(route.invoke_arn)) fail(fmt::format("route {} has no invoke_arn", route.http_method));
    }
    if (!is_log_retention_days(p.log_retention_days))
        fail(fmt::format("log_retention_days {} is not one CloudWatch Logs accepts ({})", p.log_retention_days,
                         log_retention_days_list()));
    if (!std::isfinite(p.throttling_rate_limit) || p.throttling_rate_limit <= 0)
        fail(fmt::format("throttling_rate_limit {} must be above 0 requests per second", p.throttling_rate_limit));
    if (p.throttling_burst_limit < 1)
        fail(fmt::format("throttling_burst_limit {} must be at least 1", p.throttling_burst_limit));
}

void RestApi::create_route(const ApiRoute& route) {
    const std::string id = lower(route.http_method);
    // Public by design: the seed's API has no authorizer. Throttling on the
    // stage bounds what an anonymous caller can do.
    auto& method = add<aws::ApiGatewayMethod>(id + "_method", aws::ApiGatewayMethodArgs{
                                                                  .authorization = "NONE",
                                                                  .http_method = route.http_method,
                                                                  .resource_id = resource_->id(),
                                                                  .rest_api_id = api_->id(),
                                                              });
    // AWS_PROXY passes the whole request to the function and its reply back
    // as is; Lambda is always invoked with POST, whatever the client's method.
    auto& integration = add<aws::ApiGatewayIntegration>(id + "_integration",
                                                        aws::ApiGatewayIntegrationArgs{
                                                            .http_method = method.http_method(),
                                                            .integration_http_method = "POST",
                                                            .resource_id = resource_->id(),
                                                            .rest_api_id = api_->id(),
                                                            .type = "AWS_PROXY",
                                                            .uri = route.invoke_arn,
                                                        });
    // Only this method of this resource, from any stage of this API, may
    // invoke the function.
    auto& permission = add<aws::LambdaPermission>(
        id + "_permission", aws::LambdaPermissionArgs{
                                .action = "lambda:InvokeFunction",
                                .function_name = route.function_name,
                                .principal = "apigateway.amazonaws.com",
                                .source_arn = api_->execution_arn() +
                                              Str(fmt::format("/*/{}/{}", route.http_method, props_.path_part)),
                                .statement_id = "AllowApiGateway" + route.http_method,
                            });
    methods_.push_back(&method);
    integrations_.push_back(&integration);
    permissions_.push_back(&permission);
}

void RestApi::create_deployment_and_stage() {
    const auto& p = props_;
    // A deployment is a snapshot of the API: a new one is needed whenever a
    // resource, method or integration changes, which the hash of their ids
    // (and of the integrations' targets, changed in place) detects.
    Value::List watched{Value(resource_->id())};
    for (auto* method : methods_) watched.emplace_back(method->id());
    for (auto* integration : integrations_) {
        watched.emplace_back(integration->id());
        watched.emplace_back(integration->uri());
    }
    deployment_ = &add<aws::ApiGatewayDeployment>(
        "deployment",
        aws::ApiGatewayDeploymentArgs{
            .description = fmt::format("{} /{}", name("api"), p.path_part),
            .rest_api_id = api_->id(),
            .triggers = Map<Str>{{"redeployment", Str(fn::call("sha1", {fn::jsonencode(Value(std::move(watched)))}))}},
        });
    // The stage points at the deployment: the new one must exist before the
    // old one is deleted.
    deployment_->set_lifecycle(Lifecycle{.create_before_destroy = true});

    access_log_group_ = &add<aws::CloudwatchLogGroup>(
        "access_logs", aws::CloudwatchLogGroupArgs{
                           .name = "/aws/apigateway/" + name("api"),
                           .retention_in_days = p.log_retention_days,
                           .tags = Map<Str>{{"Name", name("api-access-logs")}},
                       });

    stage_ = &add<aws::ApiGatewayStage>(
        "stage", aws::ApiGatewayStageArgs{
                     .access_log_settings =
                         aws::ApiGatewayStageArgs::AccessLogSettings{
                             .destination_arn = access_log_group_->arn(),
                             .format = access_log_format(),
                         },
                     .deployment_id = deployment_->id(),
                     .rest_api_id = api_->id(),
                     .stage_name = p.stage_name,
                     .tags = Map<Str>{{"Name", name("api-" + p.stage_name)}},
                     .xray_tracing_enabled = false,
                 });

    add<aws::ApiGatewayMethodSettings>("method_settings",
                                       aws::ApiGatewayMethodSettingsArgs{
                                           .method_path = "*/*",
                                           .rest_api_id = api_->id(),
                                           .settings =
                                               aws::ApiGatewayMethodSettingsArgs::Settings{
                                                   .metrics_enabled = true,
                                                   .throttling_burst_limit = p.throttling_burst_limit,
                                                   .throttling_rate_limit = p.throttling_rate_limit,
                                               },
                                           .stage_name = stage_->stage_name(),
                                       });
}

Str RestApi::invoke_url() const { return stage_->invoke_url(); }
Str RestApi::resource_url() const { return stage_->invoke_url() + Str("/" + props_.path_part); }
Str RestApi::rest_api_id() const { return api_->id(); }
Str RestApi::execution_arn() const { return api_->execution_arn(); }
Str RestApi::stage_name() const { return stage_->stage_name(); }

}  // namespace crud_api::modules
