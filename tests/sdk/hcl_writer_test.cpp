// The HCL writer's string quoting: literal text is escaped for HCL, the
// expressions inside "${...}" are copied as the HCL they already are.
#include <nlohmann/json.hpp>

#include "hcl_writer.hpp"
#include "sdk_test_support.hpp"

namespace {

// The HCL of a document holding one local `v` with `value`.
std::string local_hcl(const nlohmann::json& value) {
    return infra::to_hcl(nlohmann::json{{"locals", {{"v", value}}}}, nullptr);
}

}  // namespace

TEST_CASE("string arguments of a function inside a template keep their plain quotes") {
    const std::string hcl = local_hcl("arn:${element(split(\":\", aws_iam_role.r.arn), 4)}:root");
    CHECK(hcl.find("\"arn:${element(split(\":\", aws_iam_role.r.arn), 4)}:root\"") != std::string::npos);
}

TEST_CASE("quotes, backslashes and newlines of literal text are escaped, escaped interpolations kept") {
    const std::string hcl = local_hcl("say \"hi\"\\n\nprice $${amount} for ${var.x}");
    CHECK(hcl.find(R"("say \"hi\"\\n\nprice $${amount} for ${var.x}")") != std::string::npos);
}

TEST_CASE("control characters are escaped as the JSON output escapes them, in lowercase hex") {
    const std::string hcl = local_hcl(std::string("bell\x07 and escape\x1b"));
    CHECK(hcl.find(R"("bell\u0007 and escape\u001b")") != std::string::npos);
}

TEST_CASE("braces inside strings nested in an interpolation do not end it") {
    const std::string hcl = local_hcl("a-${format(\"%s}\", \"b ${var.c}\")}-\"d\"");
    CHECK(hcl.find(R"("a-${format("%s}", "b ${var.c}")}-\"d\"")") != std::string::npos);
}
