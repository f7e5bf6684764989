#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command.hpp"
#include "infra/app.hpp"

namespace infra::cli {

namespace {

struct SettingRow {
    std::string key;
    std::string type;
    std::string value;
    std::string description;
};

int run_list(Context& context, bool show_settings) {
    finish_settings(context);
    const auto& definitions = context.catalog->definitions();
    // The overrides are checked against every stack's settings before
    // anything is printed: a bad --set or --config is an error, neither
    // ignored (without --settings) nor reported halfway through the list.
    std::vector<std::vector<SettingRow>> rows(definitions.size());
    for (std::size_t i = 0; i < definitions.size(); ++i) {
        const auto& d = definitions[i];
        if (d.check_settings) d.check_settings(context.settings);
        if (!d.with_settings) continue;
        d.with_settings([&](SettingsSchema& schema) {
            context.settings.apply(schema);
            if (!show_settings) return;
            const auto values = schema.to_json();
            for (const auto& e : schema.entries())
                rows[i].push_back({e.key, settings_type_name(e.field), values[e.key].dump(), e.description});
        });
    }
    // The key and type columns are as wide as their widest entry across all
    // stacks, so no key runs into its type and every stack's table lines up
    // with the others.
    std::size_t key_width = 0;
    std::size_t type_width = 0;
    for (const auto& stack_rows : rows)
        for (const auto& r : stack_rows) {
            key_width = std::max(key_width, r.key.size());
            type_width = std::max(type_width, r.type.size());
        }
    for (std::size_t i = 0; i < definitions.size(); ++i) {
        fmt::print("{:<12} {}\n", definitions[i].name, definitions[i].description);
        for (const auto& r : rows[i])
            fmt::print("    {:<{}} {:<{}} {:<40} {}\n", r.key, key_width, r.type, type_width, r.value, r.description);
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
