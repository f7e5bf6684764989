// The `infra` command line over the validation test stacks, with the aws
// schema registered as the `infra` executable registers it.
#include "infra/aws/provider_schema.hpp"
#include "infra/cli.hpp"
#include "validation_stacks.hpp"

int main(int argc, char** argv) {
    infra::StackCatalog catalog;
    // Unrelated stacks, several invalid on purpose: each is built only when named.
    catalog.set_build_every_stack(false);
    infra::aws::register_schemas(catalog.schemas());
    catalog.add({.name = "every_type",
                 .description = "one of every aws type the project uses, from the typed bindings",
                 .build = validation_stacks::every_type_stack,
                 .with_settings = {}});
    validation_stacks::add_crosscheck_cases(catalog);
    return infra::run_cli(argc, argv, catalog);
}
