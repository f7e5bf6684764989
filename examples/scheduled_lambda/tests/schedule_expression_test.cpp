#include "scheduled_function/schedule_expression.hpp"

#include <catch2/catch.hpp>

using scheduled_lambda::schedule_expression_problem;

TEST_CASE("schedule expressions EventBridge rules accept") {
    for (const char* ok : {"rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)",
                           "rate(7 days)", "cron(0 3 * * ? *)", "cron(0/15 8-17 ? * MON-FRI *)"}) {
        INFO(ok);
        CHECK(schedule_expression_problem(ok).empty());
    }
}

TEST_CASE("schedule expressions EventBridge rules reject, with the reason") {
    CHECK_THAT(schedule_expression_problem(""), Catch::Contains("empty"));
    CHECK_THAT(schedule_expression_problem("rate(1 minutes)"), Catch::Contains("a rate of 1 takes \"minute\""));
    CHECK_THAT(schedule_expression_problem("rate(5 minute)"), Catch::Contains("a rate of 5 takes \"minutes\""));
    CHECK_THAT(schedule_expression_problem("rate(0 minutes)"), Catch::Contains("positive whole number"));
    CHECK_THAT(schedule_expression_problem("rate(1.5 hours)"), Catch::Contains("positive whole number"));
    CHECK_THAT(schedule_expression_problem("rate(2 weeks)"), Catch::Contains("\"weeks\" is not minute(s)"));
    CHECK_THAT(schedule_expression_problem("cron(0 3 * * ?)"), Catch::Contains("this one has 5"));
    CHECK_THAT(schedule_expression_problem("every 5 minutes"), Catch::Contains("neither"));
    CHECK_THAT(schedule_expression_problem("at(2030-01-01T00:00:00)"), Catch::Contains("neither"));
}
