#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "infra/app.hpp"

namespace infra::cli {

namespace {

int run_list(Context& context, bool show_settings) {
    finish_settings(context);
    // The overrides are checked against every stack's settings before
    // anything is printed: a bad --set or --config is an error, neither
    // ignored (without --settings) nor reported halfway through the list.
    for (const auto& d : context.catalog->definitions())
        if (d.with_settings) d.with_settings([&](SettingsSchema& schema) { context.settings.apply(schema); });
    for (const auto& d : context.catalog->definitions()) {
        fmt::print("{:<12} {}\n", d.name, d.description);
        if (!show_settings || !d.with_settings) continue;
        d.with_settings([&](SettingsSchema& schema) {
            context.settings.apply(schema);
            const auto values = schema.to_json();
            for (const auto& e : schema.entries())
                fmt::print("    {:<22} {:<13} {:<40} {}\n", e.key, settings_type_name(e.field), values[e.key].dump(),
                           e.description);
        });
    }
    return 0;
}

}  // namespace

void add_list_command(CLI::App& cli, Context& context) {
    auto show_settings = std::make_shared<bool>(false);
    auto* cmd = cli.add_subcommand("list", "List the stacks this program defines");
    cmd->add_flag("--settings", *show_settings, "Also print each stack's settings and their values");
    cmd->footer("Examples:\n  infra list\n  infra list --settings --set environment=staging");
    add_settings_options(*cmd, context);
    cmd->callback([&context, show_settings] {
        context.action = [&context, show_settings] { return run_list(context, *show_settings); };
    });
}

}  // namespace infra::cli
