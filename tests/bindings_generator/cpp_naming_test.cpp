#include "cpp_naming.hpp"
#include "gen_test_support.hpp"

using namespace infra::gen;

TEST_CASE("naming: members avoid keywords and macro names with a trailing '_'") {
    CHECK(member_name("name") == "name");
    CHECK(member_name("namespace") == "namespace_");
    CHECK(member_name("default") == "default_");
    CHECK(member_name("delete") == "delete_");
    CHECK(member_name("and") == "and_");
    CHECK(member_name("linux") == "linux_");
    CHECK(member_name("errno") == "errno_");
    // Members of the Args struct may share names with base-class functions:
    // the struct has no base.
    CHECK(member_name("path") == "path");
    CHECK(member_name("provider") == "provider");
}

TEST_CASE("naming: getters avoid keywords and the members of the binding's base classes") {
    CHECK(getter_name("arn") == "arn");
    CHECK(getter_name("id") == "id");      // free: the base says construct_id()
    CHECK(getter_name("type") == "type");  // free: the base says terraform_type()
    CHECK(getter_name("path") == "path_");
    CHECK(getter_name("body") == "body_");
    CHECK(getter_name("provider") == "provider_");
    CHECK(getter_name("lifecycle") == "lifecycle_");
    CHECK(getter_name("arguments") == "arguments_");
    CHECK(getter_name("annotations") == "annotations_");
    CHECK(getter_name("namespace") == "namespace_");
    // The instance accessors: widget.at("a").arn(), widget.splat().arn().
    CHECK(getter_name("at") == "at_");
    CHECK(getter_name("splat") == "splat_");
    for (const char* base : {"add", "construct_id", "logical_id", "set", "attr", "terraform_type", "address"})
        CHECK(base_class_members().count(base) == 1);
}

TEST_CASE("naming: identifiers, class names and type names") {
    CHECK(identifier("a-b.c") == "a_b_c");
    CHECK(identifier("3d") == "_3d");
    CHECK(pascal_case("s3_bucket_policy") == "S3BucketPolicy");
    CHECK(pascal_case("iam_openid_connect_provider") == "IamOpenidConnectProvider");
    CHECK(pascal_case("vpc") == "Vpc");
    CHECK(pascal_case("3d_model") == "T3dModel");
    CHECK(short_type_name("aws_s3_bucket", "aws") == "s3_bucket");
    CHECK(short_type_name("aws", "aws") == "aws");
    CHECK(short_type_name("awsome_thing", "aws") == "awsome_thing");
}

TEST_CASE("naming: namespaces") {
    CHECK(is_valid_namespace("infra::aws"));
    CHECK(is_valid_namespace("acme"));
    CHECK(is_valid_namespace("a::b::c"));
    CHECK_FALSE(is_valid_namespace(""));
    CHECK_FALSE(is_valid_namespace("infra::"));
    CHECK_FALSE(is_valid_namespace("::infra"));
    CHECK_FALSE(is_valid_namespace("infra::class"));
    CHECK_FALSE(is_valid_namespace("infra::a-b"));
    CHECK_FALSE(is_valid_namespace("_Reserved"));
}
