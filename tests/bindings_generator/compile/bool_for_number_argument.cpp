// Must NOT compile: retention_in_days is a Num, and true is a bool.
#include "infra/app.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"

void build(infra::Stack& stack) {
    stack.add<infra::aws::CloudwatchLogGroup>("logs", infra::aws::CloudwatchLogGroupArgs{.retention_in_days = true});
}
