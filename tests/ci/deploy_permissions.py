"""What each environment's deploy role may do, derived from the resource
types the environment's stack contains, and checked by evaluating the
synthesized deploy policy as IAM would.

The table REQUESTS below is the derivation: for every resource and data
source type of the environment stacks, the API calls Terraform makes to
create, read, update and delete it, each with the resource it acts on and
the request context IAM sees. The deploy role of environment E must be
allowed every call of every type in E's stack (on E's names), and denied the
same calls on another environment's names, role writes without the
permissions boundary, and changes to the CI roles. A type without an entry
fails the test: a stack that gains a resource type needs its calls here and
in modules/github_oidc/github_deploy_policy.cpp.

Usage: deploy_permissions.py INFRA_BINARY [--set KEY=VALUE]...
"""

import fnmatch
import json
import pathlib
import subprocess
import sys
import tempfile

infra = sys.argv[1]
extra = sys.argv[2:]
ACCOUNT = "123456789012"
REGION = "us-east-1"
STATE_BUCKET = f"arn:aws:s3:::cloud-serverless-rds-terraform-state"
BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/cloud-serverless-rds-permissions-boundary"


def request(action, resource, **context):
    return (action, resource, context)


def requests_for(type_name, p):
    """The calls Terraform makes for a resource of `type_name` in the stack
    whose names start with `p` ("cloud-serverless-rds-dev")."""
    ec2 = lambda kind: f"arn:aws:ec2:{REGION}:{ACCOUNT}:{kind}/x-0123"
    rds = lambda kind: f"arn:aws:rds:{REGION}:{ACCOUNT}:{kind}:{p}-x"
    api = f"arn:aws:apigateway:{REGION}::/restapis/abc123"
    role = f"arn:aws:iam::{ACCOUNT}:role/{p}-lambda-role"
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{p}-get-animals"
    pass_to = lambda service: request("iam:PassRole", role, **{"iam:PassedToService": service})
    table = {
        "aws_vpc": [request(a, ec2("vpc")) for a in ("ec2:CreateVpc", "ec2:DescribeVpcs", "ec2:ModifyVpcAttribute",
                                                       "ec2:CreateTags", "ec2:DeleteVpc")],
        "aws_subnet": [request(a, ec2("subnet")) for a in ("ec2:CreateSubnet", "ec2:DescribeSubnets",
                                                             "ec2:ModifySubnetAttribute", "ec2:DeleteSubnet")],
        "aws_internet_gateway": [request(a, ec2("internet-gateway")) for a in (
            "ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
            "ec2:DeleteInternetGateway")],
        "aws_eip": [request(a, ec2("elastic-ip")) for a in ("ec2:AllocateAddress", "ec2:DescribeAddresses",
                                                              "ec2:ReleaseAddress")],
        "aws_nat_gateway": [request(a, ec2("natgateway")) for a in ("ec2:CreateNatGateway",
                                                                      "ec2:DescribeNatGateways",
                                                                      "ec2:DeleteNatGateway")],
        "aws_route_table": [request(a, ec2("route-table")) for a in ("ec2:CreateRouteTable",
                                                                       "ec2:DescribeRouteTables",
                                                                       "ec2:DeleteRouteTable")],
        "aws_route": [request(a, ec2("route-table")) for a in ("ec2:CreateRoute", "ec2:DeleteRoute")],
        "aws_route_table_association": [request(a, ec2("route-table")) for a in ("ec2:AssociateRouteTable",
                                                                                   "ec2:DisassociateRouteTable")],
        "aws_security_group": [request(a, ec2("security-group")) for a in (
            "ec2:CreateSecurityGroup", "ec2:DescribeSecurityGroups", "ec2:RevokeSecurityGroupEgress",
            "ec2:DeleteSecurityGroup",
            # Lambda's network interfaces still in the group when it is deleted.
            "ec2:DescribeNetworkInterfaces", "ec2:DetachNetworkInterface", "ec2:DeleteNetworkInterface")],
        "aws_vpc_security_group_ingress_rule": [request(a, ec2("security-group-rule")) for a in (
            "ec2:AuthorizeSecurityGroupIngress", "ec2:DescribeSecurityGroupRules", "ec2:RevokeSecurityGroupIngress")],
        "aws_vpc_security_group_egress_rule": [request(a, ec2("security-group-rule")) for a in (
            "ec2:AuthorizeSecurityGroupEgress", "ec2:DescribeSecurityGroupRules", "ec2:RevokeSecurityGroupEgress")],
        "aws_vpc_endpoint": [request(a, ec2("vpc-endpoint")) for a in ("ec2:CreateVpcEndpoint",
                                                                         "ec2:DescribeVpcEndpoints",
                                                                         "ec2:DeleteVpcEndpoints")],
        "aws_flow_log": [request(a, ec2("vpc-flow-log")) for a in ("ec2:CreateFlowLogs", "ec2:DescribeFlowLogs",
                                                                    "ec2:DeleteFlowLogs")]
                        + [pass_to("vpc-flow-logs.amazonaws.com")],
        "aws_instance": [request(a, ec2("instance")) for a in ("ec2:RunInstances", "ec2:DescribeInstances",
                                                                "ec2:DescribeInstanceAttribute",
                                                                "ec2:ModifyInstanceAttribute",
                                                                "ec2:ModifyInstanceMetadataOptions",
                                                                "ec2:DescribeInstanceCreditSpecifications",
                                                                "ec2:ModifyInstanceCreditSpecification",
                                                                "ec2:StopInstances", "ec2:StartInstances",
                                                                "ec2:TerminateInstances")]
                        + [pass_to("ec2.amazonaws.com")],
        "aws_db_subnet_group": [request(a, rds("subgrp")) for a in ("rds:CreateDBSubnetGroup",
                                                                     "rds:DescribeDBSubnetGroups",
                                                                     "rds:DeleteDBSubnetGroup")],
        "aws_rds_cluster": [request(a, rds("cluster")) for a in ("rds:CreateDBCluster", "rds:DescribeDBClusters",
                                                                  "rds:ModifyDBCluster", "rds:AddTagsToResource",
                                                                  "rds:ListTagsForResource",
                                                                  "rds:RemoveTagsFromResource",
                                                                  # the final snapshot
                                                                  "rds:CreateDBClusterSnapshot",
                                                                  "rds:DeleteDBCluster")]
                           # The RDS-managed master password: RDS creates the secret in the caller's name.
                           + [request(a, f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:rds!cluster-1a2b")
                              for a in ("secretsmanager:CreateSecret", "secretsmanager:TagResource")]
                           + [request("iam:CreateServiceLinkedRole",
                                      f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/rds.amazonaws.com/"
                                      "AWSServiceRoleForRDS", **{"iam:AWSServiceName": "rds.amazonaws.com"})],
        "aws_rds_cluster_instance": [request(a, rds("db")) for a in ("rds:CreateDBInstance",
                                                                      "rds:DescribeDBInstances",
                                                                      "rds:ModifyDBInstance",
                                                                      "rds:DeleteDBInstance")],
        "aws_db_proxy": [request(a, rds("db-proxy")) for a in ("rds:CreateDBProxy", "rds:DescribeDBProxies",
                                                                "rds:ModifyDBProxy", "rds:DeleteDBProxy")]
                        + [pass_to("rds.amazonaws.com")],
        "aws_db_proxy_default_target_group": [request(a, rds("target-group")) for a in (
            "rds:DescribeDBProxyTargetGroups", "rds:ModifyDBProxyTargetGroup")],
        "aws_db_proxy_target": [request(a, rds("target-group")) for a in ("rds:RegisterDBProxyTargets",
                                                                          "rds:DescribeDBProxyTargets",
                                                                          "rds:DeregisterDBProxyTargets")],
        "aws_lambda_function": [request(a, function) for a in ("lambda:CreateFunction", "lambda:GetFunction",
                                                                "lambda:UpdateFunctionCode",
                                                                "lambda:UpdateFunctionConfiguration",
                                                                "lambda:DeleteFunction")]
                               + [pass_to("lambda.amazonaws.com")],
        "aws_lambda_permission": [request(a, function) for a in ("lambda:AddPermission", "lambda:GetPolicy",
                                                                  "lambda:RemovePermission")],
        "aws_lambda_invocation": [request("lambda:InvokeFunction", function)],
        "aws_cloudwatch_log_group": [request(a, f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/{p}-get-animals")
                                     for a in ("logs:CreateLogGroup", "logs:PutRetentionPolicy",
                                               "logs:ListTagsForResource", "logs:DeleteLogGroup")]
                                    + [request("logs:DescribeLogGroups", "*")],
        "aws_secretsmanager_secret": [request(a, f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{p}-iam-token-user-AbCdEf")
                                      for a in ("secretsmanager:CreateSecret", "secretsmanager:DescribeSecret",
                                                "secretsmanager:GetResourcePolicy", "secretsmanager:DeleteSecret")],
        "aws_iam_role": [request(a, role) for a in ("iam:GetRole", "iam:TagRole", "iam:ListRolePolicies",
                                                     "iam:ListAttachedRolePolicies", "iam:DeleteRole")]
                        + [request("iam:CreateRole", role, **{"iam:PermissionsBoundary": BOUNDARY})],
        "aws_iam_role_policy": [request(a, role, **{"iam:PermissionsBoundary": BOUNDARY})
                                for a in ("iam:PutRolePolicy", "iam:DeleteRolePolicy")]
                               + [request("iam:GetRolePolicy", role)],
        "aws_iam_role_policy_attachment": [
            request(a, role, **{"iam:PermissionsBoundary": BOUNDARY,
                                "iam:PolicyARN": "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"})
            for a in ("iam:AttachRolePolicy", "iam:DetachRolePolicy")],
        "aws_iam_policy": [request(a, f"arn:aws:iam::{ACCOUNT}:policy/{p}-rds-connect")
                           for a in ("iam:CreatePolicy", "iam:GetPolicy", "iam:GetPolicyVersion",
                                     "iam:CreatePolicyVersion", "iam:DeletePolicy")],
        "aws_iam_instance_profile": [request(a, f"arn:aws:iam::{ACCOUNT}:instance-profile/{p}-ec2-profile")
                                     for a in ("iam:CreateInstanceProfile", "iam:GetInstanceProfile",
                                               "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
                                               "iam:DeleteInstanceProfile")],
        "aws_api_gateway_rest_api": [request(f"apigateway:{m}", api) for m in ("POST", "GET", "PUT", "PATCH",
                                                                              "DELETE")],
        "data.aws_ssm_parameter": [request(a, f"arn:aws:ssm:{REGION}::parameter/aws/service/ami-amazon-linux-latest/"
                                              "al2023-ami-kernel-default-x86_64")
                                   for a in ("ssm:GetParameter", "ssm:GetParameters")],
        "data.terraform_remote_state": [request("s3:GetObject", f"{STATE_BUCKET}/bootstrap/terraform.tfstate")],
        "data.aws_iam_policy_document": [],  # rendered by the provider, no call
        "terraform_data": [],  # terraform's own, no call
    }
    for sub in ("deployment", "integration", "method", "method_settings", "resource", "stage"):
        table[f"aws_api_gateway_{sub}"] = table["aws_api_gateway_rest_api"]
    return table.get(type_name)


def evaluate(statements, action, resource, context):
    """IAM's decision for one request: an explicit Deny wins, then any Allow
    whose action, resource and every condition match."""
    def matches(statement):
        if not any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in statement["actions"]):
            return False
        if not any(fnmatch.fnmatchcase(resource, r) for r in statement["resources"]):
            return False
        for condition in statement.get("condition", []):
            value = context.get(condition["variable"])
            if condition["test"] == "StringNotEquals":
                # A negated operator matches a request without the key.
                if value is not None and value in condition["values"]:
                    return False
                continue
            if value is None:
                return False
            if condition["test"] in ("StringEquals", "ArnEquals"):
                if value not in condition["values"]:
                    return False
            elif condition["test"] in ("StringLike", "ArnLike"):
                if not any(fnmatch.fnmatchcase(value, v) for v in condition["values"]):
                    return False
            else:
                return False
        return True

    relevant = [s for s in statements if matches(s)]
    if any(s["effect"] == "Deny" for s in relevant):
        return "denied"
    return "allowed" if any(s["effect"] == "Allow" for s in relevant) else "not allowed"


def resolved(document):
    """The policy document with the references terraform resolves at apply
    time replaced by the values they take in the test account."""
    text = json.dumps(document)
    text = text.replace("${aws_s3_bucket.state_bucket.arn}", STATE_BUCKET)
    text = text.replace("${aws_iam_policy.permissions_boundary_policy.arn}", BOUNDARY)
    return json.loads(text)["statement"]


failures = []
checked = 0
with tempfile.TemporaryDirectory() as work:
    # A stand-in package folder, so the functions' dependency check passes.
    (pathlib.Path(work) / "deps" / "pg8000").mkdir(parents=True)
    (pathlib.Path(work) / "deps" / "pg8000" / "__init__.py").write_text("# stand-in\n")
    command = [infra, "-q", "synth", "--out", work + "/out", "--set", f"lambda_dependencies={work}/deps"] + extra
    subprocess.run(command, check=True)
    out = pathlib.Path(work) / "out" / "stacks"
    bootstrap = json.loads((out / "bootstrap" / "main.tf.json").read_text())
    documents = bootstrap["data"]["aws_iam_policy_document"]
    roles = bootstrap["output"]["github_deploy_role_arns"]["value"]
    environments = sorted(roles)
    # Who may assume what: each deploy role its environment only; pull
    # requests the plan role only, and no role when plans are off.
    plans = "github_pull_request_plans=false" not in extra
    for role_id, role in bootstrap["resource"]["aws_iam_role"].items():
        trust = json.dumps(documents.get(role["assume_role_policy"].removeprefix("${data.aws_iam_policy_document.")
                                         .removesuffix(".json}"), {}))
        if ":pull_request" in trust and (role_id != "github_plan_role" or not plans):
            failures.append(f"role {role_id} trusts pull requests")
    if plans != ("github_plan_role" in bootstrap["resource"]["aws_iam_role"]):
        failures.append(f"the plan role is {'missing' if plans else 'there although pull request plans are off'}")
    for environment in environments:
        stack_file = out / environment / "main.tf.json"
        if not stack_file.exists():
            print(f"  {environment}: a deploy role without a stack of that name (nothing to deploy yet)")
            continue
        stack = json.loads(stack_file.read_text())
        role_id = roles[environment].removeprefix("${aws_iam_role.").removesuffix(".arn}")
        document_id = bootstrap["resource"]["aws_iam_role_policy"][role_id.removesuffix("_role") + "_policy"][
            "policy"].removeprefix("${data.aws_iam_policy_document.").removesuffix(".json}")
        statements = resolved(documents[document_id])
        prefix = f"cloud-serverless-rds-{environment}"
        types = sorted(set(stack.get("resource", {})) | {"data." + t for t in stack.get("data", {})})
        for type_name in types:
            calls = requests_for(type_name, prefix)
            if calls is None:
                failures.append(f"{environment}: resource type {type_name} has no entry in the deploy-permission "
                                "table of tests/ci/deploy_permissions.py; add the calls it needs and grant them in "
                                "modules/github_oidc/github_deploy_policy.cpp")
                continue
            for action, resource, context in calls:
                checked += 1
                decision = evaluate(statements, action, resource, {"aws:RequestedRegion": REGION, **context})
                if decision != "allowed":
                    failures.append(f"{environment} deploy role: {action} on {resource} ({type_name}) is {decision}")
        # What the role must not do.
        other = next((e for e in environments if e != environment), "other")
        own_role = f"arn:aws:iam::{ACCOUNT}:role/cloud-serverless-rds-{environment}-github-actions"
        forbidden = [
            request("lambda:UpdateFunctionCode", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:cloud-serverless-rds-{other}-get-animals"),
            request("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:cloud-serverless-rds-{other}-iam-token-user-AbCdEf"),
            request("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:rds!cluster-1a2b"),
            request("s3:PutObject", f"{STATE_BUCKET}/{other}/terraform.tfstate"),
            request("s3:PutObject", f"{STATE_BUCKET}/bootstrap/terraform.tfstate"),
            request("iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role"),
            request("iam:PutRolePolicy", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role"),
            request("iam:PutRolePolicy", own_role, **{"iam:PermissionsBoundary": BOUNDARY}),
            request("iam:UpdateAssumeRolePolicy", own_role),
            request("iam:AttachRolePolicy", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role",
                    **{"iam:PermissionsBoundary": BOUNDARY,
                       "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}),
            request("iam:PassRole", own_role, **{"iam:PassedToService": "lambda.amazonaws.com"}),
            request("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role",
                    **{"iam:PassedToService": "codebuild.amazonaws.com"}),
            request("iam:PutRolePolicy", f"arn:aws:iam::{ACCOUNT}:role/cloud-serverless-rds-ci-tester",
                    **{"iam:PermissionsBoundary": BOUNDARY}),
            request("iam:DeleteRolePermissionsBoundary", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role"),
            request("iam:CreatePolicyVersion", BOUNDARY),
            request("ssm:SendCommand", f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0123"),
            # Sharing a snapshot or an image with another account.
            request("rds:ModifyDBClusterSnapshotAttribute", f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster-snapshot:s"),
            request("ec2:ModifySnapshotAttribute", f"arn:aws:ec2:{REGION}::snapshot/snap-0123"),
            request("ec2:ModifyImageAttribute", f"arn:aws:ec2:{REGION}::image/ami-0123"),
            request("ec2:CreateKeyPair", f"arn:aws:ec2:{REGION}:{ACCOUNT}:key-pair/k"),
            request("apigateway:POST", "arn:aws:apigateway:eu-west-1::/restapis",
                    **{"aws:RequestedRegion": "eu-west-1"}),
            request("ec2:RunInstances", f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/i-0123",
                    **{"aws:RequestedRegion": "eu-west-1"}),
        ]
        for action, resource, context in forbidden:
            checked += 1
            decision = evaluate(statements, action, resource, {"aws:RequestedRegion": REGION, **context})
            if decision == "allowed":
                failures.append(f"{environment} deploy role may {action} on {resource} {context or ''}")
        # A team may attach broad managed policies to the role
        # (github_deploy_role_policy_arns); with AdministratorAccess, the
        # explicit Denies must still keep every way out of the boundary shut.
        administrator = statements + [{"actions": ["*"], "resources": ["*"], "effect": "Allow"}]
        unbounded_role = f"arn:aws:iam::{ACCOUNT}:role/escape-hatch"
        escapes = [
            request("iam:CreateRole", unbounded_role),
            request("iam:CreateRole", unbounded_role,
                    **{"iam:PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/other-boundary"}),
            request("iam:PutRolePolicy", unbounded_role),
            request("iam:AttachRolePolicy", unbounded_role,
                    **{"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}),
            request("iam:PutRolePermissionsBoundary", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role",
                    **{"iam:PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/other-boundary"}),
            request("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/escape"),
            request("iam:CreateAccessKey", f"arn:aws:iam::{ACCOUNT}:user/admin"),
            request("iam:AttachUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/escape",
                    **{"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}),
            request("iam:PutRolePolicy", own_role, **{"iam:PermissionsBoundary": BOUNDARY}),
            request("iam:DeleteRolePermissionsBoundary", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role"),
            request("iam:CreatePolicyVersion", BOUNDARY),
        ]
        for action, resource, context in escapes:
            checked += 1
            decision = evaluate(administrator, action, resource, {"aws:RequestedRegion": REGION, **context})
            if decision != "denied":
                failures.append(f"{environment} deploy role with AdministratorAccess attached may {action} on "
                                f"{resource} {context or ''}")
        # ... while the stacks' own bounded roles can still be created.
        checked += 1
        bounded = request("iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/{prefix}-lambda-role",
                          **{"iam:PermissionsBoundary": BOUNDARY})
        if evaluate(administrator, bounded[0], bounded[1], {"aws:RequestedRegion": REGION, **bounded[2]}) != "allowed":
            failures.append(f"{environment} deploy role with AdministratorAccess attached cannot create a bounded role")
        print(f"  {environment}: {len(types)} resource types, every call allowed on its own names; "
              f"{len(escapes)} ways out of the boundary denied even with AdministratorAccess attached")

for failure in failures:
    print("FAILED:", failure)
if failures:
    sys.exit(1)
print(f"PASSED: {checked} calls of the deploy roles of {', '.join(environments)} decided as IAM would")
