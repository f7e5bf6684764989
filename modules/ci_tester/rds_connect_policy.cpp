#include "ci_tester/rds_connect_policy.hpp"

#include <fmt/format.h>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/error.hpp"

namespace infra::modules {

aws::IamPolicy& rds_connect_policy(Construct& scope, std::string id, const std::string& name, Str db_user_arn) {
    const Value& arn = db_user_arn.value();
    if (name.empty()) throw UsageError(fmt::format("{}/{}: rds_connect_policy name is empty", scope.path(), id));
    if (arn.is_null() || (arn.kind() == Value::Kind::String && arn.as_string().empty()))
        throw UsageError(fmt::format("{}/{}: rds_connect_policy db_user_arn is empty", scope.path(), id));
    if (arn.kind() == Value::Kind::String && arn.as_string().find('*') != std::string::npos)
        throw UsageError(fmt::format("{}/{}: rds_connect_policy db_user_arn \"{}\" has a wildcard; give one user",
                                     scope.path(), id, arn.as_string()));

    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    auto& document = scope.add<aws::data::IamPolicyDocument>(
        id + "_document", aws::data::IamPolicyDocumentArgs{
                              .statement = {Statement{
                                  .actions = List<Str>{"rds-db:connect"},
                                  .effect = "Allow",
                                  .resources = List<Str>{std::move(db_user_arn)},
                              }},
                          });
    return scope.add<aws::IamPolicy>(std::move(id), aws::IamPolicyArgs{
                                                        .description = "IAM authentication to the database as one user",
                                                        .name = name,
                                                        .policy = document.json(),
                                                        .tags = Map<Str>{{"Name", name}},
                                                    });
}

}  // namespace infra::modules
