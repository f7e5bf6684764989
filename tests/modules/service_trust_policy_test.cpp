#include "iam/service_trust_policy.hpp"
#include "module_test_support.hpp"

TEST_CASE("a service trust policy allows exactly sts:AssumeRole to the service") {
    module_test::TestStack t;
    crud_api::modules::service_trust_policy(t.stack, "lambda_trust", "lambda.amazonaws.com");
    const auto doc = t.synth();
    const auto& statement = doc.at("data").at("aws_iam_policy_document").at("lambda_trust").at("statement");
    REQUIRE(statement.size() == 1);
    CHECK(statement[0].at("effect") == "Allow");
    CHECK(statement[0].at("actions") == nlohmann::json::array({"sts:AssumeRole"}));
    CHECK(statement[0].at("principals")[0].at("type") == "Service");
    CHECK(statement[0].at("principals")[0].at("identifiers") == nlohmann::json::array({"lambda.amazonaws.com"}));
}
