#include "command.hpp"

namespace infra::cli {

void add_settings_options(CLI::App& command, Context& context) {
    command.add_option("--config", context.config_file, "JSON file of settings overriding the built-in defaults");
    command.add_option("--set", context.settings.assignments, "Override one setting: --set key=value (repeatable)")
        ->type_name("KEY=VALUE");
}

void finish_settings(Context& context) {
    if (!context.config_file.empty()) context.settings.config_file = context.config_file;
    // Once per run: every stack built applies the same parsed file.
    context.settings.read_config();
}

}  // namespace infra::cli
