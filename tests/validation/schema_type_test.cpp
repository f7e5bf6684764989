// Literal values against attribute types, by Terraform's conversion rules
// (checked against real terraform in terraform_crosscheck.sh).
#include <catch2/catch.hpp>

#include "infra/expression.hpp"
#include "infra/schema_type.hpp"

using infra::Value;
using infra::schema::literal_type_mismatch;

namespace {

// "where: message", or "" when the value fits the type.
std::string mismatch(const Value& v, std::string_view type) {
    auto m = literal_type_mismatch(v, type);
    return m ? m->where + (m->where.empty() ? "" : ": ") + m->message : "";
}

}  // namespace

TEST_CASE("schema types: primitives convert as Terraform converts them") {
    CHECK(mismatch("x", "s") == "");
    CHECK(mismatch(3, "s") == "");
    CHECK(mismatch(true, "s") == "");
    CHECK(mismatch(Value::list({"x"}), "s") == "expected string, got list");
    CHECK(mismatch(Value::map({{"a", 1}}), "s") == "expected string, got object");

    CHECK(mismatch(3, "n") == "");
    CHECK(mismatch(2.5, "n") == "");
    CHECK(mismatch("16", "n") == "");
    CHECK(mismatch("1e3", "n") == "");
    CHECK(mismatch("sixteen", "n") == "expected number, got string \"sixteen\"");
    CHECK(mismatch(true, "n") == "expected number, got bool true");

    CHECK(mismatch(false, "b") == "");
    for (const char* s : {"true", "false", "1", "0"}) CHECK(mismatch(s, "b") == "");
    CHECK(mismatch("yes", "b") == "expected bool, got string \"yes\"");
    CHECK(mismatch("True", "b") == "expected bool, got string \"True\"");
    CHECK(mismatch(1, "b") == "expected bool, got number 1");

    CHECK(mismatch(Value::list({1, "x", Value::map({})}), "d") == "");
}

TEST_CASE("schema types: collections check every element and say where") {
    CHECK(mismatch(Value::list({"a", "b"}), "Ls") == "");
    CHECK(mismatch(Value::list({"a", Value::list({})}), "Ls") == "[1]: expected string, got list");
    CHECK(mismatch("a", "Ss") == "expected set of string, got string \"a\"");
    CHECK(mismatch(Value::map({{"Name", "x"}}), "Ms") == "");
    CHECK(mismatch(Value::map({{"Name", Value::list({})}}), "Ms") == "[\"Name\"]: expected string, got list");
    CHECK(mismatch(Value::list({"x"}), "Ms") == "expected map of string, got list");
    CHECK(mismatch(Value::list({Value::list({1, "two"})}), "LLn") == "[0][1]: expected number, got string \"two\"");
}

TEST_CASE("schema types: objects need every attribute but the optional ones, and extra ones are ignored") {
    const char* type = "O{from:n,note?:s,to:n}";
    CHECK(mismatch(Value::map({{"from", 1}, {"to", 2}}), type) == "");
    CHECK(mismatch(Value::map({{"from", 1}, {"to", 2}, {"extra", true}}), type) == "");
    CHECK(mismatch(Value::map({{"from", 1}, {"to", nullptr}}), type) == "");
    CHECK(mismatch(Value::map({{"from", 1}}), type) == "object is missing attribute \"to\" (set it to null if unused)");
    CHECK(mismatch(Value::map({}), type) ==
          "object is missing attributes \"from\", \"to\" (set them to null if unused)");
    CHECK(mismatch(Value::map({{"from", "x"}, {"to", 2}}), type) == ".from: expected number, got string \"x\"");
    CHECK(mismatch(Value::list({Value::map({{"from", 1}, {"to", "y"}})}), "SO{from:n,to:n}") ==
          "[0].to: expected number, got string \"y\"");
}

TEST_CASE("schema types: tuples") {
    CHECK(mismatch(Value::list({"a", 1}), "T[s,n]") == "");
    CHECK(mismatch(Value::list({"a"}), "T[s,n]") == "expected a tuple of 2 elements, got 1");
    CHECK(mismatch(Value::list({"a", "b"}), "T[s,n]") == "[1]: expected number, got string \"b\"");
}

TEST_CASE("schema types: expressions and null are unknown until apply, so they pass") {
    CHECK(mismatch(Value(infra::expr::raw("var.x")), "b") == "");
    CHECK(mismatch(Value::list({Value(infra::expr::raw("var.x")), "y"}), "Ln") == "[1]: expected number, got string \"y\"");
    CHECK(mismatch(Value(), "Ls") == "");
}

TEST_CASE("schema types: the notation") {
    for (const char* good : {"s", "n", "b", "d", "Ls", "SMn", "O{}", "O{a:s,b?:Ln}", "T[]", "T[s,O{x:b}]"})
        CHECK(infra::schema::is_valid_type(good));
    for (const char* bad : {"", "x", "L", "O{", "O{a}", "O{a:s", "T[s", "ss", "O{a:s,}"}) {
        INFO(bad);
        CHECK_FALSE(infra::schema::is_valid_type(bad));
    }
    CHECK(infra::schema::describe_type("SLs") == "set of list of string");
    CHECK(infra::schema::describe_type("MO{a:s}") == "map of object");
}
