#include "ci_tester/rds_connect_policy.hpp"

#include <fmt/format.h>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/error.hpp"
#include "infra/source_location.hpp"

namespace crud_api::modules {
using namespace infra;

aws::IamPolicy& rds_connect_policy(Construct& scope, std::string id, const std::string& name, Str db_user_arn,
                                   const infra::SourceLocation& where) {
    const auto fail = [&](const std::string& what) {
        throw UsageError(with_location(fmt::format("{}/{}: rds_connect_policy {}", scope.path(), id, what), where));
    };
    const Value& arn = db_user_arn.value();
    if (name.empty()) fail("name is empty");
    if (arn.is_null() || (arn.kind() == Value::Kind::String && arn.as_string().empty())) fail("db_user_arn is empty");
    if (arn.kind() == Value::Kind::String && arn.as_string().find('*') != std::string::npos)
        fail(fmt::format("db_user_arn \"{}\" has a wildcard; give one user", arn.as_string()));

    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    auto& document = scope.add<aws::data::IamPolicyDocument>(
        ChildId(id + "_document", where), aws::data::IamPolicyDocumentArgs{
                              .statement = {Statement{
                                  .actions = List<Str>{"rds-db:connect"},
                                  .effect = "Allow",
                                  .resources = List<Str>{std::move(db_user_arn)},
                              }},
                          });
    return scope.add<aws::IamPolicy>(ChildId(std::move(id), where), aws::IamPolicyArgs{
                                                        .description = "IAM authentication to the database as one user",
                                                        .name = name,
                                                        .policy = document.json(),
                                                        .tags = Map<Str>{{"Name", name}},
                                                    });
}

}  // namespace crud_api::modules
