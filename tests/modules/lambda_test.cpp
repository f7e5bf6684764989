#include "lambda/api_functions.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "infra/aws/security_group.hpp"
#include "infra/error.hpp"
#include "infra/output.hpp"
#include "module_test_support.hpp"
#include "support/file_contents.hpp"
#include "support/temp_dir.hpp"

using module_test::reference;
using module_test::resource;
using nlohmann::json;
using test_support::TempDir;
using test_support::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kConnectArn = "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123/iam_token_user";

// A stack with a security group and a "proxy" (a security group's attribute
// stands in for its endpoint) to wire the functions to, so the tests follow
// references instead of comparing literals.
struct LambdaFixture {
    module_test::TestStack t;
    infra::aws::SecurityGroup& lambda_sg =
        t.stack.add<infra::aws::SecurityGroup>("lambda_sg", infra::aws::SecurityGroupArgs{.name = "lambda"});
    infra::aws::SecurityGroup& stand_in =
        t.stack.add<infra::aws::SecurityGroup>("stand_in", infra::aws::SecurityGroupArgs{.name = "stand-in"});

    crud_api::modules::ApiFunctionsProps props() const {
        return crud_api::modules::ApiFunctionsProps{
            .name_prefix = "csr-dev",
            .subnet_ids = infra::List<infra::Str>{"subnet-a", "subnet-b"},
            .security_group_id = lambda_sg.id(),
            .proxy_endpoint = stand_in.name(),
            .db_connect_arn = kConnectArn,
        };
    }
    crud_api::modules::ApiFunctions& add(crud_api::modules::ApiFunctionsProps p) {
        return t.stack.add<crud_api::modules::ApiFunctions>("lambda", std::move(p));
    }
    crud_api::modules::ApiFunctions& add() { return add(props()); }
};

std::string usage_error(crud_api::modules::ApiFunctionsProps props) {
    return module_test::usage_error<crud_api::modules::ApiFunctions>("lambda", std::move(props));
}

crud_api::modules::ApiFunctionsProps valid_props() {
    return crud_api::modules::ApiFunctionsProps{
        .name_prefix = "csr-dev",
        .subnet_ids = infra::List<infra::Str>{"subnet-a"},
        .security_group_id = "sg-lambda",
        .proxy_endpoint = "proxy.example",
        .db_connect_arn = kConnectArn,
    };
}

const json& policy_statements(const json& doc) {
    return module_test::policy_statements(doc, "lambda_role_policy_document");
}

// Whether the zip holds an entry called `name` (entry names are stored in
// clear in the local file headers and the central directory).
bool zip_has_entry(const std::string& zip, const std::string& name) {
    return zip.find(name) != std::string::npos;
}

}  // namespace

