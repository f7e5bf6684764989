// The typed helpers for Terraform's built-in functions render to the exact
// HCL a person would write.
#include "infra/app.hpp"
#include "expression_renderer.hpp"
#include "infra/functions.hpp"
#include "infra/local.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

namespace {

struct Fixture : DevStack {
    Resource& vpc = dev.add<Resource>("vpc", "aws_vpc");
    Variable& cidr = dev.add<Variable>("cidr", VariableConfig{.type = "string"});
    Variable& names = dev.add<Variable>("names", VariableConfig{.type = "list(string)"});

    std::string hcl(const Value& v) const {
        REQUIRE(v.is_expr());
        return render_hcl(v.as_expr(), RenderContext{&dev});
    }
};

}  // namespace

TEST_CASE("cidrsubnet and cidrhost") {
    Fixture f;
    CHECK(f.hcl(fn::cidrsubnet(f.cidr.as_str(), 8, 1)) == "cidrsubnet(var.cidr, 8, 1)");
    CHECK(f.hcl(fn::cidrsubnet(f.vpc.str_attr("cidr_block"), 4, expr::count_index())) ==
          "cidrsubnet(aws_vpc.vpc.cidr_block, 4, count.index)");
    CHECK(f.hcl(fn::cidrsubnet("10.0.0.0/16", 8, 255)) == "cidrsubnet(\"10.0.0.0/16\", 8, 255)");
    CHECK(f.hcl(fn::cidrhost("10.0.1.0/24", 5)) == "cidrhost(\"10.0.1.0/24\", 5)");
}

TEST_CASE("jsonencode of a map with a reference inside") {
    Fixture f;
    const Str policy = fn::jsonencode(Value::map({
        {"Version", "2012-10-17"},
        {"Statement", Value::list({Value::map({
                          {"Effect", "Allow"},
                          {"Action", Value::list({"s3:GetObject"})},
                          {"Resource", Str("arn:aws:s3:::") + f.vpc.str_attr("id") + Str("/*")},
                      })})},
    }));
    CHECK(f.hcl(policy) ==
          "jsonencode({\"Statement\" = [{\"Action\" = [\"s3:GetObject\"], \"Effect\" = \"Allow\", \"Resource\" = "
          "\"arn:aws:s3:::${aws_vpc.vpc.id}/*\"}], \"Version\" = \"2012-10-17\"})");

    // In the document it is one interpolation, and the reference counts.
    auto& bucket_policy = f.dev.add<Resource>("policy", "aws_s3_bucket_policy");
    bucket_policy.set("policy", policy);
    const json doc = synth(f.dev);
    CHECK(resource(doc, "aws_s3_bucket_policy", "policy")["policy"] ==
          "${jsonencode({\"Statement\" = [{\"Action\" = [\"s3:GetObject\"], \"Effect\" = \"Allow\", \"Resource\" = "
          "\"arn:aws:s3:::${aws_vpc.vpc.id}/*\"}], \"Version\" = \"2012-10-17\"})}");
}

TEST_CASE("format, join, element, lookup") {
    Fixture f;
    CHECK(f.hcl(fn::format("%s-%03d", {f.cidr.value(), 7})) == "format(\"%s-%03d\", var.cidr, 7)");
    CHECK(f.hcl(fn::join(",", f.names.value())) == "join(\",\", var.names)");
    CHECK(f.hcl(fn::join("-", Value::list({"a", f.vpc.attr("id")}))) == "join(\"-\", [\"a\", aws_vpc.vpc.id])");
    CHECK(f.hcl(fn::element(f.names.value(), expr::count_index())) == "element(var.names, count.index)");
    CHECK(f.hcl(fn::element(Value::list({"a", "b"}), 1)) == "element([\"a\", \"b\"], 1)");
    CHECK(f.hcl(fn::lookup(Value::map({{"dev", "t3.micro"}, {"prod", "m5.large"}}), f.cidr.as_str(), "t3.small")) ==
          "lookup({\"dev\" = \"t3.micro\", \"prod\" = \"m5.large\"}, var.cidr, \"t3.small\")");
}

TEST_CASE("the remaining helpers name the right function") {
    Fixture f;
    const Value list = f.names.value();
    CHECK(f.hcl(fn::length(list)) == "length(var.names)");
    CHECK(f.hcl(fn::concat({list, Value::list({"x"})})) == "concat(var.names, [\"x\"])");
    CHECK(f.hcl(fn::merge({Value::map({{"a", 1}}), f.vpc.attr("tags")})) == "merge({\"a\" = 1}, aws_vpc.vpc.tags)");
    CHECK(f.hcl(fn::lower(f.cidr.as_str())) == "lower(var.cidr)");
    CHECK(f.hcl(fn::upper("x")) == "upper(\"x\")");
    CHECK(f.hcl(fn::replace(f.cidr.as_str(), "/", "-")) == "replace(var.cidr, \"/\", \"-\")");
    CHECK(f.hcl(fn::substr("abc", 0, 2)) == "substr(\"abc\", 0, 2)");
    CHECK(f.hcl(fn::split(",", "a,b")) == "split(\",\", \"a,b\")");
    CHECK(f.hcl(fn::base64sha256("x")) == "base64sha256(\"x\")");
    CHECK(f.hcl(fn::filebase64sha256("lambda.zip")) == "filebase64sha256(\"lambda.zip\")");
    CHECK(f.hcl(fn::min({1, 2.5})) == "min(1, 2.5)");
    CHECK(f.hcl(fn::max({f.vpc.attr("n"), 3})) == "max(aws_vpc.vpc.n, 3)");
    CHECK(f.hcl(fn::coalesce({nullptr, "x"})) == "coalesce(null, \"x\")");
    CHECK(f.hcl(fn::try_({f.vpc.attr("a"), false})) == "try(aws_vpc.vpc.a, false)");
    CHECK(f.hcl(fn::toset(list)) == "toset(var.names)");
    CHECK(f.hcl(fn::keys(f.vpc.attr("tags"))) == "keys(aws_vpc.vpc.tags)");
    CHECK(f.hcl(fn::jsondecode("{}")) == "jsondecode(\"{}\")");
    CHECK(f.hcl(fn::call("templatefile", {"t.tpl", Value::map({})})) == "templatefile(\"t.tpl\", {})");
    CHECK(f.hcl(fn::trimspace(fn::file("f.txt"))) == "trimspace(file(\"f.txt\"))");
}

TEST_CASE("a function result can be used in a template and as a typed argument") {
    Fixture f;
    auto& subnet = f.dev.add<Resource>("subnet", "aws_subnet");
    subnet.set("cidr_block", fn::cidrsubnet(f.vpc.str_attr("cidr_block"), 8, 1));
    subnet.set("name", Str("subnet-") + fn::lower(f.cidr.as_str()));
    const json doc = synth(f.dev);
    const json& body = resource(doc, "aws_subnet", "subnet");
    CHECK(body["cidr_block"] == "${cidrsubnet(aws_vpc.vpc.cidr_block, 8, 1)}");
    CHECK(body["name"] == "subnet-${lower(var.cidr)}");
}
