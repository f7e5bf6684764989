// One resource or data source of every type in schemas/aws.types, built
// from its typed binding with its required arguments (and plausible values:
// `terraform validate` also runs the provider's own checks on literals).
// Where the provider insists on one of several optional arguments (its
// ExactlyOneOf/AtLeastOneOf rules are not in the schema JSON), the comment
// says which one is added.
#include "validation_stacks.hpp"

#include "infra/aws/api_gateway_account.hpp"
#include "infra/aws/api_gateway_deployment.hpp"
#include "infra/aws/api_gateway_integration.hpp"
#include "infra/aws/api_gateway_method.hpp"
#include "infra/aws/api_gateway_method_settings.hpp"
#include "infra/aws/api_gateway_resource.hpp"
#include "infra/aws/api_gateway_rest_api.hpp"
#include "infra/aws/api_gateway_stage.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/data/availability_zones.hpp"
#include "infra/aws/data/caller_identity.hpp"
#include "infra/aws/data/iam_openid_connect_provider.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/data/partition.hpp"
#include "infra/aws/data/region.hpp"
#include "infra/aws/data/ssm_parameter.hpp"
#include "infra/aws/db_proxy.hpp"
#include "infra/aws/db_proxy_default_target_group.hpp"
#include "infra/aws/db_proxy_target.hpp"
#include "infra/aws/db_subnet_group.hpp"
#include "infra/aws/dynamodb_table.hpp"
#include "infra/aws/eip.hpp"
#include "infra/aws/flow_log.hpp"
#include "infra/aws/iam_instance_profile.hpp"
#include "infra/aws/iam_openid_connect_provider.hpp"
#include "infra/aws/iam_policy.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "infra/aws/instance.hpp"
#include "infra/aws/internet_gateway.hpp"
#include "infra/aws/lambda_function.hpp"
#include "infra/aws/lambda_invocation.hpp"
#include "infra/aws/lambda_permission.hpp"
#include "infra/aws/nat_gateway.hpp"
#include "infra/aws/rds_cluster.hpp"
#include "infra/aws/rds_cluster_instance.hpp"
#include "infra/aws/route.hpp"
#include "infra/aws/route_table.hpp"
#include "infra/aws/route_table_association.hpp"
#include "infra/aws/s3_bucket.hpp"
#include "infra/aws/s3_bucket_policy.hpp"
#include "infra/aws/s3_bucket_public_access_block.hpp"
#include "infra/aws/s3_bucket_server_side_encryption_configuration.hpp"
#include "infra/aws/s3_bucket_versioning.hpp"
#include "infra/aws/secretsmanager_secret.hpp"
#include "infra/aws/secretsmanager_secret_version.hpp"
#include "infra/aws/security_group.hpp"
#include "infra/aws/security_group_rule.hpp"
#include "infra/aws/ssm_parameter.hpp"
#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"
#include "infra/aws/vpc_endpoint.hpp"
#include "infra/aws/vpc_security_group_egress_rule.hpp"
#include "infra/aws/vpc_security_group_ingress_rule.hpp"

