// The project's permissions boundary: a managed policy that caps what any
// role the deploy roles create can ever do, whatever policies they write
// onto it. The deploy roles may create roles and write their policies only
// with this boundary set (an iam:PermissionsBoundary condition), so a deploy
// role cannot make itself a stronger role to pass to a function. It allows
// what the application's service roles use (function logs, VPC network
// interfaces, X-Ray, database IAM login, the database secrets, the SSM
// agent) and no IAM at all.
#pragma once

#include <memory>
#include <string>

#include "infra/aspect.hpp"
#include "infra/aws/iam_policy.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct PermissionsBoundaryProps {
    // The managed policy's name, e.g. "cloud-serverless-rds-permissions-boundary".
    std::string policy_name{};
};

class PermissionsBoundary : public Construct {
public:
    PermissionsBoundary(Scope scope, PermissionsBoundaryProps props);

    Str arn() const;
    const std::string& policy_name() const { return policy_name_; }

private:
    std::string policy_name_;
    aws::IamPolicy* policy_ = nullptr;
};

// An aspect that sets `boundary_arn` as the permissions_boundary of every
// aws_iam_role below the construct it is added to that has none: added to
// an environment stack, every role its modules create carries the boundary
// the deploy role is required to set.
std::shared_ptr<Aspect> bound_every_role(Str boundary_arn);

}  // namespace crud_api::modules
