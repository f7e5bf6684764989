// References to elements with count or for_each: one instance (at), all of
// them (splat), the dependency they keep, across stacks too, and the
// synthesis error for an attribute reference that names no instance.
#include "cross_stack_references.hpp"
#include "dependency_graph.hpp"
#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "infra/output.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

namespace {

struct Queues : DevStack {
    Resource& jobs = dev.add<Resource>("jobs", "aws_sqs_queue");
    Resource& workers = dev.add<Resource>("workers", "aws_instance");
    Resource& alarm = dev.add<Resource>("alarm", "aws_cloudwatch_metric_alarm");
    Queues() {
        jobs.set_for_each(Value::map({{"fast", 10}, {"slow", 300}}));
        jobs.set("name", expr::each_key());
        workers.set_count(2);
    }
};

std::vector<std::string> error_messages(const SynthesisError& e) {
    std::vector<std::string> out;
    for (const Diagnostic& d : e.errors()) out.push_back(d.path + ": " + d.message);
    return out;
}

// The errors a synthesis of `app` fails with.
std::vector<std::string> synthesis_errors(App& app) {
    try {
        synthesize(app);
    } catch (const SynthesisError& e) {
        return error_messages(e);
    }
    FAIL("synthesis succeeded");
    return {};
}

}  // namespace

TEST_CASE("instances: one instance of a for_each resource, by key, keeps the dependency") {
    Queues t;
    t.alarm.set("alarm_actions", Value::list({t.jobs.at("fast").attr("arn")}));
    t.alarm.set("dimensions", Value::map({{"QueueName", t.jobs.at("slow").str_attr("name")}}));

    const json doc = synth(t.dev);
    const json& alarm = resource(doc, "aws_cloudwatch_metric_alarm", "alarm");
    CHECK(alarm["alarm_actions"] == json::array({"${aws_sqs_queue.jobs[\"fast\"].arn}"}));
    CHECK(alarm["dimensions"]["QueueName"] == "${aws_sqs_queue.jobs[\"slow\"].name}");
    const auto deps = dependencies_of(t.alarm);
    CHECK(std::find(deps.begin(), deps.end(), &t.jobs) != deps.end());
}

TEST_CASE("instances: a key or an index may be an expression, whose references are dependencies too") {
    Queues t;
    auto& pick = t.dev.add<Variable>("pick", VariableConfig{.type = "string"});
    // A for_each over the same keys reads the instance of its own key.
    auto& policies = t.dev.add<Resource>("policies", "aws_sqs_queue_policy");
    policies.set_for_each(Value::map({{"fast", 1}, {"slow", 2}}));
    policies.set("queue_url", t.jobs.at(expr::each_key()).attr("url"));
    auto& disks = t.dev.add<Resource>("disks", "aws_ebs_volume");
    disks.set_count(2);
    disks.set("availability_zone", t.workers.at(expr::count_index()).attr("availability_zone"));
    t.alarm.set("alarm_actions", Value::list({t.jobs.at(pick.as_str()).attr("arn")}));

    const json doc = synth(t.dev);
    CHECK(resource(doc, "aws_sqs_queue_policy", "policies")["queue_url"] == "${aws_sqs_queue.jobs[each.key].url}");
    CHECK(resource(doc, "aws_ebs_volume", "disks")["availability_zone"] ==
          "${aws_instance.workers[count.index].availability_zone}");
    CHECK(resource(doc, "aws_cloudwatch_metric_alarm", "alarm")["alarm_actions"] ==
          json::array({"${aws_sqs_queue.jobs[var.pick].arn}"}));
    const auto deps = dependencies_of(t.alarm);
    CHECK(std::find(deps.begin(), deps.end(), &t.jobs) != deps.end());
    CHECK(std::find(deps.begin(), deps.end(), &pick) != deps.end());
}

