// VPC flow logs of all traffic into a CloudWatch log group, delivered by a
// role that may write to that group only.
#include "iam/inline_role_policy.hpp"
#include "iam/service_trust_policy.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/flow_log.hpp"
#include "infra/aws/iam_role.hpp"
#include "network/network.hpp"

namespace crud_api::modules {
using namespace infra;

void Network::create_flow_logs(aws::Vpc& vpc) {
    auto& group = add<aws::CloudwatchLogGroup>("flow_log_group",
                                               aws::CloudwatchLogGroupArgs{
                                                   .name = "/aws/vpc-flow-logs/" + props_.name_prefix,
                                                   .retention_in_days = props_.flow_log_retention_days,
                                                   .tags = Map<Str>{{"Name", name("flow-logs")}},
                                               });
    auto& trust = service_trust_policy(*this, "flow_log_trust_policy", "vpc-flow-logs.amazonaws.com");
    auto& role = add<aws::IamRole>("flow_log_role", aws::IamRoleArgs{
                                                        .assume_role_policy = trust.json(),
                                                        .description = "Delivers the VPC flow logs to CloudWatch Logs",
                                                        .name = name("vpc-flow-logs"),
                                                        .tags = Map<Str>{{"Name", name("vpc-flow-logs")}},
                                                    });
    inline_role_policy(*this, {.document_id = "flow_log_policy_document",
                               .policy_id = "flow_log_role_policy",
                               .name = name("vpc-flow-logs"),
                               .role = role.name(),
                               .statements = {{
                                   .actions = List<Str>{"logs:CreateLogStream", "logs:PutLogEvents",
                                                        "logs:DescribeLogStreams"},
                                   .effect = "Allow",
                                   // The group itself and its streams (arn:...:log-group:NAME:*).
                                   .resources = List<Str>{group.arn(), group.arn() + ":*"},
                               }}});
    add<aws::FlowLog>("flow_log", aws::FlowLogArgs{
                                      .iam_role_arn = role.arn(),
                                      .log_destination = group.arn(),
                                      .log_destination_type = "cloud-watch-logs",
                                      .tags = Map<Str>{{"Name", name("flow-log")}},
                                      .traffic_type = "ALL",
                                      .vpc_id = vpc.id(),
                                  });
}

}  // namespace crud_api::modules
