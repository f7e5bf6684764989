#!/usr/bin/env python3
"""Lists, through the emulator's AWS API, everything the app's stacks create
that still exists, and exits 1 when anything is left but what is kept on
purpose: the final snapshots of destroyed clusters (db_final_snapshot);
secrets already scheduled for deletion (a recovery window) count as deleted.

Usage: leftovers.py ENDPOINT PROJECT [EXPECTED_FINAL_SNAPSHOTS [KEPT_BUCKET]]
PROJECT is the prefix of every name the stacks give ("cloud-serverless-rds").
With EXPECTED_FINAL_SNAPSHOTS, exactly that many final snapshots must exist,
each with its own name. KEPT_BUCKET is a bucket left on purpose (the state
bucket, which moto cannot empty).
"""
import sys

import boto3

endpoint, project = sys.argv[1], sys.argv[2]
expected_snapshots = int(sys.argv[3]) if len(sys.argv) > 3 else None
kept_bucket = sys.argv[4] if len(sys.argv) > 4 else None
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")


def client(service):
    return session.client(service, endpoint_url=endpoint)


left, kept = [], []
ec2 = client("ec2")
vpcs = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
left += [f"VPC {v}" for v in vpcs]
in_app_vpc = [{"Name": "vpc-id", "Values": vpcs}] if vpcs else None
if in_app_vpc:
    left += [f"subnet {s['SubnetId']}" for s in ec2.describe_subnets(Filters=in_app_vpc)["Subnets"]]
    left += [f"security group {g['GroupName']}" for g in ec2.describe_security_groups(Filters=in_app_vpc)["SecurityGroups"]
             if g["GroupName"] != "default"]
    left += [f"VPC endpoint {e['VpcEndpointId']}" for e in ec2.describe_vpc_endpoints(Filters=in_app_vpc)["VpcEndpoints"]
             if e.get("State", "").lower() not in ("deleted", "deleting")]
left += [f"NAT gateway {n['NatGatewayId']}" for n in ec2.describe_nat_gateways()["NatGateways"]
         if n["State"] not in ("deleted", "deleting")]
left += [f"internet gateway {g['InternetGatewayId']}" for g in ec2.describe_internet_gateways()["InternetGateways"]
         if any(a["VpcId"] in vpcs for a in g.get("Attachments", [])) or
         any(t["Key"] == "Project" and t["Value"] == project for t in g.get("Tags", []))]
left += [f"elastic IP {a['AllocationId']}" for a in ec2.describe_addresses()["Addresses"]]
for r in ec2.describe_instances()["Reservations"]:
    left += [f"instance {i['InstanceId']}" for i in r["Instances"] if i["State"]["Name"] not in ("terminated", "shutting-down")]

rds = client("rds")
left += [f"DB cluster {c['DBClusterIdentifier']}" for c in rds.describe_db_clusters()["DBClusters"]]
left += [f"DB instance {i['DBInstanceIdentifier']}" for i in rds.describe_db_instances()["DBInstances"]]
left += [f"DB proxy {p['DBProxyName']}" for p in rds.describe_db_proxies()["DBProxies"]]
left += [f"DB subnet group {g['DBSubnetGroupName']}" for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]
         if g["DBSubnetGroupName"] != "default"]
final_snapshots = []
for s in rds.describe_db_cluster_snapshots()["DBClusterSnapshots"]:
    name = s["DBClusterSnapshotIdentifier"]
    if s.get("SnapshotType") == "manual" and "-aurora-final-" in name:
        final_snapshots.append(name)
    elif s.get("SnapshotType") != "automated":
        left.append(f"DB cluster snapshot {name}")
kept += [f"final snapshot {n}" for n in final_snapshots]

left += [f"Lambda function {f['FunctionName']}" for f in client("lambda").list_functions()["Functions"]]
left += [f"REST API {a['name']}" for a in client("apigateway").get_rest_apis()["items"]]
left += [f"log group {g['logGroupName']}" for g in client("logs").describe_log_groups()["logGroups"]
         if project in g["logGroupName"]]
# Secrets scheduled for deletion (a recovery window) are not listed.
left += [f"secret {s['Name']}" for s in client("secretsmanager").list_secrets()["SecretList"]]

iam = client("iam")
left += [f"IAM role {r['RoleName']}" for r in iam.list_roles()["Roles"] if r["RoleName"].startswith(project)]
left += [f"IAM policy {p['PolicyName']}" for p in iam.list_policies(Scope="Local")["Policies"]
         if p["PolicyName"].startswith(project)]
left += [f"instance profile {p['InstanceProfileName']}" for p in iam.list_instance_profiles()["InstanceProfiles"]
         if p["InstanceProfileName"].startswith(project)]
left += [f"OIDC provider {p['Arn']}" for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
for b in client("s3").list_buckets()["Buckets"]:
    (kept if b["Name"] == kept_bucket else left).append(f"S3 bucket {b['Name']}")
left += [f"DynamoDB table {t}" for t in client("dynamodb").list_tables()["TableNames"]]
left += [f"EventBridge rule {r['Name']}" for r in client("events").list_rules()["Rules"] if r["Name"].startswith(project)]

for k in kept:
    print(f"  kept on purpose: {k}")
for item in left:
    print(f"LEFT BEHIND: {item}")
failed = bool(left)
if expected_snapshots is not None and len(set(final_snapshots)) != expected_snapshots:
    print(f"FAILED: {len(set(final_snapshots))} distinct final snapshots, expected {expected_snapshots}")
    failed = True
if failed:
    sys.exit(1)
print(f"nothing the stacks created is left ({len(kept)} kept on purpose)")
