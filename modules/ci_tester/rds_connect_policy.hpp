// The managed policy that lets a role log in to the database through IAM
// authentication as one database user. The stack creates it (it needs the
// proxy or cluster of another module) and attaches it to the roles that
// connect: Lambda, the bastion, the ci-tester.
#pragma once

#include "infra/source_location.hpp"
#include <string>

#include "infra/aws/iam_policy.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

// An aws_iam_policy `id` named `name` under `scope`, with its policy
// document `<id>_document`, allowing rds-db:connect on exactly `db_user_arn`
// ("arn:aws:rds-db:<region>:<account>:dbuser:<proxy or cluster resource id>/<user>").
// Errors (bad arguments, a taken id) name the caller's line.
aws::IamPolicy& rds_connect_policy(Construct& scope, std::string id, const std::string& name, Str db_user_arn,
                                   const infra::SourceLocation& where = infra::SourceLocation::current());

}  // namespace crud_api::modules
