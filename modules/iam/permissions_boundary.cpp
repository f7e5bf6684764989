#include "iam/permissions_boundary.hpp"

#include <fmt/format.h>

#include "errors/props_error.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/resource_base.hpp"
#include "infra/rules/suppression.hpp"

namespace crud_api::modules {
using namespace infra;

PermissionsBoundary::PermissionsBoundary(Scope scope, PermissionsBoundaryProps props)
    : Construct(scope), policy_name_(std::move(props.policy_name)) {
    if (policy_name_.empty() || policy_name_.size() > 128)
        throw_props_error(*this, scope.where(),
                          fmt::format("policy_name \"{}\" must be 1 to 128 characters", policy_name_));
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    // The union of what the stacks' service roles are granted (the AWS
    // managed policies they attach included); a role's own policies still
    // decide what it may do within it.
    auto& document = add<aws::data::IamPolicyDocument>(
        "document",
        aws::data::IamPolicyDocumentArgs{
            .statement =
                {
                    Statement{
                        .actions =
                            List<Str>{
                                "logs:CreateLogGroup",
                                "logs:CreateLogStream",
                                "logs:DescribeLogGroups",
                                "logs:DescribeLogStreams",
                                "logs:PutLogEvents",
                                "xray:GetSamplingRules",
                                "xray:GetSamplingTargets",
                                "xray:PutTelemetryRecords",
                                "xray:PutTraceSegments",
                            },
                        .effect = "Allow",
                        .resources = List<Str>{"*"},
                        .sid = "LogsAndTraces",
                    },
                    // Functions in a VPC (AWSLambdaVPCAccessExecutionRole).
                    Statement{
                        .actions =
                            List<Str>{
                                "ec2:AssignPrivateIpAddresses",
                                "ec2:CreateNetworkInterface",
                                "ec2:DeleteNetworkInterface",
                                "ec2:DescribeNetworkInterfaces",
                                "ec2:DescribeSubnets",
                                "ec2:UnassignPrivateIpAddresses",
                            },
                        .effect = "Allow",
                        .resources = List<Str>{"*"},
                        .sid = "FunctionNetworkInterfaces",
                    },
                    // The proxy reads the master secret; the migration reads it
                    // and writes the API user's secret; functions log in with
                    // IAM tokens.
                    Statement{
                        .actions =
                            List<Str>{
                                "rds-db:connect",
                                "secretsmanager:DescribeSecret",
                                "secretsmanager:GetSecretValue",
                                "secretsmanager:PutSecretValue",
                            },
                        .effect = "Allow",
                        .resources = List<Str>{"*"},
                        .sid = "Database",
                    },
                    // The bastion's SSM agent (AmazonSSMManagedInstanceCore).
                    Statement{
                        .actions =
                            List<Str>{
                                "ec2messages:AcknowledgeMessage",
                                "ec2messages:DeleteMessage",
                                "ec2messages:FailMessage",
                                "ec2messages:GetEndpoint",
                                "ec2messages:GetMessages",
                                "ec2messages:SendReply",
                                "ssm:DescribeAssociation",
                                "ssm:DescribeDocument",
                                "ssm:GetDeployablePatchSnapshotForInstance",
                                "ssm:GetDocument",
                                "ssm:GetManifest",
                                "ssm:GetParameter",
                                "ssm:GetParameters",
                                "ssm:ListAssociations",
                                "ssm:ListInstanceAssociations",
                                "ssm:PutComplianceItems",
                                "ssm:PutConfigurePackageResult",
                                "ssm:PutInventory",
                                "ssm:UpdateAssociationStatus",
                                "ssm:UpdateInstanceAssociationStatus",
                                "ssm:UpdateInstanceInformation",
                                "ssmmessages:CreateControlChannel",
                                "ssmmessages:CreateDataChannel",
                                "ssmmessages:OpenControlChannel",
                                "ssmmessages:OpenDataChannel",
                            },
                        .effect = "Allow",
                        .resources = List<Str>{"*"},
                        .sid = "SessionManagerAgent",
                    },
                },
        });
    policy_ = &add<aws::IamPolicy>("policy", aws::IamPolicyArgs{
                                                 .description = "Permissions boundary of the roles the project's "
                                                                "deploy roles create",
                                                 .name = policy_name_,
                                                 .policy = document.json(),
                                                 .tags = Map<Str>{{"Name", policy_name_}},
                                             });
    rules::suppress(*policy_, "INFRA-IAM-004",
                    "a permissions boundary grants nothing by itself: each role's own policy names the one dbuser "
                    "it may log in as, the boundary only caps it");
}

Str PermissionsBoundary::arn() const { return policy_->arn(); }

std::shared_ptr<Aspect> bound_every_role(Str boundary_arn) {
    return make_aspect([arn = std::move(boundary_arn)](Construct& node) {
        auto* resource = dynamic_cast<ResourceBase*>(&node);
        if (resource == nullptr || resource->terraform_type() != "aws_iam_role") return;
        if (resource->get("permissions_boundary") == nullptr) resource->set("permissions_boundary", arn.value());
    });
}

}  // namespace crud_api::modules