TEST_CASE("instances: one instance of a counted resource or data source, by index") {
    Queues t;
    auto& zones = t.dev.add<DataSource>("zones", "aws_subnet");
    zones.set_count(3);
    t.alarm.set("alarm_actions", Value::list({t.workers.at(1).attr("arn")}));
    t.alarm.set("namespace", zones.at(std::size_t{2}).str_attr("availability_zone"));

    const json doc = synth(t.dev);
    const json& alarm = resource(doc, "aws_cloudwatch_metric_alarm", "alarm");
    CHECK(alarm["alarm_actions"] == json::array({"${aws_instance.workers[1].arn}"}));
    CHECK(alarm["namespace"] == "${data.aws_subnet.zones[2].availability_zone}");
    const auto deps = dependencies_of(t.alarm);
    CHECK(std::find(deps.begin(), deps.end(), &t.workers) != deps.end());
    CHECK(std::find(deps.begin(), deps.end(), &zones) != deps.end());
}

TEST_CASE("instances: all of them, with [*] (values() first for for_each, whose instances are a map)") {
    Queues t;
    t.alarm.set("alarm_actions", t.workers.splat().attr("arn"));
    t.alarm.set("ok_actions", t.jobs.splat().attr("arn"));
    t.alarm.set("insufficient_data_actions", t.jobs.splat().attr("tags.Team"));

    const json doc = synth(t.dev);
    const json& alarm = resource(doc, "aws_cloudwatch_metric_alarm", "alarm");
    CHECK(alarm["alarm_actions"] == "${aws_instance.workers[*].arn}");
    CHECK(alarm["ok_actions"] == "${values(aws_sqs_queue.jobs)[*].arn}");
    CHECK(alarm["insufficient_data_actions"] == "${values(aws_sqs_queue.jobs)[*].tags.Team}");
    const auto deps = dependencies_of(t.alarm);
    CHECK(std::find(deps.begin(), deps.end(), &t.workers) != deps.end());
    CHECK(std::find(deps.begin(), deps.end(), &t.jobs) != deps.end());
}

TEST_CASE("instances: an attribute reference that names no instance is a synthesis error naming the fix") {
    Queues t;
    t.alarm.set("alarm_actions", Value::list({t.jobs.attr("arn"), t.jobs.attr("arn")}));
    auto& other = t.dev.add<Resource>("other", "aws_cloudwatch_metric_alarm");
    other.set("alarm_actions", Value::list({Str("x-") + t.workers.str_attr("arn")}));

    const auto errors = synthesis_errors(t.app);
    // One error per element and reference, at the element that holds it.
    CHECK(errors == std::vector<std::string>{
                        "dev/alarm: reference to aws_sqs_queue.jobs.arn: the resource has for_each, so name one "
                        "instance (jobs.at(key).arn()) or all of them (jobs.splat().arn())",
                        "dev/other: reference to aws_instance.workers.arn: the resource has count, so name one "
                        "instance (workers.at(index).arn()) or all of them (workers.splat().arn())",
                    });
}

TEST_CASE("instances: the whole collection, depends_on and the element's own count.index stay allowed") {
    Queues t;
    t.alarm.depends_on(t.jobs);
    t.alarm.set("dimensions", expr::call("keys", {expr::ref(t.jobs, "")}));
    t.workers.set("tags", Value::map({{"Index", expr::count_index()}}));
    t.alarm.set_lifecycle(Lifecycle{.replace_triggered_by = {expr::ref(t.workers, "")}});

    const json doc = synth(t.dev);
    const json& alarm = resource(doc, "aws_cloudwatch_metric_alarm", "alarm");
    CHECK(alarm["depends_on"] == json::array({"aws_sqs_queue.jobs"}));
    CHECK(alarm["dimensions"] == "${keys(aws_sqs_queue.jobs)}");
    CHECK(alarm["lifecycle"]["replace_triggered_by"] == json::array({"aws_instance.workers"}));
}

