#include "local_cloud.hpp"

namespace crud_api::stacks {
using namespace infra;

namespace {

// Every AWS service the app's stacks call, by the provider's endpoint key
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/custom-service-endpoints).
// A service missing here would be sent to real AWS with test credentials
// and fail there, loudly.
constexpr const char* kServices[] = {"apigateway", "cloudwatch", "dynamodb", "ec2",            "events", "iam", "kms",
                                     "lambda",     "logs",       "rds",      "secretsmanager", "s3",     "ssm", "sts"};

constexpr const char* kTestKey = "test";

// An emulator serves https with a certificate of its own making (moto
// server -s): not verified. https matters: the state bucket's policy denies
// every request without TLS, and moto enforces bucket policies.
void add_tls_settings(Value::Map& settings, const std::string& endpoint) {
    if (endpoint.starts_with("https://")) settings.emplace("insecure", true);
}

}  // namespace

Value::Map local_cloud_provider_settings(const std::string& endpoint) {
    Value::Map endpoints;
    for (const char* service : kServices) endpoints.emplace(service, endpoint);
    Value::Map settings = Value::map({
                                         {"access_key", kTestKey},
                                         {"secret_key", kTestKey},
                                         // No instance metadata lookup for credentials or region.
                                         {"skip_metadata_api_check", true},
                                         {"s3_use_path_style", true},
                                         {"endpoints", Value::list({Value(std::move(endpoints))})},
                                     })
                              .as_map();
    add_tls_settings(settings, endpoint);
    return settings;
}

Value::Map local_cloud_backend_settings(const std::string& endpoint) {
    Value::Map settings =
        Value::map({
                       {"access_key", kTestKey},
                       {"secret_key", kTestKey},
                       {"endpoints", Value::map({{"s3", endpoint}, {"sts", endpoint}, {"dynamodb", endpoint}})},
                       {"use_path_style", true},
                       {"skip_credentials_validation", true},
                       {"skip_requesting_account_id", true},
                       {"skip_metadata_api_check", true},
                   })
            .as_map();
    add_tls_settings(settings, endpoint);
    return settings;
}

}  // namespace crud_api::stacks
