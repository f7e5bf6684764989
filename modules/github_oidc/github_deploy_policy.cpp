// What a deploy role may do: deploy its environment's stacks.
//
// The actions are those of the resource types the environment stacks
// contain (VPC networking, RDS, Lambda, API Gateway, CloudWatch Logs,
// Secrets Manager, IAM roles, the bastion's EC2 instance and its SSM AMI
// parameter): tests/ci/deploy_permissions.py lists the calls each type
// needs and evaluates this policy against them. Where the stacks name the
// resources (functions, log groups, secrets, IAM), they are limited to the
// environment's names; where AWS generates the ids (VPCs, subnets,
// clusters, proxies), to the kinds of resource and the stacks' regions. IAM is where a deploy role could raise its own
// privileges, so role writes need the project's permissions boundary, and
// the CI roles and the boundary itself are out of reach.
#include "github_oidc/github_deploy_role.hpp"

#include <algorithm>
#include <iterator>

#include "iam/managed_policies.hpp"
#include "iam/project_iam_resources.hpp"
#include "iam/public_ami_parameters.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

using Statement = aws::data::IamPolicyDocumentArgs::Statement;

List<Str> strs(const std::vector<std::string>& items) { return List<Str>(std::vector<Str>(items.begin(), items.end())); }

Statement::Condition requires_boundary(const Str& boundary_arn) {
    return Statement::Condition{
        .test = "StringEquals", .values = List<Str>{boundary_arn}, .variable = "iam:PermissionsBoundary"};
}

}  // namespace