TEST_CASE("lambda: three functions for GET, POST and DELETE running the Python handlers") {
    LambdaFixture f;
    auto& fns = f.add();
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_lambda_function") == 3);

    const std::map<std::string, std::pair<std::string, std::string>> expected{
        {"lambda_get_animals", {"csr-dev-get-animals", "get_animals.handler"}},
        {"lambda_post_animals", {"csr-dev-post-animals", "post_animals.handler"}},
        {"lambda_delete_animals", {"csr-dev-delete-animals", "delete_animals.handler"}},
    };
    for (const auto& [id, names] : expected) {
        INFO(id);
        const auto& fn = resource(doc, "aws_lambda_function", id);
        CHECK(fn.at("function_name") == names.first);
        CHECK(fn.at("handler") == names.second);
        CHECK(fn.at("runtime") == "python3.12");
        CHECK(fn.at("memory_size") == 256);
        CHECK(fn.at("timeout") == 10);
        CHECK(fn.at("role") == reference("aws_iam_role", "lambda_role", "arn"));
        CHECK(fn.at("tags").at("Name") == names.first);
        CHECK_FALSE(fn.contains("tracing_config"));
        // The handler's module is a file of the source folder, and its
        // entry point is defined there.
        const std::string module = names.second.substr(0, names.second.find('.'));
        std::ifstream source(crud_api::modules::ApiFunctions::default_source_dir() / (module + ".py"));
        REQUIRE(source.good());
        const std::string text((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
        CHECK(text.find("\ndef handler(event, context):") != std::string::npos);
    }

    REQUIRE(fns.functions().size() == 3);
    CHECK(fns.functions()[0].http_method == "GET");
    CHECK(fns.functions()[1].http_method == "POST");
    CHECK(fns.functions()[2].http_method == "DELETE");
    CHECK(fns.functions()[0].function == &fns.get());
    CHECK(fns.functions()[1].function == &fns.post());
    CHECK(fns.functions()[2].function == &fns.delete_());
    CHECK(fns.get().address() == "aws_lambda_function.lambda_get_animals");
    CHECK(fns.post().address() == "aws_lambda_function.lambda_post_animals");
    CHECK(fns.delete_().address() == "aws_lambda_function.lambda_delete_animals");
}

TEST_CASE("lambda: runtime, memory and timeout come from the props") {
    LambdaFixture f;
    auto p = f.props();
    p.runtime = "python3.13";
    p.memory_mb = 512;
    p.timeout_seconds = 25;
    f.add(p);
    const auto doc = f.t.synth();
    for (const auto& fn : module_test::resources_of_type(doc, "aws_lambda_function")) {
        CHECK(fn.at("runtime") == "python3.13");
        CHECK(fn.at("memory_size") == 512);
        CHECK(fn.at("timeout") == 25);
    }
}

TEST_CASE("lambda: every function runs the module's asset zip") {
    LambdaFixture f;
    auto& fns = f.add();
    const auto doc = f.t.synth();
    const auto& asset = fns.asset();
    const std::string& filename = asset.path_in_stack();
    CHECK(filename.rfind("assets/", 0) == 0);
    for (const auto& fn : module_test::resources_of_type(doc, "aws_lambda_function")) {
        CHECK(fn.at("filename") == asset.path_in_stack());
        CHECK(fn.at("source_code_hash") == asset.base64_sha256().value().as_string());
    }
    const std::string& zip = asset.zip_bytes();
    for (const char* file : {"get_animals.py", "post_animals.py", "delete_animals.py", "db.py", "api_gateway.py"})
        CHECK(zip_has_entry(zip, file));
    CHECK_FALSE(zip_has_entry(zip, "requirements.txt"));
    CHECK_FALSE(zip_has_entry(zip, "__pycache__"));
}

TEST_CASE("lambda: dependency folders are merged into the zip and change its hash") {
    TempDir deps;
    write_file(deps.path() / "pg8000/__init__.py", "# vendored\n");
    LambdaFixture plain;
    const std::string plain_hash = plain.add().asset().base64_sha256().value().as_string();

    LambdaFixture f;
    auto p = f.props();
    p.dependency_dirs = {deps.path()};
    auto& fns = f.add(p);
    const auto doc = f.t.synth();
    CHECK(zip_has_entry(fns.asset().zip_bytes(), "pg8000/__init__.py"));
    const std::string hash = fns.asset().base64_sha256().value().as_string();
    CHECK(hash != plain_hash);
    CHECK(resource(doc, "aws_lambda_function", "lambda_get_animals").at("source_code_hash") == hash);
}

TEST_CASE("lambda: a custom source folder is packaged instead of the default") {
    TempDir src;
    for (const char* module : {"get_animals", "post_animals", "delete_animals"})
        write_file(src.path() / (std::string(module) + ".py"), "def handler(event, context):\n    return {}\n");
    write_file(src.path() / "tests/test_handlers.py", "");
    LambdaFixture f;
    auto p = f.props();
    p.source_dir = src.path();
    auto& fns = f.add(p);
    f.t.synth();
    const std::string& zip = fns.asset().zip_bytes();
    CHECK(zip_has_entry(zip, "get_animals.py"));
    CHECK_FALSE(zip_has_entry(zip, "db.py"));
    CHECK_FALSE(zip_has_entry(zip, "test_handlers.py"));
}

TEST_CASE("lambda: functions run in the given subnets and security group") {
    LambdaFixture f;
    f.add();
    const auto doc = f.t.synth();
    for (const auto& fn : module_test::resources_of_type(doc, "aws_lambda_function")) {
        CHECK(fn.at("vpc_config").at("subnet_ids") == json::array({"subnet-a", "subnet-b"}));
        CHECK(fn.at("vpc_config").at("security_group_ids") ==
              json::array({reference("aws_security_group", "lambda_sg", "id")}));
    }
}

TEST_CASE("lambda: the environment is what db.py reads, with IAM auth and no secret") {
    LambdaFixture f;
    auto p = f.props();
    p.database_name = "zoo";
    p.database_user = "api_user";
    f.add(p);
    const auto doc = f.t.synth();
    const json expected{
        {"DB_HOST", reference("aws_security_group", "stand_in", "name")},
        {"DB_PORT", "5432"},
        {"DB_NAME", "zoo"},
        {"DB_USER", "api_user"},
        {"DB_AUTH", "iam"},
    };
    for (const auto& fn : module_test::resources_of_type(doc, "aws_lambda_function"))
        CHECK(fn.at("environment").at("variables") == expected);

    // Every variable is one db.py documents; AWS_REGION is Lambda's own.
    std::ifstream source(crud_api::modules::ApiFunctions::default_source_dir() / "db.py");
    const std::string db_py((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
    for (const auto& [name, value] : expected.items()) {
        INFO(name);
        CHECK(db_py.find('"' + name + '"') != std::string::npos);
    }
    CHECK(db_py.find("AWS_REGION") != std::string::npos);
}

TEST_CASE("lambda: the role is assumed by Lambda and may connect only as the API user through the proxy") {
    LambdaFixture f;
    auto& fns = f.add();
    f.t.stack.add<infra::Output>("role_arn", infra::OutputConfig{.value = fns.role_arn()});
    f.t.stack.add<infra::Output>("role_name", infra::OutputConfig{.value = fns.role_name()});
    const auto doc = f.t.synth();

    const auto& role = resource(doc, "aws_iam_role", "lambda_role");
    CHECK(role.at("name") == "csr-dev-lambda-role");
    CHECK(role.at("tags").at("Name") == "csr-dev-lambda-role");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.lambda_role_trust.json}");
    const auto& trust = doc.at("data").at("aws_iam_policy_document").at("lambda_role_trust").at("statement");
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({"lambda.amazonaws.com"}));

    REQUIRE(module_test::count_of_type(doc, "aws_iam_role_policy_attachment") == 1);
    const auto& attachment = resource(doc, "aws_iam_role_policy_attachment", "lambda_vpc_access");
    CHECK(attachment.at("policy_arn") == "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    CHECK(attachment.at("role") == reference("aws_iam_role", "lambda_role", "name"));

    const auto& policy = resource(doc, "aws_iam_role_policy", "lambda_role_policy");
    CHECK(policy.at("role") == reference("aws_iam_role", "lambda_role", "id"));
    CHECK(policy.at("policy") == "${data.aws_iam_policy_document.lambda_role_policy_document.json}");
    const auto& statements = policy_statements(doc);
    REQUIRE(statements.size() == 1);
    CHECK(statements[0].at("effect") == "Allow");
    CHECK(statements[0].at("actions") == json::array({"rds-db:connect"}));
    CHECK(statements[0].at("resources") == json::array({kConnectArn}));

    CHECK(doc.at("output").at("role_arn").at("value") == reference("aws_iam_role", "lambda_role", "arn"));
    CHECK(doc.at("output").at("role_name").at("value") == reference("aws_iam_role", "lambda_role", "name"));
}

TEST_CASE("lambda: X-Ray tracing turns on active tracing and the permission to write traces") {
    LambdaFixture f;
    auto p = f.props();
    p.xray_tracing = true;
    f.add(p);
    const auto doc = f.t.synth();
    for (const auto& fn : module_test::resources_of_type(doc, "aws_lambda_function"))
        CHECK(fn.at("tracing_config") == json({{"mode", "Active"}}));
    const auto& statements = policy_statements(doc);
    REQUIRE(statements.size() == 2);
    CHECK(statements[0].at("actions") == json::array({"rds-db:connect"}));
    CHECK(statements[0].at("resources") == json::array({kConnectArn}));
    CHECK(statements[1].at("actions") == json::array({"xray:PutTelemetryRecords", "xray:PutTraceSegments"}));
    CHECK(statements[1].at("resources") == json::array({"*"}));
}

TEST_CASE("lambda: each function has its log group, created before it with the role's grants") {
    LambdaFixture f;
    auto p = f.props();
    p.log_retention_days = 30;
    auto& fns = f.add(p);
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_cloudwatch_log_group") == 3);
    REQUIRE(fns.log_groups().size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& function = *fns.functions()[i].function;
        const std::string fn_id = function.address().substr(function.address().find('.') + 1);
        const std::string log_id = fns.log_groups()[i]->address().substr(fns.log_groups()[i]->address().find('.') + 1);
        INFO(fn_id);
        const auto& fn = resource(doc, "aws_lambda_function", fn_id);
        const auto& logs = resource(doc, "aws_cloudwatch_log_group", log_id);
        CHECK(logs.at("name") == "/aws/lambda/" + fn.at("function_name").get<std::string>());
        CHECK(logs.at("retention_in_days") == 30);
        CHECK(logs.at("tags").contains("Name"));
        CHECK(fn.at("depends_on") == json::array({"aws_cloudwatch_log_group." + log_id,
                                                  "aws_iam_role_policy_attachment.lambda_vpc_access",
                                                  "aws_iam_role_policy.lambda_role_policy"}));
    }
}

TEST_CASE("lambda: bad props are usage errors naming the module and the prop") {
    auto p = valid_props();
    std::string expected;
    SECTION("empty name_prefix") {
        p.name_prefix = "";
        expected = "test/lambda: name_prefix is empty; give e.g. \"cloud-serverless-rds-dev\"";
    }
    SECTION("name_prefix with a bad character") {
        p.name_prefix = "csr dev";
        expected = "test/lambda: name_prefix \"csr dev\" may hold only letters, digits and '-'";
    }
    SECTION("name_prefix too long for a function name") {
        p.name_prefix = std::string(50, 'a');
        expected = "test/lambda: name_prefix \"" + p.name_prefix + "\" is too long: the function name \"" +
                   p.name_prefix + "-delete-animals\" exceeds 64 characters";
    }
    SECTION("empty subnet list") {
        p.subnet_ids = infra::List<infra::Str>{};
        expected = "test/lambda: subnet_ids is empty; the functions must run in the private subnets";
    }
    SECTION("empty security group") {
        p.security_group_id = "";
        expected = "test/lambda: security_group_id is empty";
    }
    SECTION("empty proxy endpoint") {
        p.proxy_endpoint = "";
        expected = "test/lambda: proxy_endpoint is empty; give Database::proxy_endpoint()";
    }
    SECTION("empty connect ARN") {
        p.db_connect_arn = "";
        expected = "test/lambda: db_connect_arn is empty; give Database::iam_user_connect_arn()";
    }
    SECTION("empty database name") {
        p.database_name = "";
        expected = "test/lambda: database_name is empty";
    }
    SECTION("empty database user") {
        p.database_user = "";
        expected = "test/lambda: database_user is empty";
    }
    SECTION("not a Python runtime") {
        p.runtime = "nodejs20.x";
        expected = "test/lambda: runtime \"nodejs20.x\" is not a Python 3 runtime such as \"python3.12\": the "
                   "handlers are Python";
    }
    SECTION("too little memory") {
        p.memory_mb = 64;
        expected = "test/lambda: memory_mb 64 must be 128 to 10240";
    }
    SECTION("timeout beyond Lambda's limit") {
        p.timeout_seconds = 901;
        expected = "test/lambda: timeout_seconds 901 must be 1 to 900";
    }
    SECTION("log retention not accepted by CloudWatch") {
        p.log_retention_days = 0;
        expected = "test/lambda: log_retention_days 0 is not one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, "
                   "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)";
    }
    SECTION("source_dir missing") {
        p.source_dir = "/nonexistent/handlers";
        expected = "test/lambda: source_dir \"/nonexistent/handlers\" is not a folder";
    }
    CHECK(usage_error(p) == expected);
}

TEST_CASE("lambda: a source folder without a handler file or a missing dependency folder is a usage error") {
    TempDir src;
    write_file(src.path() / "get_animals.py", "def handler(event, context):\n    return {}\n");
    write_file(src.path() / "post_animals.py", "def handler(event, context):\n    return {}\n");
    auto p = valid_props();
    p.source_dir = src.path();
    CHECK(usage_error(p) == "test/lambda: source_dir \"" + src.path().string() +
                                "\" has no delete_animals.py (the DELETE handler)");

    write_file(src.path() / "delete_animals.py", "def handler(event, context):\n    return {}\n");
    CHECK(usage_error(p) == "(no error)");
    p.dependency_dirs = {src.path() / "vendor"};
    CHECK(usage_error(p) == "test/lambda: dependency_dirs holds \"" + (src.path() / "vendor").string() +
                                "\", which is not a folder");
}