namespace validation_stacks {

using namespace infra::aws;
using infra::List;
using infra::Str;

infra::Stack& every_type_stack(infra::App& app, const infra::SettingsSource&) {
    auto& stack = app.add<infra::Stack>("every_type");
    add_aws_provider(stack);

    // Data sources.
    stack.add<data::AvailabilityZones>("zones");
    auto& caller = stack.add<data::CallerIdentity>("caller");
    stack.add<data::IamOpenidConnectProvider>(
        "github_provider_lookup", data::IamOpenidConnectProviderArgs{.url = "https://token.actions.githubusercontent.com"});
    stack.add<data::Partition>("partition");
    stack.add<data::Region>("region");
    stack.add<data::SsmParameter>("ami", data::SsmParameterArgs{.name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"});
    using Statement = data::IamPolicyDocumentArgs::Statement;
    auto& assume = stack.add<data::IamPolicyDocument>(
        "assume", data::IamPolicyDocumentArgs{.statement = {Statement{
                                                  .actions = List<Str>{"sts:AssumeRole"},
                                                  .principals = {{.identifiers = List<Str>{"lambda.amazonaws.com"},
                                                                  .type = "Service"}},
                                              }}});
    auto& read = stack.add<data::IamPolicyDocument>(
        "read", data::IamPolicyDocumentArgs{.statement = {Statement{
                                                .actions = List<Str>{"s3:GetObject"},
                                                .resources = List<Str>{Str("arn:aws:s3:::every-type-") + caller.account_id()},
                                            }}});

    // Network.
    auto& vpc = stack.add<Vpc>("vpc");
    auto& subnet = stack.add<Subnet>("subnet", SubnetArgs{.vpc_id = vpc.id()});
    stack.add<InternetGateway>("igw");
    stack.add<Eip>("eip");
    stack.add<NatGateway>("nat", NatGatewayArgs{.subnet_id = subnet.id()});
    auto& routes = stack.add<RouteTable>("routes", RouteTableArgs{.vpc_id = vpc.id()});
    // A route needs a destination and a target (provider rules).
    stack.add<Route>("route", RouteArgs{.destination_cidr_block = "0.0.0.0/0",
                                        .gateway_id = "igw-0123456789abcdef0",
                                        .route_table_id = routes.id()});
    // An association needs a subnet or a gateway (provider rule).
    stack.add<RouteTableAssociation>("association",
                                     RouteTableAssociationArgs{.route_table_id = routes.id(), .subnet_id = subnet.id()});
    auto& sg = stack.add<SecurityGroup>("sg");
    // A rule needs a source (provider rule): cidr_blocks.
    stack.add<SecurityGroupRule>("rule", SecurityGroupRuleArgs{.cidr_blocks = List<Str>{"10.0.0.0/8"},
                                                               .from_port = 443,
                                                               .protocol = "tcp",
                                                               .security_group_id = sg.id(),
                                                               .to_port = 443,
                                                               .type = "ingress"});
    // The new-style rules need a peer (provider rule): cidr_ipv4.
    stack.add<VpcSecurityGroupIngressRule>(
        "ingress",
        VpcSecurityGroupIngressRuleArgs{.cidr_ipv4 = "10.0.0.0/8", .ip_protocol = "-1", .security_group_id = sg.id()});
    stack.add<VpcSecurityGroupEgressRule>(
        "egress",
        VpcSecurityGroupEgressRuleArgs{.cidr_ipv4 = "0.0.0.0/0", .ip_protocol = "-1", .security_group_id = sg.id()});
    stack.add<VpcEndpoint>("endpoint", VpcEndpointArgs{.vpc_id = vpc.id()});
    stack.add<CloudwatchLogGroup>("logs");
    // A flow log needs what it watches (provider rule): the VPC.
    stack.add<FlowLog>("flow_log", FlowLogArgs{.vpc_id = vpc.id()});

    // Identity.
    auto& role = stack.add<IamRole>("role", IamRoleArgs{.assume_role_policy = assume.json()});
    auto& policy = stack.add<IamPolicy>("policy", IamPolicyArgs{.policy = read.json()});
    stack.add<IamRolePolicy>("inline", IamRolePolicyArgs{.policy = read.json(), .role = role.name()});
    stack.add<IamRolePolicyAttachment>("attachment",
                                       IamRolePolicyAttachmentArgs{.policy_arn = policy.arn(), .role = role.name()});
    stack.add<IamInstanceProfile>("profile");
    stack.add<IamOpenidConnectProvider>(
        "github", IamOpenidConnectProviderArgs{.client_id_list = List<Str>{"sts.amazonaws.com"},
                                               .url = "https://token.actions.githubusercontent.com"});

    // Database.
    auto& subnets = stack.add<DbSubnetGroup>("db_subnets", DbSubnetGroupArgs{.subnet_ids = List<Str>{subnet.id()}});
    (void)subnets;
    auto& cluster = stack.add<RdsCluster>("cluster", RdsClusterArgs{.engine = "aurora-postgresql"});
    stack.add<RdsClusterInstance>("instance", RdsClusterInstanceArgs{.cluster_identifier = cluster.id(),
                                                                     .engine = "aurora-postgresql",
                                                                     .instance_class = "db.serverless"});
    auto& secret = stack.add<SecretsmanagerSecret>("secret");
    stack.add<SecretsmanagerSecretVersion>("secret_version", SecretsmanagerSecretVersionArgs{.secret_id = secret.id()});
    auto& proxy = stack.add<DbProxy>("proxy", DbProxyArgs{.auth = {{.iam_auth = "REQUIRED", .secret_arn = secret.arn()}},
                                                          .engine_family = "POSTGRESQL",
                                                          .name = "every-type",
                                                          .role_arn = role.arn(),
                                                          .vpc_subnet_ids = List<Str>{subnet.id()}});
    auto& group = stack.add<DbProxyDefaultTargetGroup>("proxy_group",
                                                       DbProxyDefaultTargetGroupArgs{.db_proxy_name = proxy.name()});
    // A target needs what it points at (provider rule): the cluster.
    stack.add<DbProxyTarget>("proxy_target", DbProxyTargetArgs{.db_cluster_identifier = cluster.id(),
                                                               .db_proxy_name = proxy.name(),
                                                               .target_group_name = group.name()});
    stack.add<DynamodbTable>("table", DynamodbTableArgs{.name = "every-type"});

    // Compute and API.
    // A function needs its code (provider rule): a zip file.
    auto& fn = stack.add<LambdaFunction>(
        "fn", LambdaFunctionArgs{.filename = "handler.zip", .function_name = "every-type", .role = role.arn()});
    stack.add<LambdaInvocation>("invocation",
                                LambdaInvocationArgs{.function_name = fn.function_name(), .input = "{}"});
    stack.add<LambdaPermission>("permission", LambdaPermissionArgs{.action = "lambda:InvokeFunction",
                                                                   .function_name = fn.function_name(),
                                                                   .principal = "apigateway.amazonaws.com"});
    // An instance needs an image and a size, or a launch template (provider rule).
    stack.add<Instance>("bastion", InstanceArgs{.ami = "ami-0123456789abcdef0", .instance_type = "t3.micro"});
    auto& api = stack.add<ApiGatewayRestApi>("api", ApiGatewayRestApiArgs{.name = "every-type"});
    auto& resource = stack.add<ApiGatewayResource>(
        "animals", ApiGatewayResourceArgs{.parent_id = api.root_resource_id(), .path_part = "animals", .rest_api_id = api.id()});
    stack.add<ApiGatewayMethod>("get", ApiGatewayMethodArgs{.authorization = "NONE",
                                                            .http_method = "GET",
                                                            .resource_id = resource.id(),
                                                            .rest_api_id = api.id()});
    stack.add<ApiGatewayIntegration>("integration", ApiGatewayIntegrationArgs{.http_method = "GET",
                                                                              .resource_id = resource.id(),
                                                                              .rest_api_id = api.id(),
                                                                              .type = "MOCK"});
    auto& deployment = stack.add<ApiGatewayDeployment>("deployment", ApiGatewayDeploymentArgs{.rest_api_id = api.id()});
    auto& stage = stack.add<ApiGatewayStage>("stage", ApiGatewayStageArgs{.deployment_id = deployment.id(),
                                                                          .rest_api_id = api.id(),
                                                                          .stage_name = "dev"});
    stack.add<ApiGatewayMethodSettings>("settings", ApiGatewayMethodSettingsArgs{.method_path = "*/*",
                                                                                 .rest_api_id = api.id(),
                                                                                 .settings = {{}},
                                                                                 .stage_name = stage.stage_name()});
    stack.add<ApiGatewayAccount>("account");

    // Storage and configuration.
    auto& bucket = stack.add<S3Bucket>("bucket");
    stack.add<S3BucketPolicy>("bucket_policy", S3BucketPolicyArgs{.bucket = bucket.id(), .policy = read.json()});
    stack.add<S3BucketPublicAccessBlock>("public_access", S3BucketPublicAccessBlockArgs{.bucket = bucket.id()});
    stack.add<S3BucketServerSideEncryptionConfiguration>(
        "encryption", S3BucketServerSideEncryptionConfigurationArgs{.bucket = bucket.id(), .rule = {{}}});
    stack.add<S3BucketVersioning>(
        "versioning", S3BucketVersioningArgs{.bucket = bucket.id(), .versioning_configuration = {{.status = "Enabled"}}});
    // A parameter needs a value (provider rule).
    stack.add<SsmParameter>("parameter", SsmParameterArgs{.name = "/every-type/p", .type = "String", .value = "v"});
    return stack;
}

}  // namespace validation_stacks