TEST_CASE("instances: at() and splat() on an element with neither count nor for_each, or with the wrong key") {
    Queues t;
    CHECK(error_of([&] { t.alarm.at("a"); }) ==
          "dev/alarm: at(\"a\"): the resource has neither count nor for_each, so it has one instance: refer to "
          "its attributes directly");
    CHECK_THROWS_MATCHES(t.alarm.at(0), Error, message_has({"dev/alarm", "at(0)", "neither count nor for_each"}));
    CHECK_THROWS_MATCHES(t.alarm.splat(), Error, message_has({"dev/alarm", "splat()", "neither count nor for_each"}));
    CHECK(error_of([&] { t.jobs.at(0); }) ==
          "dev/jobs: at(0): the resource has for_each, whose instances are named by key: at(\"<key>\")");
    CHECK(error_of([&] { t.workers.at("a"); }) ==
          "dev/workers: at(\"a\"): the resource has count, whose instances are numbered from 0: at(<index>)");
    CHECK_THROWS_MATCHES(t.workers.at(-1), Error, message_has({"dev/workers", "at(-1)", "whole number, 0 or more"}));
    CHECK_THROWS_MATCHES(t.workers.at(1.5), Error, message_has({"dev/workers", "at(1.5)", "whole number"}));
    CHECK_THROWS_MATCHES(t.jobs.at(Value::list({})), Error, message_has({"dev/jobs", "a key is a string"}));
}

TEST_CASE("instances: across stacks, the output carries every instance and the reader picks its own") {
    App app;
    auto& shared = app.add<Stack>("shared");
    auto& dev = app.add<Stack>("dev");
    auto& jobs = shared.add<Resource>("jobs", "aws_sqs_queue");
    jobs.set_for_each(Value::map({{"fast", 10}}));
    auto& workers = shared.add<Resource>("workers", "aws_instance");
    workers.set_count(2);
    auto& alarm = dev.add<Resource>("alarm", "aws_cloudwatch_metric_alarm");
    alarm.set("alarm_actions", Value::list({jobs.at("fast").attr("arn"), workers.at(1).attr("arn")}));
    alarm.set("ok_actions", jobs.splat().attr("arn"));
    alarm.set("insufficient_data_actions", workers.splat().attr("arn"));

    const SynthesisResult result = synthesize(app, {"dev"});
    REQUIRE(result.stacks.size() == 2);
    const json shared_doc = json::parse(result.stacks[0].json);
    const json dev_doc = json::parse(result.stacks[1].json);
    CHECK(shared_doc["output"]["cross_stack_aws_sqs_queue_jobs_arn"]["value"] ==
          "${zipmap(keys(aws_sqs_queue.jobs), values(aws_sqs_queue.jobs)[*].arn)}");
    CHECK(shared_doc["output"]["cross_stack_aws_instance_workers_arn"]["value"] == "${aws_instance.workers[*].arn}");
    const json& a = resource(dev_doc, "aws_cloudwatch_metric_alarm", "alarm");
    const std::string outputs = "data.terraform_remote_state.shared.outputs.";
    CHECK(a["alarm_actions"] == json::array({"${" + outputs + "cross_stack_aws_sqs_queue_jobs_arn[\"fast\"]}",
                                             "${" + outputs + "cross_stack_aws_instance_workers_arn[1]}"}));
    CHECK(a["ok_actions"] == "${values(" + outputs + "cross_stack_aws_sqs_queue_jobs_arn)}");
    CHECK(a["insufficient_data_actions"] == "${" + outputs + "cross_stack_aws_instance_workers_arn}");
}

TEST_CASE("instances: across stacks, a reference that names no instance is one error, at the reader") {
    App app;
    auto& shared = app.add<Stack>("shared");
    auto& dev = app.add<Stack>("dev");
    auto& workers = shared.add<Resource>("workers", "aws_instance");
    workers.set_count(2);
    dev.add<Resource>("alarm", "aws_cloudwatch_metric_alarm").set("alarm_actions", workers.attr("arn"));

    CHECK(synthesis_errors(app) == std::vector<std::string>{
                                       "dev/alarm: reference to aws_instance.workers.arn: the resource has count, so "
                                       "name one instance (workers.at(index).arn()) or all of them "
                                       "(workers.splat().arn())"});
    CHECK(shared.find_child(cross_stack_output_name(workers, "arn")) == nullptr);
}