std::vector<Statement> GithubDeployRole::deploy_policy_statements() const {
    const std::string& pattern = props_.resource_name_pattern;
    // The roles, instance profiles and policies the environment's stacks create.
    const std::vector<Str> iam_resources = project_iam_resource_arns(pattern);
    const Str& role_arns = iam_resources.front();
    std::vector<Statement> statements;

    // Resources whose ids AWS generates (VPCs, subnets, gateways, security
    // groups, instances, clusters, proxies): the verbs on exactly the kinds
    // of resource the stacks hold ("ec2:*Subnet" is Create, Delete, Modify
    // Subnet), in the stacks' regions. Not the rest of the services: no
    // snapshot sharing, images, key pairs, volumes or parameter groups.
    const Statement::Condition in_regions{
        .test = "StringEquals", .values = strs(props_.regions), .variable = "aws:RequestedRegion"};
    statements.push_back(Statement{
        .actions =
            List<Str>{
                "ec2:*Address",
                "ec2:*FlowLogs",
                "ec2:*IamInstanceProfile*",
                "ec2:*InstanceAttribute",
                "ec2:*InstanceCreditSpecification*",
                "ec2:*InstanceMetadataOptions",
                "ec2:*Instances",
                "ec2:*InternetGateway",
                "ec2:*NatGateway",
                // Lambda's network interfaces left in a subnet or security
                // group being deleted: the provider removes them.
                "ec2:*NetworkInterface",
                "ec2:*Route",
                "ec2:*RouteTable",
                "ec2:*SecurityGroup*",
                "ec2:*Subnet",
                "ec2:*SubnetAttribute",
                "ec2:*Tags",
                "ec2:*Vpc",
                "ec2:*VpcAttribute",
                "ec2:*VpcEndpoint*",
                "ec2:Describe*",
            },
        .condition = {in_regions},
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "NetworkAndInstances",
    });
    statements.push_back(Statement{
        .actions =
            List<Str>{
                "rds:*DBCluster",
                "rds:*DBInstance",
                "rds:*DBProxy",
                "rds:*DBProxyTargetGroup",
                "rds:*DBProxyTargets",
                "rds:*DBSubnetGroup",
                "rds:AddTagsToResource",
                // The final snapshot of a cluster deleted with one.
                "rds:CreateDBClusterSnapshot",
                "rds:Describe*",
                "rds:ListTagsForResource",
                "rds:RemoveTagsFromResource",
            },
        .condition = {in_regions},
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "Database",
    });
    // REST APIs are addressed by path: the regions' APIs and their tags.
    std::vector<Str> apis;
    for (const auto& region : props_.regions)
        for (const char* path : {"/restapis", "/restapis/*", "/tags/*"})
            apis.emplace_back("arn:aws:apigateway:" + region + "::" + path);
    statements.push_back(Statement{
        .actions = List<Str>{"apigateway:DELETE", "apigateway:GET", "apigateway:PATCH", "apigateway:POST",
                             "apigateway:PUT"},
        .effect = "Allow",
        .resources = List<Str>(std::move(apis)),
        .sid = "RestApis",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"lambda:*"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:lambda:*:*:function:" + pattern},
        .sid = "EnvironmentFunctions",
    });
    // Log groups are named after the function, API, cluster or VPC they log.
    std::vector<Str> log_groups{Str("arn:aws:logs:*:*:log-group:/aws/*/" + pattern)};
    if (pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, "-*") == 0)
        log_groups.emplace_back("arn:aws:logs:*:*:log-group:/aws/vpc-flow-logs/" + pattern.substr(0, pattern.size() - 2) +
                                "*");
    statements.push_back(Statement{
        .actions = List<Str>{"logs:*"},
        .effect = "Allow",
        .resources = List<Str>(std::move(log_groups)),
        .sid = "EnvironmentLogGroups",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"lambda:GetAccountSettings", "lambda:ListFunctions", "logs:DescribeLogGroups"},
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "ListFunctionsAndLogGroups",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"secretsmanager:*"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:secretsmanager:*:*:secret:" + pattern},
        .sid = "EnvironmentSecrets",
    });
    // A cluster with an RDS-managed master password: RDS creates the secret
    // ("rds!cluster-...") in the caller's name. No read of its value.
    statements.push_back(Statement{
        .actions = List<Str>{"secretsmanager:CreateSecret", "secretsmanager:DescribeSecret",
                             "secretsmanager:RotateSecret", "secretsmanager:TagResource"},
        .condition = {in_regions},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:secretsmanager:*:*:secret:rds!*"},
        .sid = "RdsManagedMasterSecret",
    });
    statements.push_back(read_public_ami_parameters());

    // The reads a plan makes and the writes that need no boundary condition
    // (creating roles and writing their policies do: BoundedRoleWrites
    // below), as one sorted list.
    std::vector<std::string> iam_actions = project_iam_read_actions();
    for (const char* write : {
             "iam:AddRoleToInstanceProfile",
             "iam:CreateInstanceProfile",
             "iam:CreatePolicy",
             "iam:CreatePolicyVersion",
             "iam:DeleteInstanceProfile",
             "iam:DeletePolicy",
             "iam:DeletePolicyVersion",
             "iam:DeleteRole",
             "iam:RemoveRoleFromInstanceProfile",
             "iam:TagInstanceProfile",
             "iam:TagPolicy",
             "iam:TagRole",
             "iam:UntagInstanceProfile",
             "iam:UntagPolicy",
             "iam:UntagRole",
             "iam:UpdateAssumeRolePolicy",
             "iam:UpdateRole",
             "iam:UpdateRoleDescription",
         })
        iam_actions.emplace_back(write);
    std::ranges::sort(iam_actions);
    statements.push_back(Statement{
        .actions = strs(iam_actions),
        .effect = "Allow",
        .resources = List<Str>(iam_resources),
        .sid = "EnvironmentIamResources",
    });
    // A role it creates, or whose policies it writes, carries the boundary:
    // whatever the policies say, the role can do no more than the boundary.
    statements.push_back(Statement{
        .actions = List<Str>{"iam:CreateRole", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary",
                             "iam:PutRolePolicy"},
        .condition = {requires_boundary(props_.permissions_boundary_arn)},
        .effect = "Allow",
        .resources = List<Str>{role_arns},
        .sid = "BoundedRoleWrites",
    });
    // Attached policies are limited too: the environment's own, or the AWS
    // managed ones the stacks attach.
    statements.push_back(Statement{
        .actions = List<Str>{"iam:AttachRolePolicy", "iam:DetachRolePolicy"},
        .condition =
            {
                requires_boundary(props_.permissions_boundary_arn),
                Statement::Condition{
                    .test = "ArnLike",
                    .values =
                        List<Str>{
                            "arn:aws:iam::*:policy/" + pattern,
                            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                            kLambdaVpcAccessPolicyArn,
                            kSsmManagedInstanceCorePolicyArn,
                        },
                    .variable = "iam:PolicyARN",
                },
            },
        .effect = "Allow",
        .resources = List<Str>{role_arns},
        .sid = "BoundedRolePolicyAttachments",
    });
    // Passing a role hands its permissions to a service: only the
    // environment's roles, and only to the services the stacks run code in.
    statements.push_back(Statement{
        .actions = List<Str>{"iam:PassRole"},
        .condition = {Statement::Condition{
            .test = "StringEquals",
            .values = List<Str>{"ec2.amazonaws.com", "lambda.amazonaws.com", "rds.amazonaws.com",
                                "vpc-flow-logs.amazonaws.com"},
            .variable = "iam:PassedToService",
        }},
        .effect = "Allow",
        .resources = List<Str>{role_arns},
        .sid = "PassEnvironmentRolesToServices",
    });
    // The first Aurora cluster of an account creates RDS's service-linked role.
    statements.push_back(Statement{
        .actions = List<Str>{"iam:CreateServiceLinkedRole"},
        .condition = {Statement::Condition{
            .test = "StringEquals", .values = List<Str>{"rds.amazonaws.com"}, .variable = "iam:AWSServiceName"}},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:iam::*:role/aws-service-role/rds.amazonaws.com/*"},
        .sid = "RdsServiceLinkedRole",
    });

    // Explicit Denies win over any Allow, here or in a policy attached later:
    // the role cannot change or pass itself or the other CI roles, nor take
    // a boundary off a role, nor rewrite the boundary.
    std::vector<Str> protected_roles{Str("arn:aws:iam::*:role/" + props_.role_name)};
    for (const auto& name : props_.protected_role_names) protected_roles.emplace_back("arn:aws:iam::*:role/" + name);
    statements.push_back(Statement{
        .actions =
            List<Str>{
                "iam:AttachRolePolicy",
                "iam:DeleteRole",
                "iam:DeleteRolePermissionsBoundary",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PassRole",
                "iam:PutRolePermissionsBoundary",
                "iam:PutRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
                "iam:UpdateRoleDescription",
            },
        .effect = "Deny",
        .resources = List<Str>(std::move(protected_roles)),
        .sid = "NoChangeToCiRoles",
    });
    // The Allows above already create and write only bounded roles; as
    // Denies these also hold against a broad managed policy attached to the
    // role (github_deploy_role_policy_arns): no role without the boundary,
    // and no user or group (a user's access key would be a way out).
    statements.push_back(Statement{
        .actions = List<Str>{"iam:AttachRolePolicy", "iam:CreateRole", "iam:PutRolePermissionsBoundary",
                             "iam:PutRolePolicy"},
        .condition = {Statement::Condition{.test = "StringNotEquals",
                                           .values = List<Str>{props_.permissions_boundary_arn},
                                           .variable = "iam:PermissionsBoundary"}},
        .effect = "Deny",
        .resources = List<Str>{"*"},
        .sid = "NoUnboundedRoles",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:AttachUserPolicy",
                             "iam:CreateAccessKey", "iam:CreateGroup", "iam:CreateLoginProfile", "iam:CreateUser",
                             "iam:PutGroupPolicy", "iam:PutUserPolicy", "iam:UpdateLoginProfile"},
        .effect = "Deny",
        .resources = List<Str>{"*"},
        .sid = "NoUsersOrGroups",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"iam:DeleteRolePermissionsBoundary"},
        .effect = "Deny",
        .resources = List<Str>{"*"},
        .sid = "NoBoundaryRemoval",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
                             "iam:SetDefaultPolicyVersion"},
        .effect = "Deny",
        .resources = List<Str>{props_.permissions_boundary_arn},
        .sid = "NoChangeToBoundary",
    });

    std::ranges::move(terraform_state_statements(props_.state_bucket_arn, props_.lock_table_arn,
                                                 StateAccess::read_write, props_.state),
                      std::back_inserter(statements));
    return statements;
}

}  // namespace crud_api::modules
