#include "api_canary.hpp"

#include <fmt/format.h>

#include "api_gateway/rest_api.hpp"
#include "infra/error.hpp"

namespace scheduled_lambda {

ScheduledFunction& add_api_canary(infra::Stack& environment, const crud_api::stacks::EnvironmentSettings& settings) {
    const auto* api = dynamic_cast<const crud_api::modules::RestApi*>(environment.find_child("api"));
    if (api == nullptr)
        throw infra::Error(fmt::format("{}: no REST API (construct \"api\") for the canary to check", environment.path()));
    return environment.add<ScheduledFunction>(
        "api_canary", ScheduledFunctionProps{
                          .name_prefix = settings.prefix(),
                          .name = "api-canary",
                          .description = "GET /animals must answer 200 with a list",
                          .schedule_expression = "rate(5 minutes)",
                          .source_dir = SCHEDULED_LAMBDA_CANARY_DIR,
                          .handler = "api_canary.handler",
                          .environment = infra::Map<infra::Str>{{"API_URL", api->resource_url()}},
                          .log_retention_days = static_cast<int>(settings.log_retention_days),
                      });
}

}  // namespace scheduled_lambda
