#include "iam/service_trust_policy.hpp"

namespace crud_api::modules {
using namespace infra;

aws::data::IamPolicyDocument& service_trust_policy(Construct& scope, std::string id, const std::string& service) {
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    return scope.add<aws::data::IamPolicyDocument>(
        std::move(id), aws::data::IamPolicyDocumentArgs{
                           .statement = {Statement{
                               .actions = List<Str>{"sts:AssumeRole"},
                               .effect = "Allow",
                               .principals = {Statement::Principals{.identifiers = List<Str>{service}, .type = "Service"}},
                           }},
                       });
}

}  // namespace crud_api::modules
