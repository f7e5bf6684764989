// The smallest useful infra program: one stack with an S3 bucket (from the
// typed aws bindings) and an output, and the full `infra` command line
// (synth, validate, list, version) for it.
#include <infra/app.hpp>
#include <infra/aws/provider_schema.hpp>
#include <infra/aws/s3_bucket.hpp>
#include <infra/cli.hpp>
#include <infra/output.hpp>
#include <infra/provider.hpp>

namespace {

infra::Stack& website(infra::App& app, const infra::SettingsSource&) {
    auto& stack = app.add<infra::Stack>("website");
    stack.add<infra::Provider>("aws", infra::ProviderConfig{.name = "aws",
                                                            .source = "hashicorp/aws",
                                                            .version = "~> 5.100",
                                                            .arguments = {{"region", "eu-west-1"}}});
    auto& bucket = stack.add<infra::aws::S3Bucket>("site", infra::aws::S3BucketArgs{.bucket_prefix = "minimal-site-"});
    stack.add<infra::Output>("bucket_name", infra::OutputConfig{.value = bucket.bucket(),
                                                                .description = "name of the website bucket"});
    return stack;
}

}  // namespace

int main(int argc, char** argv) {
    infra::StackCatalog catalog;
    infra::aws::register_schemas(catalog.schemas());  // synth checks the bucket against the aws schema
    catalog.add({.name = "website", .description = "a static website bucket", .build = website});
    return infra::run_cli(argc, argv, catalog);
}
