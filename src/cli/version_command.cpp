#include <fmt/format.h>

#include "command.hpp"
#include "infra/version.hpp"

namespace infra::cli {

void add_version_command(CLI::App& cli, Context& context) {
    auto* cmd = cli.add_subcommand("version", "Print the version of infra");
    cmd->callback([&context] {
        context.action = [] {
            fmt::print("infra {}\n", version());
            return 0;
        };
    });
}

}  // namespace infra::cli
